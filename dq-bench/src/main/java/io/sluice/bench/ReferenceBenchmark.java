package io.sluice.bench;

import io.sluice.check.RowRule;
import io.sluice.check.RuleCatalog;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.report.RunReport;
import io.sluice.spark.reference.ReferencedKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * {@code sluice bench --reference K}: what a {@code references} check costs. The orders of {@link EnforceBenchmark}
 * ({@code --rows}, customer ids {@code C0}..{@code C49999}, 0.5% null) are validated, taking turns, (v) with the
 * benchmark's 10 row checks, (r) the same plus {@code customer_id} referencing a Parquet dataset of K keys
 * ({@code C10}..{@code C<K+9>}: the orders of customers C0..C9 fail), and (j) as (r) with the referenced keys forced
 * to a join ({@code sluice.references.broadcastBytes=0}). Each validation is one pass: checks, counts, report.
 */
final class ReferenceBenchmark {
  private ReferenceBenchmark() {}

  static int run(BenchCommand c, PrintWriter out) throws IOException {
    SparkSession spark = EnforceBenchmark.session(c);
    Files.createDirectories(c.dir);
    Path contracts = c.dir.resolve("contracts");
    Files.createDirectories(contracts);
    long keys = c.reference;
    String customers = c.dir.resolve("customers-" + keys + ".parquet").toString();
    spark.range(0, keys, 1, 2).selectExpr("concat('C', CAST(id + 10 AS STRING)) AS customer_id", "id AS points")
        .write().mode("overwrite").parquet(customers);
    Files.writeString(contracts.resolve("without-reference.yaml"), String.format(EnforceBenchmark.CONTRACT, ""));
    String referenced = String.format(EnforceBenchmark.CONTRACT, "").replace(
        "- {name: customer_id, type: string, required: true}",
        "- {name: customer_id, type: string, required: true, checks: [{references: {dataset: '"
            + customers.replace("'", "''") + "', format: parquet, column: customer_id}}]}");
    Files.writeString(contracts.resolve("with-reference.yaml"), referenced);
    Contract without = ContractLoader.withDiscoveredValidators().load(contracts.resolve("without-reference.yaml"));
    Contract with = ContractLoader.withDiscoveredValidators().load(contracts.resolve("with-reference.yaml"));
    RowRule rule = RuleCatalog.standard().compile(with).rowRules().stream().filter(r -> r.reference().isPresent())
        .findFirst().orElseThrow();
    out.printf(Locale.ROOT, "sluice bench --reference: %s%n", EnforceBenchmark.machine(spark));
    for (long n : c.rows) {
      String input = EnforceBenchmark.generate(spark, c.dir, n);
      String planned = ReferencedKeys.flag(spark.read().parquet(input), rule, "__f").strategy().name().toLowerCase(Locale.ROOT);
      out.printf(Locale.ROOT, "%,d rows against %,d referenced keys (planned as %s): %d warm-up round(s), %d timed%n", n,
          keys, planned, c.warmup, c.rounds);
      Map<String, Runnable> variants = new LinkedHashMap<>();
      RunReport[] last = new RunReport[3];
      variants.put("v", () -> last[0] = io.sluice.spark.Sluice.enforce(without).on(spark.read().parquet(input)).validate());
      variants.put("r", () -> last[1] = io.sluice.spark.Sluice.enforce(with).on(spark.read().parquet(input)).validate());
      variants.put("j", () -> {
        spark.conf().set(ReferencedKeys.BROADCAST_BYTES, "0");
        try {
          last[2] = io.sluice.spark.Sluice.enforce(with).on(spark.read().parquet(input)).validate();
        } finally {
          spark.conf().unset(ReferencedKeys.BROADCAST_BYTES);
        }
      });
      Map<String, List<Double>> seconds = new LinkedHashMap<>();
      List<String> order = new ArrayList<>(variants.keySet());
      for (int round = -c.warmup; round < c.rounds; round++) {
        for (int k = 0; k < order.size(); k++) {
          String v = order.get(Math.floorMod(k + round, order.size())); // taking turns: each variant leads once
          long t0 = System.nanoTime();
          variants.get(v).run();
          double s = (System.nanoTime() - t0) / 1e9;
          out.printf(Locale.ROOT, "  %s %d  %-2s %8.2f s%n", round < 0 ? "warm-up" : "round", Math.abs(round < 0
              ? round + c.warmup + 1 : round + 1), v, s);
          out.flush();
          if (round >= 0) {
            seconds.computeIfAbsent(v, x -> new ArrayList<>()).add(s);
          }
        }
      }
      Map<String, Double> median = new LinkedHashMap<>();
      order.forEach(v -> median.put(v, median(seconds.get(v))));
      out.printf(Locale.ROOT, "%,d rows, medians of %d rounds:%n", n, c.rounds);
      median.forEach((v, s) -> out.printf(Locale.ROOT, "  %-2s %8.2f s%n", v, s));
      out.printf(Locale.ROOT, "  the reference costs %.2f s (r - v; %s), %.2f s joined (j - v); it failed %,d rows%n",
          median.get("r") - median.get("v"), planned, median.get("j") - median.get("v"),
          last[1].checks().stream().filter(k -> k.id().equals("customer_id.references")).findFirst().orElseThrow()
              .failedRows());
      out.flush();
    }
    return io.sluice.cli.Sluice.OK;
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int m = s.size() / 2;
    return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
  }
}
