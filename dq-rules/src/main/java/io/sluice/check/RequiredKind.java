package io.sluice.check;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.Column;
import io.sluice.contract.Placement;
import io.sluice.contract.Problems;
import io.sluice.contract.Severity;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code required: true}: the value must not be null. The only check a null fails. Written as a column
 * property, not as a check item; it looks at the value as it came in, before any cast.
 */
public final class RequiredKind implements CheckKind {
  @Override
  public String name() {
    return "required";
  }

  @Override
  public Set<Placement> placements() {
    return Set.of();
  }

  @Override
  public String summary() {
    return "the value is not null (a column property: 'required: true')";
  }

  @Override
  public Optional<Rule> bind(CheckSpec spec, Binding binding, Problems problems) {
    return Optional.empty();
  }

  public static RowRule rule(Column column, Severity severity) {
    String ref = Sql.ident(column.name());
    return new RowRule(column.name() + ".required", "required", Optional.of(column.name()), List.of(column.name()),
        severity, ref + " IS NOT NULL", RowRule.Test.PRESENT);
  }
}
