package io.sluice.spark.internal;

import io.sluice.check.ExpressionFunctions;
import io.sluice.contract.Excerpt;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ILike;
import org.apache.spark.sql.catalyst.expressions.Like;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.MultiLikeBase;
import org.apache.spark.sql.catalyst.expressions.RLike;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.types.DataTypes;

/**
 * A row predicate as Spark's own parser reads it, judged against {@link ExpressionFunctions}' allow-list before
 * anything is planned: every function it calls must be allowed, it may hold no subquery, and every pattern is a
 * literal that runs in linear time ({@code RLIKE} and its function forms: one that {@code LinearRegex} accepts, which
 * the engine's {@code PatternFind} then evaluates; {@code LIKE}/{@code ILIKE}: a valid literal; the delimiters of
 * {@code split}/{@code str_to_map} and the key of {@code parse_url}: fixed-width literals). The loader already
 * refuses such text from its tokens; this is the same rule applied to Spark's parse, so a difference between the
 * two readings cannot let code through, nor a pattern that could hang the job.
 *
 * <p>Internal: walks Catalyst's unresolved expression tree ({@code UnresolvedFunction}, {@code SubqueryExpression},
 * {@code RLike}, {@code Like}, {@code ILike}, {@code MultiLikeBase}).
 */
public final class ParsedPredicate {
  private static final Set<String> RLIKE_FUNCTIONS = Set.of("rlike", "regexp", "regexp_like");
  private static final Set<String> LIKE_FUNCTIONS = Set.of("like", "ilike");
  private static final Map<String, List<Integer>> FIXED_REGEX_ARGUMENTS =
      Map.of("split", List.of(1), "str_to_map", List.of(1, 2), "parse_url", List.of(2));
  private static final String LITERAL = " a pattern must be a string literal, checked before the run and run in"
      + " linear time";

  private ParsedPredicate() {}

  /** Why {@code sql} may not run as a check (empty when it may). */
  public static List<String> refusals(String sql) {
    return refusals(org.apache.spark.sql.functions.expr(sql).expr());
  }

  /** Why the predicate, as {@code functions.expr} parsed it, may not run as a check (empty when it may). */
  public static List<String> refusals(org.apache.spark.sql.Column parsed) {
    return refusals(parsed.expr());
  }

  /**
   * Whether {@code e}, thrown by {@code functions.expr}, says the text is not Spark SQL (Scala throws Catalyst's
   * {@code ParseException}, undeclared).
   */
  public static boolean isSyntaxError(Exception e) {
    return e instanceof org.apache.spark.sql.catalyst.parser.ParseException;
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
      } else {
        patternArguments(name.toLowerCase(Locale.ROOT), scala.collection.JavaConverters.seqAsJavaList(f.arguments()),
            refusals);
      }
    } else if (e instanceof RLike r) {
      regex("RLIKE", r.right(), refusals);
    } else if (e instanceof Like l) {
      like("LIKE", l.right(), l.escapeChar(), refusals);
    } else if (e instanceof ILike l) {
      like("ILIKE", l.right(), l.escapeChar(), refusals);
    } else if (e instanceof MultiLikeBase m) {
      for (org.apache.spark.unsafe.types.UTF8String p : scala.collection.JavaConverters.seqAsJavaList(m.patterns())) {
        String reason = p == null ? null : ExpressionFunctions.likeRefusal(p.toString(), '\\');
        if (reason != null) {
          refusals.add(reason);
        }
      }
    }
    scala.collection.Iterator<Expression> children = e.children().iterator();
    while (children.hasNext()) {
      visit(children.next(), refusals);
    }
  }

  private static void patternArguments(String name, List<Expression> args, List<String> refusals) {
    if (RLIKE_FUNCTIONS.contains(name) && args.size() >= 2) {
      regex(name + "()", args.get(1), refusals);
    } else if (LIKE_FUNCTIONS.contains(name) && args.size() >= 2) {
      Optional<String> escape = args.size() > 2 ? text(args.get(2)) : Optional.of("\\");
      like(name + "()", args.get(1), escape.filter(x -> x.length() == 1).map(x -> x.charAt(0)).orElse('\\'), refusals);
    } else if (FIXED_REGEX_ARGUMENTS.containsKey(name)) {
      for (int a : FIXED_REGEX_ARGUMENTS.get(name)) {
        if (a < args.size()) {
          Optional<String> regex = text(args.get(a));
          String reason = regex.isEmpty() ? "calls " + name + "() with a regular expression that is not a string"
              + " literal:" + LITERAL : ExpressionFunctions.fixedRegexRefusal(name, regex.get());
          if (reason != null) {
            refusals.add(reason);
          }
        }
      }
    }
  }

  private static void regex(String op, Expression pattern, List<String> refusals) {
    if (isNull(pattern)) {
      return;
    }
    Optional<String> regex = text(pattern);
    String reason = regex.isEmpty() ? "matches " + op + " against something other than a string literal:" + LITERAL
        : ExpressionFunctions.regexRefusal(regex.get());
    if (reason != null) {
      refusals.add(reason);
    }
  }

  private static void like(String op, Expression pattern, char escape, List<String> refusals) {
    if (isNull(pattern)) {
      return;
    }
    Optional<String> like = text(pattern);
    String reason = like.isEmpty() ? "matches " + op + " against something other than a string literal:" + LITERAL
        : ExpressionFunctions.likeRefusal(like.get(), escape);
    if (reason != null) {
      refusals.add(reason);
    }
  }

  private static Optional<String> text(Expression e) {
    return e instanceof Literal l && l.value() != null && l.dataType() == DataTypes.StringType
        ? Optional.of(l.value().toString()) : Optional.empty();
  }

  private static boolean isNull(Expression e) {
    return e instanceof Literal l && l.value() == null;
  }
}
