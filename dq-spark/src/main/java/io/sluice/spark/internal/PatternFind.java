package io.sluice.spark.internal;

import io.sluice.check.LinearRegex;
import io.sluice.spark.pattern.AsciiChars;
import io.sluice.spark.pattern.SimplePattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ILike;
import org.apache.spark.sql.catalyst.expressions.Like;
import org.apache.spark.sql.catalyst.expressions.LikeAll;
import org.apache.spark.sql.catalyst.expressions.LikeAny;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.Lower;
import org.apache.spark.sql.catalyst.expressions.MultiLikeBase;
import org.apache.spark.sql.catalyst.expressions.Not;
import org.apache.spark.sql.catalyst.expressions.NotLikeAll;
import org.apache.spark.sql.catalyst.expressions.NotLikeAny;
import org.apache.spark.sql.catalyst.expressions.Or;
import org.apache.spark.sql.catalyst.expressions.RLike;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@code text RLIKE 'pattern'} with a constant pattern, with Spark's answers ({@code Matcher.find()} from the start
 * of the text; null in, null out) in time linear in the text: the pattern runs on RE2/J ({@link LinearRegex}), never
 * on {@code java.util.regex}, whose backtracking can take exponential time on one value ({@code (a|a)+?b} against
 * thirty-four {@code a} and a {@code !} takes it minutes). The generated code keeps one matcher per task and, when the value is ASCII
 * (nearly always, for what patterns check: codes, ids, emails), lets it read the value's bytes in place; a pattern
 * of the plain kind (a sequence of characters and classes, repeated and anchored, see {@link SimplePattern}) is
 * answered without a matcher for ASCII values. It is a Catalyst expression fused into whole-stage code generation
 * like the built-in one, not a UDF.
 *
 * <p>{@link #rewrite} puts it in place of every {@code RLIKE} (and {@code rlike()}, {@code regexp()},
 * {@code regexp_like()}) with a literal pattern, and of every {@code LIKE}/{@code ILIKE} with a literal pattern that
 * Spark would run as a {@code java.util.regex} (one with {@code _}, an escape, or {@code %} in more places than
 * Spark's {@code LikeSimplification} turns into {@code startsWith}/{@code endsWith}/{@code contains}).
 */
public final class PatternFind extends ValuePredicate {
  private static final long serialVersionUID = 1L;
  private static final Set<String> RLIKE_FUNCTIONS = Set.of("rlike", "regexp", "regexp_like");
  private static final Set<String> LIKE_FUNCTIONS = Set.of("like", "ilike");
  private final String pattern;
  private final LinearRegex linear;
  private transient Optional<SimplePattern> plain;

  /**
   * {@code text} must be a string: {@link #rewrite} casts what {@code RLIKE} would have cast implicitly. A pattern
   * that {@link LinearRegex} refuses throws: the loader and {@code ParsedPredicate} refuse it before.
   */
  public PatternFind(Expression text, String pattern) {
    super(text, pattern);
    this.pattern = pattern;
    this.linear = LinearRegex.compile(pattern);
  }

  /**
   * {@code e} with every {@code RLIKE} against a literal pattern, and every {@code LIKE} that Spark would run as a
   * regular expression, evaluated by this expression.
   */
  public static org.apache.spark.sql.Column rewrite(org.apache.spark.sql.Column c) {
    return new org.apache.spark.sql.Column(rewrite(c.expr()));
  }

  /** {@link #rewrite(org.apache.spark.sql.Column)}, on Catalyst's expression. */
  public static Expression rewrite(Expression e) {
    return e.transformUp(new scala.runtime.AbstractPartialFunction<Expression, Expression>() {
      @Override
      public boolean isDefinedAt(Expression x) {
        return linear(x).isPresent();
      }

      @Override
      public Expression apply(Expression x) {
        return linear(x).orElseThrow();
      }
    });
  }

  /** {@code x} evaluated in linear time, when it is a pattern match this expression can take. */
  private static Optional<Expression> linear(Expression x) {
    if (x instanceof RLike r && text(r.right()).isPresent()) {
      return Optional.of(new PatternFind(asText(r.left()), text(r.right()).get()));
    }
    if (x instanceof UnresolvedFunction f && f.nameParts().size() == 1) {
      String name = f.nameParts().head().toLowerCase(Locale.ROOT);
      List<Expression> args = scala.collection.JavaConverters.seqAsJavaList(f.arguments());
      if (RLIKE_FUNCTIONS.contains(name) && args.size() == 2 && text(args.get(1)).isPresent()) {
        return Optional.of(new PatternFind(asText(args.get(0)), text(args.get(1)).get()));
      }
      if (LIKE_FUNCTIONS.contains(name) && (args.size() == 2 || args.size() == 3) && text(args.get(1)).isPresent()) {
        Optional<String> escape = args.size() == 3 ? text(args.get(2)) : Optional.of("\\");
        if (escape.isPresent() && escape.get().length() == 1) {
          return like(args.get(0), text(args.get(1)).get(), escape.get().charAt(0), name.equals("ilike"));
        }
      }
    }
    if (x instanceof Like l && text(l.right()).isPresent()) {
      return like(l.left(), text(l.right()).get(), l.escapeChar(), false);
    }
    if (x instanceof ILike l && text(l.right()).isPresent()) {
      return like(l.left(), text(l.right()).get(), l.escapeChar(), true);
    }
    if (x instanceof MultiLikeBase m) {
      return multiLike(m);
    }
    return Optional.empty();
  }

  /** {@code value LIKE pattern}, when Spark would run the pattern as a regular expression. */
  private static Optional<Expression> like(Expression value, String pattern, char escape, boolean ignoreCase) {
    // ILIKE is LIKE over both sides lower-cased, as Spark's own ILike is replaced.
    String p = ignoreCase ? UTF8String.fromString(pattern).toLowerCase().toString() : pattern;
    if (simpleLike(p, escape)) {
      return Optional.empty();
    }
    Optional<String> regex = LinearRegex.fromLike(p, escape);
    Expression text = ignoreCase ? new Lower(asText(value)) : asText(value);
    return regex.map(r -> new PatternFind(text, r));
  }

  /** {@code LIKE ANY/ALL (…)} and their negations as a chain of single matches (with the same nulls). */
  private static Optional<Expression> multiLike(MultiLikeBase m) {
    List<UTF8String> patterns = scala.collection.JavaConverters.seqAsJavaList(m.patterns());
    if (patterns.stream().allMatch(p -> p == null || simpleLike(p.toString(), '\\'))) {
      return Optional.empty();
    }
    List<Expression> each = new ArrayList<>();
    for (UTF8String p : patterns) {
      Expression one;
      if (p == null) {
        one = Literal.create(null, DataTypes.BooleanType);
      } else {
        one = like(m.child(), p.toString(), '\\', false)
            .orElseGet(() -> new Like(m.child(), Literal.create(p.toString(), DataTypes.StringType), '\\'));
      }
      each.add(m.isNotSpecified() ? new Not(one) : one);
    }
    boolean any = m instanceof LikeAny || m instanceof NotLikeAny;
    if (!any && !(m instanceof LikeAll) && !(m instanceof NotLikeAll)) {
      return Optional.empty();
    }
    Expression chain = each.get(0);
    for (int k = 1; k < each.size(); k++) {
      chain = any ? new Or(chain, each.get(k)) : new And(chain, each.get(k));
    }
    return Optional.of(chain);
  }

  /**
   * Whether Spark's {@code LikeSimplification} answers the pattern without a regular expression ({@code abc},
   * {@code abc%}, {@code %abc}, {@code abc%def}, {@code %abc%}; no escape): left to Spark, which does it faster.
   */
  public static boolean simpleLike(String p, char escape) {
    return p.indexOf(escape) < 0 && (p.matches("[^_%]*") || p.matches("[^_%]+%") || p.matches("%[^_%]+")
        || p.matches("[^_%]+%[^_%]+") || p.matches("%[^_%]+%"));
  }

  private static Optional<String> text(Expression e) {
    return e instanceof Literal l && l.value() != null && l.dataType() == DataTypes.StringType
        ? Optional.of(l.value().toString()) : Optional.empty();
  }

  /** The cast RLIKE would add; Spark's optimizer removes it when the value already is a string. */
  private static Expression asText(Expression value) {
    return new org.apache.spark.sql.Column(value).cast(DataTypes.StringType).expr();
  }

  /** The pattern without a matcher, when it is of the plain kind ({@link SimplePattern}). */
  private Optional<SimplePattern> plain() {
    if (plain == null) {
      plain = SimplePattern.compile(pattern);
    }
    return plain;
  }

  @Override
  public ValuePredicate withValue(Expression newValue) {
    return new PatternFind(newValue, pattern);
  }

  @Override
  public boolean test(Object v) {
    int answer = v instanceof UTF8String text && plain().isPresent() ? plain().get().find(text) : -1;
    return answer >= 0 ? answer == 1 : linear.find(v.toString());
  }

  @Override
  public String generate(CodegenContext ctx, String v) {
    String regex = ctx.addReferenceObj("regex", linear, LinearRegex.class.getName());
    String finder = ctx.addMutableState(LinearRegex.Finder.class.getCanonicalName(), "finder",
        x -> x + " = " + regex + ".finder();", false, true);
    String chars = ctx.addMutableState(AsciiChars.class.getName(), "chars",
        x -> x + " = new " + AsciiChars.class.getName() + "();", false, true);
    if (plain().isPresent()) {
      String simple = ctx.addReferenceObj("plain", plain().get(), SimplePattern.class.getName());
      return AsciiChars.class.getName() + ".found(" + simple + ", " + finder + ", " + chars + ", " + v + ")";
    }
    return AsciiChars.class.getName() + ".found(" + finder + ", " + chars + ", " + v + ")";
  }

  @Override
  public String describe() {
    return "RLIKE '" + pattern.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
