package io.sluice.check;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.Column;
import io.sluice.contract.DataType;
import io.sluice.contract.Excerpt;
import io.sluice.contract.Node;
import io.sluice.contract.Placement;
import io.sluice.contract.Problem.Kind;
import io.sluice.contract.Problems;
import io.sluice.diff.ArgumentChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code length: { min, max }}: inclusive bounds on a string's length in characters. A null passes. */
public final class LengthKind implements CheckKind {
  @Override
  public String name() {
    return "length";
  }

  @Override
  public ArgumentChange argumentChange() {
    return ArgumentChange.LENGTH;
  }

  @Override
  public Set<Placement> placements() {
    return Set.of(Placement.COLUMN);
  }

  @Override
  public String summary() {
    return "min <= number of characters <= max (inclusive), for strings";
  }

  @Override
  public Optional<Rule> bind(CheckSpec spec, Binding binding, Problems problems) {
    Column column = binding.requireColumn();
    if (column.type().kind() != DataType.Kind.STRING) {
      problems.add(Kind.CHECK_KIND, spec.location(), "length applies to strings; column " + Excerpt.quoted(column.name()) + " is " + column.type(),
          "use range for numbers and dates");
      return Optional.empty();
    }
    Args args = new Args(spec, problems);
    Optional<Node.Mapping> m = args.mapping(List.of("min", "max"), "length: { min: 2, max: 2 }");
    if (m.isEmpty() || !args.someBound(m.get())) {
      return Optional.empty();
    }
    Optional<Long> min = args.count(m.get(), "min");
    Optional<Long> max = args.count(m.get(), "max");
    if ((m.get().get("min").isPresent() && min.isEmpty()) || (m.get().get("max").isPresent() && max.isEmpty())
        || !args.ordered(m.get(), min, max, String.valueOf(min.orElse(0L)), String.valueOf(max.orElse(0L)))) {
      return Optional.empty();
    }
    String ref = Sql.ident(column.name());
    List<String> terms = new ArrayList<>();
    min.ifPresent(v -> terms.add("length(" + ref + ") >= " + v));
    max.ifPresent(v -> terms.add("length(" + ref + ") <= " + v));
    return Optional.of(new RowRule(spec.id(), name(), Optional.of(column.name()), List.of(column.name()),
        spec.severity(), "(" + ref + " IS NULL OR (" + String.join(" AND ", terms) + "))"));
  }
}
