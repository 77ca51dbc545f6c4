package io.sluice.spark.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.audit.AuditRecord;
import io.sluice.check.AnomalyRule;
import io.sluice.check.AnomalyStrategy;
import io.sluice.contract.Severity;
import io.sluice.history.ColumnMetrics;
import io.sluice.history.MetricName;
import io.sluice.history.MetricsHistory;
import io.sluice.history.MetricsRecord;
import io.sluice.report.DatasetCheckResult;
import io.sluice.report.RunReport;
import io.sluice.report.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The range a result states is the one Deequ's strategy decides by: just inside it Deequ finds no anomaly, just
 * outside it does.
 */
class AnomalyChecksTest {
  private static final double EPS = 1e-6;

  private static final MetricName MEAN = MetricName.parse("amount.mean").orElseThrow();

  /** A run whose amounts have mean {@code mean}: a metric that is not a whole number, so probes can be close. */
  private static MetricsRecord run(int i, double mean) {
    RunReport r = new RunReport("r" + i, "orders", "1.0.0", 10, 10, 0, 0, 0, List.of(), List.of());
    Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(3600L * i);
    return MetricsRecord.of(r, at, at, AuditRecord.Outcome.COMMITTED, Status.PASSED, Map.of("amount",
        new ColumnMetrics(Optional.of(1.0), Optional.of(10L), Optional.empty(), Optional.empty(), Optional.of(mean))));
  }

  private static DatasetCheckResult judge(AnomalyStrategy s, List<Double> before, double now) {
    List<MetricsRecord> records = new ArrayList<>();
    for (int i = 0; i < before.size(); i++) {
      records.add(run(i, before.get(i)));
    }
    AnomalyRule rule = new AnomalyRule("amount.mean.anomaly", "anomaly", Optional.of("amount"), Severity.ERROR, MEAN, s);
    return AnomalyChecks.judge(List.of(rule), Optional.of(MetricsHistory.of(records)), run(before.size(), now)).get(0);
  }

  /** Deequ's verdicts just inside and just outside both ends of the range the result states. */
  private static void rangeIsDeequs(AnomalyStrategy s, List<Double> before, double probe) {
    DatasetCheckResult r = judge(s, before, probe);
    DatasetCheckResult.Expected e = r.expected().orElseThrow();
    e.min().ifPresent(min -> {
      assertThat(judge(s, before, min + EPS).passed()).as("just above the minimum %s", min).isTrue();
      assertThat(judge(s, before, min - 1e-3).passed()).as("just below the minimum %s", min).isFalse();
    });
    e.max().ifPresent(max -> {
      assertThat(judge(s, before, max - EPS).passed()).as("just below the maximum %s", max).isTrue();
      assertThat(judge(s, before, max + 1e-3).passed()).as("just above the maximum %s", max).isFalse();
    });
  }

  @Test
  void relativeRateOfChangeBoundsTheRatioToTheRunOrderBefore() {
    AnomalyStrategy s = new AnomalyStrategy.RelativeRateOfChange(Optional.of(0.5), Optional.of(2.0), 2);
    assertThat(judge(s, List.of(80.0, 100.0, 120.0), 100.0).expected())
        .contains(new DatasetCheckResult.Expected(Optional.of(50.0), Optional.of(200.0)));
    rangeIsDeequs(s, List.of(80.0, 100.0, 120.0), 100.0);
  }

  @Test
  void absoluteChangeOfOrderTwoBoundsTheChangeOfTheChange() {
    AnomalyStrategy s = new AnomalyStrategy.AbsoluteChange(Optional.of(-10.0), Optional.of(5.0), 2);
    rangeIsDeequs(s, List.of(10.0, 30.0, 45.0), 60.0);
  }

  @Test
  void onlineNormalBoundsByTheRunningMeanAndDeviation() {
    AnomalyStrategy s = new AnomalyStrategy.OnlineNormal(Optional.of(1.5), Optional.of(1.5), 0.0, true);
    List<Double> before = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      before.add(100.0 + (i % 5) * 3);
    }
    DatasetCheckResult r = judge(s, before, 104.0);
    assertThat(r.passed()).isTrue();
    assertThat(judge(s, before, 400.0).passed()).isFalse();
    assertThat(judge(s, before, 400.0).note()).hasValueSatisfying(n -> assertThat(n).contains("is an anomaly (expected ["));
    assertThat(r.expected().orElseThrow().min().orElseThrow()).isLessThan(104.0);
    assertThat(r.expected().orElseThrow().max().orElseThrow()).isGreaterThan(104.0);
  }

  @Test
  void holtWintersNeedsTwoSeasonsAndFindsABreakInTheWeeklyPattern() {
    AnomalyStrategy s = new AnomalyStrategy.HoltWinters(AnomalyStrategy.Season.WEEKLY, AnomalyStrategy.Interval.DAILY);
    List<Double> weeks = new ArrayList<>();
    for (int d = 0; d < 28; d++) {
      weeks.add(d % 7 >= 5 ? 20.0 : 100.0 + d % 7);
    }
    assertThat(judge(s, weeks.subList(0, 13), 100.0).note())
        .hasValueSatisfying(n -> assertThat(n).contains("13 earlier accepted runs").contains("holt_winters needs 14"));
    assertThat(judge(s, weeks, 100.0).passed()).as("a Monday like every Monday").isTrue();
    assertThat(judge(s, weeks, 1000.0).passed()).as("ten times a Monday").isFalse();
  }

  @Test
  void holtWintersGivesTheRangeItsOwnDetectionAccepts() {
    AnomalyStrategy s = new AnomalyStrategy.HoltWinters(AnomalyStrategy.Season.WEEKLY, AnomalyStrategy.Interval.DAILY);
    List<Double> weeks = new ArrayList<>();
    for (int d = 0; d < 21; d++) {
      weeks.add((d % 7 >= 5 ? 20.0 : 100.0 + d % 7) + (d * 7 % 5)); // a weekly pattern with some noise
    }

    DatasetCheckResult r = judge(s, weeks, 100.0);

    DatasetCheckResult.Expected e = r.expected().orElseThrow();
    double min = e.min().orElseThrow();
    double max = e.max().orElseThrow();
    assertThat(min).isLessThan(max);
    double margin = (max - min) * 1e-6;
    // Deequ's own verdicts on both sides of each bound.
    assertThat(judge(s, weeks, min + margin).passed()).isTrue();
    assertThat(judge(s, weeks, max - margin).passed()).isTrue();
    assertThat(judge(s, weeks, min - margin).passed()).isFalse();
    assertThat(judge(s, weeks, max + margin).passed()).isFalse();
    assertThat(judge(s, weeks, max + margin).note()).hasValueSatisfying(n -> assertThat(n).contains("(expected ["));
  }
}
