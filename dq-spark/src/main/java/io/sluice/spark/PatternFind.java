package io.sluice.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.RLike;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;

/**
 * {@code text RLIKE 'pattern'} with a constant pattern, with Spark's semantics ({@link Matcher#find()} from the
 * start of the text; null in, null out) but cheaper generated code: Spark's decodes every value into a new Java
 * {@code String} and makes a new {@code Matcher} for it; this keeps one {@code Matcher} per task and, when the
 * value is ASCII (nearly always, for what patterns check: codes, ids, emails), lets it read the value's bytes in
 * place. Other values take Spark's way. It is a Catalyst expression fused into whole-stage code generation like
 * the built-in one, not a UDF. {@link #rewrite} puts it in place of every {@code RLIKE} with a literal pattern.
 */
final class PatternFind extends Expression implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final Expression text;
  private final String pattern;
  private transient Pattern compiled;

  /** {@code text} must be a string: {@link #rewrite} casts what {@code RLIKE} would have cast implicitly. */
  PatternFind(Expression text, String pattern) {
    this.text = text;
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

  @Override
  public scala.collection.Seq<Expression> children() {
    return scala.collection.JavaConverters.asScalaBuffer(java.util.List.of(text)).toSeq();
  }

  @Override
  public Expression withNewChildrenInternal(scala.collection.IndexedSeq<Expression> newChildren) {
    return new PatternFind(newChildren.apply(0), pattern);
  }

  @Override
  public boolean nullable() {
    return text.nullable();
  }

  @Override
  public DataType dataType() {
    return DataTypes.BooleanType;
  }

  @Override
  public Object eval(org.apache.spark.sql.catalyst.InternalRow row) {
    Object value = text.eval(row);
    return value == null ? null : compiled().matcher(value.toString()).find();
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    ExprCode t = text.genCode(ctx);
    String p = ctx.addReferenceObj("pattern", compiled(), Pattern.class.getName());
    String m = ctx.addMutableState(Matcher.class.getName(), "matcher", v -> v + " = " + p + ".matcher(\"\");", false, true);
    String chars = ctx.addMutableState(AsciiChars.class.getName(), "chars",
        v -> v + " = new " + AsciiChars.class.getName() + "();", false, true);
    String code = t.code() + "\n"
        + "boolean " + ev.isNull() + " = " + t.isNull() + ";\n"
        + "boolean " + ev.value() + " = false;\n"
        + "if (!" + ev.isNull() + ") {\n"
        + "  " + ev.value() + " = " + AsciiChars.class.getName() + ".found(" + m + ", " + chars + ", " + t.value() + ");\n"
        + "}";
    return ev.copy(new org.apache.spark.sql.catalyst.expressions.codegen.CodeBlock(
        scala.collection.JavaConverters.asScalaBuffer(java.util.List.of(code)).toSeq(),
        scala.collection.JavaConverters.asScalaBuffer(new java.util.ArrayList<org.apache.spark.sql.catalyst.expressions.codegen.JavaCode>()).toSeq()),
        ev.isNull(), ev.value());
  }

  @Override
  public String toString() {
    return "RLIKE(" + text + ", " + pattern + ")";
  }

  @Override
  public String sql() {
    return text.sql() + " RLIKE '" + pattern.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  @Override
  public int productArity() {
    return 2;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> text;
      case 1 -> pattern;
      default -> throw new IndexOutOfBoundsException(String.valueOf(n));
    };
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof PatternFind;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PatternFind f && f.pattern.equals(pattern) && f.text.equals(text);
  }

  @Override
  public int hashCode() {
    return 31 * text.hashCode() + pattern.hashCode();
  }
}
