package io.sluice.report;

import io.sluice.contract.Severity;
import java.util.Optional;

/**
 * A dataset-level check's outcome: the metric's value (empty when undefined, e.g. the freshness of an
 * empty dataset) and whether its assertion held.
 */
public record DatasetCheckResult(String id, String kind, Optional<String> column, Severity severity,
    Optional<Double> value, boolean passed) {

  public Status status() {
    if (passed) {
      return Status.PASSED;
    }
    return severity == Severity.ERROR ? Status.FAILED : Status.WARNED;
  }
}
