package io.sluice.report;

import static io.sluice.report.SampleReports.failing;
import static io.sluice.report.SampleReports.passing;
import static io.sluice.report.SampleReports.report;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.contract.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportJsonTest {
  private static final RunReport REPORT = report(List.of(
      failing("email.pattern", "email", Severity.ERROR, 7, new ValueCount("n/a", 2), new ValueCount("x@", 5)),
      passing("id.required")), List.of());

  @Test
  void aFailingCheckCarriesItsOffendingValuesMostFrequentFirst() {
    JsonNode check = ReportJson.of(REPORT).path("checks").get(0);
    assertThat(check.path("offending_values").get(0).path("value").asText()).isEqualTo("x@");
    assertThat(check.path("offending_values").get(0).path("count").asLong()).isEqualTo(5);
    assertThat(check.path("offending_values").get(1).path("value").asText()).isEqualTo("n/a");
    assertThat(check.path("offending_counts_exact").asBoolean()).isTrue();
  }

  @Test
  void aNullOffendingValueIsJsonNull() {
    RunReport r = report(List.of(failing("id.required", "id", Severity.ERROR, 3, new ValueCount(null, 3))), List.of());
    assertThat(ReportJson.of(r).path("checks").get(0).path("offending_values").get(0).get("value").isNull()).isTrue();
  }

  @Test
  void aPassingCheckHasNoOffendingValues() {
    assertThat(ReportJson.of(REPORT).path("checks").get(1).path("offending_values").size()).isZero();
  }

  @Test
  void theAuditRecordsChecksHoldNoValueOfTheData() {
    JsonNode checks = ReportJson.checks(REPORT);
    assertThat(checks.get(0).has("offending_values")).isFalse();
    assertThat(checks.toString()).doesNotContain("x@");
  }

  @Test
  void aTimedRunGivesItsDurationAndThroughput() {
    JsonNode json = ReportJson.of(REPORT.withDuration(Duration.ofMillis(400)));
    assertThat(json.path("duration_ms").asLong()).isEqualTo(400);
    assertThat(json.path("throughput_rows_per_s").asDouble()).isEqualTo(2500.0);
  }

  @Test
  void anUntimedRunGivesNoDuration() {
    assertThat(ReportJson.of(REPORT).has("duration_ms")).isFalse();
  }

  @Test
  void aDatasetCheckGivesItsThreshold() {
    RunReport r = report(List.of(), List.of(new DatasetCheckResult("dataset.row_count", "row_count", Optional.empty(),
        Severity.ERROR, Optional.of(1000.0), true, Optional.of("value >= 100"))));
    assertThat(ReportJson.of(r).path("dataset_checks").get(0).path("threshold").asText()).isEqualTo("value >= 100");
  }
}
