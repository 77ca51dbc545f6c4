package io.sluice.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
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
import io.sluice.check.StrictCast;
import io.sluice.contract.Column;
import io.sluice.contract.ExtraColumns;
import io.sluice.contract.Severity;
import io.sluice.protect.Protection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Compiles a contract into one Spark plan over the input: typed values, one boolean per check, the
 * array of every failed check and the counts, all in one projection (Catalyst keeps it in one stage).
 * Uniqueness costs one aggregation of the keys, joined back; the duplicate keys are usually few, so
 * adaptive execution broadcasts them.
 *
 * <p>Semantics are DESIGN.md's: strict casts; a failed cast makes the value null for the column's
 * other checks; {@code required} sees the value as it came in; nulls pass everything else; malformed
 * records fail only {@code _record.malformed}; uniqueness is over well-formed rows with non-null keys.
 */
final class CheckPlan {
  static final String ERRORS = "_dq_errors";
  static final String RUN_ID = "_dq_run_id";
  static final String QUARANTINED_AT = "_dq_quarantined_at";
  static final String RAW = "_dq_raw";
  static final String MALFORMED_ID = "_record.malformed";
  static final String ERROR_TYPE = "array<struct<check:string,column:string,message:string>>";

  private static final String MALFORMED = "__dq_malformed";
  private static final String RAW_TEXT = "__dq_raw_text";
  private static final String HAS_ERROR = "__dq_error";
  private static final String HAS_WARNING = "__dq_warning";

  private final CompiledContract compiled;
  private final String corruptRecordColumn;
  private final java.util.function.Supplier<Protection> protection;

  CheckPlan(CompiledContract compiled, String corruptRecordColumn, java.util.function.Supplier<Protection> protection) {
    this.compiled = compiled;
    this.corruptRecordColumn = corruptRecordColumn;
    this.protection = protection;
  }

  /** A row check with the name of its failure column in the plan. */
  record Check(RowRule rule, String failColumn) {}

  /**
   * A dataset check with the names of its observed columns: one SQL aggregate, or the aggregations of the
   * Deequ analyzer that computes it.
   */
  record Metric(DatasetRule rule, List<String> columns,
      Optional<com.amazon.deequ.analyzers.ScanShareableAnalyzer<?, com.amazon.deequ.metrics.DoubleMetric>> analyzer) {}

  /** The plan: every row with its verdict, and how to split and count it. */
  record Planned(Dataset<Row> checked, List<Check> checks, List<Metric> metrics, List<org.apache.spark.sql.Column> counts,
      java.util.function.Supplier<Outputs> outputs) {
    List<org.apache.spark.sql.Column> validColumns() {
      return outputs.get().valid();
    }

    List<org.apache.spark.sql.Column> quarantineColumns() {
      return outputs.get().quarantine();
    }
  }

  /** The columns of each output, protected. Built only when an output is asked for: validation needs no keys. */
  record Outputs(List<org.apache.spark.sql.Column> valid, List<org.apache.spark.sql.Column> quarantine) {}

  Planned build(Dataset<Row> input, String runId) {
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
      throw new SchemaMismatchException("the data has no column " + quoteAll(missing) + " that contract " + file
          + " requires; columns found: " + String.join(", ", inputNames));
    }
    List<StructField> extras = new ArrayList<>();
    for (StructField f : input.schema().fields()) {
      boolean named = source.values().stream().anyMatch(s -> s.name().equals(f.name()));
      if (!named && !f.name().equalsIgnoreCase(corruptRecordColumn)) {
        extras.add(f);
      }
    }
    if (compiled.contract().extraColumns() == ExtraColumns.FAIL && !extras.isEmpty()) {
      throw new SchemaMismatchException("the data has column " + quoteAll(extras.stream().map(StructField::name).toList())
          + " that contract " + file + " does not name, and the contract says 'extra_columns: fail'");
    }

