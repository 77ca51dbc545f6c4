package io.sluice.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.RLike;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;

/**
 * {@code text RLIKE 'pattern'} with a constant pattern, with Spark's semantics ({@link Matcher#find()} from the
 * start of the text; null in, null out) but cheaper generated code: Spark's decodes every value into a new Java
 * {@code String} and makes a new {@code Matcher} for it; this keeps one {@code Matcher} per task and, when the
 * value is ASCII (nearly always, for what patterns check: codes, ids, emails), lets it read the value's bytes in
 * place; and a pattern of the plain kind (a sequence of characters and classes, repeated and anchored, see
 * {@link SimplePattern}) is answered without a {@code Matcher} for ASCII values. Other values take Spark's way.
 * It is a Catalyst expression fused into whole-stage code generation like the built-in one, not a UDF. {@link #rewrite} puts it in place of every {@code RLIKE} with a literal pattern.
 */
final class PatternFind extends ValuePredicate {
  private static final long serialVersionUID = 1L;
  private final String pattern;
  private transient Pattern compiled;
  private transient java.util.Optional<SimplePattern> plain;

  /** {@code text} must be a string: {@link #rewrite} casts what {@code RLIKE} would have cast implicitly. */
  PatternFind(Expression text, String pattern) {
    super(text, pattern);
    this.pattern = pattern;
  }

  /** {@code e} with every {@code RLIKE} against a literal pattern evaluated by this expression. */
  static Expression rewrite(Expression e) {
    return e.transformUp(new scala.runtime.AbstractPartialFunction<Expression, Expression>() {
      @Override
      public boolean isDefinedAt(Expression x) {
        return x instanceof RLike r && r.right() instanceof Literal l && l.value() != null
            && l.dataType() == DataTypes.StringType;
      }

      @Override
      public Expression apply(Expression x) {
        RLike r = (RLike) x;
        // The cast RLIKE would add; Spark's optimizer removes it when the value already is a string.
        Expression asText = new org.apache.spark.sql.Column(r.left()).cast(DataTypes.StringType).expr();
        return new PatternFind(asText, ((Literal) r.right()).value().toString());
      }
    });
  }

  private Pattern compiled() {
    if (compiled == null) {
      compiled = Pattern.compile(pattern);
    }
    return compiled;
  }

  /** The pattern without a {@code Matcher}, when it is of the plain kind ({@link SimplePattern}). */
  private java.util.Optional<SimplePattern> plain() {
    if (plain == null) {
      plain = SimplePattern.compile(pattern);
    }
    return plain;
  }

  @Override
  ValuePredicate withValue(Expression newValue) {
    return new PatternFind(newValue, pattern);
  }

  @Override
  boolean test(Object v) {
    int answer = v instanceof org.apache.spark.unsafe.types.UTF8String text && plain().isPresent() ? plain().get().find(text) : -1;
    return answer >= 0 ? answer == 1 : compiled().matcher(v.toString()).find();
  }

  @Override
  String generate(CodegenContext ctx, String v) {
    String p = ctx.addReferenceObj("pattern", compiled(), Pattern.class.getName());
    String m = ctx.addMutableState(Matcher.class.getName(), "matcher", x -> x + " = " + p + ".matcher(\"\");", false, true);
    String chars = ctx.addMutableState(AsciiChars.class.getName(), "chars",
        x -> x + " = new " + AsciiChars.class.getName() + "();", false, true);
    if (plain().isPresent()) {
      String simple = ctx.addReferenceObj("plain", plain().get(), SimplePattern.class.getName());
      return AsciiChars.class.getName() + ".found(" + simple + ", " + m + ", " + chars + ", " + v + ")";
    }
    return AsciiChars.class.getName() + ".found(" + m + ", " + chars + ", " + v + ")";
  }

  @Override
  String describe() {
    return "RLIKE '" + pattern.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
