package io.sluice.report;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one enforcement found: row counts, every check's failures and every dataset check's value.
 * {@code rowsIn = rowsValid + rowsQuarantined} holds for every report (the engine verifies it).
 *
 * @param duration how long the run took as whoever ran it timed it (a transition: from its start to its audit
 *     record); empty when the run was not timed
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
    List<DatasetCheckResult> datasetChecks,
    Optional<Duration> duration) {

  public RunReport {
    checks = List.copyOf(checks);
    datasetChecks = List.copyOf(datasetChecks);
    Objects.requireNonNull(duration, "duration");
  }

  /** A report whose run was not timed. */
  public RunReport(String runId, String contractId, String contractVersion, long rowsIn, long rowsValid,
      long rowsQuarantined, long rowsWarned, long rowsMalformed, List<CheckResult> checks,
      List<DatasetCheckResult> datasetChecks) {
    this(runId, contractId, contractVersion, rowsIn, rowsValid, rowsQuarantined, rowsWarned, rowsMalformed, checks,
        datasetChecks, Optional.empty());
  }

  /** This report with the run's duration. */
  public RunReport withDuration(Duration took) {
    return new RunReport(runId, contractId, contractVersion, rowsIn, rowsValid, rowsQuarantined, rowsWarned,
        rowsMalformed, checks, datasetChecks, Optional.of(took));
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

  /** Rows read per second of the run; empty when the run was not timed. A run under a millisecond counts as one. */
  public Optional<Double> throughputRowsPerSecond() {
    return duration.map(d -> rowsIn * 1000.0 / Math.max(1, d.toMillis()));
  }

  /** True when an error-level dataset check failed: the transition must not write its target. */
  public boolean datasetCheckFailed() {
    return datasetChecks.stream().anyMatch(d -> d.status() == Status.FAILED);
  }
}
