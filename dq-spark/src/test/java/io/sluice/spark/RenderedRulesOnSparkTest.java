package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.check.CompiledContract;
import io.sluice.check.DatasetRule;
import io.sluice.check.RowRule;
import io.sluice.check.RuleCatalog;
import io.sluice.contract.ContractLoader;
import io.sluice.testkit.LocalSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rule catalog renders checks as Spark SQL text without seeing Spark; here real Spark parses and
 * evaluates that text, so the rendering, its quoting and its null semantics are proven, not assumed.
 */
@ExtendWith(LocalSpark.class)
class RenderedRulesOnSparkTest {
  private static final String HEAD = """
      apiVersion: sluice/v1
      kind: DataContract
      id: t
      version: 1.0.0
      layer: silver
      """;

  private static CompiledContract compile(String yaml) {
    return RuleCatalog.standard().compile(ContractLoader.withDiscoveredValidators().parse(HEAD + yaml, "t.yaml").orThrow());
  }

  /** A one-column string DataFrame of {@code values} (null allowed). */
  private static Dataset<Row> strings(SparkSession spark, String column, String... values) {
    List<Row> rows = new ArrayList<>();
    for (String v : values) {
      rows.add(RowFactory.create(v));
    }
    StructType schema = new StructType(new StructField[] {DataTypes.createStructField(column, DataTypes.StringType, true)});
    return spark.createDataFrame(rows, schema);
  }

  /** Evaluates a predicate per row, in row order. */
  private static List<Boolean> eval(Dataset<Row> df, String predicate) {
    return df.selectExpr(predicate).collectAsList().stream().map(r -> r.isNullAt(0) ? null : r.getBoolean(0)).toList();
  }

