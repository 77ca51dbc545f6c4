package io.sluice.report;

import io.sluice.contract.Severity;
import java.util.Optional;

/** A row-level check's outcome in one run: how many rows it failed. */
public record CheckResult(String id, String kind, Optional<String> column, Severity severity, long failedRows) {

  public Status status() {
    if (failedRows == 0) {
      return Status.PASSED;
    }
    return severity == Severity.ERROR ? Status.FAILED : Status.WARNED;
  }
}
