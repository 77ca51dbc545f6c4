package io.sluice.spark.internal;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeBlock;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.expressions.codegen.JavaCode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * A Catalyst predicate over one value and one constant argument (a pattern, a set of keys): null when the
 * value is null, else a test of it, with generated code so that whole-stage code generation fuses it like a
 * built-in expression. Written in Java, so it extends {@link Expression} itself (Spark's {@code UnaryExpression}
 * cannot be extended from Java) and plays the case class: its product is (value, argument), and it equals
 * another of its class with an equal value and argument.
 */
public abstract class ValuePredicate extends Expression implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final Expression value;
  private final Object argument;

  public ValuePredicate(Expression value, Object argument) {
    this.value = value;
    this.argument = argument;
  }

  public Expression value() {
    return value;
  }

  /** The same predicate over another value. */
  abstract ValuePredicate withValue(Expression newValue);

  /** The test, interpreted: {@code v} is not null. */
  abstract boolean test(Object v);

  /** The test, as a Java boolean expression over the generated variable {@code v}. */
  abstract String generate(CodegenContext ctx, String v);

  /** How plans show it, after the value. */
  abstract String describe();

  @Override
  public scala.collection.Seq<Expression> children() {
    return scala.collection.JavaConverters.asScalaBuffer(java.util.List.of(value)).toSeq();
  }

  @Override
  public Expression withNewChildrenInternal(scala.collection.IndexedSeq<Expression> newChildren) {
    return withValue(newChildren.apply(0));
  }

  @Override
  public boolean nullable() {
    return value.nullable();
  }

  @Override
  public DataType dataType() {
    return DataTypes.BooleanType;
  }

  @Override
  public Object eval(InternalRow row) {
    Object v = value.eval(row);
    return v == null ? null : test(v);
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    ExprCode v = value.genCode(ctx);
    String code = v.code() + "\n"
        + "boolean " + ev.isNull() + " = " + v.isNull() + ";\n"
        + "boolean " + ev.value() + " = false;\n"
        + "if (!" + ev.isNull() + ") {\n"
        + "  " + ev.value() + " = " + generate(ctx, v.value().toString()) + ";\n"
        + "}";
    return ev.copy(new CodeBlock(scala.collection.JavaConverters.asScalaBuffer(java.util.List.of(code)).toSeq(),
        scala.collection.JavaConverters.asScalaBuffer(new java.util.ArrayList<JavaCode>()).toSeq()), ev.isNull(), ev.value());
  }

  @Override
  public String toString() {
    return value + " " + describe();
  }

  @Override
  public String sql() {
    return value.sql() + " " + describe();
  }

  @Override
  public int productArity() {
    return 2;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> value;
      case 1 -> argument;
      default -> throw new IndexOutOfBoundsException(String.valueOf(n));
    };
  }

  @Override
  public boolean canEqual(Object that) {
    return that != null && that.getClass() == getClass();
  }

  @Override
  public boolean equals(Object o) {
    return canEqual(o) && ((ValuePredicate) o).value.equals(value) && ((ValuePredicate) o).argument.equals(argument);
  }

  @Override
  public int hashCode() {
    return 31 * value.hashCode() + argument.hashCode();
  }
}
