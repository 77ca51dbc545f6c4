package io.sluice.check;

import io.sluice.contract.Severity;
import java.util.List;
import java.util.Optional;

/**
 * A row-level check as Spark SQL: {@code predicate} is TRUE for a row that passes and FALSE for one that
 * fails, never NULL (null semantics are rendered into it). Column names are backtick-quoted.
 *
 * <p>A {@code references} check is the one a row cannot decide alone: it carries its {@link Reference}, and its
 * predicate is only the part the row decides (TRUE when a key column is null). The engine looks the rest up in the
 * referenced dataset: the row fails when the predicate is FALSE and its key is not there.
 *
 * @param columns the columns the predicate reads, when known (empty for free expressions); for a reference, the key
 * @param reference where a {@code references} check looks its key up; empty for every other check
 */
public record RowRule(String id, String kind, Optional<String> column, List<String> columns, Severity severity,
    String predicate, Optional<Reference> reference) implements Rule {

  public RowRule {
    columns = List.copyOf(columns);
    if (reference.isPresent() && reference.get().columns().size() != columns.size()) {
      throw new IllegalArgumentException("reference " + id + " names " + reference.get().columns().size()
          + " referenced columns for a key of " + columns.size());
    }
  }

  /** A check the row decides alone. */
  public RowRule(String id, String kind, Optional<String> column, List<String> columns, Severity severity,
      String predicate) {
    this(id, kind, column, columns, severity, predicate, Optional.empty());
  }
}
