package io.sluice.report;

import io.sluice.contract.Severity;
import java.util.Optional;

/**
 * A dataset-level check's outcome: the metric's value (empty when undefined, e.g. the freshness of an
 * empty dataset) and whether its assertion held.
 *
 * @param expected the range the value was expected in, when the check derives one (an anomaly check, from history)
 * @param note what a reader needs to know about the verdict, e.g. that an anomaly check had too little history
 */
public record DatasetCheckResult(String id, String kind, Optional<String> column, Severity severity,
    Optional<Double> value, boolean passed, Optional<Expected> expected, Optional<String> note) {

  public DatasetCheckResult(String id, String kind, Optional<String> column, Severity severity, Optional<Double> value,
      boolean passed) {
    this(id, kind, column, severity, value, passed, Optional.empty(), Optional.empty());
  }

  /** Inclusive bounds; an empty side is unbounded. */
  public record Expected(Optional<Double> min, Optional<Double> max) {}

  public Status status() {
    if (passed) {
      return Status.PASSED;
    }
    return severity == Severity.ERROR ? Status.FAILED : Status.WARNED;
  }
}
