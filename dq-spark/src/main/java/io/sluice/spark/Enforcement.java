package io.sluice.spark;

import io.sluice.audit.AuditRecord;
import io.sluice.check.CompiledContract;
import io.sluice.check.DatasetRule;
import io.sluice.contract.MaskType;
import io.sluice.contract.Protect;
import io.sluice.history.ColumnMetrics;
import io.sluice.history.MetricsHistory;
import io.sluice.history.MetricsRecord;
import io.sluice.protect.Protection;
import io.sluice.report.CheckResult;
import io.sluice.report.DatasetCheckResult;
import io.sluice.report.RunReport;
import io.sluice.spark.commit.LocalFiles;
import io.sluice.spark.history.AnomalyChecks;
import io.sluice.spark.history.ColumnProfile;
import io.sluice.spark.internal.NioLocalFileSystem;
import io.sluice.spark.internal.PlanStack;
import io.sluice.spark.internal.SplitParquetFormat;
import io.sluice.spark.plan.CheckPlan;
import io.sluice.spark.plan.ColumnStats;
import io.sluice.spark.plan.CountsAccumulator;
import io.sluice.spark.plan.DeequMetrics;
import io.sluice.spark.plan.ObservedMetrics;
import io.sluice.spark.plan.RowCounts;
import io.sluice.spark.plan.SummariesAccumulator;
import io.sluice.spark.plan.TopValues;
import io.sluice.spark.quarantine.OffendingColumn;
import io.sluice.spark.quarantine.Reason;
import io.sluice.spark.quarantine.SideColumn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * One enforcement of a contract over a dataset: the valid rows, the quarantined rows with their
 * reasons, and — once both have been computed (written, or counted) — the report.
 *
 * <p>Counts come from the same pass that computes the outputs: {@code Dataset.observe} counts the rows in
 * (and, for validation and the separate outputs, everything else); in a split write the writers count the
 * rows of each side and each check's failures (see {@link #writeSplit}). The rows of each output are counted
 * as they are produced, and the report checks conservation: {@code rows_in = rows_valid + rows_quarantined},
 * with the two terms counted on the outputs themselves.
 *
 * <p>The same pass counts each failing check's most frequent offending values (a split write's writers, or a
 * validation's tasks; not separately computed outputs): the value of the check's column as the row's output stores
 * it — the quarantine's value as it came in, or the valid row's typed value for a warning — so a protected column
 * shows its masked or encrypted form, never its clear value. A check of no one column (an expression over the row, a
 * key of several columns) and a malformed record give none. A validation writes nothing and holds no key: it gives
 * a masked column's mask, and no value of an encrypted or hashed column.
 */
public final class Enforcement {
  private static final Duration METRICS_WAIT = Duration.ofSeconds(30);
  /**
   * Spark conf: {@code false} stops counting offending values (a run then reports none). On by default; the
   * benchmark measures what they cost.
   */
  public static final String OFFENDING_VALUES = "sluice.offendingValues";
  private static final String OFFENDING = "__dq_offending";

  private final SparkSession spark;
  private final CompiledContract compiled;
  private final String runId;
  private final CheckPlan.Planned planned;
  private Dataset<Row> checked; // observed; built on first use (finding duplicate keys runs a job)
  private final String checkedName;
  private final String validName;
  private final String quarantineName;
  private RunReport report;
  private long[] written; // what the split writers counted (RowCounts.VALID, ...)
  private final ObservedMetrics metrics;
  private Map<String, Long> rowsPerFile = Map.of(); // the rows of each file the split wrote, by name
  private SummariesAccumulator<TopValues> offending; // each check's offending values, when the pass counted them
  private ColumnStats[] statsTaken; // each profiled column's statistics, when the pass's tasks took them

  private final Optional<MetricsHistory> history;
  private Map<String, ColumnMetrics> columns = Map.of();

  Enforcement(SparkSession spark, CompiledContract compiled, String runId, CheckPlan.Planned planned) {
    this(spark, compiled, runId, planned, Optional.empty());
  }

  Enforcement(SparkSession spark, CompiledContract compiled, String runId, CheckPlan.Planned planned,
      Optional<MetricsHistory> history) {
    this.history = history;
    this.spark = spark;
    this.compiled = compiled;
    this.runId = runId;
    this.planned = planned;
    String prefix = ObservedMetrics.PREFIX + runId.replaceAll("[^A-Za-z0-9_]", "_");
    this.checkedName = prefix + "_checked";
    this.validName = prefix + "_valid";
    this.quarantineName = prefix + "_quarantine";
    this.metrics = ObservedMetrics.watch(spark, prefix, this);
  }

