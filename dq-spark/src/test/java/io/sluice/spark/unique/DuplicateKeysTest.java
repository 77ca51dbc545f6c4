package io.sluice.spark.unique;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spark.Enforcer;
import io.sluice.spark.Sluice;
import io.sluice.spark.plan.CheckPlan;
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

  @Test
  void duplicatesInsideOnePartitionAreFoundToo(SparkSession spark) {
    // Rows 0..2999 come in threes (0, 1, 2 share key 0): each three in one partition, next to each other.
    Dataset<Row> rows = spark.range(0, 10_000, 1, 4)
        .selectExpr("CAST(CASE WHEN id < 3000 THEN id div 3 ELSE id END AS STRING) AS k");
    Dataset<Row> found = DuplicateKeys.of(rows, List.of("k"), DuplicateKeys.COLLECTED_LIMIT);
    assertThat(found.queryExecution().analyzed()).isInstanceOf(LocalRelation.class);
    assertThat(sorted(found)).hasSize(1000).isEqualTo(sorted(rows.groupBy("k").count().where("count > 1").select("k")));
  }

  @Test
  void aHotKeyCountsOncePerPartitionAgainstTheLimit(SparkSession spark) {
    // 32,000 rows over 16 partitions: 16,000 share the key HOT (1,000 in each partition), 5 keys occur twice, the
    // rest once.
    Dataset<Row> rows = spark.range(0, 32_000, 1, 16).selectExpr("CASE WHEN id % 2 = 0 THEN 'HOT'"
        + " WHEN id < 20 THEN concat('D', CAST((id div 2) % 5 AS STRING)) ELSE concat('U', CAST(id AS STRING)) END AS k");
    // 16,010 rows repeat their key, but in 21 (partition, key) pairs: under a limit of 64 the keys are collected,
    // and the hot key's rows are counted where they are.
    Dataset<Row> found = DuplicateKeys.of(rows, List.of("k"), 64);
    assertThat(found.queryExecution().analyzed()).isInstanceOf(LocalRelation.class);
    assertThat(sorted(found)).containsExactly("D0", "D1", "D2", "D3", "D4", "HOT");
  }

  @Test
  void pastTheLimitTheDriverReceivesNoHashes(SparkSession spark) throws Exception {
    // 20,000 duplicate keys: their hashes alone are 160 KB.
    Dataset<Row> rows = spark.range(0, 40_000, 1, 4).selectExpr("CAST(id % 20000 AS STRING) AS k");
    long[] received = new long[1];
    org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
        synchronized (received) {
          received[0] += end.taskMetrics().resultSize();
        }
      }
    };
    spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    spark.sparkContext().addSparkListener(listener);
    Dataset<Row> found;
    try {
      found = DuplicateKeys.of(rows, List.of("k"), 100);
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    assertThat(found.queryExecution().analyzed()).isNotInstanceOf(LocalRelation.class);
    synchronized (received) {
      assertThat(received[0]).isLessThan(40_000); // each task's result with its metrics, a few KB
    }
    assertThat(found.count()).isEqualTo(20_000);
  }

  @Test
  void keysTooWideForTheDriverAreCountedDistributed(SparkSession spark) {
    Dataset<Row> rows = orders(spark);
    Dataset<Row> found = DuplicateKeys.of(rows, List.of("order_id"), DuplicateKeys.COLLECTED_LIMIT, 10_000);
    assertThat(found.queryExecution().analyzed()).isNotInstanceOf(LocalRelation.class);
    assertThat(sorted(found)).hasSize(1000)
        .isEqualTo(sorted(DuplicateKeys.of(rows, List.of("order_id"), DuplicateKeys.COLLECTED_LIMIT)));
  }

  @Test
  void countedDistributedNullKeysAndKeysWithANullPartAreNeverDuplicates(SparkSession spark) {
    String yaml = """
        apiVersion: sluice/v1
        kind: DataContract
        id: t
        version: 1.0.0
        layer: silver
        columns: [{name: k, type: string, unique: true}, {name: b, type: int}]
        unique: [[k, b]]
        """;
    Enforcer enforcer = Sluice.enforce(io.sluice.contract.ContractLoader.withDiscoveredValidators().parse(yaml, "t.yaml")
        .orThrow());
    Dataset<Row> rows = spark.sql("SELECT * FROM VALUES ('a', '1'), ('a', '1'), ('a', NULL), ('a', NULL), (NULL, '2'),"
        + " (NULL, '2'), ('c', '3') AS t(k, b)");
    spark.conf().set(CheckPlan.COLLECTED_LIMIT, "0");
    try {
      var report = enforcer.on(rows).validate();
      assertThat(report.checks()).extracting(c -> c.id() + "=" + c.failedRows())
          .contains("k.unique=4", "unique(k,b)=2");
      assertThat(report.rowsQuarantined()).isEqualTo(4);
    } finally {
      spark.conf().unset(CheckPlan.COLLECTED_LIMIT);
    }
  }

  @Test
  void hashesSortAsArraysSortSortsThem() {
    java.util.Random random = new java.util.Random(7);
    for (int n : new int[] {0, 1, 4095, 4096, 100_000}) {
      long[] a = new long[n];
      for (int i = 0; i < n; i++) {
        a[i] = switch (i % 7) {
          case 0 -> Long.MIN_VALUE;
          case 1 -> Long.MAX_VALUE;
          case 2 -> -1;
          case 3 -> random.nextInt(100) - 50; // repeats
          default -> random.nextLong();
        };
      }
      long[] expected = a.clone();
      java.util.Arrays.sort(expected);
      DuplicateKeys.sort(a, n, new long[n]);
      assertThat(a).as("n = %d", n).isEqualTo(expected);
    }
    long[] same = new long[10_000]; // one value: every pass is skipped
    java.util.Arrays.fill(same, 42);
    DuplicateKeys.sort(same, same.length, new long[same.length]);
    assertThat(same).containsOnly(42);
  }
}
