package io.sluice.check;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.Column;
import io.sluice.contract.ContractLoader;
import io.sluice.contract.DataType;
import io.sluice.contract.Placement;
import io.sluice.contract.Problem.Kind;
import io.sluice.contract.Problems;
import io.sluice.diff.ArgumentChange;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code pattern: '^[A-Z]{2}$'}: a Java regular expression found in the value (Spark's {@code rlike};
 * anchor it with ^ and $ to match the whole value). Non-string values are matched as their string form.
 * A null passes. The engine runs it in linear time ({@link LinearRegex}); a pattern that would need
 * backtracking (a back-reference, lookaround…) is refused here, where it is written.
 */
public final class PatternKind implements CheckKind {
  @Override
  public String name() {
    return "pattern";
  }

  @Override
  public ArgumentChange argumentChange() {
    return ArgumentChange.PATTERN;
  }

  @Override
  public Set<Placement> placements() {
    return Set.of(Placement.COLUMN);
  }

  @Override
  public String summary() {
    return "the value matches a Java regular expression (searched: anchor with ^ and $)";
  }

  @Override
  public Optional<Rule> bind(CheckSpec spec, Binding binding, Problems problems) {
    Column column = binding.requireColumn();
    Optional<String> regex = new Args(spec, problems).text("pattern: '^[A-Z]{2}$'");
    if (regex.isEmpty() || !ContractLoader.validRegex(regex.get(), spec.args().location(), problems)) {
      return Optional.empty();
    }
    Optional<LinearRegex.Refusal> refusal = LinearRegex.refusal(regex.get());
    if (refusal.isPresent()) {
      problems.add(Kind.EXPRESSION, spec.args().location(), "Cannot run pattern '" + regex.get() + "' of check '" + spec.id() + "': "
          + refusal.get().message(), refusal.get().fix());
      return Optional.empty();
    }
    String ref = Sql.ident(column.name());
    String value = column.type().kind() == DataType.Kind.STRING ? ref : "CAST(" + ref + " AS STRING)";
    return Optional.of(new RowRule(spec.id(), name(), Optional.of(column.name()), List.of(column.name()),
        spec.severity(), "(" + ref + " IS NULL OR " + value + " RLIKE " + Sql.string(regex.get()) + ")"));
  }
}
