package io.sluice.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.LocalSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sketch a task fills gives {@code approx_count_distinct}'s estimate, for every type and size. */
@ExtendWith(LocalSpark.class)
class DistinctSketchTest {
  /** Columns of 50,000 rows: few and many distinct values, nulls, NaN and -0.0 among doubles, wide decimals. */
  private static final List<String> COLUMNS = List.of(
      "CAST(id % 7 AS INT)", "CAST(id AS BIGINT)", "CONCAT('v', id % 3000)", "IF(id % 4 = 0, NULL, CAST(id AS STRING))",
      "CAST(id % 900 AS DOUBLE) / 4", "CASE id % 5 WHEN 0 THEN CAST('NaN' AS DOUBLE) WHEN 1 THEN -0.0D WHEN 2 THEN 0.0D"
          + " ELSE CAST(id AS DOUBLE) END", "CAST(CAST(id % 1200 AS DOUBLE) / 100 AS FLOAT)",
      "CAST(id / 100 AS DECIMAL(8,2))", "CAST(id * 1000003 AS DECIMAL(30,4))", "DATE_ADD(DATE'2026-01-01', CAST(id % 400 AS INT))",
      "TIMESTAMP_SECONDS(id * 37)", "id % 2 = 0");

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 100, 50_000})
  void itsEstimateIsTheAggregates(int rows, SparkSession spark) {
    for (String c : COLUMNS) {
      Dataset<Row> values = spark.range(rows).repartition(3).selectExpr(c + " AS v");
      DataType type = values.schema().apply("v").dataType();
      long expected = values.agg(functions.approx_count_distinct("v")).first().getLong(0);

      DistinctSketch[] perPartition = values.select(DistinctSketch.hash(functions.col("v"), type).as("h"))
          .javaRDD().mapPartitions(it -> {
            DistinctSketch s = new DistinctSketch();
            it.forEachRemaining(r -> {
              if (!r.isNullAt(0)) {
                s.add(r.getLong(0));
              }
            });
            return List.of(s).iterator();
          }).collect().toArray(DistinctSketch[]::new);
      DistinctSketch merged = new DistinctSketch();
      for (DistinctSketch s : perPartition) {
        merged.merge(s);
      }

      assertThat(merged.estimate()).as(c + " over " + rows + " rows").isEqualTo(expected);
      assertThat(merged.copy().estimate()).isEqualTo(expected);
      int kind = DistinctSketch.kind(type);
      int precision = type instanceof DecimalType d ? d.precision() : 0;
      int scale = type instanceof DecimalType d ? d.scale() : 0;
      if (kind != DistinctSketch.OTHER) { // hashed by a task from the row as Spark holds it
        DistinctSketch fromRows = values.queryExecution().toRdd().toJavaRDD().mapPartitions(it -> {
          DistinctSketch s = new DistinctSketch();
          it.forEachRemaining(r -> {
            if (!r.isNullAt(0)) {
              s.add(DistinctSketch.hashOf(r, 0, kind, precision, scale));
              // The same from a row that is not an UnsafeRow.
              s.add(DistinctSketch.hashOf(new org.apache.spark.sql.catalyst.expressions.GenericInternalRow(
                  new Object[] {r.get(0, type)}), 0, kind, precision, scale));
            }
          });
          return List.of(s).iterator();
        }).reduce((x, y) -> {
          x.merge(y);
          return x;
        });
        assertThat(fromRows.estimate()).as(c + " hashed by tasks, over " + rows + " rows").isEqualTo(expected);
      }
    }
  }

  @Test
  void aNullIsNoValue(SparkSession spark) {
    Row r = spark.sql("SELECT CAST(NULL AS STRING) AS v").select(
        DistinctSketch.hash(functions.col("v"), org.apache.spark.sql.types.DataTypes.StringType)).first();
    assertThat(r.isNullAt(0)).isTrue();
  }
}
