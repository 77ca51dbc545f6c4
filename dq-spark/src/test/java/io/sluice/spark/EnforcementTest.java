package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.contract.ContractLoader;
import io.sluice.report.CheckResult;
import io.sluice.report.DatasetCheckResult;
import io.sluice.report.RunReport;
import io.sluice.report.Status;
import io.sluice.testkit.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalSpark.class)
class EnforcementTest {
  private static final String HEAD = """
      apiVersion: sluice/v1
      kind: DataContract
      id: t
      version: 1.0.0
      layer: silver
      """;

  private static Enforcer enforcer(String yaml) {
    return Sluice.enforce(ContractLoader.withDiscoveredValidators().parse(HEAD + yaml, "t.yaml").orThrow());
  }

  /** Runs both outputs, collected, and returns them with the report. */
  private record Outcome(List<Row> valid, List<Row> quarantine, RunReport report) {
    List<String> reasons(Row quarantined) {
      return quarantined.<Row>getList(quarantined.fieldIndex("_dq_errors")).stream()
          .map(r -> r.<String>getAs("check")).toList();
    }

    Map<String, Long> failures() {
      return report.checks().stream().collect(Collectors.toMap(CheckResult::id, CheckResult::failedRows));
    }
  }

  private static Outcome run(Enforcement e) {
    List<Row> valid = e.valid().collectAsList();
    List<Row> quarantine = e.quarantine().collectAsList();
    return new Outcome(valid, quarantine, e.report());
  }

  private static Dataset<Row> sql(SparkSession spark, String query) {
    return spark.sql(query);
  }

  @Test
  void badValuesFailTheTypeCheckAndGoToQuarantineAsTheyCameIn(SparkSession spark) {
    Outcome o = run(enforcer("columns: [{name: id, type: string}, {name: amount, type: 'decimal(6,2)'}]\n")
        .on(sql(spark, "SELECT * FROM VALUES ('a', '12.50'), ('b', '12abc'), ('c', NULL) AS t(id, amount)")));
    assertThat(o.valid()).extracting(r -> r.getString(0)).containsExactly("a", "c");
    assertThat(o.valid().get(0).getDecimal(1)).isEqualByComparingTo("12.50");
    assertThat(o.quarantine()).singleElement().satisfies(q -> {
      assertThat(q.<String>getAs("amount")).isEqualTo("12abc");
      assertThat(o.reasons(q)).containsExactly("amount.type");
    });
    assertThat(o.report().rowsIn()).isEqualTo(3);
    assertThat(o.report().rowsValid()).isEqualTo(2);
    assertThat(o.report().rowsQuarantined()).isEqualTo(1);
    assertThat(o.failures()).containsEntry("amount.type", 1L);
    assertThat(o.report().status()).isEqualTo(Status.FAILED);
  }

  @Test
  void nanAndInfinityFailTheTypeCheckOfADoubleColumnThatArrivesTyped(SparkSession spark) {
    Outcome o = run(enforcer("columns: [{name: id, type: string}, {name: x, type: double, checks: [{range: {max: 1}}]}]\n")
        .on(sql(spark, "SELECT * FROM VALUES ('a', 0.5D), ('b', double('NaN')), ('c', double('-Infinity')), ('d', NULL)"
            + " AS t(id, x)")));
    assertThat(o.valid()).extracting(r -> r.getString(0)).containsExactly("a", "d");
    assertThat(o.quarantine()).extracting(o::reasons).containsExactly(List.of("x.type"), List.of("x.type"));
    assertThat(o.quarantine()).extracting(q -> q.<Double>getAs("x")).containsExactly(Double.NaN, Double.NEGATIVE_INFINITY);
    assertThat(o.failures()).containsEntry("x.type", 2L).containsEntry("x.range", 0L);
  }

  @Test
  void anEmptyInputIsReportedWithZeroRowsAndZeroFailures(SparkSession spark) {
    // Found by ConservationPropertiesTest: a SQL sum over no rows is NULL, and the report unboxed it.
    String contract = "columns: [{name: n, type: int, required: true}]\n";
    Outcome o = run(enforcer(contract).on(sql(spark, "SELECT '1' AS n WHERE false")));
    assertThat(o.report().rowsIn()).isZero();
    assertThat(o.report().rowsValid() + o.report().rowsQuarantined() + o.report().rowsWarned()).isZero();
    assertThat(o.failures()).containsEntry("n.type", 0L).containsEntry("n.required", 0L);
    assertThat(enforcer(contract).on(sql(spark, "SELECT '1' AS n WHERE false")).validate().status()).isEqualTo(Status.PASSED);
  }

