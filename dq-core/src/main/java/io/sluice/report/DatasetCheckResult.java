package io.sluice.report;

import io.sluice.contract.Severity;
import java.util.Objects;
import java.util.Optional;

/**
 * A dataset-level check's outcome: the metric's value (empty when undefined, e.g. the freshness of an
 * empty dataset) and whether its assertion held.
 *
 * @param threshold what the check expects of the value, as a reader would write it ({@code value >= 1000},
 *     an anomaly check's expected range); empty when the engine did not say
 */
public record DatasetCheckResult(String id, String kind, Optional<String> column, Severity severity,
    Optional<Double> value, boolean passed, Optional<String> threshold) {

  public DatasetCheckResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(threshold, "threshold");
  }

  /** A result without its threshold. */
  public DatasetCheckResult(String id, String kind, Optional<String> column, Severity severity,
      Optional<Double> value, boolean passed) {
    this(id, kind, column, severity, value, passed, Optional.empty());
  }

  public Status status() {
    if (passed) {
      return Status.PASSED;
    }
    return severity == Severity.ERROR ? Status.FAILED : Status.WARNED;
  }
}
