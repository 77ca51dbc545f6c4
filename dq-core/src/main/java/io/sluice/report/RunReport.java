package io.sluice.report;

import java.util.List;

/**
 * What one enforcement found: row counts, every check's failures and every dataset check's value.
 * {@code rowsIn = rowsValid + rowsQuarantined} holds for every report (the engine verifies it).
 */
public record RunReport(
    String runId,
    String contractId,
    String contractVersion,
    long rowsIn,
    long rowsValid,
    long rowsQuarantined,
    long rowsWarned,
    long rowsMalformed,
    List<CheckResult> checks,
    List<DatasetCheckResult> datasetChecks) {

  public RunReport {
    checks = List.copyOf(checks);
    datasetChecks = List.copyOf(datasetChecks);
  }

  /** FAILED when rows were quarantined or an error-level dataset check failed; WARNED for warn-level failures. */
  public Status status() {
    Status s = rowsQuarantined > 0 ? Status.FAILED : Status.PASSED;
    for (CheckResult c : checks) {
      s = s.and(c.status());
    }
    for (DatasetCheckResult d : datasetChecks) {
      s = s.and(d.status());
    }
    return s;
  }

  /** Quarantined rows over rows read; 0 for an empty run. */
  public double errorRate() {
    return rowsIn == 0 ? 0.0 : (double) rowsQuarantined / rowsIn;
  }

  /** True when an error-level dataset check failed: the transition must not write its target. */
  public boolean datasetCheckFailed() {
    return datasetChecks.stream().anyMatch(d -> d.status() == Status.FAILED);
  }
}
