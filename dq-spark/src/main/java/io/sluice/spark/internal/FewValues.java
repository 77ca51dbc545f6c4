package io.sluice.spark.internal;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.unsafe.Platform;

/**
 * The values of one column a task has already added to its {@link DistinctSketch}, while they are few: adding a value
 * twice leaves a sketch as it was, so a value seen before needs no hash. Columns of few values are common (statuses,
 * currencies, countries, flags, small counts), and comparing a short value with the one remembered costs less than
 * hashing it. Past a few hundred distinct values, or at a string longer than 24 bytes, the column is not one of few
 * values: {@link #isNew} then answers true for every value ({@link #givenUp()}) and the caller drops this object.
 * ({@link #STRINGS} and {@link #NUMBERS}: the limits, for strings and for numbers.)
 *
 * <p>Values are compared as the row holds them: a string by its length and bytes (read as words from an
 * {@link UnsafeRow}, whose variable-length fields are word-aligned), an int, a long, a date, a timestamp or a decimal of
 * up to 18 digits by its long ({@link DistinctSketch#kind}). Rows of other classes are not remembered.
 */
public final class FewValues {
  /** How many distinct strings a column may have and still be remembered (three words and a length each). */
  static final int STRINGS = 256;
  /** How many distinct numbers (a word each). */
  static final int NUMBERS = 1024;
  private static final long MIX0 = 0x9E3779B97F4A7C15L;
  private static final long MIX1 = 0xC2B2AE3D27D4EB4FL;
  private static final long MIX2 = 0x165667B19E3779F9L;

  private final int kind;
  private final int limit;
  /** The slots, twice as many as values remembered: a power of two, taken from the top bits of a value's mix. */
  private final int slots;
  private final int shift;
  /** Per slot: 0 empty, else the value's length in bytes plus one (a number: 1). */
  private final int[] lengths;
  private final long[] word0;
  private final long[] word1;
  private final long[] word2;
  private int size;
  private boolean givenUp;

  /** For the values of a column of {@code kind} (a {@link DistinctSketch#kind} other than {@code OTHER}). */
  public FewValues(int kind) {
    if (kind == DistinctSketch.OTHER) {
      throw new IllegalArgumentException("only the kinds a task hashes itself are remembered");
    }
    this.kind = kind;
    boolean text = kind == DistinctSketch.STRING;
    this.limit = text ? STRINGS : NUMBERS;
    this.slots = 2 * limit;
    this.shift = Long.SIZE - Integer.numberOfTrailingZeros(slots);
    this.lengths = new int[slots];
    this.word0 = new long[slots];
    this.word1 = text ? new long[slots] : null;
    this.word2 = text ? new long[slots] : null;
  }

  /**
   * Whether the non-null value at {@code at} was not seen before (then it is remembered, and the caller adds its hash
   * to the sketch); always true once {@link #givenUp()}.
   */
  public boolean isNew(InternalRow row, int at) {
    if (givenUp || !(row instanceof UnsafeRow u)) {
      givenUp = true;
      return true;
    }
    if (kind != DistinctSketch.STRING) {
      long v = kind == DistinctSketch.INT ? u.getInt(at) : u.getLong(at); // a compact decimal: its unscaled long
      return isNew(v, 0, 0, 1);
    }
    long offsetAndSize = u.getLong(at);
    int length = (int) offsetAndSize;
    Object base = u.getBaseObject();
    long offset = u.getBaseOffset() + (offsetAndSize >>> 32);
    // Whole words: the field is padded to them; the bytes past the value are masked off all the same.
    long tail = (length & 7) == 0 ? -1L : (1L << ((length & 7) * 8)) - 1;
    if (length <= 8) {
      return isNew(length == 0 ? 0 : Platform.getLong(base, offset) & tail, 0, 0, length + 1);
    } else if (length <= 16) {
      return isNew(Platform.getLong(base, offset), Platform.getLong(base, offset + 8) & tail, 0, length + 1);
    } else if (length <= 24) {
      return isNew(Platform.getLong(base, offset), Platform.getLong(base, offset + 8),
          Platform.getLong(base, offset + 16) & tail, length + 1);
    }
    givenUp = true;
    return true;
  }

  /** Whether the value of these words and length (plus one) is new; remembers it if so and there is room. */
  private boolean isNew(long w0, long w1, long w2, int length) {
    int slot = (int) ((w0 * MIX0 ^ w1 * MIX1 ^ w2 * MIX2 ^ length) * MIX0 >>> shift);
    for (int l = lengths[slot]; l != 0; l = lengths[slot]) {
      if (l == length && word0[slot] == w0 && (length <= 9 || word1[slot] == w1 && word2[slot] == w2)) {
        return false;
      }
      slot = (slot + 1) & (slots - 1);
    }
    if (size == limit) {
      givenUp = true;
      return true;
    }
    size++;
    lengths[slot] = length;
    word0[slot] = w0;
    if (length > 9) {
      word1[slot] = w1;
      word2[slot] = w2;
    }
    return true;
  }

  /** Whether the column turned out not to be one of few values: every value is then new to this object. */
  public boolean givenUp() {
    return givenUp;
  }
}
