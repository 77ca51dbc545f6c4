package io.sluice.spark.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
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
public final class KeyIn extends ValuePredicate {
  private static final long serialVersionUID = 1L;
  private final Object set; // Strings or Longs: equal only to themselves, so plans compare them in constant time
  private final int size;

  private KeyIn(Expression value, Object set, int size) {
    super(value, set);
    this.set = set;
    this.size = size;
  }

  /** {@code value IN values}, for a string, int or long column; {@code values} as Java values (String, Integer, Long). */
  public static Column of(Column value, DataType type, Collection<?> values) {
    return of(value, type, values, false);
  }

  /**
   * {@link #of(Column, DataType, Collection)} for a set that nearly every value is absent from (duplicate keys): a
   * string is first looked up by its fingerprint ({@link Strings}).
   */
  public static Column ofMostlyAbsent(Column value, DataType type, Collection<?> values) {
    return of(value, type, values, true);
  }

  private static Column of(Column value, DataType type, Collection<?> values, boolean mostlyAbsent) {
    if (type == DataTypes.StringType) {
      Strings strings = Strings.of(values.stream().map(String.class::cast).toList(), mostlyAbsent);
      return new Column(new KeyIn(value.expr(), strings, strings.set.size()));
    }
    if (type == DataTypes.LongType || type == DataTypes.IntegerType) {
      Longs longs = new Longs(values.size());
      values.forEach(v -> longs.add(((Number) v).longValue()));
      return new Column(new KeyIn(value.expr(), longs, values.size()));
    }
    throw new IllegalArgumentException("a key set holds strings, ints or longs, not " + type.simpleString());
  }

  /** {@code value IN values} for a long column, such as a key hash. */
  public static Column of(Column value, long[] values) {
    Longs longs = new Longs(values.length);
    for (long v : values) {
      longs.add(v);
    }
    return new Column(new KeyIn(value.expr(), longs, values.length));
  }

  @Override
  public ValuePredicate withValue(Expression newValue) {
    return new KeyIn(newValue, set, size);
  }

  @Override
  public boolean test(Object v) {
    return set instanceof Longs longs ? longs.contains(((Number) v).longValue()) : ((Strings) set).contains((UTF8String) v);
  }

  @Override
  public String generate(CodegenContext ctx, String v) {
    return ctx.addReferenceObj("keys", set, set.getClass().getName()) + ".contains(" + v + ")";
  }

  @Override
  public String describe() {
    return "IN (" + size + " keys)";
  }

  /**
   * A set of strings, hashed and compared as bytes. When nearly every value asked about is absent (duplicate keys), a
   * bit per fingerprint (a value's length and first and last eight bytes, mixed: no pass over its bytes) answers most
   * of them before the set is asked, whose hash reads every byte. Sixteen bits or more per key: at most about one
   * absent value in sixteen reaches the set. The bits are made in the JVM that asks (after deserialization too): they
   * read the bytes in its byte order. A set most values are in (referenced keys) has no bits: they would only add work.
   */
  public static final class Strings implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final Set<UTF8String> set = new HashSet<>();
    private final boolean fingerprinted;
    private transient long[] bits;
    private transient int mask;

    private Strings(boolean fingerprinted) {
      this.fingerprinted = fingerprinted;
    }

    static Strings of(Collection<String> keys, boolean mostlyAbsent) {
      Strings strings = new Strings(mostlyAbsent);
      keys.forEach(k -> strings.set.add(UTF8String.fromString(k)));
      strings.filter();
      return strings;
    }

    public boolean contains(UTF8String v) {
      long[] b = bits;
      if (b != null) {
        int f = fingerprint(v) & mask;
        if ((b[f >>> 6] & 1L << f) == 0) {
          return false;
        }
      }
      return set.contains(v);
    }

    /** Sets the bit of each key's fingerprint. */
    private void filter() {
      if (!fingerprinted) {
        return;
      }
      int size = Integer.highestOneBit(Math.max(64, set.size() * 16));
      long[] b = new long[(size << 1) / 64];
      int m = (size << 1) - 1;
      for (UTF8String k : set) {
        int f = fingerprint(k) & m;
        b[f >>> 6] |= 1L << f;
      }
      mask = m;
      bits = b;
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
      in.defaultReadObject();
      filter();
    }

    static int fingerprint(UTF8String v) {
      int n = v.numBytes();
      Object base = v.getBaseObject();
      long offset = v.getBaseOffset();
      long first = 0;
      long last = 0;
      if (n >= 8) {
        first = org.apache.spark.unsafe.Platform.getLong(base, offset);
        last = org.apache.spark.unsafe.Platform.getLong(base, offset + n - 8);
      } else {
        for (int i = 0; i < n; i++) {
          first = first << 8 | (org.apache.spark.unsafe.Platform.getByte(base, offset + i) & 0xFF);
        }
      }
      long h = (first * 0x9E3779B97F4A7C15L ^ last * 0xC2B2AE3D27D4EB4FL ^ n) * 0x165667B19E3779F9L;
      return (int) (h >>> 32);
    }
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
