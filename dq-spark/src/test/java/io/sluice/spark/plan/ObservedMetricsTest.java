package io.sluice.spark.plan;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.ContractLoader;
import io.sluice.spark.Enforcement;
import io.sluice.spark.Sluice;
import io.sluice.testkit.LocalSpark;
import java.time.Duration;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;
import io.sluice.spark.internal.ObservationListener;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The listeners that collect Sluice's observed counts keep none of the job's own and leave the session as found. */
@ExtendWith(LocalSpark.class)
class ObservedMetricsTest {
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: t
      version: 1.0.0
      layer: silver
      columns:
        - {name: id, type: long, checks: [{range: {min: 1}}]}
      """;

  @Test
  void theJobsOwnObservationsAreNotKeptAndSluicesAre(SparkSession spark) {
    Object owner = new Object();
    try (ObservedMetrics metrics = ObservedMetrics.watch(spark, ObservedMetrics.PREFIX + "probe", owner)) {
      spark.range(3).observe("the_jobs_own", count(lit(1))).collectAsList();
      spark.range(5).observe(ObservedMetrics.PREFIX + "probe", count(lit(1))).collectAsList();
      assertThat(metrics.await(ObservedMetrics.PREFIX + "probe", Duration.ofSeconds(30))).hasValueSatisfying(
          r -> assertThat(r.getLong(0)).isEqualTo(5));
      assertThat(metrics.await("the_jobs_own", Duration.ofMillis(200))).isEmpty(); // delivered first, and not kept
    }
  }

  @Test
  void anEnforcementsListenerIsRemovedOnceItsReportIsMade(SparkSession spark) {
    int before = listeners(spark);
    Enforcement e = Sluice.enforce(ContractLoader.withDiscoveredValidators().parse(CONTRACT, "t.yaml").orThrow())
        .on(spark.range(0, 10).toDF("id"));
    assertThat(listeners(spark)).isEqualTo(before + 1);
    assertThat(e.validate().rowsQuarantined()).isEqualTo(1);
    assertThat(listeners(spark)).isEqualTo(before);
  }

  @Test
  void aClosedListenerSeesNothingMore(SparkSession spark) {
    ObservedMetrics metrics = ObservedMetrics.watch(spark, ObservedMetrics.PREFIX + "closed", new Object());
    int open = listeners(spark);
    metrics.close();
    metrics.close();
    assertThat(listeners(spark)).isEqualTo(open - 1);
    spark.range(2).observe(ObservedMetrics.PREFIX + "closed", count(lit(1))).collectAsList();
    assertThat(metrics.await(ObservedMetrics.PREFIX + "closed", Duration.ofMillis(500))).isEmpty();
  }

  private static int listeners(SparkSession spark) {
    QueryExecutionListener[] all = spark.listenerManager().listListeners();
    return (int) Arrays.stream(all).filter(l -> l instanceof ObservationListener).count();
  }
}
