package io.sluice.spark;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeBlock;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.expressions.codegen.JavaCode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@code value IN (the duplicate keys)}: whether a row's key is one of a set known before the pass, as Spark's
 * {@code InSet} answers (null for a null value), but cheaper per row for the sets uniqueness needs — thousands
 * of keys, tested against every row, nearly always absent: a {@link java.util.HashSet} of {@link UTF8String}
 * (hashed and compared as bytes) for a string key, a primitive open-addressing set for an int or long key or a
 * key hash. Spark's {@code InSet} holds a Scala set and compares through boxed equality, and prints every
 * value in plan descriptions. A Catalyst expression with generated code, fused into whole-stage code.
 */
final class KeyIn extends Expression implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final Expression value;
  private final Object set; // HashSet<UTF8String> or Longs
  private final int size;

  private KeyIn(Expression value, Object set, int size) {
    this.value = value;
    this.set = set;
    this.size = size;
  }

  /** {@code value IN values}, for a string, int or long column; {@code values} as Java values (String, Integer, Long). */
  static Column of(Column value, DataType type, Collection<?> values) {
    if (type == DataTypes.StringType) {
      Set<UTF8String> strings = new HashSet<>();
      values.forEach(v -> strings.add(UTF8String.fromString((String) v)));
      return new Column(new KeyIn(value.expr(), strings, strings.size()));
    }
    if (type == DataTypes.LongType || type == DataTypes.IntegerType) {
      Longs longs = new Longs(values.size());
      values.forEach(v -> longs.add(((Number) v).longValue()));
      return new Column(new KeyIn(value.expr(), longs, values.size()));
    }
    throw new IllegalArgumentException("a key set holds strings, ints or longs, not " + type.simpleString());
  }

  @Override
  public scala.collection.Seq<Expression> children() {
    return scala.collection.JavaConverters.asScalaBuffer(java.util.List.of(value)).toSeq();
  }

  @Override
  public Expression withNewChildrenInternal(scala.collection.IndexedSeq<Expression> newChildren) {
    return new KeyIn(newChildren.apply(0), set, size);
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
    if (v == null) {
      return null;
    }
    return set instanceof Longs longs ? longs.contains(((Number) v).longValue()) : ((Set<?>) set).contains(v);
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    ExprCode v = value.genCode(ctx);
    String type = set instanceof Longs ? Longs.class.getName() : "java.util.HashSet";
    String ref = ctx.addReferenceObj("keys", set, type);
    String code = v.code() + "\n"
        + "boolean " + ev.isNull() + " = " + v.isNull() + ";\n"
        + "boolean " + ev.value() + " = false;\n"
        + "if (!" + ev.isNull() + ") {\n"
        + "  " + ev.value() + " = " + ref + ".contains(" + v.value() + ");\n"
        + "}";
    return ev.copy(new CodeBlock(scala.collection.JavaConverters.asScalaBuffer(java.util.List.of(code)).toSeq(),
        scala.collection.JavaConverters.asScalaBuffer(new java.util.ArrayList<JavaCode>()).toSeq()), ev.isNull(), ev.value());
  }

  @Override
  public String toString() {
    return value + " IN (" + size + " keys)";
  }

  @Override
  public String sql() {
    return value.sql() + " IN (" + size + " keys)";
  }

  @Override
  public int productArity() {
    return 2;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> value;
      case 1 -> set;
      default -> throw new IndexOutOfBoundsException(String.valueOf(n));
    };
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof KeyIn;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyIn k && k.value.equals(value) && k.set == set;
  }

  @Override
  public int hashCode() {
    return 31 * value.hashCode() + System.identityHashCode(set);
  }

  /** A set of longs: open addressing, linear probing, no boxing. Read-only once built. */
  public static final class Longs implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final long[] slots;
    private final boolean[] used;
    private final int mask;

    Longs(int expected) {
      int capacity = Integer.highestOneBit(Math.max(4, expected * 3)) << 1; // at most a third full
      slots = new long[capacity];
      used = new boolean[capacity];
      mask = capacity - 1;
    }

    void add(long v) {
      int i = index(v);
      while (used[i] && slots[i] != v) {
        i = (i + 1) & mask;
      }
      slots[i] = v;
      used[i] = true;
    }

    public boolean contains(long v) {
      int i = index(v);
      while (used[i]) {
        if (slots[i] == v) {
          return true;
        }
        i = (i + 1) & mask;
      }
      return false;
    }

    public boolean contains(int v) {
      return contains((long) v);
    }

    private int index(long v) {
      long h = v * 0x9E3779B97F4A7C15L; // Fibonacci hashing: spreads sequential keys and raw hashes alike
      return (int) (h >>> 40) & mask;
    }
  }
}
