package io.sluice.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.sluice.check.CompiledContract;
import io.sluice.check.RowRule;
import io.sluice.check.RuleCatalog;
import io.sluice.contract.CheckSpec;
import io.sluice.contract.Column;
import io.sluice.contract.CompositeKey;
import io.sluice.contract.Contract;
import io.sluice.contract.ExtraColumns;
import io.sluice.contract.Severity;
import io.sluice.diff.ImpactReport;
import io.sluice.spark.plan.CheckPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a contract change does to a dataset ({@code sluice diff --impact}): both versions check the same
 * rows, and each row's failed checks are compared, so a check reports the rows that newly fail it and
 * the rows that no longer do, not just two totals.
 *
 * <pre>{@code
 * ImpactReport r = Impact.of(before, after).on(sample, "sample.csv");
 * }</pre>
 *
 * <p>Each row gets an id once, and the input is materialized ({@code localCheckpoint}) so that both
 * versions see the same rows under the same ids: reading twice could split files differently. Each
 * version then runs once, with every check raised to error level so that warn-level failures appear
 * among the quarantine's reasons too (severity does not change what fails), protection left out (the
 * comparison needs no keys and writes nothing), and extra columns kept (the row id is one).
 */
public final class Impact {
  private static final String ROW = "__sluice_impact_row";
  private static final String CHECK = "check";

  private final Contract before;
  private final Contract after;

  private Impact(Contract before, Contract after) {
    this.before = before;
    this.after = after;
  }

  public static Impact of(Contract before, Contract after) {
    return new Impact(before, after);
  }

  /**
   * Checks {@code input} with both versions; {@code name} names the data in the report.
   *
   * @throws SchemaMismatchException when the data fits neither version
   */
  public ImpactReport on(Dataset<Row> input, String name) {
    Dataset<Row> rows = input.withColumn(ROW, monotonically_increasing_id()).localCheckpoint(true);
    Dataset<Row> plain = rows.drop(ROW);
    long count = rows.count();
    List<String> notes = new ArrayList<>();
    Optional<String> beforeStops = stops(before, plain);
    Optional<String> afterStops = stops(after, plain);
    if (beforeStops.isPresent() && afterStops.isPresent()) {
      throw new SchemaMismatchException("the data fits neither version: " + beforeStops.get());
    }
    beforeStops.ifPresent(s -> notes.add("the old contract cannot run on this data (" + s + "): its failures count as none"));
    afterStops.ifPresent(s -> notes.add("the new contract stops on this data before writing anything: " + s));

    Dataset<Row> failedBefore = beforeStops.isPresent() ? none(rows) : failures(before, rows);
    Dataset<Row> failedAfter = afterStops.isPresent() ? none(rows) : failures(after, rows);
    List<Row> counts = failedBefore.withColumn("b", lit(1))
        .join(failedAfter.withColumn("a", lit(1)), scala.collection.JavaConverters.asScalaBuffer(List.of(ROW, CHECK)).toSeq(),
            "full_outer")
        .groupBy(CHECK)
        .agg(sum(when(col("b").isNotNull(), 1).otherwise(0)).cast(DataTypes.LongType).as("failed_before"),
            sum(when(col("a").isNotNull(), 1).otherwise(0)).cast(DataTypes.LongType).as("failed_after"),
            sum(when(col("a").isNotNull().and(col("b").isNull()), 1).otherwise(0)).cast(DataTypes.LongType).as("newly"),
            sum(when(col("b").isNotNull().and(col("a").isNull()), 1).otherwise(0)).cast(DataTypes.LongType).as("no_longer"))
        .collectAsList();

    Map<String, Optional<Severity>[]> severities = new LinkedHashMap<>();
    severities(before, 0, severities);
    severities(after, 1, severities);
    Map<String, Row> byCheck = new LinkedHashMap<>();
    counts.forEach(r -> byCheck.put(r.getString(0), r));
    List<ImpactReport.CheckImpact> checks = new ArrayList<>();
    java.util.Set<String> ids = new java.util.LinkedHashSet<>(severities.keySet());
    ids.addAll(byCheck.keySet());
    for (String id : ids) {
      Optional<Severity>[] s = severities.getOrDefault(id, pair(Optional.of(Severity.ERROR), Optional.of(Severity.ERROR)));
      Row r = byCheck.get(id);
      checks.add(new ImpactReport.CheckImpact(id, s[0], s[1], r == null ? 0 : r.getLong(1), r == null ? 0 : r.getLong(2),
          r == null ? 0 : r.getLong(3), r == null ? 0 : r.getLong(4)));
    }
    return new ImpactReport(name, count, checks, afterStops.isEmpty(), notes);
  }

  /** Why {@code contract} cannot run on {@code data} (a missing or refused column), if it cannot. */
  private static Optional<String> stops(Contract contract, Dataset<Row> data) {
    try {
      Sluice.enforce(contract).on(data); // plans only: the schema is checked here, nothing runs
      return Optional.empty();
    } catch (SchemaMismatchException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** (row id, check id) for every check every row fails. */
  private static Dataset<Row> failures(Contract contract, Dataset<Row> rows) {
    return Sluice.enforce(everyCheckAnErrorInClear(contract)).on(rows).quarantine()
        .select(col(ROW), explode(col(CheckPlan.ERRORS + ".check")).as(CHECK));
  }

  private static Dataset<Row> none(Dataset<Row> rows) {
    StructType schema = new StructType().add(ROW, DataTypes.LongType).add(CHECK, DataTypes.StringType);
    return rows.sparkSession().createDataFrame(List.<Row>of(), schema);
  }

  @SafeVarargs
  private static Optional<Severity>[] pair(Optional<Severity>... s) {
    return s;
  }

  private static void severities(Contract contract, int side, Map<String, Optional<Severity>[]> into) {
    CompiledContract compiled = RuleCatalog.standard().compile(contract);
    List<RowRule> rules = new ArrayList<>(compiled.typeRules());
    rules.addAll(compiled.rowRules());
    for (RowRule r : rules) {
      into.computeIfAbsent(r.id(), k -> pair(Optional.empty(), Optional.empty()))[side] = Optional.of(r.severity());
    }
  }

  /** The contract with every check at error level, no protection and extra columns kept: see the class comment. */
  static Contract everyCheckAnErrorInClear(Contract c) {
    List<Column> columns = c.columns().stream().map(k -> new Column(k.name(), k.type(), k.format(),
        k.required().map(s -> Severity.ERROR), k.unique().map(s -> Severity.ERROR), errors(k.checks()),
        k.classification(), Optional.empty(), k.description(), k.customProperties(), k.location())).toList();
    List<CompositeKey> keys = c.keys().stream().map(k -> new CompositeKey(k.columns(), Severity.ERROR, k.location())).toList();
    return new Contract(c.apiVersion(), c.id(), c.version(), c.owner(), c.description(), c.layer(), c.source(),
        ExtraColumns.KEEP, columns, keys, errors(c.checks()), errors(c.datasetChecks()), c.access(), c.customProperties(),
        c.file(), c.sha256(), c.keyLocations());
  }

  private static List<CheckSpec> errors(List<CheckSpec> checks) {
    return checks.stream().map(s -> new CheckSpec(s.id(), s.kind(), s.placement(), s.column(), s.columns(), s.args(),
        Severity.ERROR, s.description(), s.location())).toList();
  }
}