  @Test
  void aValueThatFailedItsCastCountsAsNullForTheOtherChecks(SparkSession spark) {
    Outcome o = run(enforcer("""
        columns:
          - name: n
            type: int
            required: true
            checks: [{range: {min: 0}}]
        """).on(sql(spark, "SELECT * FROM VALUES ('x'), ('-1'), (NULL) AS t(n)")));
    assertThat(o.failures()).containsEntry("n.type", 1L).containsEntry("n.range", 1L).containsEntry("n.required", 1L);
    assertThat(o.quarantine()).extracting(o::reasons)
        .containsExactlyInAnyOrder(List.of("n.type"), List.of("n.required"), List.of("n.range"));
  }

  @Test
  void nullsPassEveryCheckButRequired(SparkSession spark) {
    Outcome o = run(enforcer("""
        columns:
          - name: s
            type: string
            checks:
              - allowed_values: [A]
              - pattern: '^A$'
              - length: { min: 1 }
        checks:
          - name: never
            expression: "s = 'impossible'"
        """).on(sql(spark, "SELECT CAST(NULL AS STRING) AS s")));
    assertThat(o.valid()).hasSize(1);
    assertThat(o.report().rowsQuarantined()).isZero();
    assertThat(o.report().status()).isEqualTo(Status.PASSED);
  }

  @Test
  void everyRowOfADuplicateGroupFailsButNullKeysDoNot(SparkSession spark) {
    Outcome o = run(enforcer("columns: [{name: i, type: int}, {name: k, type: string, unique: true}]\n")
        .on(sql(spark, "SELECT * FROM VALUES ('1', 'a'), ('2', 'b'), ('3', 'a'), ('4', NULL), ('5', NULL), ('6', 'a') AS t(i, k)")));
    assertThat(o.quarantine()).extracting(r -> r.<String>getAs("i")).containsExactlyInAnyOrder("1", "3", "6");
    assertThat(o.failures()).containsEntry("k.unique", 3L);
    assertThat(o.valid()).hasSize(3);
  }

  @Test
  void compositeKeysIgnoreRowsWithANullPart(SparkSession spark) {
    Outcome o = run(enforcer("""
        columns: [{name: a, type: string}, {name: b, type: int}]
        unique:
          - [a, b]
        """).on(sql(spark, "SELECT * FROM VALUES ('x', '1'), ('x', '1'), ('x', '2'), ('x', NULL), ('x', NULL) AS t(a, b)")));
    assertThat(o.failures()).containsEntry("unique(a,b)", 2L);
    assertThat(o.report().rowsValid()).isEqualTo(3);
  }

  @Test
  void uniquenessComparesTypedValuesOfWellFormedRows(SparkSession spark) {
    Outcome o = run(enforcer("columns: [{name: k, type: int, unique: true}]\n")
        .on(sql(spark, "SELECT * FROM VALUES ('1'), ('01'), ('x'), ('x') AS t(k)")));
    assertThat(o.failures()).containsEntry("k.unique", 2L).containsEntry("k.type", 2L);
  }

  @Test
  void aRowCarriesEveryReasonAndEveryCheckCountsEveryRow(SparkSession spark) {
    Outcome o = run(enforcer("""
        columns:
          - name: a
            type: int
            checks: [{range: {max: 10}}]
          - name: b
            type: string
            checks: [{allowed_values: [x]}]
        checks:
          - name: a_lt_5
            expression: "a < 5"
        """).on(sql(spark, "SELECT * FROM VALUES ('20', 'y'), ('7', 'x'), ('1', 'x') AS t(a, b)")));
    Row worst = o.quarantine().stream().filter(r -> r.<String>getAs("a").equals("20")).findFirst().orElseThrow();
    assertThat(o.reasons(worst)).containsExactly("a.range", "b.allowed_values", "a_lt_5");
    assertThat(o.failures()).containsEntry("a.range", 1L).containsEntry("b.allowed_values", 1L).containsEntry("a_lt_5", 2L);
    assertThat(worst.<Row>getList(worst.fieldIndex("_dq_errors")).get(0).<String>getAs("column")).isEqualTo("a");
  }

  @Test
  void warnFailuresAreCountedButTheRowGoesOn(SparkSession spark) {
    Outcome o = run(enforcer("""
        columns:
          - name: s
            type: string
            checks:
              - allowed_values: [A]
                severity: warn
            required: { severity: warn }
        """).on(sql(spark, "SELECT * FROM VALUES ('A'), ('B'), (NULL) AS t(s)")));
    assertThat(o.valid()).hasSize(3);
    assertThat(o.quarantine()).isEmpty();
    assertThat(o.report().rowsWarned()).isEqualTo(2);
    assertThat(o.failures()).containsEntry("s.allowed_values", 1L).containsEntry("s.required", 1L);
    assertThat(o.report().status()).isEqualTo(Status.WARNED);
  }

