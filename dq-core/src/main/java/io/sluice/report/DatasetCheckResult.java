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
 * @param expected the range the value was expected in, when the check derives one (an anomaly check, from history)
 * @param note what a reader needs to know about the verdict, e.g. that an anomaly check had too little history
 */
public record DatasetCheckResult(String id, String kind, Optional<String> column, Severity severity,
    Optional<Double> value, boolean passed, Optional<String> threshold, Optional<Expected> expected,
    Optional<String> note) {

  public DatasetCheckResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(note, "note");
  }

  /** A result without its threshold. */
  public DatasetCheckResult(String id, String kind, Optional<String> column, Severity severity,
      Optional<Double> value, boolean passed) {
    this(id, kind, column, severity, value, passed, Optional.empty());
  }

  /** A result with its threshold, without a derived range or a note. */
  public DatasetCheckResult(String id, String kind, Optional<String> column, Severity severity,
      Optional<Double> value, boolean passed, Optional<String> threshold) {
    this(id, kind, column, severity, value, passed, threshold, Optional.empty(), Optional.empty());
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
