package io.sluice.spark.plan;

import io.sluice.spark.plan.TypedValues;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.sluice.check.CompiledContract;
import io.sluice.check.DatasetRule;
import io.sluice.check.RowRule;
import io.sluice.check.Sql;
import io.sluice.contract.Column;
import io.sluice.contract.ContractException;
import io.sluice.contract.Excerpt;
import io.sluice.contract.ExtraColumns;
import io.sluice.contract.Location;
import io.sluice.contract.Problem.Kind;
import io.sluice.contract.Problem;
import io.sluice.contract.Severity;
import io.sluice.protect.Protection;
import io.sluice.spark.SchemaMismatchException;
import io.sluice.spark.Sluice;
import io.sluice.spark.internal.Interpreted;
import io.sluice.spark.internal.KeyIn;
import io.sluice.spark.internal.ParsedPredicate;
import io.sluice.spark.internal.PatternFind;
import io.sluice.spark.internal.SplitParquetFormat;
import io.sluice.spark.reference.ReferencedKeys;
import io.sluice.spark.unique.DuplicateKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Compiles a contract into one Spark plan over the input: typed values, one boolean per check, the
 * array of every failed check and the counts, all in one projection (whole-stage code generation fuses it).
 * Uniqueness: the duplicate keys are found by {@link DuplicateKeys} when the rows are first asked for, and
 * flagged in the pass: by a membership test ({@link KeyIn}) for a key of one column, else by a broadcast join.
 *
 * <p>Semantics are DESIGN.md's: strict casts; a failed cast makes the value null for the column's
 * other checks; {@code required} sees the value as it came in; nulls pass everything else; malformed
 * records fail only {@code _record.malformed}; uniqueness is over well-formed rows with non-null keys.
 */
public final class CheckPlan {
  public static final String ERRORS = "_dq_errors";
  public static final String RUN_ID = "_dq_run_id";
  public static final String QUARANTINED_AT = "_dq_quarantined_at";
  public static final String RAW = "_dq_raw";
  public static final String MALFORMED_ID = "_record.malformed";
  /** The type of {@code _dq_errors}: {@code array<struct<check:string,column:string,message:string>>}. */
  public static final DataType ERRORS_DATA_TYPE = DataTypes.createArrayType(new org.apache.spark.sql.types.StructType()
      .add("check", DataTypes.StringType).add("column", DataTypes.StringType).add("message", DataTypes.StringType));

  private static final String MALFORMED = "__dq_malformed";
  /** A malformed record's one reason in {@code _dq_errors}: check, column, message. */
  private static final String[] MALFORMED_REASON = {MALFORMED_ID, null, "the record could not be parsed"};
  private static final String RAW_TEXT = "__dq_raw_text";
  private static final String HAS_ERROR = "__dq_error";
  private static final String HAS_WARNING = "__dq_warning";
  /**
   * Spark conf: past this many (input partition, repeated key hash) pairs, duplicate keys are counted distributed
   * and joined into the pass, not collected to the driver (DuplicateKeys).
   */
  public static final String COLLECTED_LIMIT = "sluice.unique.collectedLimit";
  /** Up to this many duplicate keys of one column are found by a membership test in the pass; more by a broadcast join. */
  public static final int KEY_SET_LIMIT = 100_000;

  private final CompiledContract compiled;
  private final String corruptRecordColumn;
  private final java.util.function.Supplier<Protection> protection;

  public CheckPlan(CompiledContract compiled, String corruptRecordColumn, java.util.function.Supplier<Protection> protection) {
    this.compiled = compiled;
    this.corruptRecordColumn = corruptRecordColumn;
    this.protection = protection;
  }

  /**
   * A row check and its bit among the checked rows' masks: bit {@code b % 64} of mask {@code b / 64} says the row
   * failed it (see {@link Planned#masks}).
   */
  public record Check(RowRule rule, int bit) {
    /** The name its failures are counted under. */
    public String failColumn() {
      return "__dq_f" + bit;
    }

    /** Whether a checked row failed it: its bit, read from the row's mask. */
    public org.apache.spark.sql.Column failed() {
      return col(mask(bit / 64)).bitwiseAND(lit(1L << (bit % 64))).notEqual(lit(0L));
    }
  }