  @Test
  void malformedCsvLinesAreQuarantinedWithTheirRawText(SparkSession spark, @TempDir Path dir) throws Exception {
    Path csv = dir.resolve("orders.csv");
    Files.writeString(csv, "id,amount\na,1.00\nb,2.00,surplus\nc\nd,4.00\n");
    StructType schema = new StructType().add("id", DataTypes.StringType).add("amount", DataTypes.StringType)
        .add("_corrupt_record", DataTypes.StringType);
    Dataset<Row> df = spark.read().schema(schema).option("header", "true").option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", "_corrupt_record").csv(csv.toString());
    Outcome o = run(enforcer("columns: [{name: id, type: string, unique: true}, {name: amount, type: 'decimal(6,2)', required: true}]\n").on(df));
    assertThat(o.valid()).extracting(r -> r.getString(0)).containsExactlyInAnyOrder("a", "d");
    assertThat(o.quarantine()).hasSize(2).allSatisfy(q -> assertThat(o.reasons(q)).containsExactly("_record.malformed"));
    assertThat(o.quarantine()).extracting(r -> r.<String>getAs("_dq_raw")).containsExactlyInAnyOrder("b,2.00,surplus", "c");
    assertThat(o.report().rowsMalformed()).isEqualTo(2);
    assertThat(o.failures()).containsEntry("amount.required", 0L);
  }

  @Test
  void jsonLinesThatDoNotParseAreQuarantined(SparkSession spark, @TempDir Path dir) throws Exception {
    Path json = dir.resolve("c.json");
    Files.writeString(json, "{\"id\": \"a\"}\n{\"id\": \"b\"\n{\"id\": \"c\"}\n");
    StructType schema = new StructType().add("id", DataTypes.StringType).add("_corrupt_record", DataTypes.StringType);
    Dataset<Row> df = spark.read().schema(schema).option("mode", "PERMISSIVE").json(json.toString());
    Outcome o = run(enforcer("columns: [{name: id, type: string}]\n").on(df));
    assertThat(o.valid()).extracting(r -> r.getString(0)).containsExactlyInAnyOrder("a", "c");
    assertThat(o.quarantine()).singleElement().satisfies(q -> assertThat(q.<String>getAs("_dq_raw")).isEqualTo("{\"id\": \"b\""));
  }

  @Test
  void datasetChecksReportTheirValueAndVerdict(SparkSession spark) {
    Outcome o = run(enforcer("""
        columns: [{name: e, type: string}, {name: t, type: timestamp}]
        dataset_checks:
          - row_count: { min: 5 }
          - completeness: { column: e, min: 0.5 }
            severity: warn
          - freshness: { column: t, max_age: 1d }
        """).on(sql(spark, "SELECT * FROM VALUES ('a', CAST(current_timestamp() AS STRING)), (NULL, NULL) AS x(e, t)")));
    Map<String, DatasetCheckResult> d = o.report().datasetChecks().stream()
        .collect(Collectors.toMap(DatasetCheckResult::id, r -> r));
    assertThat(d.get("dataset.row_count").value()).contains(2.0);
    assertThat(d.get("dataset.row_count").passed()).isFalse();
    assertThat(d.get("e.completeness").value()).contains(0.5);
    assertThat(d.get("e.completeness").passed()).isTrue();
    assertThat(d.get("t.freshness").passed()).isTrue();
    assertThat(o.report().datasetCheckFailed()).isTrue();
    assertThat(o.report().status()).isEqualTo(Status.FAILED);
    assertThat(d.get("dataset.row_count").threshold()).contains(">= 5");
  }

  @Test
  void columnNamesWithSpacesWorkEverywhere(SparkSession spark) {
    Outcome o = run(enforcer("""
        columns:
          - name: US Gross
            type: int
            unique: true
            checks: [{range: {min: 0}}]
        checks:
          - name: gross_small
            expression: "`US Gross` < 100"
        """).on(sql(spark, "SELECT * FROM VALUES ('1'), ('-1'), ('500'), ('1') AS t(`US Gross`)")));
    assertThat(o.failures()).containsEntry("US Gross.range", 1L).containsEntry("gross_small", 1L).containsEntry("US Gross.unique", 2L);
    assertThat(o.report().rowsValid()).isZero();
  }

  @Test
  void extraColumnsAreKeptOrDroppedAsTheContractSays(SparkSession spark) {
    Dataset<Row> df = sql(spark, "SELECT 'a' AS id, 'x' AS extra");
    assertThat(enforcer("columns: [{name: id, type: string}]\n").on(df).valid().columns()).containsExactly("id", "extra");
    assertThat(enforcer("schema: {extra_columns: drop}\ncolumns: [{name: id, type: string}]\n").on(df).valid().columns())
        .containsExactly("id");
    assertThatThrownBy(() -> enforcer("schema: {extra_columns: fail}\ncolumns: [{name: id, type: string}]\n").on(df))
        .isInstanceOf(SchemaMismatchException.class).hasMessageContaining("'extra'").hasMessageContaining("extra_columns: fail");
  }

