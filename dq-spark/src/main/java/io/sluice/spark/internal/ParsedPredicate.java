package io.sluice.spark.internal;

import io.sluice.check.ExpressionFunctions;
import io.sluice.contract.Excerpt;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;

/**
 * A row predicate as Spark's own parser reads it, judged against {@link ExpressionFunctions}' allow-list before
 * anything is planned: every function it calls must be allowed and it may hold no subquery. The loader already
 * refuses such text from its tokens; this is the same rule applied to Spark's parse, so a difference between the
 * two readings cannot let code through.
 *
 * <p>Internal: walks Catalyst's unresolved expression tree ({@code UnresolvedFunction}, {@code SubqueryExpression}).
 */
public final class ParsedPredicate {
  private ParsedPredicate() {}

  /** Why {@code sql} may not run as a check (empty when it may). */
  public static List<String> refusals(String sql) {
    return refusals(org.apache.spark.sql.functions.expr(sql).expr());
  }

  /** Why the parsed predicate may not run as a check (empty when it may). */
  public static List<String> refusals(Expression parsed) {
    List<String> refusals = new ArrayList<>();
    visit(parsed, refusals);
    return refusals;
  }

  private static void visit(Expression e, List<String> refusals) {
    if (e instanceof SubqueryExpression) {
      refusals.add("holds a subquery, which reads a table: an expression sees only the row's own columns");
      return;
    }
    if (e instanceof UnresolvedFunction f) {
      String name = f.nameParts().mkString(".");
      String reason = ExpressionFunctions.refusal(name);
      if (reason != null) {
        refusals.add("calls " + Excerpt.of(name) + "(), " + reason);
      }
    }
    scala.collection.Iterator<Expression> children = e.children().iterator();
    while (children.hasNext()) {
      visit(children.next(), refusals);
    }
  }
}
