package io.sluice.spark;

import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.report.CheckResult;
import io.sluice.report.RunReport;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The JVM {@link UniquenessAtScaleTest} starts: a small driver ({@code -Xmx1g}, {@code spark.driver.maxResultSize=32m})
 * that generates each of the test's data sets of 2,000,000 rows, runs a transition over it and prints the counts,
 * each line prefixed with the data set's name. Exits 1 if any transition failed.
 */
public final class UniquenessAtScaleChild {
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: events
      version: 1.0.0
      layer: silver
      columns:
        - {name: k, type: string, unique: true}
        - {name: n, type: long}
      """;

  private UniquenessAtScaleChild() {}

  /** Arguments: a folder to work in. */
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("uniqueness-at-scale")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
        .config("spark.driver.maxResultSize", "32m")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    Contract contract = ContractLoader.withDiscoveredValidators().parse(CONTRACT, "events.yaml").orThrow();
    boolean failed = false;
    for (String dataSet : new String[] {"hot", "wide"}) {
      try {
        run(spark, contract, dataSet, Path.of(args[0]).resolve(dataSet));
      } catch (Exception e) { // SparkException too, which Scala throws unchecked
        failed = true;
        System.out.println(dataSet + ": failed: " + e);
        e.printStackTrace(System.out);
      }
    }
    spark.stop();
    System.exit(failed ? 1 : 0);
  }

  private static void run(SparkSession spark, Contract contract, String dataSet, Path dir) {
    long started = System.nanoTime();
    String input = dir.resolve("input").toString();
    spark.range(0, 2_000_000, 1, 8).selectExpr(key(dataSet) + " AS k", "id AS n").write().parquet(input);
    long generated = System.nanoTime();
    String target = dir.resolve("silver").toString();
    String quarantine = dir.resolve("quarantine").toString();
    RunReport report = Transition.of(contract).from(input, Format.PARQUET).to(target).quarantineTo(quarantine)
        .auditTo(dir.resolve("audit")).run(spark).report();
    long done = System.nanoTime();
    long unique = report.checks().stream().filter(c -> c.id().equals("k.unique")).mapToLong(CheckResult::failedRows)
        .sum();
    System.out.printf("%s: rows_in=%d rows_valid=%d rows_quarantined=%d k.unique=%d%n", dataSet, report.rowsIn(),
        report.rowsValid(), report.rowsQuarantined(), unique);
    System.out.printf("%s: written valid=%d quarantine=%d%n", dataSet, spark.read().parquet(target).count(),
        spark.read().parquet(quarantine).count());
    System.out.printf("%s: data generated in %d ms, transition %d ms, heap max %d MiB%n", dataSet,
        (generated - started) / 1_000_000, (done - generated) / 1_000_000, Runtime.getRuntime().maxMemory() >> 20);
  }

  /** The key of row {@code id}, per data set (UniquenessAtScaleTest says what each holds). */
  private static String key(String dataSet) {
    return switch (dataSet) {
      // Even ids: the hot key (1,000,000 rows). Odd ids, j = id div 2: 450,000 keys twice each (j < 900,000, the
      // two rows far apart), 90,000 unique keys, 10,000 nulls.
      case "hot" -> "CASE WHEN id % 2 = 0 THEN 'HOT' WHEN id div 2 < 900000 THEN concat('D', CAST((id div 2) % 450000 AS STRING))"
          + " WHEN id div 2 < 990000 THEN concat('U', CAST(id AS STRING)) END";
      // id % 4 = 0: the hot key (500,000 rows); 1: 250,000 keys twice each; 2 and 3: unique keys, but 10,000 nulls.
      // Keys of 129 characters (a letter and a SHA-512 in hex): little for LZ4 to compress.
      case "wide" -> "CASE WHEN id % 4 = 0 THEN 'HOT'"
          + " WHEN id % 4 = 1 THEN concat('D', sha2(CAST((id div 4) % 250000 AS STRING), 512))"
          + " WHEN id % 4 = 2 OR id div 4 < 490000 THEN concat('U', sha2(CAST(id AS STRING), 512)) END";
      default -> throw new IllegalArgumentException("no data set " + dataSet);
    };
  }
}
