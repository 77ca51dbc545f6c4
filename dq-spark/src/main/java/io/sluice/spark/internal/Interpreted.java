package io.sluice.spark.internal;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.types.DataType;
import scala.collection.JavaConverters;

/**
 * A value that keeps the operator computing it out of whole-stage code generation: Spark compiles an operator
 * into its stage only when none of its expressions falls back to interpretation ({@code CollapseCodegenStages}),
 * and this one does. Spark makes the same choice for rows of more than {@code spark.sql.codegen.maxFields}
 * columns: a stage's code is one Java method, so thousands of checks in one operator make a method that Janino
 * compiles on the driver in time that grows faster than their number, and that the JIT will not compile at all.
 * Out of the stage, the operator's projection is generated too, but split into small methods. Only the value
 * itself is interpreted: give it a constant.
 *
 * <p>Internal: a Catalyst expression (Spark 4: the same trait, {@code CodegenFallback}).
 */
public final class Interpreted extends Expression implements CodegenFallback, java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final Expression child;

  private Interpreted(Expression child) {
    this.child = child;
  }

  /** {@code value}, computed by interpretation, which keeps its operator out of whole-stage code generation. */
  public static Column of(Column value) {
    return new Column(new Interpreted(value.expr()));
  }

  @Override
  public scala.collection.Seq<Expression> children() {
    return JavaConverters.asScalaBuffer(List.of(child)).toSeq();
  }

  @Override
  public Expression withNewChildrenInternal(scala.collection.IndexedSeq<Expression> newChildren) {
    return new Interpreted(newChildren.apply(0));
  }

  @Override
  public boolean nullable() {
    return child.nullable();
  }

  @Override
  public DataType dataType() {
    return child.dataType();
  }

  @Override
  public Object eval(InternalRow row) {
    return child.eval(row);
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    return CodegenFallback.super.doGenCode(ctx, ev);
  }

  @Override
  public String toString() {
    return "interpreted(" + child + ")";
  }

  @Override
  public String sql() {
    return child.sql();
  }

  @Override
  public int productArity() {
    return 1;
  }

  @Override
  public Object productElement(int n) {
    if (n != 0) {
      throw new IndexOutOfBoundsException(String.valueOf(n));
    }
    return child;
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof Interpreted;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Interpreted i && i.child.equals(child);
  }

  @Override
  public int hashCode() {
    return 17 + child.hashCode();
  }
}
