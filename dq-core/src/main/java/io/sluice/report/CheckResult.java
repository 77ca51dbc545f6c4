package io.sluice.report;

import io.sluice.contract.Severity;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A row-level check's outcome in one run: how many rows it failed and the values they failed with.
 *
 * @param offendingValues the most frequent values among the failing rows, at most {@link #MAX_OFFENDING_VALUES},
 *     most frequent first; empty when the check passed or the engine did not collect them
 * @param offendingCountsExact whether the counts of {@code offendingValues} are exact, or estimates (an
 *     approximate top-k over many distinct values may miss or over-count a value)
 */
public record CheckResult(String id, String kind, Optional<String> column, Severity severity, long failedRows,
    List<ValueCount> offendingValues, boolean offendingCountsExact) {

  /** How many offending values a report keeps per check. */
  public static final int MAX_OFFENDING_VALUES = 10;

  public CheckResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(offendingValues, "offendingValues");
    offendingValues = offendingValues.stream().sorted(ValueCount.MOST_FREQUENT_FIRST).limit(MAX_OFFENDING_VALUES)
        .toList();
  }

  /** A result without offending values: from an engine that does not collect them. */
  public CheckResult(String id, String kind, Optional<String> column, Severity severity, long failedRows) {
    this(id, kind, column, severity, failedRows, List.of(), true);
  }

  public Status status() {
    if (failedRows == 0) {
      return Status.PASSED;
    }
    return severity == Severity.ERROR ? Status.FAILED : Status.WARNED;
  }
}