  @Test
  void aMissingColumnStopsTheRunNamingTheColumnAndTheContract(SparkSession spark) {
    assertThatThrownBy(() -> enforcer("columns: [{name: id, type: string}, {name: amount, type: int}]\n")
        .on(sql(spark, "SELECT 'a' AS id")))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("'amount'").hasMessageContaining("t.yaml").hasMessageContaining("columns found: 'id'");
  }

  @Test
  void aDataColumnNamedLikeTheEnginesOwnStopsTheRun(SparkSession spark) {
    // Kept, it would clash with the quarantine's _dq_errors (or, named __dq_…, with the plan's working columns).
    assertThatThrownBy(() -> enforcer("columns: [{name: id, type: string}]\n")
        .on(sql(spark, "SELECT 'a' AS id, 'x' AS _DQ_errors")))
        .isInstanceOf(SchemaMismatchException.class).hasMessageContaining("'_DQ_errors'")
        .hasMessageContaining("a name the engine keeps for its own columns");
  }

  @Test
  void columnsAreMatchedIgnoringCaseAsSparkDoes(SparkSession spark) {
    Outcome o = run(enforcer("columns: [{name: order_id, type: int}]\n").on(sql(spark, "SELECT '7' AS ORDER_ID")));
    assertThat(o.valid()).singleElement().satisfies(r -> assertThat(r.getInt(0)).isEqualTo(7));
  }

  @Test
  void typedInputOfTheDeclaredTypeIsTakenAsIs(SparkSession spark) {
    Outcome o = run(enforcer("columns: [{name: n, type: long}, {name: d, type: date}]\n")
        .on(sql(spark, "SELECT CAST(5 AS BIGINT) AS n, DATE'2024-01-31' AS d")));
    assertThat(o.valid()).singleElement().satisfies(r -> assertThat(r.getLong(0)).isEqualTo(5L));
    assertThat(o.report().rowsQuarantined()).isZero();
  }

  @Test
  void theReportWaitsForBothOutputs(SparkSession spark) {
    Enforcement e = enforcer("columns: [{name: id, type: string}]\n").on(sql(spark, "SELECT 'a' AS id"));
    e.valid().collectAsList();
    assertThatThrownBy(() -> e.report(java.time.Duration.ofMillis(200))).isInstanceOf(IllegalStateException.class).hasMessageContaining("quarantine()");
  }

  @Test
  void quarantineRowsCarryTheRunIdAndTime(SparkSession spark) {
    Outcome o = run(enforcer("columns: [{name: n, type: int}]\n").withRunId("run-42").on(sql(spark, "SELECT 'x' AS n")));
    assertThat(o.quarantine()).singleElement().satisfies(q -> {
      assertThat(q.<String>getAs("_dq_run_id")).isEqualTo("run-42");
      assertThat(q.<java.sql.Timestamp>getAs("_dq_quarantined_at")).isNotNull();
      assertThat(q.<String>getAs("_dq_raw")).isNull();
    });
    assertThat(o.report().runId()).isEqualTo("run-42");
  }

  /** What the source says a row's flag is; the test changes it between two passes over the "same" data. */
  static volatile boolean sourceSaysOk = true;

  @Test
  void outputsThatDoNotAddUpToTheInputFailTheRunLoudly(SparkSession spark) {
    // A source that answers differently each time it is read (a table rewritten under a running job, say).
    org.apache.spark.sql.expressions.UserDefinedFunction flag = org.apache.spark.sql.functions.udf(
        (org.apache.spark.sql.api.java.UDF0<Boolean>) () -> sourceSaysOk, DataTypes.BooleanType).asNondeterministic();
    Dataset<Row> df = spark.range(0, 100).withColumn("ok", flag.apply());
    Enforcement e = enforcer("columns: [{name: id, type: long}, {name: ok, type: boolean, checks: [{allowed_values: [true]}]}]\n")
        .on(df);
    try {
      sourceSaysOk = true;
      assertThat(e.valid().count()).isEqualTo(100);
      sourceSaysOk = false;
      assertThat(e.quarantine().count()).isEqualTo(100);
    } finally {
      sourceSaysOk = true;
    }
    assertThatThrownBy(e::report).isInstanceOf(ConservationException.class)
        .hasMessageContaining("does not add up: rows_in=100, valid rows written=100, quarantined rows written=100")
        .hasMessageContaining("the run is failed");
  }
}