    // Stage 1: raw values kept aside, typed values under the contract's names.
    List<org.apache.spark.sql.Column> stage1 = new ArrayList<>();
    List<StructField> kept = new ArrayList<>(source.values());
    kept.addAll(extras);
    for (int k = 0; k < kept.size(); k++) {
      stage1.add(col(Sql.ident(kept.get(k).name())).as(src(k)));
    }
    for (Column c : columns) {
      StructField f = source.get(c.name());
      String ref = Sql.ident(f.name());
      boolean sameType = f.dataType().sameType(sparkType(c.type()));
      stage1.add((sameType ? col(ref) : expr(StrictCast.of(ref, c.type(), c.format()))).as(c.name()));
    }
    stage1.add((hasCorrupt ? col(Sql.ident(corruptRecordColumn)).isNotNull() : lit(false)).as(MALFORMED));
    stage1.add((hasCorrupt ? col(Sql.ident(corruptRecordColumn)) : lit(null).cast(DataTypes.StringType)).as(RAW_TEXT));
    Dataset<Row> typed = input.select(stage1.toArray(org.apache.spark.sql.Column[]::new));

    // Uniqueness: aggregate the keys once per key, join the duplicates back.
    List<Check> checks = new ArrayList<>();
    List<org.apache.spark.sql.Column> fails = new ArrayList<>();
    org.apache.spark.sql.Column wellFormed = not(col(MALFORMED));
    int n = 0;
    for (RowRule r : compiled.typeRules()) {
      String name = "__dq_f" + n++;
      int k = indexOf(kept, source.get(r.column().orElseThrow()));
      fails.add(wellFormed.and(col(src(k)).isNotNull()).and(col(Sql.ident(r.column().orElseThrow())).isNull()).as(name));
      checks.add(new Check(r, name));
    }
    for (RowRule r : compiled.rowRules()) {
      String name = "__dq_f" + n++;
      org.apache.spark.sql.Column fail;
      if (r.kind().equals("unique")) {
        String dup = "__dq_dup" + n;
        typed = joinDuplicates(typed, r.columns(), dup);
        fail = coalesce(col(dup), lit(false));
      } else if (r.kind().equals("required")) {
        fail = col(src(indexOf(kept, source.get(r.column().orElseThrow())))).isNull(); // as it came in
      } else {
        fail = not(expr(r.predicate()));
      }
      fails.add(wellFormed.and(fail).as(name));
      checks.add(new Check(r, name));
    }

    // Stage 2: one boolean per check, then the reasons and the verdict.
    List<org.apache.spark.sql.Column> stage2 = new ArrayList<>();
    for (String c : typed.columns()) {
      stage2.add(col(Sql.ident(c)));
    }
    stage2.addAll(fails);
    Dataset<Row> flagged = typed.select(stage2.toArray(org.apache.spark.sql.Column[]::new));

    List<org.apache.spark.sql.Column> reasons = new ArrayList<>();
    org.apache.spark.sql.Column anyError = col(MALFORMED);
    org.apache.spark.sql.Column anyWarning = lit(false);
    for (Check c : checks) {
      RowRule r = c.rule();
      reasons.add(when(col(c.failColumn()), struct(lit(r.id()).as("check"),
          lit(r.column().orElse(null)).cast(DataTypes.StringType).as("column"), lit(message(r)).as("message"))));
      if (r.severity() == Severity.ERROR) {
        anyError = anyError.or(col(c.failColumn()));
      } else {
        anyWarning = anyWarning.or(col(c.failColumn()));
      }
    }
    org.apache.spark.sql.Column errors = reasons.isEmpty()
        ? expr("CAST(array() AS " + ERROR_TYPE + ")")
        : array_compact(array(reasons.toArray(org.apache.spark.sql.Column[]::new))).cast(ERROR_TYPE);
    org.apache.spark.sql.Column malformedReason = expr("array(named_struct('check', '" + MALFORMED_ID
        + "', 'column', CAST(NULL AS STRING), 'message', 'the record could not be parsed'))").cast(ERROR_TYPE);
    List<org.apache.spark.sql.Column> stage3 = new ArrayList<>();
    for (String c : flagged.columns()) {
      stage3.add(col(Sql.ident(c)));
    }
    // The reasons are not part of the checked rows: only the quarantine's projection builds them, for
    // the rows it receives. (Everything in the checked rows is materialized for every row, since the
    // observed counts are taken there.)
    org.apache.spark.sql.Column allReasons = when(col(MALFORMED), malformedReason).otherwise(errors);
    stage3.add(anyError.as(HAS_ERROR));
    stage3.add(not(col(MALFORMED)).and(anyWarning).as(HAS_WARNING));
    Dataset<Row> checked = flagged.select(stage3.toArray(org.apache.spark.sql.Column[]::new));

