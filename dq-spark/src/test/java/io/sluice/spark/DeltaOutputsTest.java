package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.audit.AuditRecord;
import io.sluice.audit.FileAuditSink;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.report.RunReport;
import io.sluice.spark.Format;
import io.sluice.spark.Transition;
import io.sluice.spark.TransitionResult;
import io.sluice.spark.commit.DeltaOutputs;
import io.sluice.spark.commit.Staging;
import io.sluice.spark.internal.DeltaCommit;
import io.sluice.spark.internal.SplitParquetFormat;
import io.sluice.testkit.LocalSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Delta target and quarantine written by the split itself: its files committed through each table's real Delta
 * log, once per batch, whatever stops a run.
 */
@ExtendWith(LocalSpark.class)
class DeltaOutputsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORDERS = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      columns:
        - {name: id, type: long, required: true}
        - {name: amount, type: double, checks: [{range: {min: 0}}]}
      """;

  @TempDir Path dir;

  private Contract contract(String yaml) throws IOException {
    Path file = dir.resolve("orders.yaml");
    Files.writeString(file, yaml);
    return ContractLoader.withDiscoveredValidators().load(file);
  }

  private String silver() {
    return dir.resolve("silver").toString();
  }

  private String quarantine() {
    return dir.resolve("quarantine").toString();
  }

  private Transition transition(Contract c) {
    return Transition.of(c).to(silver(), Format.DELTA).quarantineTo(quarantine()).auditTo(dir.resolve("audit"));
  }

  /** Orders {@code from}.. in one partition per 50 rows; every fifth has a negative amount (quarantined). */
  private static Dataset<Row> orders(SparkSession spark, long from, long rows) {
    return spark.range(from, from + rows, 1, (int) Math.max(1, rows / 50))
        .selectExpr("id", "CAST(IF(id % 5 = 0, -1, id) AS DOUBLE) AS amount");
  }

  private static long rows(SparkSession spark, String table) {
    return spark.read().format("delta").load(table).count();
  }

  /** Each commit of a table's log (the files of {@code _delta_log}, in order), as its lines of actions. */
  private static List<List<JsonNode>> commits(String table) throws IOException {
    List<List<JsonNode>> commits = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of(table, "_delta_log"))) {
      for (Path p : s.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).sorted().toList()) {
        List<JsonNode> actions = new ArrayList<>();
        for (String line : Files.readAllLines(p)) {
          actions.add(JSON.readTree(line));
        }
        commits.add(actions);
      }
    }
    return commits;
  }

  /** The actions of one kind ({@code add}, {@code remove}, {@code txn}, {@code metaData}) in all of a table's commits. */
  private static List<JsonNode> actions(String table, String kind) throws IOException {
    List<JsonNode> found = new ArrayList<>();
    for (List<JsonNode> commit : commits(table)) {
      commit.stream().filter(a -> a.has(kind)).map(a -> a.get(kind)).forEach(found::add);
    }
    return found;
  }

  /** The data files (not checksums) in a folder. */
  private static List<String> filesIn(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".") && !n.startsWith("_")).sorted()
          .toList();
    }
  }

  private List<JsonNode> audit() throws IOException {
    List<JsonNode> records = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("audit").resolve(FileAuditSink.FILE_NAME))) {
      records.add(JSON.readTree(line));
    }
    return records;
  }

  @Test
  void theFilesEachTablesLogCommitsAreTheFilesTheSplitWroteIntoItsFolder(SparkSession spark) throws Exception {
    TransitionResult r = transition(contract(ORDERS)).from(orders(spark, 0, 200), "orders").batch("b1").run(spark);
    assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(r.report().rowsValid()).isEqualTo(160);
    assertThat(r.report().rowsQuarantined()).isEqualTo(40);

    // Each log adds exactly the files in the table's folder of this run — the split's own, as their names say
    // (Delta's writer names no file q-…) — with their sizes, times and row counts: no copy was made of them.
    String run = DeltaOutputs.folder(r.report().runId());
    for (String table : List.of(silver(), quarantine())) {
      List<JsonNode> adds = actions(table, "add");
      List<String> onDisk = filesIn(Path.of(table, run));
      assertThat(onDisk).isNotEmpty();
      assertThat(adds).extracting(a -> a.get("path").asText())
          .containsExactlyInAnyOrderElementsOf(onDisk.stream().map(f -> run + "/" + f).toList());
      for (JsonNode a : adds) {
        Path file = Path.of(table, a.get("path").asText());
        assertThat(a.get("size").asLong()).isEqualTo(Files.size(file));
        assertThat(a.get("modificationTime").asLong()).isEqualTo(Files.getLastModifiedTime(file).toMillis());
        assertThat(a.get("dataChange").asBoolean()).isTrue();
      }
    }
    assertThat(actions(silver(), "add")).extracting(a -> a.get("path").asText())
        .allMatch(p -> p.startsWith(run + "/part-"));
    assertThat(actions(quarantine(), "add")).extracting(a -> a.get("path").asText())
        .allMatch(p -> p.startsWith(run + "/" + SplitParquetFormat.QUARANTINE_FILE_PREFIX + "part-"));
    assertThat(actions(silver(), "add").stream().mapToLong(DeltaOutputsTest::numRecords).sum()).isEqualTo(160);
    assertThat(actions(quarantine(), "add").stream().mapToLong(DeltaOutputsTest::numRecords).sum()).isEqualTo(40);
    assertThat(actions(silver(), "txn")).singleElement()
        .satisfies(t -> assertThat(t.get("appId").asText()).isEqualTo("sluice-b1"));
    assertThat(actions(quarantine(), "txn")).singleElement()
        .satisfies(t -> assertThat(t.get("appId").asText()).isEqualTo("sluice-b1"));
    assertThat(rows(spark, silver())).isEqualTo(160);
    assertThat(rows(spark, quarantine())).isEqualTo(40);
    assertThat(spark.read().format("delta").load(quarantine()).columns()).contains("id", "amount", "_dq_errors");
  }

  private static long numRecords(JsonNode add) {
    try {
      return JSON.readTree(add.get("stats").asText()).get("numRecords").asLong();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aBatchBothTablesHoldAddsNoVersionWhenItRunsAgain(SparkSession spark) throws Exception {
    Contract c = contract(ORDERS);
    transition(c).from(orders(spark, 0, 100), "orders").batch("b1").run(spark);
    int targetVersions = commits(silver()).size();
    int quarantineVersions = commits(quarantine()).size();

    // As if the run had stopped after both commits, before it marked the batch done: only Delta knows.
    try (Stream<Path> s = Files.walk(Path.of(silver(), Staging.STATE, "batches"))) {
      s.filter(Files::isRegularFile).forEach(p -> p.toFile().delete());
    }
    TransitionResult again = transition(c).from(orders(spark, 0, 100), "orders").batch("b1").run(spark);

    assertThat(again.outcome()).isEqualTo(AuditRecord.Outcome.SKIPPED);
    assertThat(commits(silver())).hasSize(targetVersions);
    assertThat(commits(quarantine())).hasSize(quarantineVersions);
    assertThat(rows(spark, silver())).isEqualTo(80);
    assertThat(rows(spark, quarantine())).isEqualTo(20);
    // The second run's files, which no log took, are gone.
    String second = DeltaOutputs.folder(again.report().runId());
    assertThat(Path.of(silver(), second)).doesNotExist();
    assertThat(Path.of(quarantine(), second)).doesNotExist();
  }

  /**
   * What a run that stops after its target's commit and before its quarantine's leaves: its files in both tables,
   * its record naming both commits, and only the target's made.
   */
  private RunReport stopBetweenCommits(SparkSession spark, Contract c, Dataset<Row> df, String batch, String run) {
    DeltaOutputs outputs = new DeltaOutputs(spark, new Staging(spark.sparkContext().hadoopConfiguration(), silver(),
        quarantine()), silver(), quarantine());
    Enforcement e = Sluice.enforce(c).withRunId(run).on(df);
    outputs.begin(run);
    StructType[] written = new StructType[2];
    e.writeSplit(outputs.targetFolder(run).toString(), outputs.quarantineFolder(run).toString(), (v, q) -> {
      written[0] = v;
      written[1] = q;
    });
    RunReport report = e.report();
    ObjectNode about = JSON.createObjectNode();
    about.put("source", "orders");
    about.put("rows_in", report.rowsIn());
    about.put("rows_valid", report.rowsValid());
    about.put("rows_quarantined", report.rowsQuarantined());
    DeltaOutputs.Intent intent = outputs.intend(run, batch, "sluice-" + batch, 0, written[0], written[1],
        e.rowsPerFile(), false, about);
    assertThat(intent.commitTarget()).isEqualTo(DeltaCommit.Outcome.COMMITTED);
    return report;
  }

  @Test
  void aRunStoppedBetweenItsTwoCommitsIsCompletedByTheReRunWithEveryRowOnce(SparkSession spark) throws Exception {
    Contract c = contract(ORDERS);
    transition(c).from(orders(spark, 1000, 50), "orders").batch("b0").run(spark); // both tables exist before
    Staging staging = new Staging(spark.sparkContext().hadoopConfiguration(), silver(), quarantine());
    TransitionResult rerun;
    try (Staging.Lease stopped = staging.lease("stopped")) { // killed a moment ago: its lease has not expired yet
      stopBetweenCommits(spark, c, orders(spark, 0, 100), "b1", "stopped");
      assertThat(rows(spark, silver())).isEqualTo(40 + 80);
      assertThat(rows(spark, quarantine())).isEqualTo(10);

      rerun = transition(c).from(orders(spark, 0, 100), "orders").batch("b1").run(spark);
    }
    assertThat(rerun.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(rerun.audit().reason()).hasValueSatisfying(r -> assertThat(r)
        .contains("the target held this input batch already").contains("committed the quarantine only"));
    assertThat(rows(spark, silver())).isEqualTo(40 + 80);
    assertThat(rows(spark, quarantine())).isEqualTo(10 + 20);
    Dataset<Row> both = spark.read().format("delta").load(silver()).select("id")
        .union(spark.read().format("delta").load(quarantine()).select("id"));
    assertThat(both.distinct().count()).isEqualTo(150);
    assertThat(Path.of(silver(), DeltaOutputs.folder(rerun.report().runId()))).doesNotExist();

    // Once the stopped run's lease is gone, the next run cleans up after it: its target files are in the log and
    // stay; its quarantine files, which no log took (the re-run committed its own), are deleted.
    assertThat(transition(c).from(orders(spark, 2000, 10), "orders").batch("b2").run(spark).outcome())
        .isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(filesIn(Path.of(silver(), "stopped"))).isNotEmpty();
    assertThat(Path.of(quarantine(), "stopped")).doesNotExist();
    assertThat(Path.of(silver(), Staging.STATE, "delta-stopped.json")).doesNotExist();
    assertThat(rows(spark, silver()) + rows(spark, quarantine())).isEqualTo(160);
    assertThat(audit()).extracting(a -> a.path("run_id").asText()).doesNotContain("stopped");
  }

  @Test
  void aRunStoppedBetweenItsTwoCommitsIsCompletedByTheNextRunOnceItsLeaseIsGone(SparkSession spark) throws Exception {
    Contract c = contract(ORDERS);
    RunReport stopped = stopBetweenCommits(spark, c, orders(spark, 0, 100), "b1", "stopped"); // no lease: gone

    TransitionResult rerun = transition(c).from(orders(spark, 0, 100), "orders").batch("b1").run(spark);

    List<JsonNode> records = audit();
    assertThat(records).hasSize(2);
    assertThat(records.get(0).path("run_id").asText()).isEqualTo("stopped");
    assertThat(records.get(0).path("outcome").asText()).isEqualTo("COMMITTED");
    assertThat(records.get(0).path("rows_quarantined").asLong()).isEqualTo(stopped.rowsQuarantined());
    assertThat(records.get(0).path("reason").asText()).contains("stopped during its commit");
    assertThat(rerun.outcome()).isEqualTo(AuditRecord.Outcome.SKIPPED);
    assertThat(rows(spark, silver())).isEqualTo(80);
    assertThat(rows(spark, quarantine())).isEqualTo(20);
    assertThat(actions(quarantine(), "add")).allMatch(a -> a.get("path").asText().startsWith("stopped/"));
    assertThat(Path.of(silver(), DeltaOutputs.folder(rerun.report().runId()))).doesNotExist();
  }

  @Test
  void aRunStoppedWhileWritingLeavesFilesNoLogNamesAndTheNextRunDeletesThem(SparkSession spark) throws Exception {
    Contract c = contract(ORDERS);
    transition(c).from(orders(spark, 1000, 50), "orders").batch("b0").run(spark);
    DeltaOutputs outputs = new DeltaOutputs(spark, new Staging(spark.sparkContext().hadoopConfiguration(), silver(),
        quarantine()), silver(), quarantine());
    outputs.begin("stopped");
    Sluice.enforce(c).withRunId("stopped").on(orders(spark, 0, 100)).writeSplit(
        outputs.targetFolder("stopped").toString(), outputs.quarantineFolder("stopped").toString());
    assertThat(filesIn(Path.of(silver(), "stopped"))).isNotEmpty();
    assertThat(rows(spark, silver())).isEqualTo(40); // in the folder, not in the log: invisible

    transition(c).from(orders(spark, 2000, 10), "orders").batch("b2").run(spark);
    assertThat(Path.of(silver(), "stopped")).doesNotExist();
    assertThat(Path.of(quarantine(), "stopped")).doesNotExist();
    assertThat(rows(spark, silver())).isEqualTo(48);
  }

  @Test
  void anAbortedRunDeletesItsFilesFromBothTables(SparkSession spark) throws Exception {
    Contract c = contract(ORDERS);
    transition(c).from(orders(spark, 1000, 50), "orders").batch("b0").run(spark);
    int versions = commits(silver()).size();
    TransitionResult r = transition(c).maxErrorRate(0.1).from(orders(spark, 0, 100), "orders").batch("b1").run(spark);
    assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.ABORTED);
    assertThat(Path.of(silver(), DeltaOutputs.folder(r.report().runId()))).doesNotExist();
    assertThat(Path.of(quarantine(), DeltaOutputs.folder(r.report().runId()))).doesNotExist();
    assertThat(commits(silver())).hasSize(versions);
  }

  @Test
  void aRunIdUsedBeforeIsRefusedAndTheFilesCommittedUnderItStay(SparkSession spark) throws Exception {
    Contract c = contract(ORDERS);
    transition(c).withRunId("nightly").from(orders(spark, 0, 100), "orders").batch("b1").run(spark);
    List<String> committed = filesIn(Path.of(silver(), "nightly"));
    Transition again = transition(c).withRunId("nightly").from(orders(spark, 100, 100), "orders").batch("b2");
    assertThatThrownBy(() -> again.run(spark)).isInstanceOf(ConcurrentRunException.class)
        .hasMessageContaining("a run with that id wrote there before");
    assertThat(filesIn(Path.of(silver(), "nightly"))).isEqualTo(committed);
    assertThat(rows(spark, silver())).isEqualTo(80);
  }

  @Test
  void reprocessingRemovesEveryFileBothTablesHeldInTheSameCommitAsItsOwn(SparkSession spark) throws Exception {
    Contract c = contract(ORDERS);
    transition(c).from(orders(spark, 0, 100), "orders").batch("b1").run(spark);
    transition(c).from(orders(spark, 100, 100), "orders").batch("b2").run(spark);
    List<String> before = actions(silver(), "add").stream().map(a -> a.get("path").asText()).toList();

    TransitionResult r = transition(c).from(orders(spark, 500, 50), "orders").batch("all").reprocess().run(spark);

    assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(rows(spark, silver())).isEqualTo(40);
    assertThat(rows(spark, quarantine())).isEqualTo(10);
    List<JsonNode> last = commits(silver()).get(commits(silver()).size() - 1);
    assertThat(last.stream().filter(a -> a.has("remove")).map(a -> a.get("remove").get("path").asText()))
        .containsExactlyInAnyOrderElementsOf(before);
    assertThat(last.stream().filter(a -> a.has("add")).map(a -> a.get("add").get("path").asText()))
        .allMatch(p -> p.startsWith(DeltaOutputs.folder(r.report().runId()) + "/"));
    assertThat(last.stream().filter(a -> a.has("commitInfo")).findFirst().orElseThrow().get("commitInfo")
        .get("operationParameters").get("mode").asText()).isEqualTo("Overwrite");
  }

  @Test
  void anAddedColumnIsMergedIntoBothTablesSchemasAndATypeChangeWritesNothing(SparkSession spark) throws Exception {
    transition(contract(ORDERS)).from(orders(spark, 0, 100), "orders").batch("b1").run(spark);
    Contract v2 = contract(ORDERS.replace("version: 1.0.0", "version: 1.1.0") + "  - {name: note, type: string}\n");
    TransitionResult added = transition(v2).from(orders(spark, 100, 100).selectExpr("*", "'new' AS note"), "orders")
        .batch("b2").run(spark);
    assertThat(added.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    List<JsonNode> metadata = actions(silver(), "metaData");
    assertThat(metadata).hasSize(2);
    assertThat(metadata.get(1).get("schemaString").asText()).contains("\"note\"");
    Dataset<Row> read = spark.read().format("delta").load(silver());
    assertThat(read.columns()).containsExactly("id", "amount", "note");
    assertThat(read.where("note IS NULL").count()).isEqualTo(80);
    assertThat(spark.read().format("delta").load(quarantine()).columns()).contains("note");

    int versions = commits(silver()).size();
    Contract retyped = contract(ORDERS.replace("type: double", "type: 'decimal(8,2)'"));
    assertThatThrownBy(() -> transition(retyped).from(orders(spark, 200, 10), "orders").batch("b3")
        .run(spark)).isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("column 'amount' would change from double to decimal(8,2)");
    assertThat(commits(silver())).hasSize(versions);
    try (Stream<Path> s = Files.list(Path.of(silver()))) { // the table's folders: the two runs' and Sluice's own
      assertThat(s.filter(p -> !p.getFileName().toString().startsWith("_")).count()).isEqualTo(2);
    }
  }

  @Test
  void aTableThatNeedsDeltasWriterIsRefusedBeforeAnythingIsWritten(SparkSession spark) throws Exception {
    orders(spark, 0, 10).write().format("delta").partitionBy("amount").save(silver());
    Transition t = transition(contract(ORDERS)).from(orders(spark, 100, 10), "orders").batch("b1");
    assertThatThrownBy(() -> t.run(spark)).isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("is partitioned by [amount]").hasMessageContaining("Nothing was written");
    assertThat(commits(silver())).hasSize(1);
    assertThat(audit()).singleElement().satisfies(a -> assertThat(a.path("outcome").asText()).isEqualTo("ABORTED"));
  }
}
