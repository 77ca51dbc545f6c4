package io.sluice.bench;

import io.sluice.cli.SparkRuns;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.report.RunReport;
import io.sluice.spark.Format;
import io.sluice.spark.Transition;
import io.sluice.spark.TransitionResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * {@code sluice bench --incremental}: what a run costs when a bronze folder grows by 1%. The data: the synthetic
 * orders of {@link EnforceBenchmark} ({@code --rows} of them), written once as {@value #FILES} Parquet files of
 * equal size. Each round starts a new bronze folder with 99 of the files and a new target, times the transition
 * that takes all of them (the full run), adds the last file, and times the next run, which takes only that file
 * (the incremental run: its input ledger lists the folder and reads the new file alone). Both runs use the
 * contract of variant (b'), commit, and audit.
 */
final class IncrementalBenchmark {
  static final int FILES = 100;

  private IncrementalBenchmark() {}

  static int run(BenchCommand c, PrintWriter out) throws IOException {
    SparkSession spark = SparkRuns.session(c.spark, c.spec.commandLine().getErr());
    Files.createDirectories(c.dir);
    out.printf(Locale.ROOT, "sluice bench --incremental: %s%n", EnforceBenchmark.machine(spark));
    Path contractFile = c.dir.resolve("incremental-contract.yaml");
    Files.writeString(contractFile, String.format(EnforceBenchmark.CONTRACT, ""));
    Contract contract = ContractLoader.withDiscoveredValidators().load(contractFile);
    for (long n : c.rows) {
      Path files = files(spark, c.dir, n);
      List<Path> parts;
      try (Stream<Path> s = Files.list(files)) {
        parts = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
      }
      out.printf(Locale.ROOT, "%,d rows in %d files: %d warm-up round(s), %d timed%n", n, parts.size(), c.warmup, c.rounds);
      List<Double> full = new ArrayList<>();
      List<Double> added = new ArrayList<>();
      for (int round = 0; round < c.warmup + c.rounds; round++) {
        Path run = c.dir.resolve("incremental-run-" + n + "-" + round);
        Path bronze = Files.createDirectories(run.resolve("bronze"));
        for (Path p : parts.subList(0, parts.size() - 1)) {
          Files.createLink(bronze.resolve(p.getFileName()), p); // the same bytes, no copy
        }
        Transition t = Transition.of(contract).from(bronze.toString(), Format.PARQUET)
            .to(run.resolve("silver").toString()).quarantineTo(run.resolve("quarantine").toString())
            .auditTo(run.resolve("audit"));
        long t0 = System.nanoTime();
        RunReport first = committed(t.run(spark));
        long t1 = System.nanoTime();
        Path last = parts.get(parts.size() - 1);
        Files.createLink(bronze.resolve(last.getFileName()), last);
        long t2 = System.nanoTime();
        RunReport next = committed(t.run(spark));
        long t3 = System.nanoTime();
        boolean timed = round >= c.warmup;
        if (timed) {
          full.add((t1 - t0) / 1e9);
          added.add((t3 - t2) / 1e9);
        }
        out.printf(Locale.ROOT, "  %s %d  full %,d rows %.2f s   one new file %,d rows %.2f s%n",
            timed ? "round" : "warm-up", timed ? round - c.warmup + 1 : round + 1, first.rowsIn(), (t1 - t0) / 1e9,
            next.rowsIn(), (t3 - t2) / 1e9);
        out.flush();
        delete(run);
      }
      double f = median(full);
      double a = median(added);
      out.printf(Locale.ROOT, "%,d rows, medians of %d rounds: full run (99%% of the files) %.2f s, incremental run"
          + " (1%% new) %.2f s, ratio %.3f%n", n, full.size(), f, a, a / f);
    }
    return 0;
  }

  private static RunReport committed(TransitionResult r) {
    if (!r.committed()) {
      throw new IllegalStateException("the benchmark's transition did not commit: " + r.audit().reason().orElse(""));
    }
    return r.report();
  }

  /** The orders as {@value #FILES} files of equal size; written once per N and kept. */
  private static Path files(SparkSession spark, Path dir, long n) throws IOException {
    Path files = dir.resolve("incremental-" + n + ".parquet");
    if (!Files.exists(files.resolve("_SUCCESS"))) {
      spark.read().parquet(EnforceBenchmark.generate(spark, dir, n)).repartition(FILES).write().mode("overwrite")
          .parquet(files.toString());
    }
    return files;
  }

  private static double median(List<Double> xs) {
    List<Double> sorted = new ArrayList<>(xs);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static void delete(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
