package io.sluice.spark.internal;

import java.io.Serializable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.HyperLogLogPlusPlusHelper;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * An approximate count of distinct values that tasks fill and the driver merges: the HyperLogLog++ sketch of Spark's
 * {@code approx_count_distinct} (relative error 0.05), so a count made in a writer's task is the one the aggregate
 * gives for the same values.
 *
 * <p>The values come hashed ({@link #hash}): Spark's generated code hashes them in the pass's projection, as the
 * aggregate does (XxHash64, seed 42, floating-point values normalized), and {@link #add} sets the register the way
 * {@code HyperLogLogPlusPlusHelper.update} does with that hash; the helper itself gives the estimate. Tasks then
 * neither box a value nor dispatch on its type. {@code DistinctSketchTest} holds the estimate to the aggregate's, so a
 * Spark that lays out its registers otherwise fails there.
 */
public final class DistinctSketch implements Serializable {
  private static final long serialVersionUID = 1L;
  /** {@code approx_count_distinct}'s default relative standard deviation. */
  private static final double RELATIVE_SD = 0.05;
  private static final HyperLogLogPlusPlusHelper HLL = new HyperLogLogPlusPlusHelper(RELATIVE_SD);
  /** The helper's precision: 2^P registers, indexed by a hash's first P bits. */
  private static final int P = (int) Math.ceil(2.0d * Math.log(1.106d / RELATIVE_SD) / Math.log(2.0d));
  private static final int PER_WORD = HyperLogLogPlusPlusHelper.REGISTERS_PER_WORD();
  private static final int SIZE = HyperLogLogPlusPlusHelper.REGISTER_SIZE();
  private static final long MASK = HyperLogLogPlusPlusHelper.REGISTER_WORD_MASK();

  static {
    if (HLL.numWords() != ((1 << P) + PER_WORD - 1) / PER_WORD) {
      throw new IllegalStateException("Spark's HyperLogLog++ registers are not laid out as DistinctSketch expects");
    }
  }

  private final long[] words = new long[HLL.numWords()];

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
    return functions.when(value.isNotNull(), functions.xxhash64(normalized));
  }

  /** Adds a value by its {@link #hash}. */
  public void add(long hash) {
    int idx = (int) (hash >>> (Long.SIZE - P));
    long pw = Long.numberOfLeadingZeros((hash << P) | (1L << (P - 1))) + 1;
    int word = idx / PER_WORD;
    int shift = SIZE * (idx - word * PER_WORD);
    long current = (words[word] >>> shift) & MASK;
    if (pw > current) {
      words[word] = (words[word] & ~(MASK << shift)) | (pw << shift);
    }
  }

  public void merge(DistinctSketch other) {
    for (int w = 0; w < words.length; w++) {
      long merged = 0;
      for (int shift = 0; shift < PER_WORD * SIZE; shift += SIZE) {
        merged |= Math.max((words[w] >>> shift) & MASK, (other.words[w] >>> shift) & MASK) << shift;
      }
      words[w] = merged;
    }
  }

  public long estimate() {
    Object[] boxed = new Object[words.length];
    for (int w = 0; w < words.length; w++) {
      boxed[w] = words[w];
    }
    return HLL.query(new GenericInternalRow(boxed), 0);
  }

  public DistinctSketch copy() {
    DistinctSketch copy = new DistinctSketch();
    System.arraycopy(words, 0, copy.words, 0, words.length);
    return copy;
  }
}
