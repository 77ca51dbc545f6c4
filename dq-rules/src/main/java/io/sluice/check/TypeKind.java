package io.sluice.check;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.Column;
import io.sluice.contract.DataType;
import io.sluice.contract.Placement;
import io.sluice.contract.Problems;
import io.sluice.contract.Severity;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code <column>.type}: the value converts exactly to the declared type ({@link StrictCast}). A null
 * passes. String columns accept every value, so they get no type rule.
 */
public final class TypeKind implements CheckKind {
  @Override
  public String name() {
    return "type";
  }

  @Override
  public Set<Placement> placements() {
    return Set.of();
  }

  @Override
  public String summary() {
    return "the value casts exactly to the column's declared type (from the column's 'type' and 'format')";
  }

  @Override
  public Optional<Rule> bind(CheckSpec spec, Binding binding, Problems problems) {
    return Optional.empty();
  }

  /** The rule, or empty for strings; reports an unusable {@code format}. */
  public static Optional<RowRule> rule(Column column, Problems problems) {
    column.format().ifPresent(f -> {
      try {
        DateTimeFormatter.ofPattern(f);
      } catch (IllegalArgumentException e) {
        problems.add(column.location(), "invalid format '" + f + "' of column '" + column.name() + "': " + e.getMessage(),
            "use a Spark datetime pattern such as 'yyyy-MM-dd HH:mm:ss'");
      }
    });
    if (column.type().kind() == DataType.Kind.STRING) {
      return Optional.empty();
    }
    String ref = Sql.ident(column.name());
    return Optional.of(new RowRule(column.name() + ".type", "type", Optional.of(column.name()), List.of(column.name()),
        Severity.ERROR, "(" + ref + " IS NULL OR " + StrictCast.of(ref, column.type(), column.format()) + " IS NOT NULL)"));
  }
}