  private static String mask(int m) {
    return "__dq_mask" + m;
  }

  /**
   * A dataset check with the names of its observed columns: one SQL aggregate, or the aggregations of the
   * Deequ analyzer that computes it.
   */
  public record Metric(DatasetRule rule, List<String> columns,
      Optional<com.amazon.deequ.analyzers.ScanShareableAnalyzer<?, com.amazon.deequ.metrics.DoubleMetric>> analyzer) {}

  /** The plan: every row with its verdict, and how to split and count it. */
  public record Planned(org.apache.spark.sql.SparkSession spark, java.util.function.Supplier<LogicalPlan> rows,
      List<Check> checks, List<Metric> metrics, List<org.apache.spark.sql.Column> counts,
      List<org.apache.spark.sql.Column> splitCounts, List<String> contractColumns,
      java.util.function.Supplier<Outputs> outputs) {
    /** Every row with its typed values, one flag per check and the verdict; finding duplicate keys runs a job. */
    public Dataset<Row> checked() {
      return Dataset.ofRows(spark, rows.get());
    }

    /** The plan of {@link #checked()}, not analysed: to stack more on it before Spark analyses it all once. */
    public LogicalPlan checkedPlan() {
      return rows.get();
    }

    public List<org.apache.spark.sql.Column> validColumns() {
      return outputs.get().valid().stream().map(OutputColumn::column).toList();
    }

    public List<org.apache.spark.sql.Column> quarantineColumns() {
      return outputs.get().quarantine().stream().map(OutputColumn::column).toList();
    }

    /** The columns of the checked rows that the dataset checks' metrics read: the typed values (none without metrics). */
    public List<String> metricColumns() {
      return metrics.isEmpty() ? List.of() : contractColumns;
    }

    /**
     * The failed checks of each row as bits, for a split write's writers ({@link SplitParquetFormat}) and a
     * validation's tasks: bit {@code b} of mask {@code b / 64} is check {@code b}'s failure, and bit
     * {@code checks().size()} says the record is malformed. By name, in order: columns of the checked rows.
     */
    public Map<String, org.apache.spark.sql.Column> masks() {
      Map<String, org.apache.spark.sql.Column> masks = new LinkedHashMap<>();
      for (int m = 0; m * 64 < checks.size() + 1; m++) {
        masks.put(mask(m), col(mask(m)));
      }
      return masks;
    }

    /** Per bit of {@link #masks}, the reason it gives in {@code _dq_errors}: check, column (or null), message. */
    public List<String[]> reasons() {
      List<String[]> reasons = new ArrayList<>();
      checks.forEach(c -> reasons.add(reason(c.rule())));
      reasons.add(MALFORMED_REASON);
      return reasons;
    }
  }

  /** The columns of each output, protected. Built only when an output is asked for: validation needs no keys. */
  public record Outputs(List<OutputColumn> valid, List<OutputColumn> quarantine) {}

  /**
   * One output column: its name, its value over the checked rows, and the checked column it simply is when
   * it is one (an unprotected column, say) — so that a writer can read that column instead of a copy — or
   * the constant it is for every row of the run (its id, its time), which a writer can supply itself.
   */
  public record OutputColumn(String name, org.apache.spark.sql.Column value, Optional<String> sameAs, Optional<Object> constant) {
    OutputColumn(String name, org.apache.spark.sql.Column value, Optional<String> sameAs) {
      this(name, value, sameAs, Optional.empty());
    }

    org.apache.spark.sql.Column column() {
      return value.as(name);
    }
  }

