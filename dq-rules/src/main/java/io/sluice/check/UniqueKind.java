package io.sluice.check;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.Column;
import io.sluice.contract.CompositeKey;
import io.sluice.contract.Placement;
import io.sluice.contract.Problems;
import io.sluice.contract.Severity;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code unique: true} on a column, or a composite key under the top-level {@code unique}: every row of a
 * group that shares a non-null key fails. Rows with a null key (any null part, for composite keys) are
 * not duplicates of each other. Rendered as a window count; the engine may plan it as a group-and-join
 * instead, which is why {@link RowRule#columns()} carries the key.
 */
public final class UniqueKind implements CheckKind {
  @Override
  public String name() {
    return "unique";
  }

  @Override
  public Set<Placement> placements() {
    return Set.of();
  }

  @Override
  public String summary() {
    return "no two rows share the key (a column property 'unique: true', or a composite key under 'unique')";
  }

  @Override
  public Optional<Rule> bind(CheckSpec spec, Binding binding, Problems problems) {
    return Optional.empty();
  }

  public static RowRule rule(Column column, Severity severity) {
    return render(column.name() + ".unique", Optional.of(column.name()), List.of(column.name()), severity);
  }

  public static RowRule rule(CompositeKey key) {
    return render(key.id(), Optional.empty(), key.columns(), key.severity());
  }

  private static RowRule render(String id, Optional<String> column, List<String> key, Severity severity) {
    String nulls = key.stream().map(c -> Sql.ident(c) + " IS NULL").collect(Collectors.joining(" OR "));
    String partition = key.stream().map(Sql::ident).collect(Collectors.joining(", "));
    return new RowRule(id, "unique", column, key, severity,
        "(" + nulls + " OR count(1) OVER (PARTITION BY " + partition + ") = 1)", RowRule.Test.DISTINCT_KEY);
  }
}