  private static RowRule rule(CompiledContract c, String id) {
    return java.util.stream.Stream.concat(c.typeRules().stream(), c.rowRules().stream())
        .filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  private static List<Boolean> b(Boolean... values) {
    return Arrays.asList(values);
  }

  @Test
  void intCastIsStrict(SparkSession spark) {
    CompiledContract c = compile("columns: [{name: n, type: int}]\n");
    Dataset<Row> df = strings(spark, "n", "12", "-7", " 42 ", "12abc", "12.5", "99999999999", "", null);
    assertThat(eval(df, rule(c, "n.type").predicate())).isEqualTo(b(true, true, true, false, false, false, false, true));
  }

  @Test
  void aLineBreakOrTabAroundAValueIsNotASpace(SparkSession spark) {
    CompiledContract c = compile("columns: [{name: n, type: int}]\n");
    Dataset<Row> df = strings(spark, "n", " 12 ", "12\n", "\t12", "12\r\n");
    assertThat(eval(df, rule(c, "n.type").predicate())).isEqualTo(b(true, false, false, false));
  }

  @Test
  void booleansAreTrueOrFalseInAnyCaseAndNothingElse(SparkSession spark) {
    CompiledContract c = compile("columns: [{name: b, type: boolean}]\n");
    Dataset<Row> df = strings(spark, "b", "true", "FALSE", " True ", "yes", "1", "t", "0", "no", "falſe");
    assertThat(eval(df, rule(c, "b.type").predicate())).isEqualTo(b(true, true, true, false, false, false, false, false, false));
  }

  @Test
  void floatingPointRefusesSuffixesHexNanInfinityAndOverflow(SparkSession spark) {
    CompiledContract c = compile("columns: [{name: d, type: double}, {name: f, type: float}]\n");
    Dataset<Row> df = strings(spark, "d", "1.5", "-.5", "5.", "1e3", "1d", "1f", "0x1p3", "NaN", "-Infinity", "1e309", "1e-400");
    assertThat(eval(df, rule(c, "d.type").predicate()))
        .isEqualTo(b(true, true, true, true, false, false, false, false, false, false, true));
    Dataset<Row> floats = strings(spark, "f", "3.4e38", "3.5e38", "inf");
    assertThat(eval(floats, rule(c, "f.type").predicate())).isEqualTo(b(true, false, false));
  }

  @Test
  void aFormattedDateRefusesWhatSparksOldParserWouldReadInsteadOfFailingTheJob(SparkSession spark) {
    // Spark 3.5's default parser policy (EXCEPTION) throws SparkUpgradeException on these, even in try_to_timestamp.
    CompiledContract c = compile("columns: [{name: d, type: date, format: 'yyyy-MM-dd'}]\n");
    Dataset<Row> df = strings(spark, "d", "2026-02-03", "2026-2-3", "2026-02-03x", "02026-02-03", "2026-02-30", "٢٠٢٦-٠٢-٠٣");
    assertThat(eval(df, rule(c, "d.type").predicate())).isEqualTo(b(true, false, false, false, false, false));
  }

  @Test
  void decimalCastRefusesLostDigits(SparkSession spark) {
    CompiledContract c = compile("columns: [{name: d, type: 'decimal(6,2)'}]\n");
    Dataset<Row> df = strings(spark, "d", "1.23", "1.230", "1234.5", "-0.5", ".5", "1.234", "12345.00", "1e3", "abc", null);
    assertThat(eval(df, rule(c, "d.type").predicate()))
        .isEqualTo(b(true, true, true, true, true, false, false, false, false, true));
  }

  @Test
  void doubleAndBooleanCasts(SparkSession spark) {
    CompiledContract c = compile("columns: [{name: x, type: double}, {name: f, type: boolean}]\n");
    assertThat(eval(strings(spark, "x", "1.5", "1e3", "-0", "1,5", "x"), rule(c, "x.type").predicate()))
        .isEqualTo(b(true, true, true, false, false));
    assertThat(eval(strings(spark, "f", "true", "FALSE", "maybe"), rule(c, "f.type").predicate()))
        .isEqualTo(b(true, true, false));
  }

  @Test
  void dateCastIsIsoUnlessAFormatIsGiven(SparkSession spark) {
    CompiledContract c = compile("""
        columns:
          - { name: d, type: date }
          - { name: e, type: date, format: dd/MM/yyyy }
        """);
    assertThat(eval(strings(spark, "d", "2024-02-29", "2023-02-29", "2024", "2024-1-5", "31/12/2024"), rule(c, "d.type").predicate()))
        .isEqualTo(b(true, false, false, false, false));
    assertThat(eval(strings(spark, "e", "31/12/2024", "2024-12-31", "32/12/2024"), rule(c, "e.type").predicate()))
        .isEqualTo(b(true, false, false));
  }

  @Test
  void timestampCastFollowsTheFormat(SparkSession spark) {
    CompiledContract c = compile("""
        columns:
          - { name: t, type: timestamp }
          - { name: u, type: timestamp, format: "yyyy-MM-dd HH:mm:ss" }
        """);
    assertThat(eval(strings(spark, "t", "2024-01-01 10:00:00", "2024-01-01T10:00:00Z", "2024-01-01", "yesterday"),
        rule(c, "t.type").predicate())).isEqualTo(b(true, true, true, false));
    assertThat(eval(strings(spark, "u", "2024-01-01 10:00:00", "2024-01-01", "2024-01-01 25:00:00"),
        rule(c, "u.type").predicate())).isEqualTo(b(true, false, false));
  }

  @Test
  void rangeIsInclusiveAndNullPasses(SparkSession spark) {
    CompiledContract c = compile("columns: [{name: a, type: int, checks: [{range: {min: 0, max: 10}}]}]\n");
    Dataset<Row> df = strings(spark, "a", "0", "10", "-1", "11", null).selectExpr("CAST(a AS INT) AS a");
    assertThat(eval(df, rule(c, "a.range").predicate())).isEqualTo(b(true, true, false, false, true));
  }

  @Test
  void dateRangeComparesDates(SparkSession spark) {
    CompiledContract c = compile("columns: [{name: d, type: date, checks: [{range: {min: '2020-01-01'}}]}]\n");
    Dataset<Row> df = strings(spark, "d", "2020-01-01", "2019-12-31").selectExpr("CAST(d AS DATE) AS d");
    assertThat(eval(df, rule(c, "d.range").predicate())).isEqualTo(b(true, false));
  }

  @Test
  void patternEscapesBackslashesAndQuotes(SparkSession spark) {
    CompiledContract c = compile("""
        columns:
          - name: o
            type: string
            checks:
              - pattern: '^ORD-\\d{3}$'
              - name: quoted
                pattern: "^it's$"
        """);
    assertThat(eval(strings(spark, "o", "ORD-123", "ORD-12", "ord-123", null), rule(c, "o.pattern").predicate()))
        .isEqualTo(b(true, false, false, true));
    assertThat(eval(strings(spark, "o", "it's", "its"), rule(c, "quoted").predicate())).isEqualTo(b(true, false));
  }

  @Test
  void allowedValuesAndLength(SparkSession spark) {
    CompiledContract c = compile("""
        columns:
          - name: s
            type: string
            checks:
              - allowed_values: [A, "B'C"]
              - length: { min: 1, max: 3 }
        """);
    Dataset<Row> df = strings(spark, "s", "A", "B'C", "a", "ABCD", "", null);
    assertThat(eval(df, rule(c, "s.allowed_values").predicate())).isEqualTo(b(true, true, false, false, false, true));
    assertThat(eval(df, rule(c, "s.length").predicate())).isEqualTo(b(true, true, true, false, false, true));
  }

  @Test
  void requiredIsTheOnlyCheckANullFails(SparkSession spark) {
    CompiledContract c = compile("columns: [{name: r, type: string, required: true}]\n");
    assertThat(eval(strings(spark, "r", "x", "", null), rule(c, "r.required").predicate())).isEqualTo(b(true, true, false));
  }

  @Test
  void expressionOverANameWithSpacesAndNullPasses(SparkSession spark) {
    CompiledContract c = compile("""
        columns:
          - { name: US Gross, type: int }
          - { name: amount, type: int }
        checks:
          - name: gross_le_amount
            expression: "`US Gross` <= amount"
        """);
    Dataset<Row> df = spark.sql("SELECT * FROM VALUES (1, 2), (3, 2), (NULL, 2) AS t(`US Gross`, amount)");
    assertThat(eval(df, rule(c, "gross_le_amount").predicate())).isEqualTo(b(true, false, true));
  }

  @Test
  void uniqueFailsEveryRowOfADuplicateGroupButNotNulls(SparkSession spark) {
    CompiledContract c = compile("columns: [{name: k, type: string, unique: true}]\n");
    Dataset<Row> df = spark.sql("SELECT * FROM VALUES (1, 'a'), (2, 'b'), (3, 'a'), (4, NULL), (5, NULL) AS t(i, k)");
    List<Row> rows = df.selectExpr("i", rule(c, "k.unique").predicate() + " AS ok").orderBy("i").collectAsList();
    assertThat(rows).extracting(r -> r.getBoolean(1)).containsExactly(false, true, false, true, true);
  }

  @Test
  void compositeKeySkipsRowsWithANullPart(SparkSession spark) {
    CompiledContract c = compile("""
        columns: [{name: a, type: string}, {name: b, type: string}]
        unique:
          - [a, b]
        """);
    Dataset<Row> df = spark.sql("SELECT * FROM VALUES (1, 'x', 'y'), (2, 'x', 'y'), (3, 'x', 'z'), (4, 'x', NULL), (5, 'x', NULL) AS t(i, a, b)");
    List<Row> rows = df.selectExpr("i", rule(c, "unique(a,b)").predicate() + " AS ok").orderBy("i").collectAsList();
    assertThat(rows).extracting(r -> r.getBoolean(1)).containsExactly(false, false, true, true, true);
  }

  /** The dataset rule's metric over {@code df}, then its assertion over that metric. */
  private static Row evalDataset(Dataset<Row> df, DatasetRule rule) {
    return df.selectExpr(rule.metric() + " AS " + DatasetRule.VALUE)
        .selectExpr(DatasetRule.VALUE, rule.assertion() + " AS ok").first();
  }

  @Test
  void datasetRulesComputeTheirMetricAndAssertion(SparkSession spark) {
    CompiledContract c = compile("""
        columns: [{name: e, type: string}, {name: t, type: timestamp}]
        dataset_checks:
          - row_count: { min: 3 }
          - completeness: { column: e, min: 0.5 }
          - freshness: { column: t, max_age: 1h }
        """);
    Dataset<Row> df = spark.sql("SELECT * FROM VALUES ('a', current_timestamp()), (NULL, current_timestamp() - INTERVAL 2 HOURS),"
        + " (NULL, NULL) AS x(e, t)");
    List<DatasetRule> rules = c.datasetRules();
    Row count = evalDataset(df, rules.get(0));
    assertThat(count.getLong(0)).isEqualTo(3);
    assertThat(count.getBoolean(1)).isTrue();
    Row completeness = evalDataset(df, rules.get(1));
    assertThat(completeness.getDouble(0)).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(completeness.getBoolean(1)).isFalse();
    Row freshness = evalDataset(df, rules.get(2));
    assertThat(freshness.getLong(0)).isBetween(0L, 60L);
    assertThat(freshness.getBoolean(1)).isTrue();
  }

  @Test
  void freshnessOfAnEmptyDatasetFails(SparkSession spark) {
    CompiledContract c = compile("""
        columns: [{name: t, type: timestamp}]
        dataset_checks:
          - freshness: { column: t, max_age: 1h }
          - completeness: { column: t, min: 1 }
        """);
    Dataset<Row> empty = spark.sql("SELECT current_timestamp() AS t WHERE false");
    assertThat(evalDataset(empty, c.datasetRules().get(0)).getBoolean(1)).isFalse();
    assertThat(evalDataset(empty, c.datasetRules().get(1)).getBoolean(1)).as("no rows: completeness is undefined and passes").isTrue();
  }

  @Test
  void everyExampleContractRendersSqlThatSparkParses(SparkSession spark) throws Exception {
    List<java.nio.file.Path> files;
    try (var walk = java.nio.file.Files.walk(java.nio.file.Path.of("../rule-examples/contracts"))) {
      files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(7);
    for (var file : files) {
      CompiledContract c = RuleCatalog.standard().compile(ContractLoader.withDiscoveredValidators().load(file));
      StructType schema = new StructType(c.contract().columns().stream()
          .map(col -> DataTypes.createStructField(col.name(), DataTypes.StringType, true)).toArray(StructField[]::new));
      Dataset<Row> empty = spark.createDataFrame(List.of(), schema);
      for (RowRule r : c.typeRules()) {
        empty.selectExpr(r.predicate()).collectAsList();
      }
      // Row rules see typed values: cast the strings as the type rules would.
      Dataset<Row> typed = empty.selectExpr(c.contract().columns().stream()
          .map(col -> io.sluice.check.StrictCast.of(io.sluice.check.Sql.ident(col.name()), col.type(), col.format())
              + " AS " + io.sluice.check.Sql.ident(col.name())).toArray(String[]::new));
      for (RowRule r : c.rowRules()) {
        assertThat(typed.selectExpr(r.predicate()).schema().fields()[0].dataType()).as(file + " " + r.id())
            .isEqualTo(DataTypes.BooleanType);
      }
      for (DatasetRule r : c.datasetRules()) {
        evalDataset(typed, r);
      }
    }
  }
}