    // Counts, observed in the same pass.
    List<org.apache.spark.sql.Column> counts = new ArrayList<>();
    counts.add(count(lit(1)).as("rows_in"));
    counts.add(sum(when(col(HAS_ERROR), 1).otherwise(0)).cast(DataTypes.LongType).as("rows_quarantined"));
    counts.add(sum(when(not(col(HAS_ERROR)), 1).otherwise(0)).cast(DataTypes.LongType).as("rows_valid"));
    counts.add(sum(when(not(col(HAS_ERROR)).and(col(HAS_WARNING)), 1).otherwise(0)).cast(DataTypes.LongType).as("rows_warned"));
    counts.add(sum(when(col(MALFORMED), 1).otherwise(0)).cast(DataTypes.LongType).as("rows_malformed"));
    for (Check c : checks) {
      counts.add(sum(when(col(c.failColumn()), 1).otherwise(0)).cast(DataTypes.LongType).as(c.failColumn()));
    }
    List<Metric> metrics = new ArrayList<>();
    int m = 0;
    for (DatasetRule r : compiled.datasetRules()) {
      String name = "__dq_m" + m++;
      var analyzer = DeequMetrics.analyzerFor(r);
      List<String> names = new ArrayList<>();
      if (analyzer.isPresent()) {
        List<org.apache.spark.sql.Column> aggregations = DeequMetrics.aggregations(analyzer.get());
        for (int k = 0; k < aggregations.size(); k++) {
          counts.add(aggregations.get(k).as(name + "_" + k));
          names.add(name + "_" + k);
        }
      } else {
        counts.add(expr(r.metric()).as(name));
        names.add(name);
      }
      metrics.add(new Metric(r, names, analyzer));
    }