  public Planned build(Dataset<Row> input, String runId) {
    Map<String, StructField> byName = new LinkedHashMap<>();
    for (StructField f : input.schema().fields()) {
      byName.put(f.name().toLowerCase(Locale.ROOT), f);
    }
    boolean hasCorrupt = byName.containsKey(corruptRecordColumn.toLowerCase(Locale.ROOT));
    List<Column> columns = compiled.contract().columns();
    List<String> missing = new ArrayList<>();
    Map<String, StructField> source = new LinkedHashMap<>(); // contract name -> input field
    for (Column c : columns) {
      StructField f = byName.get(c.name().toLowerCase(Locale.ROOT));
      if (f == null) {
        missing.add(c.name());
      } else {
        source.put(c.name(), f);
      }
    }
    String file = compiled.contract().file();
    List<String> inputNames = new ArrayList<>();
    for (StructField f : input.schema().fields()) {
      if (!f.name().equalsIgnoreCase(corruptRecordColumn)) {
        inputNames.add(f.name());
      }
    }
    if (!missing.isEmpty()) {
      throw new SchemaMismatchException("the data has no column " + Excerpt.list(missing) + " that contract " + file
          + " requires; columns found: " + Excerpt.list(inputNames));
    }
    List<StructField> extras = new ArrayList<>();
    for (StructField f : input.schema().fields()) {
      boolean named = source.values().stream().anyMatch(s -> s.name().equals(f.name()));
      if (!named && !f.name().equalsIgnoreCase(corruptRecordColumn)) {
        extras.add(f);
      }
    }
    if (compiled.contract().extraColumns() == ExtraColumns.FAIL && !extras.isEmpty()) {
      throw new SchemaMismatchException("the data has column " + Excerpt.list(extras.stream().map(StructField::name).toList())
          + " that contract " + file + " does not name, and the contract says 'extra_columns: fail'");
    }
    List<String> reserved = extras.stream().map(StructField::name).filter(Column::reserved).toList();
    if (!reserved.isEmpty()) { // the contract's own columns cannot have such names: lint refuses them
      throw new SchemaMismatchException("the data has column " + Excerpt.list(reserved) + ", a name the engine keeps for its"
          + " own columns (_dq_…, __dq_…, " + Column.CORRUPT_RECORD + "): rename or drop it before enforcing contract " + file);
    }

    // Stage 1: raw values kept aside, typed values under the contract's names.
    List<org.apache.spark.sql.Column> stage1 = new ArrayList<>();
    List<StructField> kept = new ArrayList<>(source.values());
    kept.addAll(extras);
    for (int k = 0; k < kept.size(); k++) {
      stage1.add(col(Sql.ident(kept.get(k).name())).as(src(k)));
    }
    java.util.Set<String> uncast = new java.util.HashSet<>(); // contract columns whose typed value is the input's
    for (Column c : columns) {
      StructField f = source.get(c.name());
      if (TypedValues.asIs(f, c.type())) {
        uncast.add(c.name());
      }
      // A strict cast tests the text's shape with RLIKE first: Sluice's cheaper RLIKE evaluates it (PatternFind).
      stage1.add(TypedValues.typed(f, c.type(), c.format(),
          cast -> new org.apache.spark.sql.Column(PatternFind.rewrite(cast.expr()))).as(c.name()));
    }
    stage1.add((hasCorrupt ? col(Sql.ident(corruptRecordColumn)).isNotNull() : lit(false)).as(MALFORMED));
    stage1.add((hasCorrupt ? col(Sql.ident(corruptRecordColumn)) : lit(null).cast(DataTypes.StringType)).as(RAW_TEXT));
    // The stages are stacked as logical plans and analysed once, by the Dataset that reads them: a Dataset per
    // stage would have Spark analyse the whole plan again at every stage (driver time that every run pays).
    LogicalPlan typed = project(input.logicalPlan(), stage1);
    List<String> typedNames = stage1.stream().map(c -> c.named().name()).toList();

    // Uniqueness: the duplicate keys are found when the rows are first asked for (DuplicateKeys), and
    // joined back as one flag per key.
    Map<String, List<String>> uniqueKeys = new LinkedHashMap<>(); // flag column -> key columns
    List<Check> checks = new ArrayList<>();
    List<org.apache.spark.sql.Column> fails = new ArrayList<>();
    org.apache.spark.sql.Column wellFormed = not(col(MALFORMED));
    for (RowRule r : compiled.typeRules()) {
      int k = indexOf(kept, source.get(r.column().orElseThrow()));
      // A column that already has its declared type is not cast, so it cannot fail to convert: the check stays
      // (and reports 0) at no cost per row.
      fails.add(uncast.contains(r.column().orElseThrow()) ? lit(false)
          : wellFormed.and(col(src(k)).isNotNull()).and(col(Sql.ident(r.column().orElseThrow())).isNull()));
      checks.add(new Check(r, checks.size()));
    }
    Map<String, RowRule> references = new LinkedHashMap<>(); // flag column -> references check (ReferencedKeys)
    for (RowRule r : compiled.rowRules()) {
      org.apache.spark.sql.Column fail;
      if (r.reference().isPresent()) {
        String absent = "__dq_ref" + checks.size();
        references.put(absent, r);
        fail = coalesce(col(absent), lit(false));
      } else if (r.kind().equals("unique")) {
        String dup = "__dq_dup" + checks.size();
        uniqueKeys.put(dup, r.columns());
        fail = coalesce(col(dup), lit(false));
      } else if (r.kind().equals("required")) {
        fail = col(src(indexOf(kept, source.get(r.column().orElseThrow())))).isNull(); // as it came in
      } else {
        Expression parsed = parse(r);
        List<String> refused = ParsedPredicate.refusals(parsed);
        if (!refused.isEmpty()) {
          throw new ContractException(List.of(new Problem(Kind.EXPRESSION, whereIs(r), "check " + Excerpt.quoted(r.id()) + " "
                  + String.join("; ", refused),
              "write a predicate over this row's columns with Spark's deterministic functions, and patterns as string"
              + " literals that run in linear time (docs/contracts.md, Checks and Patterns)")));
        }
        fail = not(new org.apache.spark.sql.Column(PatternFind.rewrite(parsed)));
      }
      fails.add(wellFormed.and(fail));
      checks.add(new Check(r, checks.size()));
    }

    // Stage 2: the checks' failures as the bits of a few masks (with the malformed bit last), then the reasons and
    // the verdict read from them. Bits, not a boolean column per check: a row carries one long per 64 checks
    // through the plan, so its width (and the work of each projection that copies it) barely grows with them.
    List<org.apache.spark.sql.Column> stage2 = new ArrayList<>();
    List<String> flaggedNames = new ArrayList<>(typedNames);
    flaggedNames.addAll(uniqueKeys.keySet());
    flaggedNames.addAll(references.keySet());
    for (String c : flaggedNames) {
      stage2.add(col(Sql.ident(c)));
    }
    fails.add(col(MALFORMED));
    int maskCount = (fails.size() + 63) / 64;
    long[] errorBits = new long[maskCount];
    long[] warningBits = new long[maskCount];
    for (Check c : checks) {
      (c.rule().severity() == Severity.ERROR ? errorBits : warningBits)[c.bit() / 64] |= 1L << (c.bit() % 64);
    }
    errorBits[checks.size() / 64] |= 1L << (checks.size() % 64); // a malformed record is quarantined
    // Spark compiles a stage into one method: past as many checks as it allows columns in one (maxFields), the
    // checks are computed out of whole-stage code, by a projection split into methods (see Interpreted).
    boolean outOfStage = checks.size() > Integer.parseInt(input.sparkSession().conf().get("spark.sql.codegen.maxFields", "100"));
    for (int m = 0; m < maskCount; m++) {
      List<org.apache.spark.sql.Column> set = new ArrayList<>();
      for (int b = m * 64; b < Math.min(fails.size(), m * 64 + 64); b++) {
        set.add(when(fails.get(b), lit(1L << (b % 64))).otherwise(lit(0L)));
      }
      if (outOfStage && m == maskCount - 1) {
        set.add(io.sluice.spark.internal.Interpreted.of(lit(0L)));
      }
      stage2.add(bitsOf(set).as(mask(m)));
      flaggedNames.add(mask(m));
    }

    // Each failed check contributes a constant one-element array; concat joins them. (array_compact over an
    // array of nullable structs would read the same, but it is a higher-order function that Spark cannot
    // compile: it would take the whole output projection out of whole-stage code generation.)
    List<org.apache.spark.sql.Column> reasons = new ArrayList<>();
    org.apache.spark.sql.Column none = array().cast(ERRORS_DATA_TYPE);
    for (Check c : checks) {
      reasons.add(when(c.failed(), reasonColumn(reason(c.rule()))).otherwise(none));
    }
    org.apache.spark.sql.Column anyError = anyBit(errorBits);
    org.apache.spark.sql.Column anyWarning = anyBit(warningBits);
    org.apache.spark.sql.Column errors = reasons.isEmpty() ? none
        : org.apache.spark.sql.functions.concat(reasons.toArray(org.apache.spark.sql.Column[]::new));
    org.apache.spark.sql.Column malformedReason = reasonColumn(MALFORMED_REASON);
    List<org.apache.spark.sql.Column> stage3 = new ArrayList<>();
    for (String c : flaggedNames) {
      stage3.add(col(Sql.ident(c)));
    }
    // The reasons are not part of the checked rows: only the quarantine's projection builds them, for
    // the rows it receives. (Everything in the checked rows is materialized for every row, since the
    // observed counts are taken there.)
    org.apache.spark.sql.Column allReasons = when(col(MALFORMED), malformedReason).otherwise(errors);
    stage3.add(anyError.as(HAS_ERROR));
    stage3.add(not(col(MALFORMED)).and(anyWarning).as(HAS_WARNING));
    java.util.function.Supplier<LogicalPlan> checked = memoize(() -> {
      LogicalPlan rows = typed;
      if (!uniqueKeys.isEmpty() || !references.isEmpty()) {
        Dataset<Row> joined = Dataset.ofRows(input.sparkSession(), typed);
        for (Map.Entry<String, List<String>> u : uniqueKeys.entrySet()) {
          joined = joinDuplicates(joined, u.getValue(), u.getKey());
        }
        for (Map.Entry<String, RowRule> ref : references.entrySet()) {
          joined = ReferencedKeys.flag(joined, ref.getValue(), ref.getKey(), this::storedValue).rows();
        }
        rows = joined.logicalPlan();
      }
      return project(project(rows, stage2), stage3);
    });

    // Counts, observed in the same pass: the rows, the dataset checks' metrics, then each check's failures.
    org.apache.spark.sql.Column rowsIn = count(lit(1)).as("rows_in");
    List<org.apache.spark.sql.Column> counts = new ArrayList<>(List.of(rowsIn));
    counts.add(rowsWhere(col(HAS_ERROR)).as("rows_quarantined"));
    counts.add(rowsWhere(not(col(HAS_ERROR))).as("rows_valid"));
    counts.add(rowsWhere(not(col(HAS_ERROR)).and(col(HAS_WARNING))).as("rows_warned"));
    counts.add(rowsWhere(col(MALFORMED)).as("rows_malformed"));
    List<Metric> metrics = new ArrayList<>();
    List<org.apache.spark.sql.Column> metricCounts = new ArrayList<>();
    int m = 0;
    for (DatasetRule r : compiled.datasetRules()) {
      String name = "__dq_m" + m++;
      var analyzer = DeequMetrics.analyzerFor(r);
      List<String> names = new ArrayList<>();
      if (analyzer.isPresent()) {
        List<org.apache.spark.sql.Column> aggregations = DeequMetrics.aggregations(analyzer.get());
        for (int k = 0; k < aggregations.size(); k++) {
          metricCounts.add(aggregations.get(k).as(name + "_" + k));
          names.add(name + "_" + k);
        }
      } else {
        metricCounts.add(expr(r.metric()).as(name));
        names.add(name);
      }
      metrics.add(new Metric(r, names, analyzer));
    }
    // A split write has its writers count the rows they route and each check's failures among them, from the
    // masks (SplitParquetFormat): Spark's observation updates every observed aggregate for every row, without
    // generated code (about 0.09 s per aggregate per 10M rows on the benchmark's machine). Its observation keeps
    // rows_in, counted apart from the writers (conservation compares them), and the dataset metrics.
    counts.addAll(metricCounts);
    List<org.apache.spark.sql.Column> splitCounts = new ArrayList<>(List.of(rowsIn));
    splitCounts.addAll(metricCounts);
    for (Check c : checks) {
      counts.add(rowsWhere(c.failed()).as(c.failColumn()));
    }

    java.util.function.Supplier<Outputs> outputs = memoize(() -> outputs(protection.get(), columns, extras, kept, source,
        uncast, runId, allReasons));
    return new Planned(input.sparkSession(), checked, checks, metrics, counts, splitCounts,
        columns.stream().map(Column::name).toList(), outputs);
  }

