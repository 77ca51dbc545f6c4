package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.audit.AuditRecord;
import io.sluice.audit.FileAuditSink;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.spark.commit.Staging;
import io.sluice.testkit.LocalSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalSpark.class)
class TransitionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORDERS = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.2.0
      layer: silver
      source: bronze
      columns:
        - {name: order_id, type: string, required: true, unique: true}
        - {name: amount, type: 'decimal(8,2)', checks: [{range: {min: 0}}]}
        - {name: placed_on, type: date}
      """;
  private static final String CSV = """
      order_id,amount,placed_on
      o1,10.50,2026-11-01
      o2,abc,2026-11-02
      o3,-1.00,2026-11-03
      o4,7.25,2026-11-04,surplus
      o5,3.00,2026-11-05
      """;

  private static Contract contract(Path dir, String yaml) throws IOException {
    Path file = dir.resolve("contract.yaml");
    Files.writeString(file, yaml);
    return ContractLoader.withDiscoveredValidators().load(file);
  }

  private static Path write(Path dir, String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static List<JsonNode> audit(Path dir) throws IOException {
    return Files.readAllLines(dir.resolve(FileAuditSink.FILE_NAME)).stream().map(l -> {
      try {
        return JSON.readTree(l);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  private static long dataFiles(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(p -> !dir.relativize(p).toString().startsWith("_")).count();
    }
  }

  @Test
  void aCsvTransitionWritesValidRowsQuarantineAndOneAuditLine(SparkSession spark, @TempDir Path dir) throws Exception {
    Path in = write(dir, "orders.csv", CSV);
    TransitionResult r = Transition.of(contract(dir, ORDERS)).from(in.toString())
        .to(dir.resolve("silver").toString()).quarantineTo(dir.resolve("quarantine").toString())
        .auditTo(dir.resolve("audit")).run(spark);

    assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    List<Row> valid = spark.read().parquet(dir.resolve("silver").toString()).collectAsList();
    assertThat(valid).extracting(v -> v.getString(0)).containsExactlyInAnyOrder("o1", "o5");
    assertThat(spark.read().parquet(dir.resolve("silver").toString()).schema().apply("amount").dataType())
        .isEqualTo(DataTypes.createDecimalType(8, 2));
    List<Row> quarantined = spark.read().parquet(dir.resolve("quarantine").toString()).collectAsList();
    assertThat(quarantined).extracting(q -> q.<String>getAs("order_id")).containsExactlyInAnyOrder("o2", "o3", "o4");
    assertThat(quarantined).filteredOn(q -> q.getAs("_dq_raw") != null).singleElement()
        .satisfies(q -> assertThat(q.<String>getAs("_dq_raw")).isEqualTo("o4,7.25,2026-11-04,surplus"));

    JsonNode line = audit(dir.resolve("audit")).get(0);
    assertThat(line.path("rows_in").asLong()).isEqualTo(5);
    assertThat(line.path("rows_valid").asLong()).isEqualTo(2);
    assertThat(line.path("rows_quarantined").asLong()).isEqualTo(3);
    assertThat(line.path("rows_in").asLong())
        .isEqualTo(line.path("rows_valid").asLong() + line.path("rows_quarantined").asLong());
    assertThat(line.path("transition").asText()).isEqualTo("bronze->silver");
    assertThat(line.path("contract_version").asText()).isEqualTo("1.2.0");
    assertThat(line.path("contract_sha256").asText()).hasSize(64);
    assertThat(line.path("status").asText()).isEqualTo("FAILED");
    assertThat(line.path("error_rate").asDouble()).isEqualTo(0.6);
    assertThat(line.path("spark_app_id").asText()).isEqualTo(spark.sparkContext().applicationId());
    assertThat(line.path("spark_master").asText()).isEqualTo(spark.sparkContext().master());
    for (String field : List.of("run_id", "contract_id", "source", "target", "quarantine", "started_at", "finished_at",
        "duration_ms", "rows_warned", "throughput_rows_per_s", "checks", "dataset_checks", "user", "prev_sha256", "sha256")) {
      assertThat(line.has(field)).as(field).isTrue();
    }
    assertThat(line.path("checks")).anySatisfy(c -> {
      assertThat(c.path("id").asText()).isEqualTo("amount.type");
      assertThat(c.path("failed_rows").asLong()).isEqualTo(1);
    });
    assertThat(FileAuditSink.verify(dir.resolve("audit")).intact()).isTrue();
    assertThat(dir.resolve("silver").resolve(Staging.STAGING)).isEmptyDirectory();
  }

  @Test
  void theAuditRecordsTheLagAFreshnessCheckMeasured(SparkSession spark, @TempDir Path dir) throws Exception {
    Path in = write(dir, "orders.csv", CSV);
    Transition.of(contract(dir, ORDERS + "dataset_checks:\n  - freshness: { column: placed_on, max_age: 36500d }\n"))
        .from(in.toString()).to(dir.resolve("silver").toString()).quarantineTo(dir.resolve("quarantine").toString())
        .auditTo(dir.resolve("audit")).run(spark);
    Transition.of(contract(dir, ORDERS)).from(in.toString()).to(dir.resolve("silver2").toString())
        .quarantineTo(dir.resolve("quarantine2").toString()).auditTo(dir.resolve("audit2")).run(spark);
    // The newest placed_on is 2026-11-05: its lag when the run started, in seconds (within a day: time zones).
    double lag = audit(dir.resolve("audit")).get(0).path("freshness_lag_s").asDouble();
    double since = java.time.Duration.between(java.time.LocalDate.parse("2026-11-05").atStartOfDay(java.time.ZoneOffset.UTC)
        .toInstant(), java.time.Instant.now()).toSeconds();
    assertThat(lag).isBetween(since - 86_400, since + 86_400);
    assertThat(audit(dir.resolve("audit2")).get(0).has("freshness_lag_s")).isFalse();
  }

  @Test
  void quarantinedRowsCarryTheirRunsIdAndTimeAsTheWriterSuppliesThem(SparkSession spark, @TempDir Path dir) throws Exception {
    Path in = write(dir, "orders.csv", CSV);
    TransitionResult r = Transition.of(contract(dir, ORDERS)).from(in.toString()).to(dir.resolve("silver").toString())
        .quarantineTo(dir.resolve("quarantine").toString()).auditTo(dir.resolve("audit")).withRunId("run-7").run(spark);
    org.apache.spark.sql.Dataset<Row> q = spark.read().parquet(dir.resolve("quarantine").toString());
    assertThat(q.schema().apply("_dq_run_id").dataType()).isEqualTo(DataTypes.StringType);
    assertThat(q.schema().apply("_dq_quarantined_at").dataType()).isEqualTo(DataTypes.TimestampType);
    List<Row> rows = q.collectAsList();
    assertThat(rows).hasSize(3).allSatisfy(row -> assertThat(row.<String>getAs("_dq_run_id")).isEqualTo("run-7"));
    JsonNode line = audit(dir.resolve("audit")).get(0);
    java.time.Instant started = java.time.Instant.parse(line.path("started_at").asText());
    java.time.Instant finished = java.time.Instant.parse(line.path("finished_at").asText());
    assertThat(rows).extracting(row -> row.<java.sql.Timestamp>getAs("_dq_quarantined_at").toInstant())
        .allSatisfy(at -> assertThat(at).isBetween(started.truncatedTo(java.time.temporal.ChronoUnit.MILLIS), finished))
        .containsOnly(rows.get(0).<java.sql.Timestamp>getAs("_dq_quarantined_at").toInstant());
    assertThat(line.path("run_id").asText()).isEqualTo("run-7");
  }

  @Test
  void theWritersCountEachChecksFailuresAsTheObservationDoes(SparkSession spark, @TempDir Path dir) throws Exception {
    // A transition's writers count each check's failures; validation counts them in its observation. Same data,
    // same counts: error and warn checks, on quarantined rows and on valid rows with a warning, and malformed lines.
    Contract c = contract(dir, """
        apiVersion: sluice/v1
        kind: DataContract
        id: counted
        version: 1.0.0
        layer: silver
        source: bronze
        columns:
          - {name: id, type: string, required: true, unique: true}
          - {name: amount, type: 'decimal(8,2)', checks: [{range: {min: 0}}, {range: {max: 100}, severity: warn, name: amount_high}]}
          - {name: email, type: string, checks: [{pattern: '^[^@]+@[^@]+$', severity: warn}]}
        """);
    StringBuilder csv = new StringBuilder("id,amount,email\n");
    for (int i = 0; i < 200; i++) {
      String id = i % 50 == 7 ? "dup" : "i" + i;
      String amount = i % 13 == 0 ? "-1" : i % 11 == 0 ? "250" : i % 17 == 0 ? "x" : String.valueOf(i % 90);
      String email = i % 5 == 0 ? "nobody" : "u" + i + "@x.org";
      csv.append(id).append(',').append(amount).append(',').append(email).append(i % 41 == 3 ? ",extra" : "").append('\n');
    }
    Path in = write(dir, "counted.csv", csv.toString());
    TransitionResult written = Transition.of(c).from(in.toString()).to(dir.resolve("out").toString())
        .quarantineTo(dir.resolve("q").toString()).run(spark);
    io.sluice.report.RunReport observed = Sluice.enforce(c).on(Input.of(in.toString()).read(spark, c)).validate();
    assertThat(written.report().checks()).isEqualTo(observed.checks());
    assertThat(written.report().rowsWarned()).isEqualTo(observed.rowsWarned()).isPositive();
    assertThat(written.report().checks()).filteredOn(r -> !r.id().equals("id.required"))
        .extracting(io.sluice.report.CheckResult::id)
        .containsExactlyInAnyOrder("amount.type", "id.unique", "amount.range", "amount_high", "email.pattern");
    assertThat(written.report().checks()).filteredOn(r -> !r.id().equals("id.required"))
        .allSatisfy(r -> assertThat(r.failedRows()).as(r.id()).isPositive());
    assertThat(written.report().rowsMalformed()).isEqualTo(5);
  }

  @Test
  void theWrittenQuarantineHasTheReasonsTheQuarantineDatasetHas(SparkSession spark, @TempDir Path dir) throws Exception {
    // The split writers build each row's reasons from its bits; the Java API's quarantine() builds them with
    // Spark expressions. Same rows, same reasons, in the same order: malformed lines, several failures per row,
    // and more checks than one mask holds (70 here: bits of two masks).
    StringBuilder yaml = new StringBuilder("""
        apiVersion: sluice/v1
        kind: DataContract
        id: many
        version: 1.0.0
        layer: silver
        source: bronze
        columns:
          - {name: id, type: string, required: true}
          - name: v
            type: int
            checks:
        """);
    for (int k = 0; k < 70; k++) {
      yaml.append("      - {range: {min: ").append(k).append("}, name: v_min_").append(k).append("}\n");
    }
    Contract c = contract(dir, yaml.toString());
    StringBuilder csv = new StringBuilder("id,v\n");
    for (int i = 0; i < 100; i++) {
      csv.append(i % 9 == 4 ? "" : "i" + i).append(',').append(i % 23 == 5 ? "x" : String.valueOf(i - 10))
          .append(i % 31 == 2 ? ",extra" : "").append('\n');
    }
    Path in = write(dir, "many.csv", csv.toString());
    TransitionResult written = Transition.of(c).from(in.toString()).to(dir.resolve("out").toString())
        .quarantineTo(dir.resolve("q").toString()).run(spark);
    List<String> fromWriters = reasonsByRow(spark.read().parquet(dir.resolve("q").toString()));
    List<String> fromExpressions = reasonsByRow(Sluice.enforce(c).on(Input.of(in.toString()).read(spark, c)).quarantine());
    assertThat(fromWriters).isEqualTo(fromExpressions).hasSize((int) written.report().rowsQuarantined());
    assertThat(fromWriters).anySatisfy(r -> assertThat(r).contains("|v_min_0,v_min_1,").contains("v_min_69|"));
    assertThat(fromWriters).anySatisfy(r -> assertThat(r).contains("_record.malformed"));
    assertThat(fromWriters).anySatisfy(r -> assertThat(r).contains("v.type"));
    assertThat(written.report().checks()).filteredOn(r -> r.id().equals("v_min_69")).singleElement()
        .satisfies(r -> assertThat(r.failedRows()).isEqualTo(
            fromWriters.stream().filter(x -> x.contains("v_min_69|")).count()));
  }

  /** Each quarantined row as text: its raw record, then its reasons in order; sorted. */
  private static List<String> reasonsByRow(Dataset<Row> quarantine) {
    return quarantine.selectExpr("concat_ws('|', _dq_raw, id, v, array_join(transform(_dq_errors, e -> e.check), ','),"
        + " to_json(_dq_errors))").collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
  }

  @Test
  void reRunningTheSameInputWritesNothingTwice(SparkSession spark, @TempDir Path dir) throws Exception {
    Path in = write(dir, "orders.csv", CSV);
    Transition t = Transition.of(contract(dir, ORDERS)).from(in.toString()).to(dir.resolve("silver").toString())
        .quarantineTo(dir.resolve("q").toString()).auditTo(dir.resolve("audit"));
    t.run(spark);
    TransitionResult again = t.run(spark);

    assertThat(again.outcome()).isEqualTo(AuditRecord.Outcome.SKIPPED);
    assertThat(spark.read().parquet(dir.resolve("silver").toString()).count()).isEqualTo(2);
    assertThat(spark.read().parquet(dir.resolve("q").toString()).count()).isEqualTo(3);
    assertThat(audit(dir.resolve("audit"))).extracting(j -> j.path("outcome").asText()).containsExactly("COMMITTED", "SKIPPED");

    Files.writeString(in, CSV + "o6,1.00,2026-11-06\n"); // a new batch appends
    assertThat(t.run(spark).outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(spark.read().parquet(dir.resolve("silver").toString()).count()).isEqualTo(5);
  }

  @Test
  void aFailedErrorDatasetCheckAbortsTheRunAndWritesNothing(SparkSession spark, @TempDir Path dir) throws Exception {
    Path in = write(dir, "orders.csv", CSV);
    Contract c = contract(dir, ORDERS + "dataset_checks:\n  - row_count: {min: 100}\n");
    TransitionResult r = Transition.of(c).from(in.toString()).to(dir.resolve("silver").toString())
        .quarantineTo(dir.resolve("q").toString()).auditTo(dir.resolve("audit")).run(spark);

    assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.ABORTED);
    assertThat(r.audit().reason()).hasValueSatisfying(m -> assertThat(m).contains("dataset.row_count"));
    assertThat(dataFiles(dir.resolve("silver"))).isZero();
    assertThat(dataFiles(dir.resolve("q"))).isZero();
    assertThat(audit(dir.resolve("audit")).get(0).path("status").asText()).isEqualTo("FAILED");
  }

  @Test
  void aWarnDatasetCheckIsReportedAndTheRunCommits(SparkSession spark, @TempDir Path dir) throws Exception {
    Path in = write(dir, "orders.csv", CSV);
    Contract c = contract(dir, ORDERS + "dataset_checks:\n  - row_count: {min: 100}\n    severity: warn\n");
    TransitionResult r = Transition.of(c).from(in.toString()).to(dir.resolve("silver").toString()).run(spark);
    assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(r.report().datasetChecks()).singleElement().satisfies(d -> assertThat(d.passed()).isFalse());
  }

  @Test
  void anErrorRateAboveTheMaximumAbortsTheRun(SparkSession spark, @TempDir Path dir) throws Exception {
    Path in = write(dir, "orders.csv", CSV);
    TransitionResult r = Transition.of(contract(dir, ORDERS)).from(in.toString()).to(dir.resolve("silver").toString())
        .maxErrorRate(0.5).run(spark);
    assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.ABORTED);
    assertThat(r.audit().reason().orElseThrow()).contains("0.6000 exceeds the maximum 0.5000");
    assertThat(dataFiles(dir.resolve("silver"))).isZero();
  }

  @Test
  void aMissingColumnStopsTheRunBeforeAnythingIsWritten(SparkSession spark, @TempDir Path dir) throws Exception {
    Path in = write(dir, "orders.csv", "order_id,amount\no1,1.00\n");
    Transition t = Transition.of(contract(dir, ORDERS)).from(in.toString()).to(dir.resolve("silver").toString())
        .auditTo(dir.resolve("audit"));
    assertThatThrownBy(() -> t.run(spark)).isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("'placed_on'").hasMessageContaining("contract.yaml");
    assertThat(dataFiles(dir.resolve("silver"))).isZero();
    assertThat(audit(dir.resolve("audit")).get(0).path("outcome").asText()).isEqualTo("ABORTED");
  }

  @Test
  void aMissingInputIsAClearError(SparkSession spark, @TempDir Path dir) throws Exception {
    Transition t = Transition.of(contract(dir, ORDERS)).from(dir.resolve("nope.csv").toString())
        .to(dir.resolve("silver").toString());
    assertThatThrownBy(() -> t.run(spark)).isInstanceOf(InputException.class)
        .hasMessage("no such file or folder: " + dir.resolve("nope.csv"));
  }

  @Test
  void jsonLinesAreReadAsTextSoTypesAreStrictAndBadLinesAreKept(SparkSession spark, @TempDir Path dir) throws Exception {
    Path in = write(dir, "orders.json", """
        {"order_id": "o1", "amount": 10.5, "placed_on": "2026-11-01"}
        {"order_id": "o2", "amount": "12abc", "placed_on": "2026-11-02"}
        {"order_id": "o3", "amount": 1
        {"order_id": "o4", "amount": 2, "placed_on": "2026-11-04", "note": "extra"}
        """);
    TransitionResult r = Transition.of(contract(dir, ORDERS)).from(in.toString()).to(dir.resolve("silver").toString())
        .quarantineTo(dir.resolve("q").toString()).run(spark);
    assertThat(r.report().rowsIn()).isEqualTo(4);
    assertThat(r.report().rowsMalformed()).isEqualTo(1);
    List<Row> valid = spark.read().parquet(dir.resolve("silver").toString()).collectAsList();
    assertThat(valid).extracting(v -> v.<String>getAs("order_id")).containsExactlyInAnyOrder("o1", "o4");
    assertThat(spark.read().parquet(dir.resolve("silver").toString()).columns()).contains("note"); // extra_columns: keep
  }

  @Test
  void parquetOrcAndDeltaInputsAreReadAsTheyAre(SparkSession spark, @TempDir Path dir) throws Exception {
    Contract c = contract(dir, ORDERS);
    var df = spark.sql("SELECT 'o1' AS order_id, CAST(1.5 AS DECIMAL(8,2)) AS amount, DATE'2026-11-01' AS placed_on"
        + " UNION ALL SELECT 'o1', CAST(2 AS DECIMAL(8,2)), DATE'2026-11-02'");
    for (Format f : List.of(Format.PARQUET, Format.ORC, Format.DELTA)) {
      String in = dir.resolve("in-" + f.sparkName()).toString();
      df.write().format(f.sparkName()).save(in);
      assertThat(Input.infer(in)).contains(f);
      TransitionResult r = Transition.of(c).from(in).to(dir.resolve("out-" + f.sparkName()).toString()).run(spark);
      assertThat(r.report().rowsQuarantined()).as(f.name()).isEqualTo(2); // o1 twice: both rows fail order_id.unique
    }
  }

  @Test
  void aDeltaTargetCommitsThroughItsLogAndIsIdempotent(SparkSession spark, @TempDir Path dir) throws Exception {
    Path in = write(dir, "orders.csv", CSV);
    Transition t = Transition.of(contract(dir, ORDERS)).from(in.toString())
        .to(dir.resolve("silver").toString(), Format.DELTA).quarantineTo(dir.resolve("q").toString());
    assertThat(t.run(spark).outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(dir.resolve("silver").resolve("_delta_log")).isDirectory();
    assertThat(spark.read().format("delta").load(dir.resolve("silver").toString()).count()).isEqualTo(2);
    assertThat(spark.read().format("delta").load(dir.resolve("q").toString()).count()).isEqualTo(3);

    // As if the first run had been killed after its Delta commits but before it marked the batch done: both
    // tables have seen the batch's Delta transaction, so the re-run commits nothing.
    Files.walk(dir.resolve("silver").resolve(Staging.STATE)).sorted(java.util.Comparator.reverseOrder())
        .forEach(p -> p.toFile().delete());
    TransitionResult again = t.run(spark);
    assertThat(again.outcome()).isEqualTo(AuditRecord.Outcome.SKIPPED);
    assertThat(again.audit().reason()).hasValueSatisfying(r -> assertThat(r).contains("both Delta tables hold"));
    assertThat(spark.read().format("delta").load(dir.resolve("silver").toString()).count()).isEqualTo(2);
    assertThat(spark.read().format("delta").load(dir.resolve("q").toString()).count()).isEqualTo(3);
  }

  @Test
  void aCommitInterruptedDuringItsRenamesIsCompletedByTheNextRun(SparkSession spark, @TempDir Path dir) throws Exception {
    Path silver = dir.resolve("silver");
    Path q = dir.resolve("q");
    Staging staging = new Staging(spark.sparkContext().hadoopConfiguration(), silver.toString(), q.toString());
    spark.range(3).write().parquet(staging.stagedTarget("r1").toString());
    spark.range(2).write().parquet(staging.stagedQuarantine("r1").toString());
    staging.commitFiles("r1", "b1", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
    assertThat(spark.read().parquet(silver.toString()).count()).isEqualTo(3);
    assertThat(staging.committedBy("b1")).contains("r1");

    spark.range(4).write().parquet(staging.stagedTarget("r2").toString());
    spark.range(1).write().parquet(staging.stagedQuarantine("r2").toString());
    // The state a run killed after writing its intent, before or during its renames, leaves behind:
    Path intent = Path.of(staging.writeIntent("r2", "b2", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()).toUri().getPath());
    assertThat(spark.read().parquet(silver.toString()).count()).isEqualTo(3);
    staging.recover();
    assertThat(spark.read().parquet(silver.toString()).count()).isEqualTo(7);
    assertThat(spark.read().parquet(q.toString()).count()).isEqualTo(3);
    assertThat(staging.committedBy("b2")).contains("r2");
    assertThat(intent).doesNotExist();
  }

  @Test
  void stagingThatNoCommitUsesIsRemovedByTheNextRun(SparkSession spark, @TempDir Path dir) throws Exception {
    Path silver = dir.resolve("silver");
    Staging staging = new Staging(spark.sparkContext().hadoopConfiguration(), silver.toString(), dir.resolve("q").toString());
    spark.range(3).write().parquet(staging.stagedTarget("killed").toString());
    staging.recover();
    assertThat(dataFiles(silver)).isZero();
    assertThat(silver.resolve(Staging.STAGING)).isEmptyDirectory();
  }

  @Test
  void aCsvLineWithAWrongFieldCountIsMalformedEvenWhenAColumnGoesUnused(SparkSession spark, @TempDir Path dir)
      throws Exception {
    // 'note' is never read (string, no checks, dropped by extra_columns): Spark would prune it from parsing.
    Path in = write(dir, "o.csv", "order_id,note\no1,a\no2,b,surplus\n");
    Contract c = contract(dir, """
        apiVersion: sluice/v1
        kind: DataContract
        id: o
        version: 1.0.0
        layer: silver
        schema: {extra_columns: drop}
        columns: [{name: order_id, type: string}]
        """);
    TransitionResult r = Transition.of(c).from(in.toString()).to(dir.resolve("s").toString()).run(spark);
    assertThat(r.report().rowsMalformed()).isEqualTo(1);
    assertThat(r.report().rowsValid()).isEqualTo(1);
  }
}
