package io.sluice.check;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.Node;
import io.sluice.contract.Placement;
import io.sluice.contract.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code row_count: { min, max }}: the number of rows read, inclusive bounds. */
public final class RowCountKind implements CheckKind {
  @Override
  public String name() {
    return "row_count";
  }

  @Override
  public Set<Placement> placements() {
    return Set.of(Placement.DATASET);
  }

  @Override
  public String summary() {
    return "min <= number of rows <= max (inclusive)";
  }

  @Override
  public Optional<Rule> bind(CheckSpec spec, Binding binding, Problems problems) {
    Args args = new Args(spec, problems);
    Optional<Node.Mapping> m = args.mapping(List.of("min", "max"), "row_count: { min: 1 }");
    if (m.isEmpty() || !args.someBound(m.get())) {
      return Optional.empty();
    }
    Optional<Long> min = args.count(m.get(), "min");
    Optional<Long> max = args.count(m.get(), "max");
    if ((m.get().get("min").isPresent() && min.isEmpty()) || (m.get().get("max").isPresent() && max.isEmpty())
        || !args.ordered(m.get(), min, max, String.valueOf(min.orElse(0L)), String.valueOf(max.orElse(0L)))) {
      return Optional.empty();
    }
    List<String> terms = new ArrayList<>();
    min.ifPresent(v -> terms.add(DatasetRule.VALUE + " >= " + v));
    max.ifPresent(v -> terms.add(DatasetRule.VALUE + " <= " + v));
    List<String> threshold = new ArrayList<>();
    min.ifPresent(v -> threshold.add(">= " + v));
    max.ifPresent(v -> threshold.add("<= " + v));
    return Optional.of(new DatasetRule(spec.id(), name(), Optional.empty(), spec.severity(), "count(1)",
        String.join(" AND ", terms), DatasetRule.Measure.ROW_COUNT, String.join(" and ", threshold)));
  }
}
