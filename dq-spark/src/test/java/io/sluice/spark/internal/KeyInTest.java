package io.sluice.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;

import io.sluice.testkit.LocalSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The duplicate-key membership test answers as Spark's IN does, compiled or interpreted, for each key type. */
@ExtendWith(LocalSpark.class)
class KeyInTest {
  private static Dataset<Row> rows(SparkSession spark) {
    return spark.range(0, 1000).selectExpr("id AS l", "CAST(id - 500 AS INT) AS i",
        "CASE WHEN id % 10 = 0 THEN NULL ELSE concat('K-', CAST(id AS STRING), CASE WHEN id % 7 = 0 THEN 'é' ELSE '' END) END AS s");
  }

  private static void sameAsIn(SparkSession spark) {
    Dataset<Row> df = rows(spark).select(col("l"),
        KeyIn.of(col("s"), DataTypes.StringType, List.of("K-1", "K-7é", "K-999", "K-10", "nope")).as("mine_s"),
        col("s").isin("K-1", "K-7é", "K-999", "K-10", "nope").as("spark_s"),
        KeyIn.ofMostlyAbsent(col("s"), DataTypes.StringType, List.of("K-1", "K-7é", "K-999", "K-10", "nope")).as("mine_f"),
        KeyIn.of(col("i"), DataTypes.IntegerType, List.of(-500, 0, 499, 7777)).as("mine_i"),
        col("i").isin(-500, 0, 499, 7777).as("spark_i"),
        KeyIn.of(col("l"), DataTypes.LongType, List.of(0L, 3L, 999L, -1L, Long.MIN_VALUE)).as("mine_l"),
        col("l").isin(0L, 3L, 999L, -1L, Long.MIN_VALUE).as("spark_l"));
    List<Row> all = df.collectAsList();
    assertThat(all).hasSize(1000).allSatisfy(r -> {
      for (String k : List.of("s", "i", "l")) {
        assertThat(r.<Boolean>getAs("mine_" + k)).as("row %s, %s", r.getLong(0), k).isEqualTo(r.<Boolean>getAs("spark_" + k));
      }
      assertThat(r.<Boolean>getAs("mine_f")).as("row %s, fingerprinted", r.getLong(0)).isEqualTo(r.<Boolean>getAs("spark_s"));
    });
    assertThat(all.stream().filter(r -> Boolean.TRUE.equals(r.getAs("mine_s"))).count()).isEqualTo(3); // K-1, K-7é, K-999
    assertThat(all.stream().filter(r -> r.isNullAt(r.fieldIndex("mine_s"))).count()).isEqualTo(100);
    assertThat(all.stream().filter(r -> Boolean.TRUE.equals(r.getAs("mine_i"))).count()).isEqualTo(3);
    assertThat(all.stream().filter(r -> Boolean.TRUE.equals(r.getAs("mine_l"))).count()).isEqualTo(3);
  }

  @Test
  void compiledItAnswersAsInDoes(SparkSession spark) {
    sameAsIn(spark);
  }

  @Test
  void interpretedItAnswersAsInDoes(SparkSession spark) {
    spark.conf().set("spark.sql.codegen.wholeStage", "false");
    spark.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
    try {
      sameAsIn(spark);
    } finally {
      spark.conf().unset("spark.sql.codegen.wholeStage");
      spark.conf().unset("spark.sql.codegen.factoryMode");
    }
  }

  @Test
  void aStringKeyIsFoundWhereverItsBytesLieAndNoOtherValueIs() throws Exception {
    // Absent values are mostly turned away by a bit per fingerprint (length, first and last eight bytes): values that
    // share all three with a key, and keys read from inside a larger buffer, must still be answered by the keys.
    List<String> keys = new java.util.ArrayList<>(List.of("", "a", "é", "1234567", "12345678", "123456789",
        "ORD-000000006", "ORD-000001006", "PREFIX--middle-1--SUFFIX!", "naïve-clé-€"));
    for (int k = 0; k < 3000; k++) {
      keys.add(String.format("K-%06d", k * 7));
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(KeyIn.Strings.of(keys, true));
    }
    KeyIn.Strings built = KeyIn.Strings.of(keys, true);
    KeyIn.Strings shipped;
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
        new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      shipped = (KeyIn.Strings) in.readObject();
    }
    java.util.Set<String> oracle = new java.util.HashSet<>(keys);
    List<String> asked = new java.util.ArrayList<>(keys);
    for (String k : keys) {
      asked.add(k + "x");
      asked.add("x" + k);
      if (!k.isEmpty()) {
        asked.add(k.substring(0, k.length() - 1));
      }
      if (k.length() > 16) { // the same length and first and last eight bytes: the same fingerprint
        asked.add(k.substring(0, 8) + k.substring(8, k.length() - 8).replace('-', '+') + k.substring(k.length() - 8));
      }
    }
    for (int k = 0; k < 21000; k++) {
      asked.add(String.format("K-%06d", k));
    }
    long found = 0;
    for (String v : asked) {
      byte[] b = v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] around = new byte[b.length + 11]; // the value in the middle of a buffer, as a row or a batch holds it
      java.util.Arrays.fill(around, (byte) '#');
      System.arraycopy(b, 0, around, 5, b.length);
      org.apache.spark.unsafe.types.UTF8String inside = org.apache.spark.unsafe.types.UTF8String.fromBytes(around, 5, b.length);
      for (KeyIn.Strings set : List.of(built, shipped)) {
        assertThat(set.contains(inside)).as("%s", v).isEqualTo(oracle.contains(v));
      }
      found += oracle.contains(v) ? 1 : 0;
    }
    assertThat(found).isGreaterThan(keys.size()); // every key, and the K-… asked again
    assertThat(asked.stream().filter(v -> v.length() > 16 && !oracle.contains(v)
        && oracle.contains(v.replace('+', '-')))).as("fingerprint twins of keys were asked").isNotEmpty();
  }

  @Test
  void aPlanNamesHowManyKeysNotEachKey(SparkSession spark) {
    List<Object> many = new java.util.ArrayList<>();
    for (int k = 0; k < 5000; k++) {
      many.add("KEY-" + k);
    }
    String plan = rows(spark).where(KeyIn.of(col("s"), DataTypes.StringType, many)).queryExecution().executedPlan().toString();
    assertThat(plan).contains("IN (5000 keys)").doesNotContain("KEY-4999");
  }
}
