package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.audit.FileAuditSink;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.spark.commit.Staging;
import io.sluice.testkit.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A stream enforced micro-batch by micro-batch: every row once in target or quarantine, across a restart. */
@ExtendWith(LocalSpark.class)
class StreamTest {
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      columns:
        - {name: id, type: long, required: true}
        - {name: amount, type: double, checks: [{range: {min: 0}}]}
      """;
  private static final StructType SCHEMA = new StructType().add("id", "long").add("amount", "double");

  @TempDir Path dir;

  private void addFile(SparkSession spark, long from, long rows) {
    spark.range(from, from + rows, 1, 1).selectExpr("id", "CAST(id % 10 - 1 AS DOUBLE) AS amount")
        .write().mode("append").parquet(dir.resolve("bronze").toString());
  }

  private Transition transition() throws Exception {
    Path file = dir.resolve("orders.yaml");
    Files.writeString(file, CONTRACT);
    Contract contract = ContractLoader.withDiscoveredValidators().load(file);
    return Transition.of(contract).to(dir.resolve("silver").toString()).quarantineTo(dir.resolve("quarantine").toString())
        .auditTo(dir.resolve("audit"));
  }

  /** Runs the query over what the folder holds now, one file per micro-batch, and waits for it to end. */
  private void drain(SparkSession spark, Transition t) throws Exception {
    StreamingQuery q = spark.readStream().schema(SCHEMA).option("maxFilesPerTrigger", 1)
        .parquet(dir.resolve("bronze").toString())
        .writeStream().foreachBatch(t.forEachBatch("orders stream"))
        .option("checkpointLocation", dir.resolve("checkpoint").toString())
        .trigger(Trigger.AvailableNow()).start();
    q.awaitTermination();
  }

  private List<String> outcomes() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("audit").resolve(FileAuditSink.FILE_NAME))) {
      out.add(json.readTree(line).path("outcome").asText());
    }
    return out;
  }

  @Test
  void everyRowOfAStreamLandsOnceAcrossARestartThatRepeatsAMicroBatch(SparkSession spark) throws Exception {
    Transition t = transition();
    addFile(spark, 0, 1000);
    addFile(spark, 1000, 1000);
    addFile(spark, 2000, 1000);
    drain(spark, t);
    assertThat(outcomes()).containsExactly("COMMITTED", "COMMITTED", "COMMITTED");

    // Killed after the sink wrote micro-batch 2, before the checkpoint recorded it: on restart Spark runs it again.
    Path lastCommit = dir.resolve("checkpoint").resolve("commits").resolve("2");
    assertThat(lastCommit).exists();
    Files.delete(lastCommit);
    Files.deleteIfExists(dir.resolve("checkpoint").resolve("commits").resolve(".2.crc"));
    addFile(spark, 3000, 500);
    drain(spark, t);

    assertThat(outcomes()).containsExactly("COMMITTED", "COMMITTED", "COMMITTED", "SKIPPED", "COMMITTED");
    long silver = spark.read().parquet(dir.resolve("silver").toString()).count();
    long quarantine = spark.read().parquet(dir.resolve("quarantine").toString()).count();
    assertThat(silver + quarantine).isEqualTo(3500);
    assertThat(spark.read().parquet(dir.resolve("silver").toString()).select("id").distinct().count()).isEqualTo(silver);
    assertThat(quarantine).isEqualTo(350); // amount -1 for every id ending in 0
  }

  @Test
  void everyRowOfAStreamLandsOnceInDeltaTablesWhoseLogsKeepOneTransactionForTheQuery(SparkSession spark)
      throws Exception {
    Transition t = transition().to(dir.resolve("silver").toString(), Format.DELTA);
    addFile(spark, 0, 1000);
    addFile(spark, 1000, 1000);
    addFile(spark, 2000, 1000);
    drain(spark, t);
    assertThat(outcomes()).containsExactly("COMMITTED", "COMMITTED", "COMMITTED");

    // Killed after the sink's Delta commits of micro-batch 2, before Sluice marked the batch or the checkpoint
    // recorded it: on restart Spark runs it again, and only the tables' logs know it is in.
    Files.delete(dir.resolve("checkpoint").resolve("commits").resolve("2"));
    Files.deleteIfExists(dir.resolve("checkpoint").resolve("commits").resolve(".2.crc"));
    try (var markers = Files.list(dir.resolve("silver").resolve(Staging.STATE).resolve("batches"))) {
      for (Path m : markers.filter(p -> p.getFileName().toString().endsWith("-2.json")).toList()) {
        Files.delete(m);
      }
    }
    addFile(spark, 3000, 500);
    drain(spark, t);

    assertThat(outcomes()).containsExactly("COMMITTED", "COMMITTED", "COMMITTED", "SKIPPED", "COMMITTED");
    var silver = spark.read().format("delta").load(dir.resolve("silver").toString());
    long quarantine = spark.read().format("delta").load(dir.resolve("quarantine").toString()).count();
    assertThat(silver.count() + quarantine).isEqualTo(3500);
    assertThat(silver.select("id").distinct().count()).isEqualTo(silver.count());
    assertThat(quarantine).isEqualTo(350);
    // One Delta transaction per query, its version the last micro-batch (not one entry per micro-batch).
    String query = new ObjectMapper().readTree(dir.resolve("checkpoint").resolve("metadata").toFile()).path("id").asText();
    List<String> txns = new ArrayList<>();
    try (var log = Files.list(dir.resolve("silver").resolve("_delta_log"))) {
      for (Path commit : log.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
        for (String line : Files.readAllLines(commit)) {
          var txn = new ObjectMapper().readTree(line).path("txn");
          if (!txn.isMissingNode()) {
            txns.add(txn.path("appId").asText() + "@" + txn.path("version").asLong());
          }
        }
      }
    }
    assertThat(txns).containsExactly("sluice-" + query + "@0", "sluice-" + query + "@1", "sluice-" + query + "@2",
        "sluice-" + query + "@3");
  }

  @Test
  void anAbortedMicroBatchStopsTheQueryWithNothingOfItWritten(SparkSession spark) throws Exception {
    Transition t = transition().maxErrorRate(0.05); // a tenth of every file fails amount.range
    addFile(spark, 0, 100);
    assertThatThrownBy(() -> drain(spark, t)).hasStackTraceContaining("micro-batch 0 was aborted");
    assertThat(outcomes()).containsExactly("ABORTED");
    assertThat(dir.resolve("checkpoint").resolve("commits").resolve("0")).doesNotExist();
  }
}
