package io.sluice.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.Severity;
import io.sluice.history.MetricName;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The {@code anomaly} dataset check: its id, its metric, Deequ's strategies and their parameters, and lint. */
class AnomalyKindTest {
  private static final String COLUMNS = """
      columns:
        - {name: amount, type: double, checks: [{range: {min: 0}}]}
        - {name: status, type: string}
      dataset_checks:
      """;

  private static Map<String, AnomalyRule> anomalies(String checks) {
    return Rules.compile(COLUMNS + checks).anomalyRules().stream()
        .collect(Collectors.toMap(AnomalyRule::id, Function.identity()));
  }

  @Test
  void theIssuesExamplesCompileWithTheirIds() {
    Map<String, AnomalyRule> rules = anomalies("""
          - anomaly: { metric: row_count, strategy: relative_rate_of_change, max_decrease: 0.5, max_increase: 2.0 }
          - anomaly: { metric: error_rate, strategy: online_normal, upper_deviation_factor: 3 }
            severity: warn
          - anomaly: { metric: "amount.mean", strategy: holt_winters, season: weekly }
        """);

    assertThat(rules).containsOnlyKeys("row_count.anomaly", "error_rate.anomaly", "amount.mean.anomaly");
    assertThat(rules.get("row_count.anomaly").strategy())
        .isEqualTo(new AnomalyStrategy.RelativeRateOfChange(Optional.of(0.5), Optional.of(2.0), 1));
    assertThat(rules.get("error_rate.anomaly").severity()).isEqualTo(Severity.WARN);
    assertThat(rules.get("error_rate.anomaly").strategy())
        .isEqualTo(new AnomalyStrategy.OnlineNormal(Optional.empty(), Optional.of(3.0), 0.1, true));
    assertThat(rules.get("amount.mean.anomaly").metric())
        .isEqualTo(new MetricName.ColumnStat("amount", MetricName.Stat.MEAN));
    assertThat(rules.get("amount.mean.anomaly").column()).contains("amount");
    AnomalyStrategy.HoltWinters hw = (AnomalyStrategy.HoltWinters) rules.get("amount.mean.anomaly").strategy();
    assertThat(hw.periodicity()).as("a weekly season of daily runs").isEqualTo(7);
    assertThat(hw.minimumHistory()).isEqualTo(14);
  }

  @Test
  void onlineNormalWithNeitherFactorHasDeequsThreeOnBothSides() {
    assertThat(anomalies("  - anomaly: { metric: rows_valid, strategy: online_normal }\n").get("rows_valid.anomaly").strategy())
        .isEqualTo(new AnomalyStrategy.OnlineNormal(Optional.of(3.0), Optional.of(3.0), 0.1, true));
  }

  @Test
  void aCheckFailureMetricNamesARowCheck() {
    assertThat(anomalies("  - anomaly: { metric: amount.range.failed, strategy: absolute_change, max_increase: 10 }\n"))
        .containsKey("amount.range.failed.anomaly");
  }

  @Test
  void anAnomalyCheckIsNotAnSqlDatasetRule() {
    assertThat(Rules.datasets(COLUMNS + "  - anomaly: { metric: row_count, strategy: absolute_change, max_decrease: -5 }\n"))
        .isEmpty();
  }

  @Test
  void lintRejectsAnUnknownStrategyWhereItIsWritten() {
    assertThat(Rules.problems(COLUMNS + "  - anomaly: { metric: row_count, strategy: relative_change, max_decrease: 0.5 }\n"))
        .containsExactly("t.yaml:10:45: error: unknown anomaly strategy 'relative_change'\n"
            + "    fix: name one of relative_rate_of_change, absolute_change, online_normal, holt_winters");
  }

  @Test
  void lintRejectsAParameterOfAnotherStrategy() {
    assertThat(Rules.problems(COLUMNS + "  - anomaly: { metric: row_count, strategy: online_normal, max_decrease: 0.5 }\n"))
        .containsExactly("t.yaml:10:60: error: unknown parameter 'max_decrease' of anomaly strategy online_normal\n"
            + "    fix: online_normal takes: lower_deviation_factor, upper_deviation_factor,"
            + " ignore_start_percentage, ignore_anomalies");
  }

  @Test
  void lintRejectsBadParameterValuesEachAtItsPlace() {
    assertThat(Rules.problems(COLUMNS + """
          - anomaly: { metric: row_count, strategy: relative_rate_of_change, max_decrease: -0.5 }
          - anomaly: { metric: error_rate, strategy: absolute_change, max_decrease: 5, max_increase: 1 }
          - anomaly: { metric: rows_valid, strategy: online_normal, ignore_start_percentage: 10 }
          - anomaly: { metric: rows_quarantined, strategy: holt_winters, season: monthly }
          - anomaly: { metric: amount.mean, strategy: holt_winters, season: daily, interval: daily }
        """)).containsExactly(
        "t.yaml:10:84: error: 'max_decrease' of relative_rate_of_change is a ratio of the new value to the previous one,"
            + " so above 0, not -0.5\n    fix: write 0.5 for 'at most halved', 2.0 for 'at most doubled'",
        "t.yaml:11:77: error: max_decrease 5 is greater than max_increase 1 in absolute_change\n"
            + "    fix: max_decrease is the lowest change that passes, negative for a drop (-100); max_increase the highest (100)",
        "t.yaml:12:86: error: 'ignore_start_percentage' of online_normal is a share between 0 and 1, not 10\n"
            + "    fix: write 10% as 'ignore_start_percentage: 0.1'",
        "t.yaml:13:74: error: 'season' of holt_winters is daily, weekly, yearly, not 'monthly'\n"
            + "    fix: write 'season: weekly'",
        "t.yaml:14:86: error: holt_winters cannot model a daily season of daily runs\n"
            + "    fix: Deequ models daily seasons of hourly runs, weekly seasons of hourly or daily runs, and yearly seasons of"
            + " monthly runs");
  }

  @Test
  void lintRejectsAMetricTheContractCannotMeasure() {
    assertThat(Rules.problems(COLUMNS + """
          - anomaly: { metric: status.mean, strategy: absolute_change, max_increase: 1 }
          - anomaly: { metric: amont.max, strategy: absolute_change, max_increase: 1 }
          - anomaly: { metric: amount.range.fail, strategy: absolute_change, max_increase: 1 }
          - anomaly: { metric: amount.pattern.failed, strategy: absolute_change, max_increase: 1 }
          - anomaly: { strategy: absolute_change, max_increase: 1 }
        """)).containsExactly(
        "t.yaml:10:24: error: mean is measured for numeric columns; column 'status' is string\n"
            + "    fix: use status.completeness or status.distinct",
        "t.yaml:11:24: error: metric 'amont.max' names column 'amont', which the contract does not declare (did you mean"
            + " 'amount'?)\n    fix: declare the column under 'columns', or fix the name",
        "t.yaml:12:24: error: metric 'amount.range.fail' is not a metric of the history\n"
            + "    fix: write one of " + MetricName.SYNTAX,
        "t.yaml:13:24: error: metric 'amount.pattern.failed' names check 'amount.pattern', which is not a row check of this"
            + " contract\n"
            + "    fix: name a row check's id followed by '.failed', such as 'amount.range.failed'",
        "t.yaml:14:14: error: anomaly of check 'dataset.anomaly' needs 'metric'\n"
            + "    fix: write '" + AnomalyKind.EXAMPLE + "'");
  }
}