  /** The number of rows where {@code condition} holds: 0, not NULL (a SQL sum's answer), when there are no rows. */
  private static org.apache.spark.sql.Column rowsWhere(org.apache.spark.sql.Column condition) {
    return coalesce(sum(when(condition, 1).otherwise(0)).cast(DataTypes.LongType), lit(0L));
  }

  /** {@code columns} over {@code child}, as {@code Dataset.select} builds it, but not analysed yet. */
  public static LogicalPlan project(LogicalPlan child, List<org.apache.spark.sql.Column> columns) {
    return new org.apache.spark.sql.catalyst.plans.logical.Project(named(columns), child);
  }

  /** The columns as the named expressions of a plan node (each column's name, or Spark's own for it). */
  /**
   * The OR of {@code flags} as a balanced tree: its depth grows with the logarithm of the number of checks, not the
   * number, so Spark's recursive analysis of a contract with thousands of checks does not overflow the stack.
   */
  /**
   * The bitwise OR of {@code bits}, as a balanced tree: its depth grows with the log of their number (Spark's
   * analysis recurses over an expression's depth, and a chain of thousands overflows its stack).
   */
  public static org.apache.spark.sql.Column bitsOf(List<org.apache.spark.sql.Column> bits) {
    if (bits.size() == 1) {
      return bits.get(0);
    }
    int half = bits.size() / 2;
    return bitsOf(bits.subList(0, half)).bitwiseOR(bitsOf(bits.subList(half, bits.size())));
  }

