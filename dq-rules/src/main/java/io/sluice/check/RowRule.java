package io.sluice.check;

import io.sluice.contract.Severity;
import java.util.List;
import java.util.Optional;

/**
 * A row-level check as Spark SQL: {@code predicate} is TRUE for a row that passes and FALSE for one that
 * fails, never NULL (null semantics are rendered into it). Column names are backtick-quoted.
 *
 * @param columns the columns the predicate reads, when known (empty for free expressions)
 * @param test what the engine evaluates: the predicate, unless the kind says the engine has a cheaper way
 */
public record RowRule(String id, String kind, Optional<String> column, List<String> columns, Severity severity,
    String predicate, Test test) implements Rule {

  /** What the engine evaluates for a row rule. A kind from a jar writes a {@link #PREDICATE}. */
  public enum Test {
    /** The predicate, over the row's typed values. */
    PREDICATE,
    /** The value of {@code column} as it came in converts exactly to the declared type (the engine's strict cast). */
    CONVERTS,
    /** The value of {@code column} as it came in, before any cast, is not null. */
    PRESENT,
    /** No other row shares the key {@code columns}: the engine finds the duplicate keys rather than count a window. */
    DISTINCT_KEY
  }

  public RowRule {
    columns = List.copyOf(columns);
  }

  /** A rule the engine evaluates as its predicate. */
  public RowRule(String id, String kind, Optional<String> column, List<String> columns, Severity severity,
      String predicate) {
    this(id, kind, column, columns, severity, predicate, Test.PREDICATE);
  }

  /** What a failure means, in words: never the value itself, which may be protected data. */
  public String failure() {
    return switch (test) {
      case CONVERTS -> "the value does not convert to the declared type";
      case PRESENT -> "the value is null";
      case DISTINCT_KEY -> columns.size() == 1 ? "the value is not unique" : "the key " + columns + " is not unique";
      case PREDICATE -> kind + " failed";
    };
  }
}
