package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.expr;

import io.sluice.testkit.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sluice's RLIKE gives Spark's answers, compiled or interpreted, ASCII or not, and stays in whole-stage code. */
@ExtendWith(LocalSpark.class)
class PatternFindTest {
  private static final List<String> TEXTS = java.util.Arrays.asList("FR", "fr", "FRA", "", null, "user1@example.com",
      "nobody", "a@b@c", "Été", "ÉT", "naïve@exämple.org", "x\u00e9y", "😀@😀", "12345", "a\nb", "ABC abc", "FR\n",
      "a-long-address.of-seventy-characters@a-long-domain-name.example.org", "GB\r\n");
  private static final List<String> PATTERNS = List.of("^[A-Z]{2}$", "^[^@]+@[^@]+$", "\\\\d+", ".", "^$", "(?i)abc",
      "é", "^.{3}$", "b$", "[^\\\\x00-\\\\x7F]");

  private static Dataset<Row> texts(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < TEXTS.size(); i++) {
      rows.add(RowFactory.create(i, TEXTS.get(i)));
    }
    return spark.createDataFrame(rows, new StructType().add("i", DataTypes.IntegerType).add("s", DataTypes.StringType));
  }

  /** Per pattern, per text: Spark's RLIKE and Sluice's, side by side. */
  private static List<Row> bothWays(SparkSession spark, String column) {
    List<Column> cols = new ArrayList<>(List.of(expr("i")));
    for (int p = 0; p < PATTERNS.size(); p++) {
      String sql = column + " RLIKE '" + PATTERNS.get(p) + "'";
      cols.add(expr(sql).as("spark" + p));
      cols.add(new Column(PatternFind.rewrite(expr(sql).expr())).as("sluice" + p));
    }
    return texts(spark).withColumn("n", expr("length(s)")).select(cols.toArray(Column[]::new)).orderBy("i").collectAsList();
  }

  private static void sameAnswers(List<Row> rows) {
    assertThat(rows).hasSize(TEXTS.size());
    for (Row r : rows) {
      for (int p = 0; p < PATTERNS.size(); p++) {
        assertThat(r.<Boolean>getAs("sluice" + p)).as("text %s, pattern %s", TEXTS.get(r.getInt(0)), PATTERNS.get(p))
            .isEqualTo(r.<Boolean>getAs("spark" + p));
      }
    }
  }

  @Test
  void compiledItAnswersAsSparksRlikeDoes(SparkSession spark) {
    List<Row> rows = bothWays(spark, "s");
    sameAnswers(rows);
    // Not vacuous: the patterns do match some texts and not others.
    assertThat(rows).anySatisfy(r -> assertThat(r.<Boolean>getAs("sluice0")).isTrue());
    assertThat(rows).anySatisfy(r -> assertThat(r.<Boolean>getAs("sluice0")).isFalse());
    assertThat(rows).anySatisfy(r -> assertThat(r.<Boolean>getAs("sluice6")).isTrue()); // a non-ASCII text
    assertThat(rows).anySatisfy(r -> assertThat(r.isNullAt(r.fieldIndex("sluice1"))).isTrue());
  }

  @Test
  void interpretedItAnswersAsSparksRlikeDoes(SparkSession spark) {
    spark.conf().set("spark.sql.codegen.wholeStage", "false");
    spark.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
    try {
      sameAnswers(bothWays(spark, "s"));
    } finally {
      spark.conf().unset("spark.sql.codegen.wholeStage");
      spark.conf().unset("spark.sql.codegen.factoryMode");
    }
  }

  @Test
  void aNumberIsMatchedAsItsTextAsRlikeCastsIt(SparkSession spark) {
    sameAnswers(bothWays(spark, "n"));
  }

  @Test
  void aChecksPatternIsCompiledIntoTheWholeStageCode(SparkSession spark) {
    Dataset<Row> df = spark.range(0, 10).selectExpr("CAST(id AS STRING) AS s")
        .select(new Column(PatternFind.rewrite(expr("s RLIKE '^[A-Z]{2}$'").expr())).as("ok"));
    String plan = df.queryExecution().executedPlan().toString();
    assertThat(plan).contains("*(").contains("RLIKE '^[A-Z]{2}$'");
    String code = scala.collection.JavaConverters.seqAsJavaList(
        org.apache.spark.sql.execution.debug.package$.MODULE$.codegenStringSeq(df.queryExecution().executedPlan()))
        .stream().map(t -> t._2()).reduce("", String::concat);
    assertThat(code).contains(AsciiChars.class.getName() + ".found(");
    assertThat(df.where("ok").count()).isZero();
  }
}
