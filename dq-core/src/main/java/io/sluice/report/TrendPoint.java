package io.sluice.report;

import java.time.Instant;
import java.util.Objects;

/** One earlier (or the current) run of a contract, as the HTML report's trend charts plot it. */
public record TrendPoint(String runId, Instant at, long rowsIn, double errorRate) {

  public TrendPoint {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(at, "at");
    if (rowsIn < 0 || !(errorRate >= 0 && errorRate <= 1)) {
      throw new IllegalArgumentException("Invalid trend point of run " + runId + ": rows in " + rowsIn
          + ", error rate " + errorRate + " (rows in >= 0, error rate in [0, 1])");
    }
  }

  /** The point a report adds for its own run. */
  public static TrendPoint of(RunReport report, Instant at) {
    return new TrendPoint(report.runId(), at, report.rowsIn(), report.errorRate());
  }
}
