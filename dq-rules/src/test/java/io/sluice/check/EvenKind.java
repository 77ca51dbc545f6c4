package io.sluice.check;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.Column;
import io.sluice.contract.Placement;
import io.sluice.contract.Problems;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A check kind from "a user's jar": the example of docs/check-kinds.md, registered by this test jar's services file. */
public final class EvenKind implements CheckKind {
  @Override
  public String name() {
    return "even";
  }

  @Override
  public Set<Placement> placements() {
    return Set.of(Placement.COLUMN);
  }

  @Override
  public String summary() {
    return "the value is an even number";
  }

  @Override
  public Optional<Rule> bind(CheckSpec spec, Binding binding, Problems problems) {
    Column column = binding.requireColumn();
    if (!column.type().kind().isNumeric()) {
      problems.add(spec.location(), "even applies to numbers; '" + column.name() + "' is " + column.type(),
          "remove the check or declare a numeric type");
      return Optional.empty();
    }
    String ref = Sql.ident(column.name());
    return Optional.of(new RowRule(spec.id(), name(), Optional.of(column.name()), List.of(column.name()),
        spec.severity(), "(" + ref + " IS NULL OR " + ref + " % 2 = 0)"));
  }
}
