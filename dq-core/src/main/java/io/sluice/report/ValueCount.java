package io.sluice.report;

import java.util.Comparator;

/**
 * One offending value of a failing check and how many failing rows held it. The value is the column's as
 * stored in the run's output: a protected column's masked or encrypted form, never its clear text. A
 * {@code null} value means the column was null in those rows (a {@code required} check's only offender).
 */
public record ValueCount(String value, long count) {

  /** Most frequent first; among equal counts, null first, then by value, so a report reads the same twice. */
  static final Comparator<ValueCount> MOST_FREQUENT_FIRST = Comparator.comparingLong(ValueCount::count).reversed()
      .thenComparing(ValueCount::value, Comparator.nullsFirst(Comparator.naturalOrder()));

  public ValueCount {
    if (count < 1) {
      throw new IllegalArgumentException("Invalid offending value count: " + count + " (a value is offending in at least 1 row)");
    }
  }
}
