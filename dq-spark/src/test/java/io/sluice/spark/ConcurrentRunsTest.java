package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spark.commit.Staging;
import io.sluice.testkit.ChildJvm;
import io.sluice.testkit.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes enforcing into the same target at the same moment: neither deletes nor corrupts the other's work.
 * Each child JVM starts Spark first and waits for one shared word, so both runs read, check, write and commit side
 * by side.
 */
@ExtendWith(LocalSpark.class)
class ConcurrentRunsTest {
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      columns:
        - {name: id, type: long, required: true, unique: true}
        - {name: amount, type: double, checks: [{range: {min: 0}}]}
      """;

  @TempDir Path dir;

  private String batch(SparkSession spark, String name, long from, long rows) {
    String path = dir.resolve(name).toString();
    spark.range(from, from + rows, 1, 4).selectExpr("id", "CAST(id % 50 - 1 AS DOUBLE) AS amount").write().parquet(path);
    return path;
  }

  /**
   * Starts one child per input and returns each one's outcome line. At once: both go at the same moment. Staggered:
   * the second goes as soon as the first has begun writing its staged files (the moment a run's recovery used to
   * delete them).
   */
  private List<String> run(boolean staggered, String... inputs) throws Exception {
    Path contract = dir.resolve("orders.yaml");
    Files.writeString(contract, CONTRACT);
    Path go = dir.resolve("go-" + System.nanoTime());
    List<Path> goes = new ArrayList<>();
    List<Process> children = new ArrayList<>();
    List<Path> ready = new ArrayList<>();
    List<Path> outcomes = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      Path r = dir.resolve("ready-" + go.getFileName() + "-" + i);
      Path o = dir.resolve("outcome-" + go.getFileName() + "-" + i);
      List<String> cmd = new ArrayList<>(ChildJvm.java("768m"));
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ConcurrentRunChild.class.getName(),
          contract.toString(), inputs[i], dir.resolve("silver").toString(), dir.resolve("quarantine").toString(),
          dir.resolve("audit").toString(), r.toString(), go + "-" + i, o.toString()));
      goes.add(Path.of(go + "-" + i));
      children.add(new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(dir.resolve("child-" + go.getFileName() + "-" + i + ".log").toFile()).start());
      ready.add(r);
      outcomes.add(o);
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!ready.stream().allMatch(Files::exists) && System.nanoTime() < deadline
        && children.stream().allMatch(Process::isAlive)) {
      Thread.sleep(20);
    }
    Files.writeString(goes.get(0), "go");
    if (staggered) {
      Path staging = dir.resolve("silver").resolve(Staging.STAGING);
      while (partFilesUnder(staging) == 0 && System.nanoTime() < deadline && children.get(0).isAlive()) {
        Thread.sleep(5);
      }
      assertThat(partFilesUnder(staging)).as("the first run was writing when the second began").isPositive();
    }
    for (Path g : goes.subList(1, goes.size())) {
      Files.writeString(g, "go");
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      Process child = children.get(i);
      boolean done = child.waitFor(4, TimeUnit.MINUTES);
      if (!done) {
        child.destroyForcibly();
      }
      assertThat(child.exitValue()).as("child %d (see %s)", i, dir).isZero();
      lines.add(Files.readString(outcomes.get(i)));
    }
    return lines;
  }

  private static long partFilesUnder(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).count();
    } catch (java.io.UncheckedIOException e) {
      return 0; // a file moved while listing: look again
    }
  }

  private long rows(SparkSession spark, String output) {
    return spark.read().parquet(dir.resolve(output).toString()).count();
  }

  @Test
  void aRunStartedWhileAnotherWritesLeavesItsStagingAloneAndBothCommit(SparkSession spark) throws Exception {
    String a = batch(spark, "bronze-a", 0, 1_000_000);
    String b = batch(spark, "bronze-b", 1_000_000, 200_000);
    List<String> outcomes = run(true, a, b);
    assertThat(outcomes).allSatisfy(o -> assertThat(o).startsWith("COMMITTED"));
    assertThat(rows(spark, "silver") + rows(spark, "quarantine")).isEqualTo(1_200_000);
    assertThat(rows(spark, "silver")).isEqualTo(outcomes.stream().mapToLong(o -> Long.parseLong(o.split(" ")[1])).sum());
    assertThat(Files.readAllLines(dir.resolve("audit").resolve("audit.jsonl"))).hasSize(2);
  }

  @Test
  void twoRunsOfTheSameInputAtOnceCommitItOnceAndTheOtherSucceedsWhenRunAgain(SparkSession spark) throws Exception {
    String a = batch(spark, "bronze", 0, 200_000);
    List<String> outcomes = run(false, a, a);
    // One commits. The other finds the input held (refused: exit 2 in the CLI) or, had it come later, nothing new.
    assertThat(outcomes).extracting(o -> o.split(" ")[0]).containsOnlyOnce("COMMITTED")
        .allMatch(o -> o.equals("COMMITTED") || o.equals("REFUSED") || o.equals("SKIPPED"));
    assertThat(rows(spark, "silver") + rows(spark, "quarantine")).isEqualTo(200_000);
    assertThat(Files.readAllLines(dir.resolve("audit").resolve("audit.jsonl"))).hasSize(2);
    // Run again, the other one succeeds: there is nothing left to write.
    assertThat(run(false, a).get(0)).startsWith("SKIPPED");
    assertThat(rows(spark, "silver") + rows(spark, "quarantine")).isEqualTo(200_000);
  }
}
