package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.history.ColumnMetrics;
import io.sluice.testkit.LocalSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's column statistics are the same whichever way its pass is run: taken by a split write's writers, by a
 * validation's tasks, or observed as aggregates when the caller computes both outputs itself — and they are what
 * Spark's own aggregates give over the typed values.
 */
@ExtendWith(LocalSpark.class)
class ColumnProfilePathsTest {
  private static final Contract CONTRACT = ContractLoader.withDiscoveredValidators().parse("""
      apiVersion: sluice/v1
      kind: DataContract
      id: profiled
      version: 1.0.0
      layer: silver
      columns:
        - {name: id, type: string, required: true}
        - {name: qty, type: int, checks: [{range: {min: 0}}]}
        - {name: amount, type: 'decimal(8,2)'}
        - {name: score, type: double}
        - {name: day, type: date}
        - {name: card, type: string, protect: {mask: show_last_4}}
        - {name: big, type: 'decimal(25,3)'}
        - {name: ratio, type: float}
        - {name: n, type: long}
        - {name: code, type: string}
      """, "profiled.yaml").orThrow();

  @TempDir Path dir;

  /**
   * 3,000 rows as text: qty negative on every seventh row (quarantined), not a number on every eleventh (null once
   * typed), empty on every fifth; a few hundred distinct amounts and days; 60 codes that differ only in their last
   * characters, at lengths around the 8, 16 and 24 bytes of a word, or in length alone.
   */
  private static Dataset<Row> input(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String qty = i % 5 == 0 ? null : i % 11 == 0 ? "x" + i : String.valueOf(i % 7 == 0 ? -i : i % 400);
      rows.add(RowFactory.create("r" + i, qty, (i % 300) + ".25", i % 13 == 0 ? null : String.valueOf(i * 0.5),
          "2026-0" + (1 + i % 9) + "-1" + (i % 10), "4111-" + (1000 + i % 50), i * 1234567L + ".125",
          String.valueOf((i % 50) / 8.0), String.valueOf(i * 100_000_007L),
          i % 17 == 0 ? null : code(i)));
    }
    StructType schema = new StructType().add("id", DataTypes.StringType).add("qty", DataTypes.StringType)
        .add("amount", DataTypes.StringType).add("score", DataTypes.StringType).add("day", DataTypes.StringType)
        .add("card", DataTypes.StringType).add("big", DataTypes.StringType).add("ratio", DataTypes.StringType)
        .add("n", DataTypes.StringType).add("code", DataTypes.StringType);
    return spark.createDataFrame(rows, schema).repartition(3);
  }

  /** One of 60 codes of 4 to 24 characters: 20 lengths, each as is, with a space more, or with its last letter changed. */
  private static String code(int i) {
    String base = "category-name-abcdefghij".substring(0, 4 + i % 20);
    return i % 3 == 0 ? base : i % 3 == 1 ? base + " " : base.substring(0, base.length() - 1) + "#";
  }

  @Test
  void theWritersTheValidationAndTheObservedAggregatesAgreeWithSpark(SparkSession spark) {
    Dataset<Row> input = input(spark);

    Enforcement written = written(CONTRACT, input);
    Enforcement validated = Sluice.enforce(CONTRACT).withColumnProfile().on(input);
    validated.validate();
    Enforcement observed = Sluice.enforce(CONTRACT).withColumnProfile().on(input);
    observed.valid().count();
    observed.quarantine().count();
    observed.report();

    Map<String, ColumnMetrics> expected = spark(input);
    assertThat(written.report().rowsQuarantined()).isPositive();
    assertThat(written.columnMetrics()).isEqualTo(expected);
    assertThat(validated.columnMetrics()).isEqualTo(expected);
    assertThat(observed.columnMetrics()).isEqualTo(expected);
    // The figures themselves: the fifth of qty that is empty and the eleventh not a number are nulls once typed.
    long qtyValues = java.util.stream.IntStream.range(0, 3000).filter(i -> i % 5 != 0 && i % 11 != 0).count();
    assertThat(expected.get("qty").completeness()).contains(qtyValues / 3000.0);
    assertThat(expected.get("amount").min()).contains(0.25);
    assertThat(expected.get("amount").max()).contains(299.25);
    // A protected column: how complete and how varied, never its smallest or largest value.
    assertThat(expected.get("card").min()).isEmpty();
    assertThat(expected.get("card").distinct()).hasValueSatisfying(d -> assertThat(d).isBetween(45L, 55L));
    assertThat(expected.get("code").distinct()).hasValueSatisfying(d -> assertThat(d).isBetween(54L, 66L)); // 60, approximately
  }

  @Test
  void negativeZeroAndNaNAreCountedAsTheTypedValuesHoldThem(SparkSession spark) {
    Contract doubles = contract("doubles", " [{name: x, type: double}, {name: y, type: double}]");
    Dataset<Row> input = spark.sql("SELECT CASE WHEN id = 7 THEN CAST('NaN' AS DOUBLE) WHEN id % 3 = 0 THEN -0.0D"
        + " ELSE id / 4 END AS x, CAST('NaN' AS DOUBLE) AS y FROM range(100)").repartition(2);

    Enforcement written = written(doubles, input);
    Enforcement validated = Sluice.enforce(doubles).withColumnProfile().on(input);
    validated.validate();

    // A double column's strict cast takes no NaN (DESIGN.md): it is a failed value, null for the statistics.
    Row r = input.where("NOT isnan(x)").selectExpr("min(x)", "max(x)", "avg(x)", "approx_count_distinct(x)").first();
    for (Enforcement e : List.of(written, validated)) {
      assertThat(e.columnMetrics().get("x").min()).contains(r.getDouble(0));
      assertThat(e.columnMetrics().get("x").max()).contains(r.getDouble(1));
      assertThat(e.columnMetrics().get("x").mean()).contains(r.getDouble(2));
      assertThat(e.columnMetrics().get("x").distinct()).contains(r.getLong(3));
      assertThat(e.columnMetrics().get("y")).isEqualTo(new ColumnMetrics(Optional.of(0.0), Optional.of(0L),
          Optional.empty(), Optional.empty(), Optional.empty()));
    }
  }

  /**
   * 200 columns: a writer's batch then holds about 20 rows (it holds 32 KB of rows), and 250 rows a task end in a
   * part batch. Each column has up to a few hundred values, so most are counted as seen before, not hashed again.
   */
  @Test
  void aWideContractsSmallBatchesCountEveryValue(SparkSession spark) {
    StringBuilder yaml = new StringBuilder();
    List<String> columns = new ArrayList<>();
    List<String> aggregates = new ArrayList<>(List.of("count(*)"));
    for (int c = 0; c < 200; c++) {
      yaml.append("\n  - {name: c").append(c).append(", type: long}");
      columns.add("IF(id % " + (c % 7 + 2) + " = 0, NULL, id * " + (c + 1) + " % " + (50 + c) + ") AS c" + c);
      aggregates.addAll(List.of("count(c" + c + ")", "approx_count_distinct(c" + c + ")", "min(CAST(c" + c
          + " AS double))", "max(CAST(c" + c + " AS double))", "avg(CAST(c" + c + " AS double))"));
    }
    Contract wide = contract("wide_profile", yaml.toString());
    Dataset<Row> input = spark.range(500).selectExpr(columns.toArray(String[]::new)).repartition(2);

    Enforcement written = written(wide, input);

    Row r = input.selectExpr(aggregates.toArray(String[]::new)).first();
    Map<String, ColumnMetrics> expected = new java.util.LinkedHashMap<>();
    for (int c = 0; c < 200; c++) {
      int at = 1 + 5 * c;
      expected.put("c" + c, new ColumnMetrics(Optional.of((double) r.getLong(at) / r.getLong(0)),
          Optional.of(r.getLong(at + 1)), Optional.of(r.getDouble(at + 2)), Optional.of(r.getDouble(at + 3)),
          Optional.of(r.getDouble(at + 4))));
    }
    assertThat(written.report().rowsIn()).isEqualTo(500);
    assertThat(written.columnMetrics()).isEqualTo(expected);
  }

  /**
   * Rows larger than a writer's batch buffer (a 40,000-character note on every tenth row) among small ones: each is
   * taken whole, and every value counted.
   */
  @Test
  void rowsLargerThanABatchAreCountedWhole(SparkSession spark) {
    Contract notes = contract("notes", " [{name: id, type: long}, {name: note, type: string}]");
    Dataset<Row> input = spark.sql("SELECT id, IF(id % 10 = 0, repeat(CAST(id AS STRING), 40000 DIV length("
        + "CAST(id AS STRING))), CAST(id % 7 AS STRING)) AS note FROM range(300)").repartition(2);

    Enforcement written = written(notes, input);
    assertThat(written.report().rowsIn()).isEqualTo(300);

    Row r = input.selectExpr("approx_count_distinct(note)", "approx_count_distinct(id)", "avg(CAST(id AS double))").first();
    assertThat(r.getLong(0)).isBetween(33L, 40L); // 30 long notes and 7 short ones
    assertThat(written.columnMetrics().get("note")).isEqualTo(new ColumnMetrics(Optional.of(1.0),
        Optional.of(r.getLong(0)), Optional.empty(), Optional.empty(), Optional.empty()));
    assertThat(written.columnMetrics().get("id")).isEqualTo(new ColumnMetrics(Optional.of(1.0),
        Optional.of(r.getLong(1)), Optional.of(0.0), Optional.of(299.0), Optional.of(r.getDouble(2))));
  }

  /** A silver contract of these columns (YAML after {@code columns:}). */
  private static Contract contract(String id, String columns) {
    return ContractLoader.withDiscoveredValidators().parse("""
        apiVersion: sluice/v1
        kind: DataContract
        id: %s
        version: 1.0.0
        layer: silver
        columns:%s
        """.formatted(id, columns), id + ".yaml").orThrow();
  }

  /** The contract enforced on the input by a split write that profiles its columns, its report made. */
  private Enforcement written(Contract contract, Dataset<Row> input) {
    Enforcement written = Sluice.enforce(contract).withColumnProfile().on(input);
    written.writeSplit(dir.resolve("valid").toString(), dir.resolve("quarantine").toString());
    written.report();
    return written;
  }

  /** What Spark's aggregates give over the values as the contract types them. */
  private static Map<String, ColumnMetrics> spark(Dataset<Row> input) {
    String[] typed = {"id", "try_cast(qty AS int) AS qty", "try_cast(amount AS decimal(8,2)) AS amount",
        "try_cast(score AS double) AS score", "try_cast(day AS date) AS day", "card",
        "try_cast(big AS decimal(25,3)) AS big", "try_cast(ratio AS float) AS ratio", "try_cast(n AS bigint) AS n", "code"};
    Dataset<Row> t = input.selectExpr(typed);
    Map<String, ColumnMetrics> metrics = new java.util.LinkedHashMap<>();
    for (String c : List.of("id", "qty", "amount", "score", "day", "card", "big", "ratio", "n", "code")) {
      boolean number = List.of("qty", "amount", "score", "big", "ratio", "n").contains(c);
      Row r = t.selectExpr("count(*)", "count(" + c + ")", "approx_count_distinct(" + c + ")",
          "min(cast(" + c + " AS double))", "max(cast(" + c + " AS double))", "avg(cast(" + c + " AS double))").first();
      metrics.put(c, new ColumnMetrics(Optional.of((double) r.getLong(1) / r.getLong(0)), Optional.of(r.getLong(2)),
          number ? Optional.of(r.getDouble(3)) : Optional.empty(), number ? Optional.of(r.getDouble(4)) : Optional.empty(),
          number ? Optional.of(r.getDouble(5)) : Optional.empty()));
    }
    return metrics;
  }
}
