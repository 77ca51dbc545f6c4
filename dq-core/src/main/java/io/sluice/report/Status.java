package io.sluice.report;

/** The outcome of a check or a run: a run is FAILED by any error-level failure, WARNED by warn-level ones. */
public enum Status {
  PASSED, WARNED, FAILED;

  /** The worse of two outcomes. */
  public Status and(Status other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