  private synchronized Dataset<Row> checked() {
    if (checked == null) {
      checked = observed(planned.checked(), planned.counts());
    }
    return checked;
  }

  public String runId() {
    return runId;
  }

  /** Rows that passed every error-level check: the contract's columns, typed (plus extra columns when kept). */
  public Dataset<Row> valid() {
    return checked().where(org.apache.spark.sql.functions.not(CheckPlan.isQuarantined()))
        .select(planned.validColumns().toArray(Column[]::new))
        .observe(validName, org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)).as("rows"));
  }

  /**
   * Rows that failed an error-level check: the source columns as they came in, plus {@code _dq_errors}
   * (every failed check), {@code _dq_run_id}, {@code _dq_quarantined_at} and {@code _dq_raw}.
   */
  public Dataset<Row> quarantine() {
    return checked().where(CheckPlan.isQuarantined())
        .select(planned.quarantineColumns().toArray(Column[]::new))
        .observe(quarantineName, org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)).as("rows"));
  }

  /**
   * Writes the valid rows to {@code validDir} and the quarantined rows to {@code quarantineDir}, both as
   * Parquet, in one pass over the data (see {@link SplitParquetFormat}). The folders must not exist; a
   * transition gives its staging folders here. The observation counts the rows in (and the dataset checks'
   * metrics); the writers count the rows they route to each side, and each check's failures among them, from
   * each row's bits (an observed sum per count would cost every row an update).
   */
  synchronized void writeSplit(String validDir, String quarantineDir) {
    writeSplit(validDir, quarantineDir, (valid, quarantine) -> { });
  }

  /**
   * As {@link #writeSplit(String, String)}, after {@code checkOutputs} accepted the schemas of the two sides (valid,
   * then quarantined rows) as the files will hold them (it may throw: then nothing is written).
   */
  synchronized void writeSplit(String validDir, String quarantineDir,
      java.util.function.BiConsumer<StructType, StructType> checkOutputs) {
    Split split = split();
    RunTrace.at("split planned");
    StructType frameSchema = split.frame().schema();
    StructType target = new StructType();
    for (SideColumn.Copied v : split.valid()) {
      org.apache.spark.sql.types.StructField f = frameSchema.apply(v.data());
      target = target.add(v.name(), f.dataType(), f.nullable());
    }
    checkOutputs.accept(target, SideColumn.schema(frameSchema, split.quarantine()));
    CountsAccumulator counts = new CountsAccumulator(RowCounts.size(planned.checks().size()));
    spark.sparkContext().register(counts, "sluice.split." + runId);
    org.apache.spark.util.CollectionAccumulator<String> files = spark.sparkContext()
        .collectionAccumulator("sluice.split.files." + runId);
    Optional<SummariesAccumulator<TopValues>> values = offendingValues();
    Optional<SummariesAccumulator<ColumnStats>> stats = columnStats();
    String key = SplitParquetFormat.register(new SplitParquetFormat.Tally(counts, files, values, stats));
    RunTrace.at("write begins");
    try {
      split.frame().write()
          .format(SplitParquetFormat.class.getName())
          .option(SplitParquetFormat.OPT_RUN, key)
          .option(SplitParquetFormat.OPT_VALID, SideColumn.encode(List.copyOf(split.valid())))
          .option(SplitParquetFormat.OPT_QUARANTINE, SideColumn.encode(split.quarantine()))
          .option(SplitParquetFormat.OPT_MASKS, SplitParquetFormat.names(split.masks()))
          .option(SplitParquetFormat.OPT_REASONS, Reason.encode(planned.reasons()))
          .option(SplitParquetFormat.OPT_OFFENDING, OffendingColumn.encode(split.offending()))
          .option(SplitParquetFormat.OPT_PROFILE, SplitParquetFormat.profile(profiled(true)))
          // No _SUCCESS file: the folders are staging, which the caller commits (or not) itself.
          .option("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
          // On a local disk, the files and folders of the write get their modes without a chmod process each.
          .options(NioLocalFileSystem.options(spark.sparkContext().hadoopConfiguration()))
          .save(validDir);
    } finally {
      SplitParquetFormat.unregister(key);
    }
    RunTrace.at("write done");
    moveQuarantineFiles(validDir, quarantineDir);
    written = counts.value();
    offending = values.orElse(null);
    statsTaken = stats.map(SummariesAccumulator::value).orElse(null);
    rowsPerFile = SplitParquetFormat.rowsPerFile(files.value());
    RunTrace.at("quarantine moved");
  }

  /**
   * The rows of each file the split write wrote, by file name (the quarantine's start with
   * {@link SplitParquetFormat#QUARANTINE_FILE_PREFIX}); a file not named holds rows nobody counted.
   */
  public synchronized Map<String, Long> rowsPerFile() {
    return rowsPerFile;
  }

  private void moveQuarantineFiles(String validDir, String quarantineDir) {
    try {
      org.apache.hadoop.fs.Path from = new org.apache.hadoop.fs.Path(validDir);
      org.apache.hadoop.fs.Path to = new org.apache.hadoop.fs.Path(quarantineDir);
      org.apache.hadoop.fs.FileSystem fs = from.getFileSystem(spark.sparkContext().hadoopConfiguration());
      int moved = 0;
      for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(from)) {
        if (f.getPath().getName().startsWith(SplitParquetFormat.QUARANTINE_FILE_PREFIX)) {
          if (moved == 0) {
            LocalFiles.mkdirs(fs, to);
          }
          if (!fs.rename(f.getPath(), new org.apache.hadoop.fs.Path(to, f.getPath().getName()))) {
            throw new java.io.IOException("cannot move " + f.getPath() + " to " + to);
          }
          moved++;
        }
      }
      if (moved == 0) { // no quarantine file at all (the first task writes one, even empty): the schema alone
        StructType schema = checked().select(planned.quarantineColumns().toArray(Column[]::new)).schema();
        spark.createDataFrame(List.<Row>of(), schema).coalesce(1).write().parquet(quarantineDir);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot stage the quarantine of run " + runId + ": " + e.getMessage(), e);
    }
  }

  /**
   * What the split writer receives: each row once, with every value either output needs, each held once
   * ({@code valid} and {@code quarantine} name, per output column, the frame's column and the output's
   * name). An unprotected column is one column that both outputs read; only protected values, reasons and
   * values that needed a cast get columns of their own. The counts are observed on this very frame, so the
   * pass builds one row per input row: the row the writer routes.
   */
  record Split(Dataset<Row> frame, List<SideColumn.Copied> valid, List<SideColumn> quarantine, List<String> masks,
      List<OffendingColumn> offending) {}

  /** A registered, unnamed accumulator of offending values, unless the session turned them off. */
  private Optional<SummariesAccumulator<TopValues>> offendingValues() {
    if (!Boolean.parseBoolean(spark.conf().get(OFFENDING_VALUES, "true"))) {
      return Optional.empty();
    }
    SummariesAccumulator<TopValues> values = new SummariesAccumulator<>(TopValues.class, planned.checks().size());
    spark.sparkContext().register(values); // unnamed: see SummariesAccumulator
    return Optional.of(values);
  }

  /** A registered, unnamed accumulator of the profiled columns' statistics, when the run profiles columns. */
  private Optional<SummariesAccumulator<ColumnStats>> columnStats() {
    return planned.profile().map(p -> {
      SummariesAccumulator<ColumnStats> stats = new SummariesAccumulator<>(ColumnStats.class, p.profiled(false).size());
      spark.sparkContext().register(stats); // unnamed: minimums and maximums are values of the data
      return stats;
    });
  }

  /**
   * The columns the run profiles, as the frame its tasks read holds them (none without a profile); {@code tasksHash}:
   * tasks hash values themselves where they can (a split write's writers).
   */
  private List<ColumnProfile.Profiled> profiled(boolean tasksHash) {
    return planned.profile().map(p -> p.profiled(tasksHash)).orElse(List.of());
  }

  /** The frame the split writer receives (for tests: its plan, its generated code). */
  Dataset<Row> splitFrame() {
    return split().frame();
  }

  private Split split() {
    // The valid columns lead, in the target's order: the writer then hands the target the row itself, cut
    // to them (see SplitParquetFormat.SplitWriter), not a view through another class.
    Map<String, Column> frame = new LinkedHashMap<>();
    List<SideColumn.Copied> valid = new ArrayList<>();
    List<CheckPlan.OutputColumn> validColumns = planned.outputs().get().valid();
    for (int i = 0; i < validColumns.size(); i++) {
      CheckPlan.OutputColumn v = validColumns.get(i);
      String name = v.sameAs().orElse(SplitParquetFormat.VALID_PREFIX + i);
      frame.putIfAbsent(name, v.sameAs().isPresent() ? col(name) : v.value().as(name));
      valid.add(new SideColumn.Copied(name, v.name()));
    }
    frame.put(SplitParquetFormat.SIDE, CheckPlan.isQuarantined().as(SplitParquetFormat.SIDE));
    Map<String, Column> masks = planned.masks();
    frame.putAll(masks);
    for (String c : planned.metricColumns()) {
      frame.putIfAbsent(c, col(c));
    }
    planned.profile().ifPresent(p -> p.frameColumns(true).forEach(frame::putIfAbsent));
    List<SideColumn> quarantine = new ArrayList<>();
    List<CheckPlan.OutputColumn> quarantineColumns = planned.outputs().get().quarantine();
    for (int j = 0; j < quarantineColumns.size(); j++) {
      CheckPlan.OutputColumn q = quarantineColumns.get(j);
      if (q.constant().isPresent()) { // the run's id and time: the writer supplies them, no column per row
        quarantine.add(SideColumn.constant(q.name(), q.constant().get()));
        continue;
      }
      if (q.name().equals(CheckPlan.ERRORS)) { // the writer builds them from the row's bits
        quarantine.add(new SideColumn.Reasons(q.name()));
        continue;
      }
      String name = q.sameAs().orElse(SplitParquetFormat.QUARANTINE_PREFIX + j);
      // Reasons, protected raw values and the like are built only for the rows that need them.
      frame.putIfAbsent(name, q.sameAs().isPresent() ? col(name)
          : functions.when(CheckPlan.isQuarantined(), q.value()).as(name));
      quarantine.add(new SideColumn.Copied(name, q.name()));
    }
    // Each check of one column: the frame's columns that each side writes it from (SplitParquetFormat.OPT_OFFENDING).
    List<OffendingColumn> offendingAt = new ArrayList<>();
    for (CheckPlan.Check c : planned.checks()) {
      Optional<CheckPlan.Source> source = c.rule().column().map(planned.sources()::get);
      if (source.isEmpty()) {
        continue;
      }
      Optional<String> asValid = valid.stream().filter(v -> v.name().equals(c.rule().column().get()))
          .map(SideColumn.Copied::data).findFirst();
      Optional<String> asQuarantined = quarantine.stream()
          .filter(q -> q instanceof SideColumn.Copied copied && copied.name().equals(source.get().input()))
          .map(q -> ((SideColumn.Copied) q).data()).findFirst();
      if (asValid.isPresent() && asQuarantined.isPresent()) {
        offendingAt.add(new OffendingColumn(c.bit(), asValid.get(), asQuarantined.get()));
      }
    }
    // The rows in are counted by the observation, the rows out and each check's failures by the writers (see
    // writeSplit).
    return new Split(observedFrame(frame), valid, quarantine, List.copyOf(masks.keySet()), offendingAt);
  }

  /**
   * {@code frame}'s columns over the checked rows, observed: the rows in and the dataset checks' metrics. The
   * checks, the frame and the observation are one plan, analysed once here.
   */
  private Dataset<Row> observedFrame(Map<String, Column> frame) {
    return planned.checkedPlan().select(List.copyOf(frame.values())).observe(checkedName, planned.splitCounts()).rows();
  }

  private static Column col(String name) {
    return functions.col(io.sluice.check.Sql.ident(name));
  }

  private Dataset<Row> observed(Dataset<Row> rows, List<Column> counts) {
    return rows.observe(checkedName, counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new));
  }

  /**
   * Spark's physical plan of the one pass a transition runs — scan, casts and checks, uniqueness, counts,
   * both outputs — as {@code explain("formatted")} shows it. Plans only; runs nothing.
   */
  public String plan() {
    return PlanStack.explained(split().frame());
  }

  /**
   * Checks every row without writing anything — one pass over the data — and returns the report: what
   * {@code sluice validate} does.
   */
  public synchronized RunReport validate() {
    // Only the verdict and the failed checks' bits leave the pass, counted per task as a split write's writers
    // count them: no reasons, no typed values, and no observed aggregate per check.
    Map<String, Column> frame = new LinkedHashMap<>();
    frame.put(SplitParquetFormat.SIDE, CheckPlan.isQuarantined().as(SplitParquetFormat.SIDE));
    Map<String, Column> masks = planned.masks();
    frame.putAll(masks);
    for (String c : planned.metricColumns()) {
      frame.putIfAbsent(c, col(c));
    }
    planned.profile().ifPresent(p -> p.frameColumns(false).forEach(frame::putIfAbsent));
    CountsAccumulator counts = new CountsAccumulator(RowCounts.size(planned.checks().size()));
    spark.sparkContext().register(counts, "sluice.validate." + runId);
    List<Column> tallied = new ArrayList<>();
    tallied.add(col(SplitParquetFormat.SIDE));
    for (String mask : masks.keySet()) {
      tallied.add(col(mask));
    }
    Optional<SummariesAccumulator<TopValues>> values = offendingValues();
    int[] valueAt = new int[planned.checks().size()]; // per check: its offending value's place in the array, or -1
    java.util.Arrays.fill(valueAt, -1);
    Map<String, Column> texts = values.isPresent() ? offendingTexts() : Map.of();
    if (!texts.isEmpty()) {
      List<String> names = new ArrayList<>(texts.keySet());
      for (CheckPlan.Check c : planned.checks()) {
        c.rule().column().filter(texts::containsKey).ifPresent(x -> valueAt[c.bit()] = names.indexOf(x));
      }
      // One array column, null in rows that failed nothing: Spark compiles a stage into one method only up to
      // spark.sql.codegen.maxFields output fields, and a contract may check hundreds of columns.
      Column anyFailed = functions.lit(false);
      for (String mask : masks.keySet()) {
        anyFailed = anyFailed.or(col(mask).notEqual(functions.lit(0L)));
      }
      frame.put(OFFENDING, functions.when(anyFailed, functions.array(texts.values().toArray(Column[]::new)))
          .as(OFFENDING));
      tallied.add(col(OFFENDING));
    }
    Optional<SummariesAccumulator<ColumnStats>> stats = columnStats();
    List<ColumnProfile.Profiled> columns = profiled(false);
    int[][] profileAt = new int[2][columns.size()]; // per profiled column: its hash's field and its number's, or -1
    for (int i = 0; i < columns.size(); i++) {
      ColumnProfile.Profiled p = columns.get(i);
      profileAt[0][i] = tallied.size();
      tallied.add(col(p.hash().orElseThrow()));
      profileAt[1][i] = p.number().isPresent() ? tallied.size() : -1;
      p.number().ifPresent(n -> tallied.add(col(n)));
    }
    observedFrame(frame).select(tallied.toArray(Column[]::new))
        .foreachPartition(new Tally(counts, planned.checks().size(), masks.size(),
            texts.isEmpty() ? null : values.get(), valueAt, stats.orElse(null), profileAt));
    written = counts.value();
    offending = values.orElse(null);
    statsTaken = stats.map(SummariesAccumulator::value).orElse(null);
    return report(METRICS_WAIT);
  }

  /**
   * Per contract column that a check reads, the text of its value in the rows that failed such a check, as the
   * output would store it (null in the other rows). Without keys, only masks are computed: an encrypted or hashed
   * column has none.
   */
  private Map<String, Column> offendingTexts() {
    Protection masks = Protection.withoutKeys(compiled.contract());
    List<String> maskNames = List.copyOf(planned.masks().keySet());
    Map<String, long[]> bitsOn = new LinkedHashMap<>(); // per column, the bits of its checks, per mask
    for (CheckPlan.Check c : planned.checks()) {
      c.rule().column().filter(planned.sources()::containsKey).ifPresent(x ->
          bitsOn.computeIfAbsent(x, k -> new long[maskNames.size()])[c.bit() / 64] |= 1L << (c.bit() % 64));
    }
    Map<String, Column> texts = new LinkedHashMap<>();
    bitsOn.forEach((x, bits) -> {
      // One test per mask, not one per check: a column may carry hundreds of checks, and Spark's analysis recurses
      // over an expression's depth.
      Column failed = functions.lit(false);
      for (int m = 0; m < bits.length; m++) {
        if (bits[m] != 0) {
          failed = failed.or(col(maskNames.get(m)).bitwiseAND(functions.lit(bits[m])).notEqual(functions.lit(0L)));
        }
      }
      Optional<Protect> p = masks.protect(x);
      if (p.isPresent() && (p.get().encrypt().isPresent() || p.get().mask().orElse(null) == MaskType.HASH)) {
        return;
      }
      Column asCameIn = masks.apply(x, col(planned.sources().get(x).asCameIn()), false);
      Column typed = masks.apply(x, col(x), true);
      texts.put(x, functions.when(failed, functions.when(CheckPlan.isQuarantined(), asCameIn.cast("string"))
          .otherwise(typed.cast("string"))));
    });
    return texts;
  }

  /**
   * Counts a partition's rows of ({@code side}, masks..., [offending values], [profiled columns]) into the run's
   * counts, each failed check's value (element {@code valueAt[check]} of the array, or none at -1) into
   * {@code offending}, and each profiled column (its hash at field {@code profileAt[0][i]}, its number at
   * {@code profileAt[1][i]} or none at -1) into {@code profile}.
   */
  private record Tally(CountsAccumulator counts, int checks, int masks, SummariesAccumulator<TopValues> offending,
      int[] valueAt, SummariesAccumulator<ColumnStats> profile, int[][] profileAt)
      implements org.apache.spark.api.java.function.ForeachPartitionFunction<Row> {
    @Override
    public void call(java.util.Iterator<Row> rows) {
      RowCounts tally = new RowCounts(checks);
      TopValues[] values = new TopValues[checks];
      long[] bits = new long[masks];
      ColumnStats[] stats = new ColumnStats[profileAt[0].length];
      java.util.Arrays.setAll(stats, i -> new ColumnStats());
      while (rows.hasNext()) {
        Row r = rows.next();
        for (int i = 0; i < stats.length; i++) {
          if (!r.isNullAt(profileAt[0][i])) {
            stats[i].add(r.getLong(profileAt[0][i]));
            if (profileAt[1][i] >= 0) { // a number as a cast to double gives it (BigDecimal's doubleValue, Spark's too)
              stats[i].addNumber(((Number) r.get(profileAt[1][i])).doubleValue());
            }
          }
        }
        for (int i = 0; i < bits.length; i++) {
          bits[i] = r.getLong(i + 1);
        }
        tally.add(r.getBoolean(0), bits);
        if (offending != null && !r.isNullAt(1 + masks)) {
          List<String> texts = r.getList(1 + masks);
          for (int m = 0; m < bits.length; m++) {
            for (long set = bits[m]; set != 0; set &= set - 1) {
              int b = m * 64 + Long.numberOfTrailingZeros(set);
              if (b < checks && valueAt[b] >= 0) {
                if (values[b] == null) {
                  values[b] = new TopValues();
                }
                values[b].add(texts.get(valueAt[b]));
              }
            }
          }
        }
      }
      counts.add(tally.values());
      if (offending != null) {
        offending.add(values);
      }
      if (profile != null) {
        profile.add(stats);
      }
    }
  }

  /**
   * The run's report, available once {@link #valid()} and {@link #quarantine()} have both been computed.
   *
   * @throws IllegalStateException when they have not been
   * @throws ConservationException when the outputs do not add up to the input
   */
  public RunReport report() {
    return report(METRICS_WAIT);
  }

  /**
   * The report, waiting at most {@code wait} for Spark's listener bus to deliver the counts of outputs
   * that were computed (a few milliseconds, usually).
   */
  public synchronized RunReport report(Duration wait) {
    if (report != null) {
      return report;
    }
    Row all = metrics.await(checkedName, wait).orElseThrow(() -> notComputed());
    long rowsIn = all.getAs("rows_in");
    // A split write's writers, or a validation's tasks, counted the rows of each side (rows_in is observed apart,
    // before them). Separate outputs count what each produced.
    long rowsValid = written != null ? written[RowCounts.VALID] : all.getAs("rows_valid");
    long rowsQuarantined = written != null ? written[RowCounts.QUARANTINED] : all.getAs("rows_quarantined");
    long validOut = written != null ? rowsValid
        : metrics.await(validName, wait).orElseThrow(() -> notComputed()).getLong(0);
    long quarantinedOut = written != null ? rowsQuarantined
        : metrics.await(quarantineName, wait).orElseThrow(() -> notComputed()).getLong(0);
    if (rowsIn != validOut + quarantinedOut || rowsValid != validOut || rowsQuarantined != quarantinedOut) {
      throw new ConservationException("run " + runId + " of contract " + compiled.contract().id()
          + " does not add up: rows_in=" + rowsIn + ", valid rows written=" + validOut
          + ", quarantined rows written=" + quarantinedOut + " (checked: valid=" + rowsValid + ", quarantined="
          + rowsQuarantined + "); the run is failed and its outputs must not be used");
    }
    List<CheckResult> checks = new ArrayList<>();
    TopValues[] values = offending != null ? offending.value() : new TopValues[planned.checks().size()];
    for (int i = 0; i < planned.checks().size(); i++) {
      CheckPlan.Check c = planned.checks().get(i);
      long failed = written != null ? written[RowCounts.FIRST_CHECK + i] : all.<Long>getAs(c.failColumn());
      TopValues top = values[i];
      checks.add(top == null
          ? new CheckResult(c.rule().id(), c.rule().kind(), c.rule().column(), c.rule().severity(), failed)
          : new CheckResult(c.rule().id(), c.rule().kind(), c.rule().column(), c.rule().severity(), failed,
              top.top(CheckResult.MAX_OFFENDING_VALUES), top.exact()));
    }
    long rowsWarned = written != null ? written[RowCounts.WARNED] : all.getAs("rows_warned");
    long rowsMalformed = written != null ? written[RowCounts.MALFORMED] : all.getAs("rows_malformed");
    List<DatasetCheckResult> datasetChecks = datasetChecks(all);
    planned.profile().ifPresent(p -> columns = statsTaken != null ? p.read(statsTaken, rowsIn) : p.read(all, rowsIn));
    report = new RunReport(runId, compiled.contract().id(), compiled.contract().version().toString(), rowsIn,
        rowsValid, rowsQuarantined, rowsWarned, rowsMalformed, checks, datasetChecks);
    if (!compiled.anomalyRules().isEmpty()) { // judged on this run's metrics, before anything is committed
      Instant now = Instant.now();
      MetricsRecord measured = MetricsRecord.of(report, now, now, AuditRecord.Outcome.VALIDATED, report.status(), columns);
      List<DatasetCheckResult> judged = new ArrayList<>(datasetChecks);
      judged.addAll(AnomalyChecks.judge(compiled.anomalyRules(), history, measured));
      report = new RunReport(runId, compiled.contract().id(), compiled.contract().version().toString(), rowsIn,
          rowsValid, rowsQuarantined, rowsWarned, rowsMalformed, checks, judged);
    }
    metrics.close(); // every count is in the report: the caller's session is left as it was
    return report;
  }

  /**
   * Each contract column's statistics, measured in the run's pass when it keeps a metrics history
   * ({@link Enforcer#withHistory}) or was asked to ({@link Enforcer#withColumnProfile}); empty otherwise. Available
   * with the {@link #report()}.
   */
  public synchronized Map<String, ColumnMetrics> columnMetrics() {
    return columns;
  }

  private List<DatasetCheckResult> datasetChecks(Row all) {
    List<DatasetCheckResult> results = new ArrayList<>();
    for (CheckPlan.Metric m : planned.metrics()) {
      DatasetRule r = m.rule();
      Optional<Double> value = m.analyzer().isPresent()
          ? DeequMetrics.value(m.analyzer().get(), all, m.columns())
          : CheckPlan.number(all, m.columns().get(0));
      // The assertion is Spark SQL over the metric; a one-row local relation evaluates it on the driver.
      StructType one = new StructType().add(DatasetRule.VALUE, org.apache.spark.sql.types.DataTypes.DoubleType);
      Row verdict = spark.createDataFrame(List.of(RowFactory.create(value.orElse(null))), one)
          .selectExpr("coalesce(" + r.assertion() + ", FALSE)").first();
      results.add(new DatasetCheckResult(r.id(), r.kind(), r.column(), r.severity(), value, verdict.getBoolean(0),
          Optional.of(r.threshold())));
    }
    return results;
  }

  private IllegalStateException notComputed() {
    return new IllegalStateException("the report of run " + runId + " is ready once both valid() and quarantine()"
        + " have been computed (written or counted)");
  }
}
