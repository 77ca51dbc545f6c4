package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.audit.AuditRecord;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.spark.commit.Staging;
import io.sluice.testkit.ChildJvm;
import io.sluice.testkit.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A run killed (SIGKILL, in a separate JVM) while Spark writes leaves the target and quarantine as they were. */
@ExtendWith(LocalSpark.class)
class KilledRunTest {
  /** The killed child's lease time (the default, 2 minutes): its leases are dated back past it below. */
  private static final long LEASE_MS = 120_000;
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      columns:
        - {name: id, type: long, required: true, unique: true}
        - {name: amount, type: double, checks: [{range: {min: 0}}]}
        - {name: note, type: string, checks: [{pattern: '^[a-z]+ [0-9]+$'}]}
      """;

  @Test
  void aRunKilledMidWriteLeavesBothOutputsAsTheyWereAndTheReRunCommitsOnce(SparkSession spark, @TempDir Path dir)
      throws Exception {
    Path contractFile = dir.resolve("orders.yaml");
    Files.writeString(contractFile, CONTRACT);
    Contract contract = ContractLoader.withDiscoveredValidators().load(contractFile);
    String target = dir.resolve("silver").toString();
    String quarantine = dir.resolve("quarantine").toString();
    Path audit = dir.resolve("audit");

    // What the outputs hold before: one committed batch.
    String first = dir.resolve("batch-1").toString();
    spark.range(0, 1000).selectExpr("id", "CAST(id % 50 - 1 AS DOUBLE) AS amount", "concat('row ', id) AS note")
        .write().parquet(first);
    Transition.of(contract).from(first, Format.PARQUET).to(target).quarantineTo(quarantine).auditTo(audit).run(spark);
    long targetBefore = spark.read().parquet(target).count();
    long quarantineBefore = spark.read().parquet(quarantine).count();

    // A batch big enough that its write takes seconds, so the kill lands in the middle of it.
    String second = dir.resolve("batch-2").toString();
    spark.range(1000, 4_001_000, 1, 8).selectExpr("id", "CAST(id % 50 - 1 AS DOUBLE) AS amount",
        "concat('row ', id) AS note", "repeat('x', 200) AS padding").write().parquet(second);

    List<String> cmd = new ArrayList<>(ChildJvm.java("1g"));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KilledRunChild.class.getName(),
        contractFile.toString(), second, target, quarantine, audit.toString(), Long.toString(LEASE_MS)));
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();

    Path staging = dir.resolve("silver").resolve(Staging.STAGING);
    boolean writing = false;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline && child.isAlive()) {
      if (partFilesUnder(staging) > 0) { // Spark has begun writing task output
        writing = true;
        break;
      }
      Thread.sleep(10);
    }
    child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertThat(writing).as("the child was killed while writing (see %s)", dir.resolve("child.log")).isTrue();

    assertThat(spark.read().parquet(target).count()).isEqualTo(targetBefore);
    assertThat(spark.read().parquet(quarantine).count()).isEqualTo(quarantineBefore);
    assertThat(Files.readAllLines(audit.resolve("audit.jsonl"))).hasSize(1); // the killed run left no record

    // The killed run renews nothing any more: its lease and its hold on the input lapse. Instead of waiting the
    // lease time out, the test dates their last renewal back past it.
    expireLeases(dir);
    TransitionResult rerun = Transition.of(contract).from(second, Format.PARQUET).to(target).quarantineTo(quarantine)
        .auditTo(audit).run(spark);
    assertThat(rerun.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    long expectedTarget = targetBefore + rerun.report().rowsValid();
    assertThat(spark.read().parquet(target).count()).isEqualTo(expectedTarget);
    assertThat(spark.read().parquet(quarantine).count()).isEqualTo(quarantineBefore + rerun.report().rowsQuarantined());
    assertThat(Transition.of(contract).from(second, Format.PARQUET).to(target).quarantineTo(quarantine).auditTo(audit)
        .run(spark).outcome()).isEqualTo(AuditRecord.Outcome.SKIPPED);
    assertThat(spark.read().parquet(target).count()).isEqualTo(expectedTarget);
  }

  /** Dates every lease and input lock under {@code dir} back past the lease time, as a stopped run leaves them. */
  private static void expireLeases(Path dir) throws Exception {
    java.nio.file.attribute.FileTime past =
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 2 * LEASE_MS);
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".lease")
          || p.getFileName().toString().endsWith(".lock")).toList()) {
        Files.setLastModifiedTime(p, past);
      }
    }
  }

  private static long partFilesUnder(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).count();
    } catch (java.io.UncheckedIOException e) {
      return 0; // a file moved while listing: look again
    }
  }
}
