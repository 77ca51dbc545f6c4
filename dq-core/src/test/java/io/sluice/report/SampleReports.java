package io.sluice.report;

import io.sluice.contract.Severity;
import java.util.List;
import java.util.Optional;

/** Hand-built reports for the report tests: what an engine would hand over, with values a reader can check. */
final class SampleReports {
  private SampleReports() {}

  static CheckResult failing(String id, String column, Severity severity, long rows, ValueCount... values) {
    return new CheckResult(id, "pattern", Optional.of(column), severity, rows, List.of(values), true);
  }

  static CheckResult passing(String id) {
    return new CheckResult(id, "required", Optional.of("id"), Severity.ERROR, 0);
  }

  static RunReport report(List<CheckResult> checks, List<DatasetCheckResult> datasetChecks) {
    long quarantined = checks.stream().filter(c -> c.severity() == Severity.ERROR).mapToLong(CheckResult::failedRows)
        .max().orElse(0);
    return new RunReport("run-1", "orders", "1.2.0", 1000, 1000 - quarantined, quarantined, 0, 0, checks,
        datasetChecks);
  }
}
