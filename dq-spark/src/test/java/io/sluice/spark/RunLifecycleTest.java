package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What a run leaves behind when it is given a batch, fails, overlaps another or finds a stopped one's commit. */
@ExtendWith(LocalSpark.class)
class RunLifecycleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORDERS = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      columns:
        - {name: order_id, type: string, required: true}
        - {name: amount, type: 'decimal(8,2)', checks: [{range: {min: 0}}]}
      """;

  @TempDir Path dir;

  private Contract contract() throws IOException {
    Path file = dir.resolve("orders.yaml");
    Files.writeString(file, ORDERS);
    return ContractLoader.withDiscoveredValidators().load(file);
  }

  private Transition transition() throws IOException {
    return Transition.of(contract()).to(dir.resolve("silver").toString())
        .quarantineTo(dir.resolve("quarantine").toString()).auditTo(dir.resolve("audit"));
  }

  /** {@code rows} orders numbered from {@code from}, the first of every five with a negative amount. */
  private static Dataset<Row> orders(SparkSession spark, long from, long rows) {
    return spark.range(from, from + rows).selectExpr("concat('o', id) AS order_id",
        "CAST(IF(id % 5 = 0, -1, id) AS STRING) AS amount");
  }

  private List<JsonNode> audit() throws IOException {
    Path log = dir.resolve("audit").resolve(FileAuditSink.FILE_NAME);
    if (!Files.exists(log)) {
      return List.of();
    }
    return Files.readAllLines(log).stream().map(l -> {
      try {
        return JSON.readTree(l);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  /** The rows committed to an output: none while it holds no data file (only Sluice's own folders). */
  private long rows(SparkSession spark, String output) throws IOException {
    Path p = dir.resolve(output);
    if (!Files.isDirectory(p)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(p)) {
      if (s.noneMatch(f -> f.getFileName().toString().endsWith(".parquet"))) {
        return 0;
      }
    }
    return spark.read().parquet(p.toString()).count();
  }

  private long filesUnder(Path p) throws IOException {
    if (!Files.exists(p)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void aFrameThatReadsNoFilesIsRefusedWithoutABatchIdAndTheRefusalIsAudited(SparkSession spark) throws Exception {
    Transition t = transition().from(orders(spark, 0, 10), "orders from a computation");
    assertThatThrownBy(() -> t.run(spark)).isInstanceOf(InputException.class)
        .hasMessageContaining("Cannot tell one batch of orders from a computation from the next")
        .hasMessageContaining("Transition.batch(id)");
    assertThat(audit()).singleElement().satisfies(r -> assertThat(r.path("outcome").asText()).isEqualTo("ABORTED"));
    assertThat(rows(spark, "silver")).isZero();
  }

  @Test
  void namedBatchesOfAComputedFrameAreEachCommittedOnce(SparkSession spark) throws Exception {
    assertThat(transition().from(orders(spark, 0, 10), "orders").batch("2026-12-01").run(spark).outcome())
        .isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(transition().from(orders(spark, 0, 10), "orders").batch("2026-12-01").run(spark).outcome())
        .isEqualTo(AuditRecord.Outcome.SKIPPED);
    // Another batch of the same computation is new data, not a re-run (it was SKIPPED when frames had no batch id).
    assertThat(transition().from(orders(spark, 10, 10), "orders").batch("2026-12-02 (late)").run(spark).outcome())
        .isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(rows(spark, "silver") + rows(spark, "quarantine")).isEqualTo(20);
    assertThat(audit()).extracting(r -> r.path("batch_id").asText())
        .containsExactly("2026-12-01", "2026-12-01", "2026-12-02 (late)");
  }

  @Test
  void aRunThatFailsInsideASparkTaskIsAuditedAsFailedAndLeavesBothOutputsAsTheyWere(SparkSession spark) throws Exception {
    transition().from(orders(spark, 0, 10), "orders").batch("b1").run(spark);
    long silver = rows(spark, "silver");
    long quarantine = rows(spark, "quarantine");

    Dataset<Row> failing = orders(spark, 10, 10).selectExpr("order_id",
        "IF(order_id = 'o13', raise_error('a task failed on purpose'), amount) AS amount");
    Transition t = transition().from(failing, "orders").batch("b2");
    assertThatThrownBy(() -> t.run(spark)).hasMessageContaining("a task failed on purpose");

    List<JsonNode> records = audit();
    assertThat(records).hasSize(2);
    JsonNode failed = records.get(1);
    assertThat(failed.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(failed.path("status").asText()).isEqualTo("FAILED");
    assertThat(failed.path("batch_id").asText()).isEqualTo("b2");
    assertThat(failed.path("error_class").asText()).isNotBlank();
    assertThat(failed.path("error_message").asText()).contains("a task failed on purpose");
    assertThat(failed.path("reason").asText()).isEqualTo("nothing was written");
    assertThat(rows(spark, "silver")).isEqualTo(silver);
    assertThat(rows(spark, "quarantine")).isEqualTo(quarantine);
    // The batch was not marked: running it again (fixed) commits it, and its recovery removes what the failed run
    // staged (tasks of a failed job may still write for a moment after Spark gave up on it).
    assertThat(transition().from(orders(spark, 10, 10), "orders").batch("b2").run(spark).outcome())
        .isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(dir.resolve("silver").resolve(Staging.STAGING)).isEmptyDirectory();
  }

  @Test
  void aCommitThatALaterRunCompletesIsAuditedWithTheStoppedRunsCounts(SparkSession spark) throws Exception {
    Staging staging = new Staging(spark.sparkContext().hadoopConfiguration(), dir.resolve("silver").toString(),
        dir.resolve("quarantine").toString());
    // What the stopped run staged: rows of the contract's shape (the target keeps one schema).
    orders(spark, 100, 4).selectExpr("order_id", "CAST(amount AS DECIMAL(8,2)) AS amount")
        .write().parquet(staging.stagedTarget("stopped").toString());
    spark.range(1).write().parquet(staging.stagedQuarantine("stopped").toString());
    ObjectNode about = JsonNodeFactory.instance.objectNode();
    about.put("source", "bronze/orders");
    about.put("rows_in", 5);
    about.put("rows_valid", 4);
    about.put("rows_quarantined", 1);
    staging.writeIntent("stopped", "b0", about); // as a run killed after its intent leaves it

    transition().from(orders(spark, 0, 10), "orders").batch("b1").run(spark);

    List<JsonNode> records = audit();
    assertThat(records).hasSize(2);
    JsonNode completed = records.get(0);
    assertThat(completed.path("run_id").asText()).isEqualTo("stopped");
    assertThat(completed.path("outcome").asText()).isEqualTo("COMMITTED");
    assertThat(completed.path("batch_id").asText()).isEqualTo("b0");
    assertThat(completed.path("source").asText()).isEqualTo("bronze/orders");
    assertThat(completed.path("rows_in").asLong()).isEqualTo(5);
    assertThat(completed.path("reason").asText()).contains("stopped during its commit");
    assertThat(rows(spark, "silver")).isEqualTo(4 + records.get(1).path("rows_valid").asLong());
  }

  @Test
  void recoveryLeavesAloneTheStagingAndTheIntentOfARunWhoseLeaseIsAlive(SparkSession spark) throws Exception {
    String silver = dir.resolve("silver").toString();
    String q = dir.resolve("quarantine").toString();
    Staging mine = new Staging(spark.sparkContext().hadoopConfiguration(), silver, q);
    Staging other = new Staging(spark.sparkContext().hadoopConfiguration(), silver, q);
    try (Staging.Lease lease = mine.lease("writing")) {
      spark.range(3).write().parquet(mine.stagedTarget("writing").toString());
      spark.range(3).write().parquet(mine.stagedQuarantine("writing").toString());
      assertThat(other.recover()).isEmpty();
      assertThat(filesUnder(Path.of(mine.stagedTarget("writing").toUri().getPath()))).isPositive();
      assertThat(filesUnder(Path.of(mine.stagedQuarantine("writing").toUri().getPath()))).isPositive();

      mine.writeIntent("writing", "b1", JsonNodeFactory.instance.objectNode()); // committing, and alive
      assertThat(other.recover()).isEmpty();
      assertThat(rows(spark, "silver")).isZero();
    }
    // The lease is gone (as when the run dies and it expires): now the intent is the next run's to complete.
    assertThat(other.recover()).extracting(Staging.Recovered::runId).containsExactly("writing");
    assertThat(rows(spark, "silver")).isEqualTo(3);
  }

  @Test
  void stagingWhoseLeaseExpiredIsRemovedAndStagingWithAFreshLeaseKept(SparkSession spark) throws Exception {
    Staging staging = new Staging(spark.sparkContext().hadoopConfiguration(), dir.resolve("silver").toString(),
        dir.resolve("quarantine").toString());
    Path stagingDir = dir.resolve("silver").resolve(Staging.STAGING);
    for (String run : List.of("hung", "busy")) {
      spark.range(3).write().parquet(staging.stagedTarget(run).toString());
      Files.writeString(stagingDir.resolve(run + ".lease"), "0");
    }
    // A lease last renewed ten minutes ago, as a run that hangs or died leaves it; the default timeout is 2 minutes.
    Files.setLastModifiedTime(stagingDir.resolve("hung.lease"),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 600_000));
    staging.recover();
    assertThat(stagingDir.resolve("hung")).doesNotExist();
    assertThat(stagingDir.resolve("hung.lease")).doesNotExist();
    assertThat(stagingDir.resolve("busy")).isDirectory();
  }
}
