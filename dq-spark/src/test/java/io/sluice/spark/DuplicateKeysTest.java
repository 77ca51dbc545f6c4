package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.LocalSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalSpark.class)
class DuplicateKeysTest {

  /** 10,000 rows over 4 partitions; keys 0..999 occur twice (in different partitions), the rest once. */
  private static Dataset<Row> orders(SparkSession spark) {
    return spark.range(0, 10_000, 1, 4).selectExpr("concat('ORD-', CAST(id % 9000 AS STRING)) AS order_id",
        "CAST(id % 3 AS INT) AS part").repartition(4);
  }

  private static List<String> sorted(Dataset<Row> keys) {
    return keys.collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
  }

  @Test
  void theDuplicateKeysAreExactlyTheKeysThatOccurMoreThanOnce(SparkSession spark) {
    Dataset<Row> rows = orders(spark);
    Dataset<Row> found = DuplicateKeys.of(rows, List.of("order_id"), DuplicateKeys.COLLECTED_LIMIT);
    List<String> expected = sorted(rows.groupBy("order_id").count().where("count > 1").select("order_id"));
    assertThat(expected).hasSize(1000);
    assertThat(sorted(found)).isEqualTo(expected);
    assertThat(found.queryExecution().analyzed()).isInstanceOf(LocalRelation.class);
  }

  @Test
  void aCompositeKeyRepeatsOnlyWhenEveryPartRepeatsTogether(SparkSession spark) {
    // Rows id and id + 9000 share order_id; with part = id % 3 they share part too (9000 % 3 == 0) ...
    Dataset<Row> together = orders(spark);
    assertThat(DuplicateKeys.of(together, List.of("order_id", "part"), DuplicateKeys.COLLECTED_LIMIT).count())
        .isEqualTo(1000);
    // ... with part = id % 7 they do not (9000 % 7 == 5): no composite key repeats.
    Dataset<Row> apart = spark.range(0, 10_000, 1, 4)
        .selectExpr("concat('ORD-', CAST(id % 9000 AS STRING)) AS order_id", "CAST(id % 7 AS INT) AS part");
    assertThat(DuplicateKeys.of(apart, List.of("order_id", "part"), DuplicateKeys.COLLECTED_LIMIT).count()).isZero();
  }

  @Test
  void pastTheLimitTheKeysAreCountedDistributedWithTheSameResult(SparkSession spark) {
    Dataset<Row> rows = orders(spark);
    Dataset<Row> found = DuplicateKeys.of(rows, List.of("order_id"), 10); // 2,000 candidate rows
    assertThat(found.queryExecution().analyzed()).isNotInstanceOf(LocalRelation.class);
    assertThat(sorted(found)).isEqualTo(sorted(DuplicateKeys.of(rows, List.of("order_id"), DuplicateKeys.COLLECTED_LIMIT)));
  }

  @Test
  void noRepeatedKeyMeansNoDuplicates(SparkSession spark) {
    Dataset<Row> rows = spark.range(0, 5000, 1, 3).selectExpr("CAST(id AS STRING) AS k");
    assertThat(DuplicateKeys.of(rows, List.of("k"), DuplicateKeys.COLLECTED_LIMIT).count()).isZero();
  }

  @Test
  void enforcementGivesTheSameVerdictsWhenDuplicatesAreCountedDistributed(SparkSession spark) {
    String yaml = """
        apiVersion: sluice/v1
        kind: DataContract
        id: t
        version: 1.0.0
        layer: silver
        columns: [{name: order_id, type: string, unique: true}, {name: part, type: int}]
        unique: [[order_id, part]]
        """;
    Enforcer enforcer = Sluice.enforce(io.sluice.contract.ContractLoader.withDiscoveredValidators().parse(yaml, "t.yaml")
        .orThrow());
    var collected = enforcer.on(orders(spark)).validate();
    spark.conf().set(CheckPlan.COLLECTED_LIMIT, "0");
    try {
      var distributed = enforcer.on(orders(spark)).validate();
      assertThat(distributed.checks()).isEqualTo(collected.checks());
      assertThat(distributed.rowsQuarantined()).isEqualTo(collected.rowsQuarantined()).isEqualTo(2000);
    } finally {
      spark.conf().unset(CheckPlan.COLLECTED_LIMIT);
    }
  }
}
