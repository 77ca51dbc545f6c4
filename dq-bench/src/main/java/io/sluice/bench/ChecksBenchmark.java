package io.sluice.bench;

import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.report.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code sluice bench --checks 10,100,1000,2000}: how the time of a validation grows with the number of row checks,
 * on the same data. The data: {@code --rows} rows of {@value #COLUMNS} integer columns, written once as Parquet. A
 * contract of N checks has N range checks spread over the columns (check j of a column fails values below j);
 * each round validates the data with it (one pass: checks, counts, report) and is timed whole, planning included.
 */
final class ChecksBenchmark {
  static final int COLUMNS = 20;

  private ChecksBenchmark() {}

  static Contract contract(int checks) {
    StringBuilder y = new StringBuilder("apiVersion: sluice/v1\nkind: DataContract\nid: checks\nversion: 1.0.0\n"
        + "layer: silver\ncolumns:\n");
    for (int c = 0; c < COLUMNS; c++) {
      y.append("  - name: c").append(c).append("\n    type: long\n");
      int here = checks / COLUMNS + (c < checks % COLUMNS ? 1 : 0);
      if (here > 0) {
        y.append("    checks:\n");
      }
      for (int j = 0; j < here; j++) {
        y.append("      - {name: c").append(c).append("_min").append(j).append(", range: {min: ").append(j).append("}}\n");
      }
    }
    return ContractLoader.withDiscoveredValidators().parse(y.toString(), "checks-" + checks + ".yaml").orThrow();
  }

  static int run(BenchCommand c, PrintWriter out) throws IOException {
    SparkSession spark = EnforceBenchmark.session(c);
    Files.createDirectories(c.dir);
    out.printf(Locale.ROOT, "sluice bench --checks: %s%n", EnforceBenchmark.machine(spark));
    for (long n : c.rows) {
      String data = c.dir.resolve("checks-" + n + ".parquet").toString();
      List<String> columns = new ArrayList<>();
      for (int col = 0; col < COLUMNS; col++) {
        columns.add("(id + " + col + ") % 1000 AS c" + col);
      }
      spark.range(0, n, 1, 2).selectExpr(columns.toArray(String[]::new)).write().mode("overwrite").parquet(data);
      out.printf(Locale.ROOT, "%,d rows x %d columns: %d warm-up round(s), %d timed%n", n, COLUMNS, c.warmup, c.rounds);
      out.printf(Locale.ROOT, "%8s %12s %14s %12s%n", "checks", "median s", "ms per check", "quarantined");
      for (int checks : c.checks) {
        Contract contract = contract(checks);
        List<Double> seconds = new ArrayList<>();
        RunReport last = null;
        for (int round = 0; round < c.warmup + c.rounds; round++) {
          Dataset<Row> df = spark.read().parquet(data);
          long t0 = System.nanoTime();
          last = io.sluice.spark.Sluice.enforce(contract).on(df).validate();
          if (round >= c.warmup) {
            seconds.add((System.nanoTime() - t0) / 1e9);
          }
        }
        Collections.sort(seconds);
        double median = seconds.get(seconds.size() / 2);
        out.printf(Locale.ROOT, "%8d %12.2f %14.2f %,12d%n", checks, median, median * 1000 / checks,
            last.rowsQuarantined());
        out.flush();
      }
    }
    return io.sluice.cli.Sluice.OK;
  }
}