  /** Whether any of {@code bits} (per mask) is set in a checked row's masks. */
  private static org.apache.spark.sql.Column anyBit(long[] bits) {
    org.apache.spark.sql.Column any = null;
    for (int m = 0; m < bits.length; m++) {
      if (bits[m] != 0) {
        org.apache.spark.sql.Column set = col(mask(m)).bitwiseAND(lit(bits[m])).notEqual(lit(0L));
        any = any == null ? set : any.or(set);
      }
    }
    return any == null ? lit(false) : any;
  }

  public static scala.collection.Seq<org.apache.spark.sql.catalyst.expressions.NamedExpression> named(
      List<org.apache.spark.sql.Column> columns) {
    return scala.collection.JavaConverters.asScalaBuffer(
        columns.stream().map(org.apache.spark.sql.Column::named).toList()).toSeq();
  }

  private static <T> java.util.function.Supplier<T> memoize(java.util.function.Supplier<T> s) {
    Object[] box = new Object[1];
    return () -> {
      synchronized (box) {
        if (box[0] == null) {
          box[0] = s.get();
        }
        @SuppressWarnings("unchecked")
        T t = (T) box[0];
        return t;
      }
    };
  }

  private Outputs outputs(Protection protection, List<Column> columns, List<StructField> extras, List<StructField> kept,
      Map<String, StructField> source, java.util.Set<String> uncast, String runId, org.apache.spark.sql.Column reasons) {
    // Checks saw the values in clear; both outputs get them protected (the quarantine is no back door).
    List<OutputColumn> valid = new ArrayList<>();
    for (Column c : columns) {
      valid.add(protection.protects(c.name())
          ? new OutputColumn(c.name(), protection.apply(c.name(), col(Sql.ident(c.name())), true), Optional.empty())
          : new OutputColumn(c.name(), col(Sql.ident(c.name())), Optional.of(c.name())));
    }
    if (compiled.contract().extraColumns() == ExtraColumns.KEEP) {
      for (StructField f : extras) {
        String s = src(indexOf(kept, f));
        valid.add(new OutputColumn(f.name(), col(s), Optional.of(s)));
      }
    }
    List<OutputColumn> quarantine = new ArrayList<>();
    Map<String, String> contractNameOf = new LinkedHashMap<>();
    source.forEach((name, field) -> contractNameOf.put(field.name(), name));
    for (int k = 0; k < kept.size(); k++) {
      String contractName = contractNameOf.get(kept.get(k).name());
      String name = kept.get(k).name();
      if (contractName != null && protection.protects(contractName)) {
        quarantine.add(new OutputColumn(name, protection.apply(contractName, col(src(k)), false), Optional.empty()));
      } else {
        // As it came in: the typed column is that very value when no cast was needed.
        String same = contractName != null && uncast.contains(contractName) ? contractName : src(k);
        quarantine.add(new OutputColumn(name, col(Sql.ident(same)), Optional.of(same)));
      }
    }
    quarantine.add(new OutputColumn(ERRORS, reasons, Optional.empty()));
    // The run's constants. Not current_timestamp(): Spark folds it into a timestamp literal, which its code
    // generation inlines, so every run would compile (and the JIT warm up) a class of its own.
    java.time.Instant at = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    quarantine.add(new OutputColumn(RUN_ID, lit(runId), Optional.empty(), Optional.of(runId)));
    quarantine.add(new OutputColumn(QUARANTINED_AT, lit(java.sql.Timestamp.from(at)), Optional.empty(), Optional.of(at)));
    quarantine.add(new OutputColumn(RAW, protection.rawRecord(col(RAW_TEXT)), Optional.empty()));
    return new Outputs(valid, quarantine);
  }

