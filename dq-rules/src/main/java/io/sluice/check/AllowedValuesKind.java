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

/** {@code allowed_values: [A, B]}: the value is one of the list (exact, case-sensitive). A null passes. */
public final class AllowedValuesKind implements CheckKind {
  @Override
  public String name() {
    return "allowed_values";
  }

  @Override
  public ArgumentChange argumentChange() {
    return ArgumentChange.VALUE_SET;
  }

  @Override
  public Set<Placement> placements() {
    return Set.of(Placement.COLUMN);
  }

  @Override
  public String summary() {
    return "the value is one of a list (exact match)";
  }

  @Override
  public Optional<Rule> bind(CheckSpec spec, Binding binding, Problems problems) {
    Column column = binding.requireColumn();
    if (!(spec.args() instanceof Node.Sequence seq)) {
      problems.add(Kind.WRONG_SHAPE, spec.args().location(), "allowed_values takes a list, not " + spec.args().describe(),
          "write 'allowed_values: [PLACED, SHIPPED]'");
      return Optional.empty();
    }
    if (seq.items().isEmpty()) {
      problems.add(Kind.INVALID_VALUE, seq.location(), "allowed_values is empty: no value could pass", "list the allowed values");
      return Optional.empty();
    }
    DataType type = column.type();
    List<String> literals = new ArrayList<>();
    boolean ok = true;
    for (Node item : seq.items()) {
      if (!(item instanceof Node.Scalar s) || s.isNull()) {
        problems.add(Kind.WRONG_SHAPE, item.location(), "allowed_values lists plain values, not " + item.describe(),
            "write each value as a string or number");
        ok = false;
        continue;
      }
      boolean fits = switch (type.kind()) {
        case STRING, DATE, TIMESTAMP -> s.value() instanceof String;
        case BOOLEAN -> s.value() instanceof Boolean;
        default -> s.asNumber().isPresent();
      };
      if (!fits) {
        problems.add(Kind.INVALID_VALUE, item.location(), "allowed value " + Excerpt.of(s.text()) + " is " + s.describe() + " but column "
            + Excerpt.quoted(column.name()) + " is " + type, type.kind() == DataType.Kind.STRING
            ? "quote it: " + Excerpt.quoted(s.text()) + " (YAML reads yes/no/on/off as booleans)" : "write a " + type + " value");
        ok = false;
        continue;
      }
      if (type.kind().isTemporal()) {
        Optional<TemporalValue> value = TemporalValue.parse((String) s.value(), type);
        if (value.isEmpty()) {
          problems.add(Kind.INVALID_VALUE, item.location(), "allowed value " + Excerpt.quoted(s.text()) + " is not a " + type,
              TemporalValue.hint(type));
          ok = false;
        } else {
          literals.add(value.get().sql());
        }
        continue;
      }
      if (s.asNumber().isPresent() && !Sql.fits(s.asNumber().get())) {
        problems.add(Kind.INVALID_VALUE, item.location(), "allowed value " + Excerpt.of(s.text()) + " has " + Sql.UNFIT, Sql.UNFIT_HINT);
        ok = false;
        continue;
      }
      literals.add(Sql.literal(s.value(), type));
    }
    if (!ok) {
      return Optional.empty();
    }
    String ref = Sql.ident(column.name());
    return Optional.of(new RowRule(spec.id(), name(), Optional.of(column.name()), List.of(column.name()),
        spec.severity(), "(" + ref + " IS NULL OR " + ref + " IN (" + Sql.list(literals) + "))"));
  }
}
