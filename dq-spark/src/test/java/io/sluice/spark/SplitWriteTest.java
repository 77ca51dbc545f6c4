package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.report.CheckResult;
import io.sluice.report.RunReport;
import io.sluice.spark.internal.SplitParquetFormat;
import io.sluice.testkit.LocalSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The split writer's two shortcuts: quarantined rows are held back and written in batches, and a valid row is
 * the row itself read as fewer fields when the valid columns lead the data. Each must write exactly what a row by
 * row write through a view would.
 */
@ExtendWith(LocalSpark.class)
class SplitWriteTest {

  private static Contract contract(Path dir, String yaml) throws IOException {
    Path file = dir.resolve("contract.yaml");
    Files.writeString(file, yaml);
    return ContractLoader.withDiscoveredValidators().load(file);
  }

  private static RunReport run(SparkSession spark, Contract contract, String input, Path dir) {
    TransitionResult r = Transition.of(contract).from(input, Format.PARQUET).to(dir.resolve("silver").toString())
        .quarantineTo(dir.resolve("quarantine").toString()).auditTo(dir.resolve("audit")).run(spark);
    assertThat(r.committed()).isTrue();
    return r.report();
  }

  @Test
  void quarantinedRowsHeldBackInBatchesAreEachWrittenOnceWithTheirOwnReasons(SparkSession spark, @TempDir Path dir)
      throws Exception {
    // One task, so one writer holds every quarantined row: more than two batches by count, and rows long enough
    // that some batches end on their size instead.
    int n = 6 * SplitParquetFormat.HELD_ROWS + 17;
    String input = dir.resolve("in.parquet").toString();
    spark.range(0, n, 1, 1).selectExpr(
            "id",
            "CAST(CASE WHEN id % 3 = 0 THEN -1 ELSE id % 100 END AS INT) AS v",
            "CASE WHEN id % 3 = 1 AND id % 2 = 0 THEN 'bad' ELSE 'good' END AS s",
            "CASE WHEN id % 5 = 0 THEN repeat('x', 3000) ELSE 'short' END AS note")
        .write().parquet(input);
    Contract c = contract(dir, """
        apiVersion: sluice/v1
        kind: DataContract
        id: held
        version: 1.0.0
        layer: silver
        source: bronze
        columns:
          - {name: id, type: long}
          - {name: v, type: int, checks: [{range: {min: 0}}]}
          - {name: s, type: string, checks: [{allowed_values: [good]}]}
          - {name: note, type: string}
        """);

    RunReport report = run(spark, c, input, dir);

    long expectedRange = IntStream.range(0, n).filter(i -> i % 3 == 0).count();
    long expectedAllowed = IntStream.range(0, n).filter(i -> i % 3 == 1 && i % 2 == 0).count();
    assertThat(expectedRange + expectedAllowed).isGreaterThan(2L * SplitParquetFormat.HELD_ROWS);
    assertThat(report.rowsQuarantined()).isEqualTo(expectedRange + expectedAllowed);
    assertThat(report.rowsValid()).isEqualTo(n - expectedRange - expectedAllowed);
    Map<String, Long> failed = report.checks().stream()
        .collect(Collectors.toMap(CheckResult::id, CheckResult::failedRows));
    assertThat(failed).containsEntry("v.range", expectedRange).containsEntry("s.allowed_values", expectedAllowed);

    Dataset<Row> q = spark.read().parquet(dir.resolve("quarantine").toString());
    assertThat(q.count()).isEqualTo(report.rowsQuarantined());
    assertThat(q.select("id").distinct().count()).as("each quarantined row once").isEqualTo(q.count());
    // Every row carries the reasons of its own values, and its own values (the long notes included).
    assertThat(q.where("v < 0 AND NOT (size(_dq_errors) = 1 AND _dq_errors[0].check = 'v.range')").count()).isZero();
    assertThat(q.where("s = 'bad' AND NOT (size(_dq_errors) = 1 AND _dq_errors[0].check = 's.allowed_values')")
        .count()).isZero();
    assertThat(q.where("(v < 0) = (s = 'bad')").count()).isZero();
    assertThat(q.where("(id % 5 = 0) != (length(note) = 3000)").count()).isZero();
    assertThat(q.where("v >= 0 AND v != id % 100").count()).isZero();
    Dataset<Row> valid = spark.read().parquet(dir.resolve("silver").toString());
    assertThat(valid.where("v < 0 OR s != 'good'").count()).isZero();
    assertThat(valid.select("id").union(q.select("id")).distinct().count()).isEqualTo(n);
  }

  @Test
  void validColumnsLeadTheDataWhenTheirNullBitsAreAsWide() {
    assertThat(SplitParquetFormat.leads(new int[] {0, 1, 2}, 7)).isTrue();
    assertThat(SplitParquetFormat.leads(new int[] {0, 2, 1}, 7)).isFalse();
    assertThat(SplitParquetFormat.leads(new int[] {1, 2}, 7)).isFalse();
    assertThat(SplitParquetFormat.leads(IntStream.range(0, 64).toArray(), 64)).isTrue();
    assertThat(SplitParquetFormat.leads(IntStream.range(0, 63).toArray(), 66)).as("64 bits against 128").isFalse();
  }

