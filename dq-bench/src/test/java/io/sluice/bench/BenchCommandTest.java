package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.Sluice;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice bench} runs each of its benchmarks end to end, on a few rows and one round: what it reports, never
 * how fast (the figures are docs/benchmarks.md's, on a quiet machine and a million rows).
 */
class BenchCommandTest {
  @TempDir Path dir;

  private String bench(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(List.of("--dir", dir.toString(), "--rounds", "1", "--warmup", "0", "--master", "local[2]"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Sluice.execute(new BenchCommand(), new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    assertThat(exit).as(err.toString()).isZero();
    return out.toString();
  }

  @Test
  void itTakesTheCommandsSparkOptions() {
    StringWriter out = new StringWriter();
    int exit = Sluice.execute(new BenchCommand(), new PrintWriter(out), new PrintWriter(new StringWriter()), "--help");
    assertThat(exit).isZero();
    assertThat(out.toString()).contains("Usage: sluice bench", "--master=URL", "--conf=KEY=VALUE", "--encrypt", "--checks", "--reference");
  }

  @Test
  void enforcementIsTimedAgainstAPlainCopyAndTheDeequWay() {
    String out = bench("--rows", "2000", "--variants", "a,b,b',c,t,o,i,l");

    assertThat(out).contains("2,000 rows, medians of 1 rounds:");
    for (String variant : List.of("a", "b", "b'", "c", "t", "o", "i", "l")) {
      assertThat(out).containsPattern("(?m)^  " + java.util.regex.Pattern.quote(variant) + " +[0-9.]+ s ");
    }
    assertThat(out).contains("b/a ", "b'/a ", "b/c ", "t/a ", "b/o ", "b/i ", "l/b ", "l/i ");
    assertThat(out).containsPattern("(?m)^  b/i .*; fastest rounds [0-9.]+, CPU [0-9.]+\\)$");
  }

  @Test
  void forkedEachVariantRunsInJvmsOfItsOwn() {
    String out = bench("--fork", "2", "--rows", "2000", "--variants", "b,i");

    // Two sets of JVMs, one after the other: four JVMs, two for each variant, none of them this one.
    java.util.regex.Matcher jvm = java.util.regex.Pattern.compile("(?m)^  (b|i) +runs in JVM ([0-9]+)$").matcher(out);
    java.util.Map<String, List<Long>> pids = new java.util.HashMap<>();
    while (jvm.find()) {
      pids.computeIfAbsent(jvm.group(1), v -> new ArrayList<>()).add(Long.parseLong(jvm.group(2)));
    }
    assertThat(pids).containsOnlyKeys("b", "i");
    assertThat(pids.values()).allSatisfy(p -> assertThat(p).hasSize(2));
    List<Long> all = pids.values().stream().flatMap(List::stream).toList();
    assertThat(all).doesNotHaveDuplicates().doesNotContain(ProcessHandle.current().pid());
    assertThat(out).contains("2,000 rows, medians of 2 rounds, each variant in 2 JVMs of its own, one after another:", "b/i ");
    assertThat(out.split("sluice bench: Java ", -1)).as("the machine named once").hasSize(2);
    assertThat(out).as("each set's own ratio").containsPattern(
        "(?m)^  set 1 of 2:  b/i [0-9.]+ \\(fastest rounds [0-9.]+\\)$").contains("  set 2 of 2:  b/i ");
    assertThat(out).containsPattern("(?m)^  b +[0-9.]+ s +\\(executor CPU +[0-9.]+ s\\)$");
    // The forked JVMs have ended: none is left running after the command.
    all.forEach(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
  }

  @Test
  void forkIsRefusedWhereItTimesNothing() {
    StringWriter err = new StringWriter();
    int exit = Sluice.execute(new BenchCommand(), new PrintWriter(new StringWriter()), new PrintWriter(err),
        "--fork", "--encrypt", "--dir", dir.toString());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--fork times the enforcement variants only");
  }

  @Test
  void encryptionIsTimedAgainstSparksAesEncrypt() {
    String out = bench("--encrypt", "--rows", "1000");

    assertThat(out).contains("1,000 rows cached in memory", "1,000 rows, medians of 1 rounds:", "s/g ", "s/e ");
  }

  @Test
  void validationIsTimedByNumberOfChecks() {
    String out = bench("--checks", "20,40", "--rows", "1000");

    // 20 checks: one min-0 range per column, all pass; 40: a second, min 1, fails the row of each column that holds
    // 0 ((id + c) % 1000 for c < 20): ids 0 and 981 to 999.
    assertThat(out).containsPattern("(?m)^ +20 +[0-9.]+ +[0-9.]+ +0$");
    assertThat(out).containsPattern("(?m)^ +40 +[0-9.]+ +[0-9.]+ +20$");
  }

  @Test
  void aReferenceIsTimedAgainstTheSameValidationWithoutItAndFailsTheOrdersOfUnknownCustomers() {
    String out = bench("--reference", "1000", "--rows", "2000");

    assertThat(out).contains("2,000 rows against 1,000 referenced keys (planned as membership)");
    for (String variant : List.of("v", "r", "j")) {
      assertThat(out).containsPattern("(?m)^  " + variant + " +[0-9.]+ s$");
    }
    // The referenced keys are C10..C1009: every other non-null customer fails.
    long unknown = org.apache.spark.sql.SparkSession.active().read().parquet(dir.resolve("orders-2000.parquet").toString())
        .where("customer_id IS NOT NULL AND NOT (CAST(substr(customer_id, 2) AS INT) BETWEEN 10 AND 1009)").count();
    assertThat(unknown).isPositive();
    assertThat(out).containsPattern("the reference costs -?[0-9.]+ s \\(r - v; membership\\), -?[0-9.]+ s joined \\(j - v\\);"
        + " it failed " + String.format(java.util.Locale.ROOT, "%,d", unknown) + " rows");
  }

  @Test
  void anIncrementalRunIsTimedAgainstAFullOneAndMovesOnlyTheNewFilesRows() {
    String out = bench("--incremental", "--rows", "10000");

    // 100 files of 100 rows: the full run takes 99 of them, the next run the one added.
    assertThat(out).containsPattern("(?m)^  round 1  full 9,900 rows [0-9.]+ s   one new file 100 rows [0-9.]+ s$");
    assertThat(out).contains("10,000 rows in 100 files", "10,000 rows, medians of 1 rounds: full run");
  }
}
