package io.sluice.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spark.Format;
import io.sluice.spark.Input;
import io.sluice.spark.InputException;
import io.sluice.testkit.LocalSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalSpark.class)
class ParquetSchemaTest {

  /** Every kind of column Spark writes, non-nullable ones and a name with a space among them. */
  private static String table(SparkSession spark, Path dir) {
    String p = dir.resolve("t").toString();
    spark.range(0, 20, 1, 3).selectExpr(
        "id",
        "CAST(id AS INT) AS small",
        "CAST(id / 3 AS DECIMAL(12,2)) AS amount",
        "CAST(id AS DOUBLE) AS ratio",
        "concat('o', id) AS `order id`",
        "id % 2 = 0 AS even",
        "date_add(DATE'2026-01-01', CAST(id AS INT)) AS day",
        "timestamp_seconds(id) AS at",
        "CAST(concat('b', id) AS BINARY) AS raw",
        "named_struct('a', id, 'b', concat('x', id)) AS nested",
        "array(id, id + 1) AS list",
        "map(concat('k', id), id) AS dict",
        "CASE WHEN id % 5 = 0 THEN NULL ELSE id END AS sometimes")
        .write().parquet(p);
    return p;
  }

  private static long jobsOf(SparkSession spark, String group, Runnable r) {
    spark.sparkContext().setJobGroup(group, group, false);
    try {
      r.run();
    } finally {
      spark.sparkContext().clearJobGroup();
    }
    return spark.sparkContext().statusTracker().getJobIdsForGroup(group).length;
  }

  @Test
  void theFooterGivesTheSchemaSparkInfersForAFolderAndForAFile(SparkSession spark, @TempDir Path dir)
      throws IOException {
    String p = table(spark, dir);
    StructType inferred = spark.read().parquet(p).schema();
    assertThat(ParquetSchema.of(spark, p)).contains(inferred);
    Path oneFile;
    try (var files = Files.list(Path.of(p))) {
      oneFile = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    assertThat(ParquetSchema.of(spark, oneFile.toString())).contains(spark.read().parquet(oneFile.toString()).schema());
  }

  @Test
  void aParquetInputIsReadWithoutAJobAndReadsTheSameRows(SparkSession spark, @TempDir Path dir) throws IOException {
    String p = table(spark, dir);
    Input input = new Input(p, Format.PARQUET);
    // Spark's own read of the schema runs a job; the input's does not (if it did, this would count it).
    assertThat(jobsOf(spark, "spark-infers", () -> spark.read().parquet(p).schema())).isGreaterThan(0);
    assertThat(jobsOf(spark, "sluice-reads", () -> input.read(spark, null, "_corrupt").schema())).isZero();
    assertThat(input.read(spark, null, "_corrupt").orderBy("id").collectAsList())
        .isEqualTo(spark.read().parquet(p).orderBy("id").collectAsList());
  }

  @Test
  void whatOnlySparkCanTellIsLeftToSparksInference(SparkSession spark, @TempDir Path dir) throws IOException {
    String p = table(spark, dir);
    assertThat(ParquetSchema.of(spark, p + "/*.parquet")).isEmpty(); // a glob

    String partitioned = dir.resolve("by-day").toString();
    spark.range(0, 4).selectExpr("id", "id % 2 AS part").write().partitionBy("part").parquet(partitioned);
    assertThat(ParquetSchema.of(spark, partitioned)).isEmpty();
    assertThat(new Input(partitioned, Format.PARQUET).read(spark, null, "_corrupt").schema().fieldNames())
        .containsExactly("id", "part");

    spark.conf().set("spark.sql.parquet.mergeSchema", "true");
    try {
      assertThat(ParquetSchema.of(spark, p)).isEmpty();
    } finally {
      spark.conf().unset("spark.sql.parquet.mergeSchema");
    }

    Path notParquet = Files.createDirectories(dir.resolve("broken"));
    Files.write(notParquet.resolve("part-00000.parquet"), new byte[] {1, 2, 3});
    assertThat(ParquetSchema.of(spark, notParquet.toString())).isEmpty();
    assertThatThrownBy(() -> new Input(notParquet.toString(), Format.PARQUET).read(spark, null, "_corrupt"))
        .isInstanceOf(InputException.class).hasMessageContaining("cannot read");

    // A file another writer made: no schema of Spark's in its footer, so Spark converts Parquet's own.
    Path other = Files.createDirectories(dir.resolve("other"));
    org.apache.parquet.schema.MessageType type = org.apache.parquet.schema.MessageTypeParser.parseMessageType(
        "message m { required int32 n; optional binary s (STRING); }");
    try (var w = org.apache.parquet.hadoop.example.ExampleParquetWriter
        .builder(new org.apache.hadoop.fs.Path(other.resolve("data.parquet").toString()))
        .withType(type).withConf(spark.sparkContext().hadoopConfiguration()).build()) {
      w.write(new org.apache.parquet.example.data.simple.SimpleGroupFactory(type).newGroup()
          .append("n", 7).append("s", "x"));
    }
    assertThat(ParquetSchema.of(spark, other.toString())).isEmpty();
    assertThat(new Input(other.toString(), Format.PARQUET).read(spark, null, "_corrupt").collectAsList())
        .hasToString("[[7,x]]");

    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThat(ParquetSchema.of(spark, empty.toString())).isEmpty();
  }
}
