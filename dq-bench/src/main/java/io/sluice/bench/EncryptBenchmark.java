package io.sluice.bench;

import static org.apache.spark.sql.functions.aes_encrypt;
import static org.apache.spark.sql.functions.base64;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.sluice.contract.Contract;
import io.sluice.keys.KeyType;
import io.sluice.keys.KeysetStore;
import io.sluice.protect.Protection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code sluice bench --encrypt}: one string column encrypted the way the engine protects it when writing
 * (Protection's Tink AES-SIV function, base64 tokens) against Spark's built-in {@code aes_encrypt} on the same
 * column, with the same output shape (base64 text). The column is generated once and cached in memory, and
 * each variant writes to Spark's {@code noop} sink, so the figures are the encryption and little else.
 *
 * <ul>
 *   <li>{@code p}: the column as it is (the floor: scan of the cache, projection, noop write);</li>
 *   <li>{@code s}: Sluice, {@code protect: {encrypt: deterministic}} (Tink AES-SIV, 512-bit key);</li>
 *   <li>{@code g}: {@code base64(aes_encrypt(v, key, 'GCM'))}, AES-256-GCM, random IV: not deterministic;</li>
 *   <li>{@code e}: {@code base64(aes_encrypt(v, key, 'ECB'))}, AES-256-ECB: deterministic, but equal blocks
 *       show (no authentication): Spark's only deterministic mode.</li>
 * </ul>
 */
final class EncryptBenchmark {
  static final String DEFAULT_VARIANTS = "p,s,g,e";
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: bench_customers
      version: 1.0.0
      layer: silver
      source: bronze
      columns:
        - name: customer_id
          type: string
          protect: {encrypt: deterministic, key: bench, domain: customer}
      """;

  private EncryptBenchmark() {}

  static int run(BenchCommand c, List<String> variantNames, PrintWriter out) throws IOException {
    SparkSession spark = EnforceBenchmark.session(c);
    Files.createDirectories(c.dir);
    KeysetStore keys = KeysetStore.local(c.dir.resolve("keys"), w -> out.println("sluice bench: " + w));
    if (!keys.exists("bench")) {
      keys.create("bench", KeyType.DETERMINISTIC);
    }
    Path contractFile = c.dir.resolve("encrypt-contract.yaml");
    Files.writeString(contractFile, CONTRACT);
    Contract contract = io.sluice.spark.Sluice.contract(contractFile);
    Protection protection = Protection.of(contract, Optional.of(keys));
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    out.printf(Locale.ROOT, "sluice bench --encrypt: %s%n", EnforceBenchmark.machine(spark));
    for (long n : c.rows) {
      // Customer ids of 13 to 17 characters, all distinct: what a silver layer encrypts.
      Dataset<Row> data = spark.range(0, n, 1, (int) Math.max(2, n / 1_000_000))
          .selectExpr("concat('C', lpad(CAST(id AS STRING), 9, '0'), '-', CAST(pmod(hash(id), 10000) AS STRING))"
              + " AS customer_id")
          .persist(StorageLevel.MEMORY_ONLY());
      out.printf(Locale.ROOT, "%,d rows cached in memory%n", data.count());
      Column v = col("customer_id");
      Map<String, Column> columns = new LinkedHashMap<>();
      columns.put("p", v);
      columns.put("s", protection.apply("customer_id", v, true));
      columns.put("g", base64(aes_encrypt(v, lit(key), lit("GCM"))));
      columns.put("e", base64(aes_encrypt(v, lit(key), lit("ECB"))));
      columns.keySet().retainAll(variantNames);
      Map<String, Runnable> variants = new LinkedHashMap<>();
      columns.forEach((name, expr) -> variants.put(name,
          () -> data.select(expr.as("customer_id")).write().format("noop").mode("overwrite").save()));
      out.printf(Locale.ROOT, "%,d rows: warm-up, %d round(s)%n", n, c.warmup);
      out.flush();
      for (int w = 0; w < c.warmup; w++) {
        variants.values().forEach(Runnable::run);
      }
      Map<String, List<Double>> seconds = new LinkedHashMap<>();
      List<String> order = new ArrayList<>(variants.keySet());
      for (int round = 0; round < c.rounds; round++) {
        for (int k = 0; k < order.size(); k++) {
          String name = order.get((k + round) % order.size()); // taking turns: each variant leads once
          long t0 = System.nanoTime();
          variants.get(name).run();
          double s = (System.nanoTime() - t0) / 1e9;
          seconds.computeIfAbsent(name, x -> new ArrayList<>()).add(s);
          out.printf(Locale.ROOT, "  round %d  %-2s %8.2f s%n", round + 1, name, s);
          out.flush();
        }
      }
      Map<String, Double> median = new LinkedHashMap<>();
      order.forEach(name -> median.put(name, median(seconds.get(name))));
      out.printf(Locale.ROOT, "%,d rows, medians of %d rounds:%n", n, c.rounds);
      median.forEach((name, s) -> out.printf(Locale.ROOT, "  %-2s %8.2f s%n", name, s));
      ratio(out, "s/g", median.get("s"), median.get("g"), 1.5);
      ratio(out, "s/e", median.get("s"), median.get("e"), 1.5);
      out.flush();
      data.unpersist(true);
    }
    return io.sluice.cli.Sluice.OK;
  }

  private static void ratio(PrintWriter out, String name, Double x, Double y, double target) {
    if (x != null && y != null) {
      double r = x / y;
      out.printf(Locale.ROOT, "  %-4s %5.2f  (target <= %.1f: %s)%n", name, r, target, r <= target ? "met" : "missed");
    }
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Comparator.naturalOrder());
    int m = s.size() / 2;
    return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
  }
}
