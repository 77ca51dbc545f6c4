package io.sluice.check;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.Excerpt;
import io.sluice.contract.Placement;
import io.sluice.contract.Problem.Kind;
import io.sluice.contract.Problems;
import io.sluice.diff.ArgumentChange;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code expression: "discount <= amount"}: a Spark SQL predicate over the row. NULL passes (as SQL's
 * CHECK constraints do); quote names with spaces in backticks. Parentheses, quotes and the functions it calls
 * ({@link ExpressionFunctions}: no code, no other table, nothing random) are checked here; the rest of the syntax
 * is Spark's to judge when the contract runs.
 */
public final class ExpressionKind implements CheckKind {
  @Override
  public String name() {
    return "expression";
  }

  @Override
  public ArgumentChange argumentChange() {
    return ArgumentChange.EXPRESSION;
  }

  @Override
  public Set<Placement> placements() {
    return Set.of(Placement.ROW, Placement.COLUMN);
  }

  @Override
  public String summary() {
    return "a Spark SQL predicate over the row; NULL passes";
  }

  @Override
  public Optional<Rule> bind(CheckSpec spec, Binding binding, Problems problems) {
    Optional<String> text = new Args(spec, problems).text("expression: \"discount <= amount\"");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> unbalanced = unbalanced(text.get());
    if (unbalanced.isPresent()) {
      problems.add(Kind.EXPRESSION, spec.args().location(), "expression of check " + Excerpt.quoted(spec.id()) + " has " + unbalanced.get(),
          "close every parenthesis, quote and backtick");
      return Optional.empty();
    }
    List<String> refusals = ExpressionFunctions.refusals(text.get());
    for (String refusal : refusals) {
      problems.add(Kind.EXPRESSION, spec.args().location(), "expression of check " + Excerpt.quoted(spec.id()) + " " + refusal,
          "write a predicate over this row's columns with Spark's deterministic functions, and patterns as string"
              + " literals that run in linear time (docs/contracts.md, Checks and Patterns)");
    }
    if (!refusals.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RowRule(spec.id(), name(), spec.column(), spec.column().map(List::of).orElse(List.of()),
        spec.severity(), "coalesce((" + text.get() + "), TRUE)"));
  }

  /** What is left open in {@code sql}, if anything: a parenthesis, a quote or a backtick. */
  static Optional<String> unbalanced(String sql) {
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote != '`') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth < 0) {
        return Optional.of("a ')' with no matching '(' at character " + (i + 1));
      }
    }
    if (quote != 0) {
      return Optional.of("an unclosed " + (quote == '`' ? "backtick" : "quote") + " (" + quote + ")");
    }
    return depth > 0 ? Optional.of(depth + " unclosed '('") : Optional.empty();
  }
}
