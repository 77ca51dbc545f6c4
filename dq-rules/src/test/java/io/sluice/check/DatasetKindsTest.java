package io.sluice.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.Severity;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dataset checks: an aggregate metric and an assertion over it, named {@code value}. */
class DatasetKindsTest {
  private static final Map<String, DatasetRule> RULES = Rules.datasets("""
      columns:
        - {name: s, type: string}
        - {name: ts, type: timestamp}
      dataset_checks:
        - row_count: {min: 1, max: 10}
        - completeness: {column: s, min: 0.9}
        - freshness: {column: ts, max_age: 26h}
          severity: warn
      """);

  @Test
  void rowCountCountsEveryRowBetweenInclusiveBounds() {
    DatasetRule r = RULES.get("dataset.row_count");
    assertThat(r.metric()).isEqualTo("count(1)");
    assertThat(r.assertion()).isEqualTo("value >= 1 AND value <= 10");
    assertThat(r.column()).isEmpty();
  }

  @Test
  void completenessOfAnEmptyDatasetPasses() {
    DatasetRule r = RULES.get("s.completeness");
    assertThat(r.metric()).isEqualTo("try_divide(count(`s`), count(1))");
    assertThat(r.assertion()).isEqualTo("coalesce(value >= 0.9, TRUE)"); // 0/0 is NULL: nothing to be incomplete
  }

  @Test
  void freshnessIsALagInSecondsAndAnEmptyDatasetIsNotFresh() {
    DatasetRule r = RULES.get("ts.freshness");
    assertThat(r.metric()).isEqualTo("unix_timestamp(current_timestamp()) - unix_timestamp(CAST(max(`ts`) AS TIMESTAMP))");
    assertThat(r.assertion()).isEqualTo("coalesce(value <= 93600, FALSE)");
    assertThat(r.severity()).isEqualTo(Severity.WARN);
  }

  @Test
  void aReportShowsEachThresholdAsAReaderWritesIt() {
    assertThat(RULES.get("dataset.row_count").threshold()).isEqualTo(">= 1 and <= 10");
    assertThat(RULES.get("s.completeness").threshold()).isEqualTo(">= 0.9 (an empty dataset passes)");
    assertThat(RULES.get("ts.freshness").threshold()).isEqualTo("<= 93600 s since the latest ts");
  }

  @Test
  void durationsReadAsUnitsOrIso8601() {
    assertThat(FreshnessKind.parseDuration("26h")).contains(Duration.ofHours(26));
    assertThat(FreshnessKind.parseDuration("1d12h")).contains(Duration.ofHours(36));
    assertThat(FreshnessKind.parseDuration("PT30M")).contains(Duration.ofMinutes(30));
    assertThat(FreshnessKind.parseDuration("90s")).contains(Duration.ofSeconds(90));
    assertThat(FreshnessKind.parseDuration("soon")).isEmpty();
    assertThat(FreshnessKind.parseDuration("-5h")).isEmpty();
  }
}