  @Test
  void aContractOfSixtyThreeColumnsIsWrittenThroughAViewWithTheSameRows(SparkSession spark, @TempDir Path dir)
      throws Exception {
    // 63 valid columns, and the data written has more than 64 (the verdict, the bits, the quarantine's own):
    // the row's null bits are wider than the target's, so the writer reads the valid columns through a view.
    int width = 63;
    List<String> columns = IntStream.range(0, width).mapToObj(i -> "CAST(id * " + i + " AS INT) AS c" + i).toList();
    String input = dir.resolve("wide.parquet").toString();
    spark.range(0, 500, 1, 2).selectExpr(columns.toArray(String[]::new)).write().parquet(input);
    StringBuilder yaml = new StringBuilder("""
        apiVersion: sluice/v1
        kind: DataContract
        id: wide
        version: 1.0.0
        layer: silver
        source: bronze
        columns:
        """);
    for (int i = 0; i < width; i++) {
      yaml.append("  - {name: c").append(i).append(", type: int")
          .append(i == 1 ? ", checks: [{range: {max: 400}}]" : "").append("}\n");
    }

    RunReport report = run(spark, contract(dir, yaml.toString()), input, dir);

    assertThat(report.rowsQuarantined()).isEqualTo(99);
    Dataset<Row> valid = spark.read().parquet(dir.resolve("silver").toString());
    assertThat(valid.columns()).hasSize(width);
    Dataset<Row> expected = spark.read().parquet(input).where("c1 <= 400");
    assertThat(valid.count()).isEqualTo(401);
    assertThat(valid.exceptAll(expected).count()).isZero();
    assertThat(expected.exceptAll(valid).count()).isZero();
  }

  @Test
  void laterRunsReuseTheQuarantineProjectionsOfEarlierTasksAndWriteTheirOwnRows(SparkSession spark, @TempDir Path dir)
      throws Exception {
    Contract c = contract(dir, """
        apiVersion: sluice/v1
        kind: DataContract
        id: pooled
        version: 1.0.0
        layer: silver
        source: bronze
        columns:
          - {name: pool_probe, type: long}
          - {name: v, type: int, checks: [{range: {min: 0, max: 50}}]}
          - {name: s, type: string, checks: [{allowed_values: [ok]}]}
        """);
    for (int run = 0; run < 3; run++) {
      int r = run;
      String input = dir.resolve("in" + run + ".parquet").toString();
      // Each run quarantines other rows, for other reasons: a reused projection must carry nothing over.
      spark.range(0, 300, 1, 2).selectExpr("id AS pool_probe",
          "CAST(CASE WHEN id % 7 = " + run + " THEN -1 ELSE 1 END AS INT) AS v",
          "CASE WHEN id % 11 = " + run + " THEN 'bad' ELSE 'ok' END AS s").write().parquet(input);
      Path out = dir.resolve("run" + run);
      RunReport report = run(spark, c, input, out);

      Dataset<Row> q = spark.read().parquet(out.resolve("quarantine").toString());
      long expected = IntStream.range(0, 300).filter(i -> i % 7 == r || i % 11 == r).count();
      assertThat(report.rowsQuarantined()).isEqualTo(expected);
      assertThat(q.count()).isEqualTo(expected);
      assertThat(q.where("size(_dq_errors) != CAST(v = -1 AS INT) + CAST(s = 'bad' AS INT)"
          + " OR (v = -1) != array_contains(_dq_errors.check, 'v.range')"
          + " OR (s = 'bad') != array_contains(_dq_errors.check, 's.allowed_values')").count()).isZero();
      assertThat(q.where("pool_probe % 7 != " + run + " AND pool_probe % 11 != " + run).count()).isZero();
      assertThat(q.select("_dq_run_id").distinct().collectAsList()).hasSize(1);
      // Given back (else none), and taken again by later tasks (else two more after every run of two tasks).
      assertThat(SplitParquetFormat.pooledWith("pool_probe")).as("projections pooled after run " + run).isBetween(1, 2);
    }
  }

  @Test
  void theQuarantineIsWrittenWithoutDictionariesAndTheTargetWithThem(SparkSession spark, @TempDir Path dir)
      throws Exception {
    String input = dir.resolve("in.parquet").toString();
    spark.range(0, 2000, 1, 1).selectExpr("id",
        "CASE WHEN id % 10 = 0 THEN 'bad' ELSE 'good' END AS s").write().parquet(input);
    Contract c = contract(dir, """
        apiVersion: sluice/v1
        kind: DataContract
        id: plainq
        version: 1.0.0
        layer: silver
        source: bronze
        columns:
          - {name: id, type: long}
          - {name: s, type: string, checks: [{allowed_values: [good]}]}
        """);

    RunReport report = run(spark, c, input, dir);

    assertThat(report.rowsQuarantined()).isEqualTo(200);
    // The target's few repeated values are a dictionary's; the quarantine's are encoded plainly (its writer pays
    // no dictionary lookup per value; see SplitParquetFormat).
    assertThat(dictionaryColumns(dir.resolve("silver"))).contains("s");
    assertThat(dictionaryColumns(dir.resolve("quarantine"))).isEmpty();
    Dataset<Row> q = spark.read().parquet(dir.resolve("quarantine").toString());
    assertThat(q.where("s = 'bad' AND _dq_errors[0].check = 's.allowed_values' AND _dq_run_id IS NOT NULL").count())
        .isEqualTo(200);
  }

  /** The columns of the Parquet files under {@code folder} with a dictionary page in some row group. */
  private static List<String> dictionaryColumns(Path folder) throws IOException {
    List<String> columns = new java.util.ArrayList<>();
    List<Path> files;
    try (var s = Files.list(folder)) {
      files = s.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      var in = org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(f.toUri()),
          new org.apache.hadoop.conf.Configuration());
      try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(in)) {
        for (var block : reader.getFooter().getBlocks()) {
          for (var column : block.getColumns()) {
            if (column.hasDictionaryPage()) {
              columns.add(column.getPath().toDotString());
            }
          }
        }
      }
    }
    return columns;
  }
}
