package io.sluice.check;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.Column;
import io.sluice.contract.Excerpt;
import io.sluice.contract.Node;
import io.sluice.contract.Placement;
import io.sluice.contract.Problem.Kind;
import io.sluice.contract.Problems;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code freshness: { column, max_age: 26h }}: the newest value of a date or timestamp column is at most
 * {@code max_age} old when the run starts. The metric is the lag in seconds. A dataset with no value at
 * all is not fresh: a stalled feed is exactly what this check exists to catch.
 */
public final class FreshnessKind implements CheckKind {
  private static final Pattern PARTS = Pattern.compile("(\\d+)\\s*([dhms])");
  private static final Pattern WHOLE = Pattern.compile("(\\s*\\d+\\s*[dhms])+\\s*");

  @Override
  public String name() {
    return "freshness";
  }

  @Override
  public Set<Placement> placements() {
    return Set.of(Placement.DATASET);
  }

  @Override
  public String summary() {
    return "the newest value of a date/timestamp column is at most max_age old (e.g. 26h, 1d12h, PT30M)";
  }

  @Override
  public Optional<Rule> bind(CheckSpec spec, Binding binding, Problems problems) {
    Args args = new Args(spec, problems);
    String example = "freshness: { column: ordered_at, max_age: 26h }";
    Optional<Node.Mapping> m = args.mapping(List.of("column", "max_age"), example);
    if (m.isEmpty() || !args.require(m.get(), "column", "write '" + example + "'")
        || !args.require(m.get(), "max_age", "write '" + example + "'")) {
      return Optional.empty();
    }
    Optional<String> columnName = args.string(m.get(), "column");
    Optional<Duration> maxAge = args.string(m.get(), "max_age").flatMap(text -> {
      Optional<Duration> d = parseDuration(text);
      if (d.isEmpty() || d.get().isZero()) {
        problems.add(Kind.INVALID_VALUE, m.get().get("max_age").orElseThrow().location(), "max_age " + Excerpt.quoted(text)
                + " is not a positive duration",
            "write a number with a unit (d, h, m, s), such as 26h or 1d12h, or ISO-8601 such as PT26H");
        return Optional.empty();
      }
      return d;
    });
    Optional<Column> column = columnName.flatMap(n -> binding.contract().column(n));
    if (column.isPresent() && !column.get().type().kind().isTemporal()) {
      problems.add(Kind.CHECK_KIND, m.get().get("column").orElseThrow().location(), "freshness needs a date or timestamp column; "
          + Excerpt.quoted(column.get().name()) + " is " + column.get().type(), "point it at the column that says when a row happened");
      return Optional.empty();
    }
    if (column.isEmpty() || maxAge.isEmpty()) {
      return Optional.empty();
    }
    String ref = Sql.ident(column.get().name());
    return Optional.of(new DatasetRule(spec.id(), name(), Optional.of(column.get().name()), spec.severity(),
        "unix_timestamp(current_timestamp()) - unix_timestamp(CAST(max(" + ref + ") AS TIMESTAMP))",
        "coalesce(" + DatasetRule.VALUE + " <= " + maxAge.get().toSeconds() + ", FALSE)", DatasetRule.Measure.LAG_SECONDS,
        "<= " + maxAge.get().toSeconds() + " s since the latest " + column.get().name()));
  }

  /** {@code 26h}, {@code 1d12h}, {@code 90m}, {@code 30s}, or ISO-8601 ({@code PT26H}, {@code P1D}). */
  public static Optional<Duration> parseDuration(String text) {
    String t = text.trim();
    if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        return Optional.of(Duration.parse(t.toUpperCase(Locale.ROOT)));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    if (!WHOLE.matcher(t).matches()) {
      return Optional.empty();
    }
    Duration d = Duration.ZERO;
    Matcher m = PARTS.matcher(t);
    try {
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        d = d.plus(switch (m.group(2)) {
          case "d" -> Duration.ofDays(n);
          case "h" -> Duration.ofHours(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofSeconds(n);
        });
      }
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.of(d);
  }
}
