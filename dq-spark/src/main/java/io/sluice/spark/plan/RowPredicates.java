package io.sluice.spark.plan;

import static org.apache.spark.sql.functions.expr;

import io.sluice.check.RowRule;
import io.sluice.contract.CheckSpec;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractException;
import io.sluice.contract.Excerpt;
import io.sluice.contract.Location;
import io.sluice.contract.Node;
import io.sluice.contract.Problem;
import io.sluice.contract.Problem.Kind;
import io.sluice.spark.internal.ParsedPredicate;
import io.sluice.spark.internal.PatternFind;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;

/**
 * A row rule's predicate as the plan evaluates it: parsed by Spark, refused when it reads beyond the row or runs a
 * pattern that is not linear, and with its patterns run by Sluice's RLIKE ({@link PatternFind}). A refusal is a
 * {@link ContractException} located where the contract writes the check.
 */
final class RowPredicates {
  private final Contract contract;

  RowPredicates(Contract contract) {
    this.contract = contract;
  }

  /** The column that is TRUE where a row passes {@code r}. */
  Column passes(RowRule r) {
    Column parsed = parse(r);
    List<String> refused = ParsedPredicate.refusals(parsed);
    if (!refused.isEmpty()) {
      throw new ContractException(List.of(new Problem(Kind.EXPRESSION, whereIs(r), "check " + Excerpt.quoted(r.id()) + " "
              + String.join("; ", refused),
          "write a predicate over this row's columns with Spark's deterministic functions, and patterns as string"
          + " literals that run in linear time (docs/contracts.md, Checks and Patterns)")));
    }
    return PatternFind.rewrite(parsed);
  }

  /**
   * A check's predicate as Spark's parser reads it. Lint judges an expression's parentheses, quotes and functions
   * but has no Spark to judge the rest of its syntax: a syntax error is found here, before anything is read, and
   * reported where the contract writes the check.
   */
  private Column parse(RowRule r) {
    try {
      return expr(r.predicate());
    } catch (Exception e) { // Scala throws ParseException, an AnalysisException (checked in Java's eyes), undeclared
      String error = syntaxError(e);
      // Said of the text as the contract writes it, when it fails alone, not of the predicate rendered around it.
      Optional<CheckSpec> spec = specOf(r);
      String said = spec.flatMap(c -> c.args() instanceof Node.Scalar s ? s.asString() : Optional.empty())
          .flatMap(text -> {
            try {
              expr(text);
              return Optional.empty();
            } catch (Exception alone) {
              return Optional.of(syntaxError(alone));
            }
          }).orElse(error);
      throw new ContractException(List.of(new Problem(Kind.EXPRESSION, whereIs(r), "check " + Excerpt.quoted(r.id())
              + " is not Spark SQL: " + Excerpt.of(said, 120),
          "fix the expression's syntax (Spark SQL); lint checks its parentheses, quotes and functions, Spark the rest")));
    }
  }

  /** What Spark's parser says, in one line; anything other than a parse error is thrown on. */
  private static String syntaxError(Exception e) {
    if (!ParsedPredicate.isSyntaxError(e)) {
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
    return Arrays.stream(String.valueOf(e.getMessage()).split("\\R"))
        .filter(l -> !l.isBlank()).findFirst().orElse("a syntax error")
        .replaceFirst("^\\[[A-Z_.]+\\]\\s*", "").replaceFirst("\\s*\\(line \\d+, pos \\d+\\)\\s*$", "");
  }

  /** The check of the contract that {@code r} renders, if one has its id. */
  private Optional<CheckSpec> specOf(RowRule r) {
    return Stream.concat(contract.columns().stream().flatMap(col -> col.checks().stream()), contract.checks().stream())
        .filter(spec -> spec.id().equals(r.id())).findFirst();
  }

  /** Where the contract writes the check of {@code r}: its arguments, or the file when no check has its id. */
  private Location whereIs(RowRule r) {
    return specOf(r).map(spec -> spec.args().location()).orElse(Location.of(contract.file()));
  }
}
