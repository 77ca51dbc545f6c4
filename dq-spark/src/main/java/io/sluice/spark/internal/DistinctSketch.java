package io.sluice.spark.internal;

import java.io.Serializable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.sql.catalyst.util.HyperLogLogPlusPlusHelper;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * An approximate count of distinct values that tasks fill and the driver merges: the HyperLogLog++ sketch of Spark's
 * {@code approx_count_distinct} (relative error 0.05), so a count made in a writer's task is the one the aggregate
 * gives for the same values.
 *
 * <p>The values come hashed ({@link #hash}): Spark's generated code hashes them in the pass's projection, as the
 * aggregate does (XxHash64, seed 42, floating-point values normalized), or tasks hash them from a row's bytes
 * ({@link #hashOf}); {@link #add} sets the register the way {@code HyperLogLogPlusPlusHelper.update} does with that
 * hash, and the helper itself gives the estimate from the registers packed as it packs them. Tasks then
 * neither box a value nor dispatch on its type. {@code DistinctSketchTest} holds the estimate to the aggregate's, so a
 * Spark that lays out its registers otherwise fails there.
 */
public final class DistinctSketch implements Serializable {
  private static final long serialVersionUID = 1L;
  /** {@code approx_count_distinct}'s default relative standard deviation. */
  private static final double RELATIVE_SD = 0.05;
  /** The seed of the hash {@code approx_count_distinct} (and {@code xxhash64}) use. */
  private static final long SEED = 42L;
  private static final HyperLogLogPlusPlusHelper HLL = new HyperLogLogPlusPlusHelper(RELATIVE_SD);
  /** The helper's precision: 2^P registers, indexed by a hash's first P bits. */
  private static final int P = (int) Math.ceil(2.0d * Math.log(1.106d / RELATIVE_SD) / Math.log(2.0d));
  private static final int PER_WORD = HyperLogLogPlusPlusHelper.REGISTERS_PER_WORD();
  private static final int SIZE = HyperLogLogPlusPlusHelper.REGISTER_SIZE();

  static {
    if (HLL.numWords() != ((1 << P) + PER_WORD - 1) / PER_WORD) {
      throw new IllegalStateException("Spark's HyperLogLog++ registers are not laid out as DistinctSketch expects");
    }
  }

  /** One register a byte, as the helper's words hold them (6 bits each): packed only for the estimate. */
  private final byte[] registers = new byte[1 << P];

  /**
   * What {@link #add} takes for {@code value}, a column of type {@code type}: its hash as {@code approx_count_distinct}
   * computes it; null for null.
   */
  public static Column hash(Column value, DataType type) {
    Column normalized = value;
    if (type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType)) {
      // As the aggregate normalizes them: one NaN, and 0.0 for -0.0.
      normalized = functions.when(functions.isnan(value), functions.lit(Double.NaN).cast(type))
          .when(value.equalTo(functions.lit(0)), functions.lit(0).cast(type)).otherwise(value);
    }
    return functions.when(value.isNotNull(), functions.xxhash64(normalized)); // xxhash64's seed is SEED
  }

  /** How {@link #hashOf} reads a value: a kind of value it hashes in place. */
  public static final int STRING = 0;
  public static final int INT = 1;
  public static final int LONG = 2;
  public static final int COMPACT_DECIMAL = 3;
  /** A value {@link #hashOf} does not take: its {@link #hash} is computed by Spark. */
  public static final int OTHER = -1;

  /**
   * How a task hashes a value of {@code type} itself ({@link #hashOf}), as {@link #hash} would: the types a row holds
   * in place (no normalizing, no object); {@link #OTHER} for the rest. Worked out once per column, so that a task
   * switches on a number instead of asking a type what it is for every value.
   */
  public static int kind(DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return STRING;
    } else if (type.equals(DataTypes.IntegerType) || type.equals(DataTypes.DateType)) {
      return INT;
    } else if (type.equals(DataTypes.LongType) || type.equals(DataTypes.TimestampType)) {
      return LONG;
    } else if (type instanceof DecimalType d && d.precision() <= Decimal.MAX_LONG_DIGITS()) {
      return COMPACT_DECIMAL;
    }
    return OTHER;
  }

  /**
   * The {@link #hash} of the non-null value at {@code at}, of a {@link #kind} other than {@link #OTHER}: the hash
   * Spark's {@code xxhash64} gives, read from the row's bytes (a string is not made an object, a decimal is its
   * unscaled long). {@code precision} and {@code scale}: a decimal's.
   */
  public static long hashOf(InternalRow row, int at, int kind, int precision, int scale) {
    switch (kind) {
      case STRING: {
        if (row instanceof UnsafeRow u) {
          long offsetAndSize = u.getLong(at);
          return XXH64.hashUnsafeBytes(u.getBaseObject(), u.getBaseOffset() + (offsetAndSize >>> 32),
              (int) offsetAndSize, SEED);
        }
        UTF8String s = row.getUTF8String(at);
        return XXH64.hashUnsafeBytes(s.getBaseObject(), s.getBaseOffset(), s.numBytes(), SEED);
      }
      case INT:
        return XXH64.hashInt(row.getInt(at), SEED);
      case LONG:
        return XXH64.hashLong(row.getLong(at), SEED);
      case COMPACT_DECIMAL:
        return XXH64.hashLong(unscaled(row, at, precision, scale), SEED);
      default:
        throw new IllegalArgumentException("not a kind hashed in a task: " + kind);
    }
  }

  /** A decimal of up to 18 digits as its unscaled long (which is how an UnsafeRow holds it). */
  public static long unscaled(InternalRow row, int at, int precision, int scale) {
    return row instanceof UnsafeRow ? row.getLong(at) : row.getDecimal(at, precision, scale).toUnscaledLong();
  }

  /** Adds a value by its {@link #hash}. */
  public void add(long hash) {
    int idx = (int) (hash >>> (Long.SIZE - P));
    byte pw = (byte) (Long.numberOfLeadingZeros((hash << P) | (1L << (P - 1))) + 1);
    if (pw > registers[idx]) {
      registers[idx] = pw;
    }
  }

  public void merge(DistinctSketch other) {
    for (int r = 0; r < registers.length; r++) {
      if (other.registers[r] > registers[r]) {
        registers[r] = other.registers[r];
      }
    }
  }

  /** The estimate of {@code approx_count_distinct}: the helper's, over the registers packed into its words. */
  public long estimate() {
    Object[] words = new Object[HLL.numWords()];
    for (int w = 0; w < words.length; w++) {
      long word = 0;
      for (int r = w * PER_WORD; r < Math.min(registers.length, (w + 1) * PER_WORD); r++) {
        word |= (long) registers[r] << (SIZE * (r - w * PER_WORD));
      }
      words[w] = word;
    }
    return HLL.query(new GenericInternalRow(words), 0);
  }

  public DistinctSketch copy() {
    DistinctSketch copy = new DistinctSketch();
    System.arraycopy(registers, 0, copy.registers, 0, registers.length);
    return copy;
  }
}
