package io.sluice.spark;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.LocalSpark;
import java.time.Duration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The listener that collects Sluice's observed counts keeps none of the job's own observations. */
@ExtendWith(LocalSpark.class)
class ObservedMetricsTest {

  @Test
  void theJobsOwnObservationsAreNotKeptAndSluicesAre(SparkSession spark) {
    ObservedMetrics metrics = ObservedMetrics.of(spark);
    spark.range(3).observe("the_jobs_own", count(lit(1))).collectAsList();
    spark.range(5).observe(ObservedMetrics.PREFIX + "probe", count(lit(1))).collectAsList();
    assertThat(metrics.await(ObservedMetrics.PREFIX + "probe", Duration.ofSeconds(30))).hasValueSatisfying(
        r -> assertThat(r.getLong(0)).isEqualTo(5));
    assertThat(metrics.await("the_jobs_own", Duration.ofMillis(200))).isEmpty(); // delivered first, and not kept
  }
}
