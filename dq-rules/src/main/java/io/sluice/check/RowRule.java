package io.sluice.check;

import io.sluice.contract.Severity;
import java.util.List;
import java.util.Optional;

/**
 * A row-level check as Spark SQL: {@code predicate} is TRUE for a row that passes and FALSE for one that
 * fails, never NULL (null semantics are rendered into it). Column names are backtick-quoted.
 *
 * @param columns the columns the predicate reads, when known (empty for free expressions)
 * <p>A {@code references} check is the one a row cannot decide alone ({@link Test#REFERENCED_KEY}): it carries its
 * {@link Reference}, and its predicate is only the part the row decides (TRUE when a key column is null). The engine
 * looks the rest up in the referenced dataset.
 *
 * @param test what the engine evaluates: the predicate, unless the kind says the engine has a cheaper way
 * @param reference where a {@code references} check looks its key up; empty for every other check
 */
public record RowRule(String id, String kind, Optional<String> column, List<String> columns, Severity severity,
    String predicate, Test test, Optional<Reference> reference) implements Rule {

  /** What the engine evaluates for a row rule. A kind from a jar writes a {@link #PREDICATE}. */
  public enum Test {
    /** The predicate, over the row's typed values. */
    PREDICATE,
    /** The value of {@code column} as it came in converts exactly to the declared type (the engine's strict cast). */
    CONVERTS,
    /** The value of {@code column} as it came in, before any cast, is not null. */
    PRESENT,
    /** No other row shares the key {@code columns}: the engine finds the duplicate keys rather than count a window. */
    DISTINCT_KEY,
    /** The key {@code columns}, when it has no null part, is among the keys of the rule's {@link Reference}. */
    REFERENCED_KEY
  }

  public RowRule {
    columns = List.copyOf(columns);
    if (reference.isPresent() != (test == Test.REFERENCED_KEY)) {
      throw new IllegalArgumentException("rule " + id + ": a reference goes with the test REFERENCED_KEY, and only it");
    }
    if (reference.isPresent() && reference.get().columns().size() != columns.size()) {
      throw new IllegalArgumentException("reference " + id + " names " + reference.get().columns().size()
          + " referenced columns for a key of " + columns.size());
    }
  }

  /** A rule the engine evaluates as {@code test} says. */
  public RowRule(String id, String kind, Optional<String> column, List<String> columns, Severity severity,
      String predicate, Test test) {
    this(id, kind, column, columns, severity, predicate, test, Optional.empty());
  }

  /** A {@code references} rule: its key must be among the keys of {@code reference}. */
  public RowRule(String id, String kind, Optional<String> column, List<String> columns, Severity severity,
      String predicate, Reference reference) {
    this(id, kind, column, columns, severity, predicate, Test.REFERENCED_KEY, Optional.of(reference));
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
      case REFERENCED_KEY -> (columns.size() == 1 ? "the value" : "the key " + columns) + " is not in "
          + reference.orElseThrow().data().describe() + " (" + String.join(", ", reference.orElseThrow().columns()) + ")";
      case PREDICATE -> kind + " failed";
    };
  }
}