  public static org.apache.spark.sql.Column isQuarantined() {
    return col(HAS_ERROR);
  }

  private static Dataset<Row> joinDuplicates(Dataset<Row> typed, List<String> key, String flag) {
    org.apache.spark.sql.Column keyNotNull = not(col(MALFORMED));
    for (String k : key) {
      keyNotNull = keyNotNull.and(col(Sql.ident(k)).isNotNull());
    }
    int limit = Integer.parseInt(typed.sparkSession().conf().get(COLLECTED_LIMIT, String.valueOf(DuplicateKeys.COLLECTED_LIMIT)));
    Dataset<Row> found = DuplicateKeys.of(typed.where(keyNotNull), key, limit);
    boolean local = found.queryExecution().analyzed() instanceof org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
    if (local && key.size() == 1) {
      // One column, few duplicates: a membership test in the one pass, no join (nor broadcast) at all.
      DataType type = found.schema().fields()[0].dataType();
      if (type == DataTypes.StringType || type == DataTypes.IntegerType || type == DataTypes.LongType) {
        List<Row> duplicates = found.collectAsList(); // a local relation: no job
        if (duplicates.size() <= KEY_SET_LIMIT) {
          List<Object> values = duplicates.stream().map(r -> r.get(0)).toList();
          return typed.withColumn(flag, values.isEmpty() ? lit(false) : KeyIn.of(col(Sql.ident(key.get(0))), type, values));
        }
      }
    }
    List<org.apache.spark.sql.Column> renamed = new ArrayList<>();
    for (int j = 0; j < key.size(); j++) {
      renamed.add(col(Sql.ident(key.get(j))).as(flag + "_k" + j));
    }
    renamed.add(lit(true).as(flag));
    Dataset<Row> dups = found.select(renamed.toArray(org.apache.spark.sql.Column[]::new));
    // Duplicate keys are usually few and already on the driver: broadcasting them spares the shuffle of
    // every row that a join (or a window over the key) would need. Counted distributed, they are many: Spark
    // plans the join (a sort-merge join, which streams a hot key's rows past its one duplicate-key row, or a
    // broadcast if they turn out smaller than spark.sql.autoBroadcastJoinThreshold).
    if (local) {
      dups = org.apache.spark.sql.functions.broadcast(dups);
    }
    org.apache.spark.sql.Column on = lit(true);
    for (int j = 0; j < key.size(); j++) {
      on = on.and(typed.col(Sql.ident(key.get(j))).equalTo(dups.col(flag + "_k" + j)));
    }
    Dataset<Row> joined = typed.join(dups, on, "left");
    List<org.apache.spark.sql.Column> keep = new ArrayList<>();
    for (String c : typed.columns()) {
      keep.add(typed.col(Sql.ident(c)));
    }
    keep.add(dups.col(flag));
    return joined.select(keep.toArray(org.apache.spark.sql.Column[]::new));
  }

