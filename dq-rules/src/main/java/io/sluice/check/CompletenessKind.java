package io.sluice.check;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.Node;
import io.sluice.contract.Placement;
import io.sluice.contract.Problem.Kind;
import io.sluice.contract.Problems;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code completeness: { column, min }}: the share of non-null values is at least {@code min} (0 to 1).
 * An empty dataset has no share and passes; bound its size with {@code row_count}.
 */
public final class CompletenessKind implements CheckKind {
  @Override
  public String name() {
    return "completeness";
  }

  @Override
  public Set<Placement> placements() {
    return Set.of(Placement.DATASET);
  }

  @Override
  public String summary() {
    return "share of non-null values in a column >= min (0..1)";
  }

  @Override
  public Optional<Rule> bind(CheckSpec spec, Binding binding, Problems problems) {
    Args args = new Args(spec, problems);
    String example = "completeness: { column: email, min: 0.95 }";
    Optional<Node.Mapping> m = args.mapping(List.of("column", "min"), example);
    if (m.isEmpty() || !args.require(m.get(), "column", "write '" + example + "'")
        || !args.require(m.get(), "min", "write '" + example + "'")) {
      return Optional.empty();
    }
    Optional<String> column = args.string(m.get(), "column");
    Optional<BigDecimal> min = args.number(m.get(), "min");
    if (min.isPresent() && (min.get().signum() < 0 || min.get().compareTo(BigDecimal.ONE) > 0)) {
      problems.add(Kind.INVALID_VALUE, m.get().get("min").orElseThrow().location(), "'min' of completeness is a share between 0 and 1, not "
          + min.get().toPlainString(), "write 95% as 'min: 0.95'");
      return Optional.empty();
    }
    if (column.isEmpty() || min.isEmpty() || binding.contract().column(column.get()).isEmpty()) {
      return Optional.empty(); // an unknown column is reported by the loader
    }
    String ref = Sql.ident(column.get());
    return Optional.of(new DatasetRule(spec.id(), name(), column, spec.severity(),
        "try_divide(count(" + ref + "), count(1))",
        "coalesce(" + DatasetRule.VALUE + " >= " + Sql.number(min.get()) + ", TRUE)", DatasetRule.Measure.NON_NULL_SHARE,
        ">= " + min.get().toPlainString() + " (an empty dataset passes)"));
  }
}
