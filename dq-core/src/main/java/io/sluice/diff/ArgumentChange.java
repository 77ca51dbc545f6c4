package io.sluice.diff;

/**
 * How a change to a check's arguments between two versions of a contract is judged (DESIGN.md, Breaking changes).
 * A check kind says which applies to it ({@code CheckKind.argumentChange()} in dq-rules); dq-core learns it through
 * {@link CheckChanges}.
 */
public enum ArgumentChange {
  /** Inclusive bounds of a value: wider bounds let refused values pass, narrower ones fail values that passed. */
  RANGE,
  /** Bounds of a length, judged as {@link #RANGE} is. */
  LENGTH,
  /** A set of values: a value added may reach consumers, a value removed fails rows. */
  VALUE_SET,
  /** A pattern: any change may let values the old pattern refused pass. */
  PATTERN,
  /** A Spark SQL expression: any change is reported, as a change. */
  EXPRESSION,
  /** An anomaly check's strategy parameters: judged bound by bound ({@code AnomalyBounds}), else reported as a change. */
  ANOMALY,
  /**
   * Where a {@code references} check looks its keys up: another dataset, table, format or column may lack keys the
   * old one held, so rows that passed may fail.
   */
  REFERENCE,
  /** Anything else: judged as bounds when both versions read as bounds, else reported as a change. */
  BOUNDS
}