  /** A column as its layer stores it: a deterministically encrypted one as its token (what a reference looks up). */
  private org.apache.spark.sql.Column storedValue(String column) {
    boolean token = compiled.contract().column(column).flatMap(Column::protect).flatMap(io.sluice.contract.Protect::encrypt)
        .filter(m -> m == io.sluice.contract.EncryptMode.DETERMINISTIC).isPresent();
    return token ? protection.get().apply(column, col(Sql.ident(column)), true) : col(Sql.ident(column));
  }

  /** A failed check's reason in {@code _dq_errors}: check, column (or null), message. */
  private static String[] reason(RowRule r) {
    return new String[] {r.id(), r.column().orElse(null), message(r)};
  }

  /** A reason as the one-element {@code _dq_errors} it contributes (the split writer builds the same from bits). */
  private static org.apache.spark.sql.Column reasonColumn(String[] reason) {
    return array(struct(lit(reason[0]).as("check"), lit(reason[1]).cast(DataTypes.StringType).as("column"),
        lit(reason[2]).as("message"))).cast(ERRORS_DATA_TYPE);
  }

  /** What a failure means, in words: never the value itself, which may be protected data. */
  public static String message(RowRule r) {
    if (r.reference().isPresent()) {
      return ReferencedKeys.message(r);
    }
    return switch (r.kind()) {
      case "type" -> "the value does not convert to the declared type";
      case "required" -> "the value is null";
      case "unique" -> r.columns().size() == 1 ? "the value is not unique" : "the key " + r.columns() + " is not unique";
      default -> r.kind() + " failed";
    };
  }

