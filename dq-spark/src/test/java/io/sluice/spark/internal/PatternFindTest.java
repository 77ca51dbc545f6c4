package io.sluice.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sluice.spark.Sluice;
import io.sluice.spark.pattern.AsciiChars;
import io.sluice.testkit.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sluice's RLIKE gives Spark's answers, compiled or interpreted, ASCII or not, and stays in whole-stage code; and it
 * answers in linear time where Spark's {@code java.util.regex} would backtrack for minutes (the tests bound the work
 * with a timeout that Spark's own RLIKE and LIKE overrun many times over on the same value).
 */
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

  private static final java.time.Duration BOUND = java.time.Duration.ofSeconds(30);
  /** Thirty-four 'a' and a '!': Java 17's java.util.regex takes minutes to find that (a|a)+?b is not in it. */
  private static final String NEAR_MISS = "a".repeat(34) + "!";

  private static Dataset<Row> one(SparkSession spark, String value) {
    return spark.createDataFrame(List.of(RowFactory.create(value)), new StructType().add("s", DataTypes.StringType));
  }

  private static List<Boolean> answers(Dataset<Row> df, String... predicates) {
    List<Column> cols = new ArrayList<>();
    for (String p : predicates) {
      cols.add(new Column(PatternFind.rewrite(expr(p).expr())));
    }
    Row r = df.select(cols.toArray(Column[]::new)).collectAsList().get(0);
    List<Boolean> out = new ArrayList<>();
    for (int k = 0; k < predicates.length; k++) {
      out.add(r.isNullAt(k) ? null : r.getBoolean(k));
    }
    return out;
  }

  @Test
  void aPatternThatMakesJavaBacktrackExponentiallyIsAnsweredAtOnce(SparkSession spark) {
    PatternFind find = new PatternFind(expr("s").expr(), "(a|a)+?b");
    assertTimeoutPreemptively(BOUND, () -> {
      assertThat(find.test(org.apache.spark.unsafe.types.UTF8String.fromString(NEAR_MISS))).isFalse();
      assertThat(find.test(org.apache.spark.unsafe.types.UTF8String.fromString("é" + NEAR_MISS))).isFalse();
      assertThat(answers(one(spark, NEAR_MISS), "s RLIKE '(a|a)+?b'", "rlike(s, '^(?:a|a)+?$')",
          "regexp_like(s, '^(\\\\w|\\\\w)+?$')", "s REGEXP '^(a|a)*?$'")).containsExactly(false, false, false, false);
    });
    assertThat(answers(one(spark, "a".repeat(34)), "s RLIKE '^(?:a|a)+?$'")).containsExactly(true);
  }

  @Test
  void interpretedItIsAnsweredAtOnceToo(SparkSession spark) {
    spark.conf().set("spark.sql.codegen.wholeStage", "false");
    spark.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
    try {
      assertTimeoutPreemptively(BOUND, () -> assertThat(answers(one(spark, "é" + NEAR_MISS), "s RLIKE '^é(?:a|a)+?$'"))
          .containsExactly(false));
    } finally {
      spark.conf().unset("spark.sql.codegen.wholeStage");
      spark.conf().unset("spark.sql.codegen.factoryMode");
    }
  }

  @Test
  void aLikeWithManyWildcardsIsAnsweredAtOnce(SparkSession spark) {
    // Spark runs this LIKE as (?s).*a.*a…b with Matcher.matches(): polynomial of degree ten in the value's length.
    String like = "'%a%a%a%a%a%a%a%a%a%a%b'";
    assertTimeoutPreemptively(BOUND, () -> assertThat(answers(one(spark, "a".repeat(3_000)), "s LIKE " + like,
        "s ILIKE " + like.toUpperCase(java.util.Locale.ROOT), "like(s, " + like + ")", "s LIKE ANY ('x%', " + like + ")"))
        .containsExactly(false, false, false, false));
  }

  @Test
  void everyFormOfRlikeAndLikeIsRewrittenAndAnswersAsSparkDoes(SparkSession spark) {
    List<String> forms = List.of("s RLIKE '^[a-c]+$'", "rlike(s, 'b$')", "regexp(s, '(?i)A_')", "regexp_like(s, '^.$')",
        "s NOT RLIKE 'x'", "s LIKE 'a_%'", "s LIKE 'a!%%' ESCAPE '!'", "s ILIKE 'A%B%'", "like(s, '%b_')",
        "ilike(s, '_B')", "s LIKE ANY ('a_', '%c%_')", "s LIKE ALL ('%a%', '%_b')", "s NOT LIKE ANY ('a%_', 'b%')",
        "s NOT LIKE ALL ('%_', '%a%')", "s ILIKE ANY ('A_', 'X%_')", "s LIKE 'abc'", "s LIKE '%b%'");
    List<String> texts = java.util.Arrays.asList("ab", "a%b", "abc", "AB", "b", "", "a\nb", "ÄB", null, "a_b\n");
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < texts.size(); k++) {
      rows.add(RowFactory.create(k, texts.get(k)));
    }
    List<Column> cols = new ArrayList<>(List.of(expr("i")));
    for (String f : forms) {
      Expression rewritten = PatternFind.rewrite(expr(f).expr());
      boolean simple = f.equals("s LIKE 'abc'") || f.equals("s LIKE '%b%'");
      assertThat(rewritten.find(new scala.runtime.AbstractFunction1<Expression, Object>() {
        @Override
        public Object apply(Expression e) {
          return e instanceof PatternFind;
        }
      }).isDefined()).as(f).isEqualTo(!simple); // Spark's LikeSimplification keeps the simple ones
      cols.add(expr(f));
      cols.add(new Column(rewritten));
    }
    Dataset<Row> df = spark.createDataFrame(rows, new StructType().add("i", DataTypes.IntegerType).add("s", DataTypes.StringType));
    for (Row r : df.select(cols.toArray(Column[]::new)).collectAsList()) {
      for (int f = 0; f < forms.size(); f++) {
        int theirs = 1 + 2 * f;
        assertThat(r.isNullAt(theirs + 1) ? null : r.getBoolean(theirs + 1)).as("%s on %s", forms.get(f), texts.get(r.getInt(0)))
            .isEqualTo(r.isNullAt(theirs) ? null : r.getBoolean(theirs));
      }
    }
  }
}
