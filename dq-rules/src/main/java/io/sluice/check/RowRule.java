package io.sluice.check;

import io.sluice.contract.Severity;
import java.util.List;
import java.util.Optional;

/**
 * A row-level check as Spark SQL: {@code predicate} is TRUE for a row that passes and FALSE for one that
 * fails, never NULL (null semantics are rendered into it). Column names are backtick-quoted.
 *
 * @param columns the columns the predicate reads, when known (empty for free expressions)
 */
public record RowRule(String id, String kind, Optional<String> column, List<String> columns, Severity severity,
    String predicate) implements Rule {

  public RowRule {
    columns = List.copyOf(columns);
  }
}