  private static String src(int k) {
    return "__dq_src" + k;
  }

  private static int indexOf(List<StructField> kept, StructField f) {
    for (int i = 0; i < kept.size(); i++) {
      if (kept.get(i).name().equals(f.name())) {
        return i;
      }
    }
    throw new IllegalStateException("column " + f.name() + " is not in the plan");
  }

  /**
   * A check's predicate as Spark's parser reads it. Lint judges an expression's parentheses, quotes and functions
   * but has no Spark to judge the rest of its syntax: a syntax error is found here, before anything is read, and
   * reported where the contract writes the check.
   */
  private Expression parse(RowRule r) {
    try {
      return expr(r.predicate()).expr();
    } catch (Exception e) { // Scala throws ParseException, an AnalysisException (checked in Java's eyes), undeclared
      String error = syntaxError(e);
      // Said of the text as the contract writes it, when it fails alone, not of the predicate rendered around it.
      Optional<io.sluice.contract.CheckSpec> spec = specOf(r);
      String said = spec.flatMap(c -> c.args() instanceof io.sluice.contract.Node.Scalar s ? s.asString() : Optional.empty())
          .flatMap(text -> {
            try {
              expr(text);
              return Optional.empty();
            } catch (Exception alone) {
              return Optional.of(syntaxError(alone));
            }
          }).orElse(error);
      throw new ContractException(List.of(new Problem(Kind.EXPRESSION, whereIs(r), "check " + Excerpt.quoted(r.id()) + " is not Spark SQL: "
              + Excerpt.of(said, 120),
          "fix the expression's syntax (Spark SQL); lint checks its parentheses, quotes and functions, Spark the rest")));
    }
  }

  /** What Spark's parser says, in one line; anything other than a parse error is thrown on. */
  private static String syntaxError(Exception e) {
    if (!(e instanceof org.apache.spark.sql.catalyst.parser.ParseException)) {
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
    return java.util.Arrays.stream(String.valueOf(e.getMessage()).split("\\R"))
        .filter(l -> !l.isBlank()).findFirst().orElse("a syntax error")
        .replaceFirst("^\\[[A-Z_.]+\\]\\s*", "").replaceFirst("\\s*\\(line \\d+, pos \\d+\\)\\s*$", "");
  }

  /** The check of the contract that {@code r} renders, if one has its id. */
  private Optional<io.sluice.contract.CheckSpec> specOf(RowRule r) {
    io.sluice.contract.Contract c = compiled.contract();
    return java.util.stream.Stream.concat(c.columns().stream().flatMap(col -> col.checks().stream()), c.checks().stream())
        .filter(spec -> spec.id().equals(r.id())).findFirst();
  }

  /** Where the contract writes the check of {@code r}: its arguments, or the file when no check has its id. */
  private Location whereIs(RowRule r) {
    return specOf(r).map(spec -> spec.args().location()).orElse(Location.of(compiled.contract().file()));
  }

  public static Optional<Double> number(Row row, String field) {
    Object v = row.getAs(field);
    return v instanceof Number num ? Optional.of(num.doubleValue()) : Optional.empty();
  }
}