    java.util.function.Supplier<Outputs> outputs = memoize(() -> outputs(protection.get(), columns, extras, kept, source,
        runId, allReasons));
    return new Planned(checked, checks, metrics, counts, outputs);
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
      Map<String, StructField> source, String runId, org.apache.spark.sql.Column reasons) {
    // Checks saw the values in clear; both outputs get them protected (the quarantine is no back door).
    List<org.apache.spark.sql.Column> valid = new ArrayList<>();
    for (Column c : columns) {
      valid.add(protection.apply(c.name(), col(Sql.ident(c.name())), true).as(c.name()));
    }
    if (compiled.contract().extraColumns() == ExtraColumns.KEEP) {
      for (StructField f : extras) {
        valid.add(col(src(indexOf(kept, f))).as(f.name()));
      }
    }
    List<org.apache.spark.sql.Column> quarantine = new ArrayList<>();
    Map<String, String> contractNameOf = new LinkedHashMap<>();
    source.forEach((name, field) -> contractNameOf.put(field.name(), name));
    for (int k = 0; k < kept.size(); k++) {
      String contractName = contractNameOf.get(kept.get(k).name());
      org.apache.spark.sql.Column raw = col(src(k));
      quarantine.add((contractName == null ? raw : protection.apply(contractName, raw, false)).as(kept.get(k).name()));
    }
    quarantine.add(reasons.as(ERRORS));
    quarantine.add(lit(runId).as(RUN_ID));
    quarantine.add(current_timestamp().as(QUARANTINED_AT));
    quarantine.add(protection.rawRecord(col(RAW_TEXT)).as(RAW));
    return new Outputs(valid, quarantine);
  }

  static org.apache.spark.sql.Column isQuarantined() {
    return col(HAS_ERROR);
  }

  private static Dataset<Row> joinDuplicates(Dataset<Row> typed, List<String> key, String flag) {
    org.apache.spark.sql.Column keyNotNull = not(col(MALFORMED));
    List<org.apache.spark.sql.Column> keyCols = new ArrayList<>();
    for (String k : key) {
      keyNotNull = keyNotNull.and(col(Sql.ident(k)).isNotNull());
      keyCols.add(col(Sql.ident(k)));
    }
    // Counting every distinct key is the expensive part: first count 96-bit hashes of the keys (fixed-width,
    // a fast hash aggregation), then count the keys themselves among the few rows whose hash repeats —
    // exact, since equal keys have equal hashes and a collision only adds rows to the second, exact count.
    org.apache.spark.sql.Column[] keyArray = keyCols.toArray(org.apache.spark.sql.Column[]::new);
    Dataset<Row> wellKeyed = typed.where(keyNotNull);
    Dataset<Row> repeatedHashes = wellKeyed
        .groupBy(org.apache.spark.sql.functions.xxhash64(keyArray).as("__dq_h1"),
            org.apache.spark.sql.functions.hash(keyArray).as("__dq_h2"))
        .agg(count(lit(1)).as("__dq_n"))
        .where(col("__dq_n").gt(1))
        .select(col("__dq_h1"), col("__dq_h2"));
    List<org.apache.spark.sql.Column> keysAndHashes = new ArrayList<>(keyCols);
    keysAndHashes.add(org.apache.spark.sql.functions.xxhash64(keyArray).as("__dq_h1"));
    keysAndHashes.add(org.apache.spark.sql.functions.hash(keyArray).as("__dq_h2"));
    Dataset<Row> grouped = wellKeyed.select(keysAndHashes.toArray(org.apache.spark.sql.Column[]::new))
        .join(org.apache.spark.sql.functions.broadcast(repeatedHashes),
            scala.collection.JavaConverters.asScalaBuffer(List.of("__dq_h1", "__dq_h2")).toSeq(), "left_semi")
        .groupBy(keyArray)
        .agg(count(lit(1)).as("__dq_n"))
        .where(col("__dq_n").gt(1));
    List<org.apache.spark.sql.Column> renamed = new ArrayList<>();
    for (int j = 0; j < key.size(); j++) {
      renamed.add(col(Sql.ident(key.get(j))).as(flag + "_k" + j));
    }
    renamed.add(lit(true).as(flag));
    // Duplicate keys are usually few: broadcasting them spares the shuffle of every row that a join (or a
    // window over the key) would need. The aggregation reads only the key columns.
    Dataset<Row> dups = org.apache.spark.sql.functions.broadcast(grouped.select(renamed.toArray(org.apache.spark.sql.Column[]::new)));
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

  /** What a failure means, in words: never the value itself, which may be protected data. */
  static String message(RowRule r) {
    return switch (r.kind()) {
      case "type" -> "the value does not convert to the declared type";
      case "required" -> "the value is null";
      case "unique" -> r.columns().size() == 1 ? "the value is not unique" : "the key " + r.columns() + " is not unique";
      default -> r.kind() + " failed";
    };
  }

  static DataType sparkType(io.sluice.contract.DataType t) {
    return switch (t.kind()) {
      case STRING -> DataTypes.StringType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case FLOAT -> DataTypes.FloatType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
      case DATE -> DataTypes.DateType;
      case TIMESTAMP -> DataTypes.TimestampType;
      case DECIMAL -> DataTypes.createDecimalType(t.precision(), t.scale());
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

  private static String quoteAll(List<String> names) {
    return names.stream().map(s -> "'" + s + "'").reduce((a, b) -> a + ", " + b).orElse("");
  }

  static Optional<Double> number(Row row, String field) {
    Object v = row.getAs(field);
    return v instanceof Number num ? Optional.of(num.doubleValue()) : Optional.empty();
  }
}
