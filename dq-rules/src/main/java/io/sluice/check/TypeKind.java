package io.sluice.check;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.Column;
import io.sluice.contract.DataType;
import io.sluice.contract.Excerpt;
import io.sluice.contract.Placement;
import io.sluice.contract.Problem.Kind;
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

  /** Week-based fields: Spark 3 refuses them in any pattern. */
  private static final String WEEK_BASED = "YWwuec";
  /** Letters Spark refuses in a pattern it parses with, though Java's formatter takes them. */
  private static final String NOT_PARSED = "ABnNpEFqQ";
  /** Runs of letters longer than Spark takes: narrow text forms, and years of more than six digits. */
  private static final List<String> TOO_LONG = List.of("GGGGG", "MMMMM", "LLLLL", "EEEEE", "QQQQQ", "qqqqq", "yyyyyyy");

  /**
   * Why Spark refuses {@code pattern} to parse values, when Java's own formatter takes it: the rules of Spark 3.5's
   * {@code DateTimeFormatterHelper.convertIncompatiblePattern}, applied to the text outside quotes as it applies them.
   * Spark would stop the run when it first parses a value.
   */
  static Optional<String> sparkRefusal(String pattern) {
    String[] parts = (pattern + " ").split("'");
    for (int i = 0; i < parts.length; i += 2) {
      for (char c : parts[i].toCharArray()) {
        if (WEEK_BASED.indexOf(c) >= 0) {
          return Optional.of("Spark does not parse week-based fields ('" + c + "'); use y for the year, M, d, D");
        }
      }
      for (char c : parts[i].toCharArray()) {
        if (NOT_PARSED.indexOf(c) >= 0) {
          return Optional.of("Spark does not parse with pattern letter '" + c + "'");
        }
      }
      for (String run : TOO_LONG) {
        if (parts[i].contains(run)) {
          return Optional.of("Spark takes fewer than " + run.length() + " letters '" + run.charAt(0) + "'");
        }
      }
    }
    return Optional.empty();
  }

  /** The rule, or empty for strings; reports an unusable {@code format}. */
  public static Optional<RowRule> rule(Column column, Problems problems) {
    column.format().ifPresent(f -> {
      Optional<String> refusal;
      try {
        DateTimeFormatter.ofPattern(f);
        refusal = sparkRefusal(f);
      } catch (IllegalArgumentException e) {
        refusal = Optional.of(Excerpt.of(e.getMessage()));
      }
      refusal.ifPresent(r -> problems.add(Kind.INVALID_VALUE, column.location(), "invalid format " + Excerpt.quoted(f) + " of column "
          + Excerpt.quoted(column.name()) + ": " + r, "use a Spark datetime pattern such as 'yyyy-MM-dd HH:mm:ss'"));
    });
    if (column.type().kind() == DataType.Kind.STRING) {
      return Optional.empty();
    }
    String ref = Sql.ident(column.name());
    return Optional.of(new RowRule(column.name() + ".type", "type", Optional.of(column.name()), List.of(column.name()),
        Severity.ERROR, "(" + ref + " IS NULL OR " + StrictCast.of(ref, column.type(), column.format()) + " IS NOT NULL)", RowRule.Test.CONVERTS));
  }
}
