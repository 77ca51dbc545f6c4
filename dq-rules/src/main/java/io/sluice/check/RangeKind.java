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

/** {@code range: { min, max }}: inclusive bounds on numbers, dates and timestamps. A null passes. */
public final class RangeKind implements CheckKind {
  private static final String EXAMPLE = "range: { min: 0, max: 100 }";

  @Override
  public String name() {
    return "range";
  }

  @Override
  public ArgumentChange argumentChange() {
    return ArgumentChange.RANGE;
  }

  @Override
  public Set<Placement> placements() {
    return Set.of(Placement.COLUMN);
  }

  @Override
  public String summary() {
    return "min <= value <= max (inclusive) for numbers, dates and timestamps";
  }

  @Override
  public Optional<Rule> bind(CheckSpec spec, Binding binding, Problems problems) {
    Args args = new Args(spec, problems);
    Column column = binding.requireColumn();
    DataType type = column.type();
    if (!type.kind().isNumeric() && !type.kind().isTemporal()) {
      problems.add(Kind.CHECK_KIND, spec.location(), "range applies to numbers, dates and timestamps; column " + Excerpt.quoted(column.name())
          + " is " + type, "use length for strings, or allowed_values");
      return Optional.empty();
    }
    Optional<Node.Mapping> m = args.mapping(List.of("min", "max"), EXAMPLE);
    if (m.isEmpty() || !args.someBound(m.get())) {
      return Optional.empty();
    }
    Optional<Bound> min = bound(m.get(), "min", type, args);
    Optional<Bound> max = bound(m.get(), "max", type, args);
    if ((m.get().get("min").isPresent() && min.isEmpty()) || (m.get().get("max").isPresent() && max.isEmpty())) {
      return Optional.empty();
    }
    if (!args.ordered(m.get(), min.map(Bound::order), max.map(Bound::order),
        min.map(Bound::shown).orElse(""), max.map(Bound::shown).orElse(""))) {
      return Optional.empty();
    }
    String ref = Sql.ident(column.name());
    List<String> terms = new ArrayList<>();
    min.ifPresent(b -> terms.add(ref + " >= " + b.sql()));
    max.ifPresent(b -> terms.add(ref + " <= " + b.sql()));
    return Optional.of(new RowRule(spec.id(), name(), Optional.of(column.name()), List.of(column.name()),
        spec.severity(), "(" + ref + " IS NULL OR (" + String.join(" AND ", terms) + "))"));
  }

  /** A bound with its SQL literal and a comparable form for {@code min <= max}. */
  private record Bound(String sql, Comparable<?> order, String shown) {}

  private static Optional<Bound> bound(Node.Mapping m, String key, DataType type, Args args) {
    Optional<Node> node = m.get(key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (type.kind().isNumeric()) {
      return args.number(m, key).map(n -> new Bound(Sql.number(n), n, n.toPlainString()));
    }
    if (!(node.get() instanceof Node.Scalar s) || !(s.value() instanceof String text)) {
      args.problem(Kind.WRONG_SHAPE, node.get().location(), "'" + key + "' of range on a " + type + " column must be a quoted "
          + type + ", not " + node.get().describe(), "write e.g. '" + key + ": \"2024-01-01\"'");
      return Optional.empty();
    }
    Optional<TemporalValue> value = TemporalValue.parse(text, type);
    if (value.isEmpty()) {
      args.problem(Kind.INVALID_VALUE, s.location(), "'" + key + "' of range is not a " + type + ": " + Excerpt.quoted(text), TemporalValue.hint(type));
    }
    return value.map(v -> new Bound(v.sql(), v.order(), text));
  }
}
