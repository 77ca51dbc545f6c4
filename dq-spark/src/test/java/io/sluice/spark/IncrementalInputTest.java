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
import io.sluice.spark.source.InputLedger;
import io.sluice.testkit.LocalSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A folder input is enforced incrementally: each run moves the files no earlier run committed into the target. */
@ExtendWith(LocalSpark.class)
class IncrementalInputTest {
  private static final String ORDERS = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      columns:
        - {name: order_id, type: string, required: true}
        - {name: amount, type: 'decimal(8,2)', checks: [{range: {min: 0, max: %s}}]}
      """;

  @TempDir Path dir;

  private Contract contract(int max) throws IOException {
    Path file = dir.resolve("orders-" + max + ".yaml");
    Files.writeString(file, String.format(ORDERS, max));
    return ContractLoader.withDiscoveredValidators().load(file);
  }

  /** A CSV file of {@code rows} orders numbered from {@code from}, amounts 0..99. */
  private void addFile(String name, int from, int rows) throws IOException {
    StringBuilder csv = new StringBuilder("order_id,amount\n");
    for (int i = from; i < from + rows; i++) {
      csv.append("o").append(i).append(',').append(i % 100).append(".00\n");
    }
    Files.createDirectories(dir.resolve("bronze"));
    Files.writeString(dir.resolve("bronze").resolve(name), csv);
  }

  private Transition transition(Contract c, Format format) {
    return Transition.of(c).from(dir.resolve("bronze").toString(), Format.CSV).to(dir.resolve("silver").toString(), format)
        .quarantineTo(dir.resolve("quarantine").toString()).auditTo(dir.resolve("audit"));
  }

  private long rows(SparkSession spark, String output, Format format) {
    String p = dir.resolve(output).toString();
    return format == Format.DELTA ? spark.read().format("delta").load(p).count() : spark.read().parquet(p).count();
  }

  private List<JsonNode> audit() throws IOException {
    ObjectMapper json = new ObjectMapper();
    return Files.readAllLines(dir.resolve("audit").resolve(FileAuditSink.FILE_NAME)).stream().map(l -> {
      try {
        return json.readTree(l);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  @Test
  void eachRunMovesExactlyTheRowsOfTheFilesAddedSinceTheLast(SparkSession spark) throws Exception {
    Contract c = contract(100);
    addFile("day-1.csv", 0, 300);
    addFile("day-2.csv", 300, 200);
    TransitionResult first = transition(c, Format.PARQUET).run(spark);
    assertThat(first.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(first.report().rowsIn()).isEqualTo(500);

    addFile("day-3.csv", 500, 50);
    TransitionResult second = transition(c, Format.PARQUET).run(spark);
    assertThat(second.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(second.report().rowsIn()).isEqualTo(50); // was 550: the whole folder again, 500 rows twice
    assertThat(rows(spark, "silver", Format.PARQUET)).isEqualTo(550);
    assertThat(spark.read().parquet(dir.resolve("silver").toString()).select("order_id").distinct().count())
        .isEqualTo(550);

    TransitionResult third = transition(c, Format.PARQUET).run(spark);
    assertThat(third.outcome()).isEqualTo(AuditRecord.Outcome.SKIPPED);
    assertThat(third.audit().reason()).hasValueSatisfying(r -> assertThat(r).contains("no new file"));
    assertThat(audit()).extracting(r -> r.path("outcome").asText()).containsExactly("COMMITTED", "COMMITTED", "SKIPPED");
  }

  @Test
  void reprocessReplacesWhatEarlierRunsWroteAndLaterRunsGoOnIncrementally(SparkSession spark) throws Exception {
    addFile("day-1.csv", 0, 300);
    transition(contract(100), Format.PARQUET).run(spark);
    addFile("day-2.csv", 300, 200);
    transition(contract(100), Format.PARQUET).run(spark);
    assertThat(rows(spark, "quarantine", Format.PARQUET)).isZero();

    // The contract tightens: amounts above 49 now fail. The whole input again, replacing both outputs.
    TransitionResult again = transition(contract(49), Format.PARQUET).reprocess().run(spark);
    assertThat(again.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(again.report().rowsIn()).isEqualTo(500);
    assertThat(rows(spark, "silver", Format.PARQUET)).isEqualTo(250);
    assertThat(rows(spark, "quarantine", Format.PARQUET)).isEqualTo(250);

    addFile("day-3.csv", 500, 100);
    TransitionResult next = transition(contract(49), Format.PARQUET).run(spark);
    assertThat(next.report().rowsIn()).isEqualTo(100);
    assertThat(rows(spark, "silver", Format.PARQUET) + rows(spark, "quarantine", Format.PARQUET)).isEqualTo(600);
  }

  @Test
  void incrementalRunsAndReprocessingIntoDelta(SparkSession spark) throws Exception {
    addFile("day-1.csv", 0, 100);
    transition(contract(100), Format.DELTA).run(spark);
    addFile("day-2.csv", 100, 100);
    assertThat(transition(contract(100), Format.DELTA).run(spark).report().rowsIn()).isEqualTo(100);
    assertThat(rows(spark, "silver", Format.DELTA)).isEqualTo(200);
    transition(contract(49), Format.DELTA).reprocess().run(spark);
    assertThat(rows(spark, "silver", Format.DELTA)).isEqualTo(100);
    assertThat(rows(spark, "quarantine", Format.DELTA)).isEqualTo(100);
  }

  @Test
  void aBatchWhoseCommitMayNotHaveFinishedIsRetriedWithItsOwnFilesFirst(SparkSession spark) throws Exception {
    Contract c = contract(100);
    addFile("day-1.csv", 0, 100);
    // What a run stopped during its commit leaves: a pending entry naming its files (nothing committed here).
    String root = dir.resolve("bronze").toString();
    String qualified = "file:" + dir.resolve("bronze");
    InputLedger ledger = new InputLedger(spark.sparkContext().hadoopConfiguration(), dir.resolve("silver").toString(),
        InputLedger.key("orders", qualified), new org.apache.hadoop.fs.Path(root));
    ledger.pending(ledger.batchOf(List.of("day-1.csv")), "stopped", List.of("day-1.csv"));
    addFile("day-2.csv", 100, 40);

    TransitionResult retried = transition(c, Format.PARQUET).run(spark);
    assertThat(retried.report().rowsIn()).isEqualTo(100);
    assertThat(retried.audit().batchId()).isEqualTo(ledger.batchOf(List.of("day-1.csv")));
    assertThat(transition(c, Format.PARQUET).run(spark).report().rowsIn()).isEqualTo(40);
    assertThat(rows(spark, "silver", Format.PARQUET)).isEqualTo(140);
  }

  @Test
  void aSecondRunOfTheSameInputWhileTheFirstHoldsItIsRefusedAndSucceedsLater(SparkSession spark) throws Exception {
    Contract c = contract(100);
    addFile("day-1.csv", 0, 100);
    String qualified = "file:" + dir.resolve("bronze");
    Staging staging = new Staging(spark.sparkContext().hadoopConfiguration(), dir.resolve("silver").toString(),
        dir.resolve("quarantine").toString());
    InputLedger ledger = new InputLedger(spark.sparkContext().hadoopConfiguration(), dir.resolve("silver").toString(),
        InputLedger.key("orders", qualified), new org.apache.hadoop.fs.Path(dir.resolve("bronze").toString()));
    try (Staging.Lease lease = staging.lease("first")) {
      ledger.lock("first", lease, staging.leaseTimeoutMs());
      assertThatThrownBy(() -> transition(c, Format.PARQUET).run(spark)).isInstanceOf(ConcurrentRunException.class)
          .hasMessageContaining("run first is enforcing the same input");
      ledger.unlock("first");
    }
    assertThat(audit()).singleElement().satisfies(r -> assertThat(r.path("outcome").asText()).isEqualTo("ABORTED"));
    assertThat(transition(c, Format.PARQUET).run(spark).outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(rows(spark, "silver", Format.PARQUET)).isEqualTo(100);
  }
}
