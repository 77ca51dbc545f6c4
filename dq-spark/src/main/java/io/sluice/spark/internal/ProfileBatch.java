package io.sluice.spark.internal;

import io.sluice.spark.plan.ColumnStats;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.unsafe.Platform;

/**
 * A writer task's statistics of the profiled columns ({@link SplitParquetFormat.Profile}), taken a batch of rows at a
 * time: the writer copies each row's bytes to a buffer, and a full buffer is profiled column after column, one loop
 * over the batch's rows per column.
 *
 * <p>Why: hashing a value (XxHash64) is a chain of dependent multiplies, and a row's few hashes leave the processor
 * waiting on each chain. In a loop over one column's values of many rows, the chains of consecutive values are
 * independent and overlap; the column's statistics, sketch registers and remembered values stay in cache for the
 * loop; and the loop's kind of value is fixed, so no per-value dispatch. The writer's own per-row work is a copy of
 * the row's bytes (an {@link UnsafeRow} is one block). The values are added in the order the rows came, so sums, and
 * with them means, are the same to the last bit.
 */
final class ProfileBatch {
  /** How a column's hash is had: read from the frame (Spark computed it). Else: the column's {@link DistinctSketch#kind}. */
  private static final int READ = Integer.MIN_VALUE;
  /**
   * At most this many rows, or {@link #BYTES} bytes of them (more for a row larger than that), a batch: what stays in
   * the processor's first caches.
   */
  private static final int ROWS = 128;
  private static final int BYTES = 32 << 10;

  private final SplitParquetFormat.Profile profile;
  private final ColumnStats[] stats;
  /** Per column: the field read for its nullness and its hash or value, and how its hash is had. */
  private final int[] at;
  private final int[] kinds;
  /** Per column hashed here, the values already in its sketch while they are few; null for the others. */
  private final FewValues[] few;
  /** The batch's rows: views of their copies in {@link #buffer} (or, for a row of another class, the row itself). */
  private final InternalRow[] rows = new InternalRow[ROWS];
  private UnsafeRow[] views;
  private byte[] buffer = new byte[BYTES];
  private int used;
  private int held;
  /** One column's hashes and numbers of the batch, as they are added to its statistics. */
  private final long[] hashes = new long[ROWS];
  private final double[] numbers = new double[ROWS];

  ProfileBatch(SplitParquetFormat.Profile profile) {
    this.profile = profile;
    int columns = profile.hashAt().length;
    this.stats = new ColumnStats[columns];
    Arrays.setAll(stats, i -> new ColumnStats());
    this.at = new int[columns];
    this.kinds = new int[columns];
    this.few = new FewValues[columns];
    for (int i = 0; i < columns; i++) {
      boolean read = profile.hashAt()[i] >= 0;
      at[i] = read ? profile.hashAt()[i] : profile.valueAt()[i];
      kinds[i] = read ? READ : profile.valueKinds()[i];
      few[i] = read ? null : new FewValues(profile.valueKinds()[i]);
    }
  }

  /** Takes the row (its bytes are copied: the caller may reuse it); a full batch is added to the statistics. */
  void add(InternalRow row) {
    if (!(row instanceof UnsafeRow u)) {
      // Not a block of bytes: profiled at once, a batch of its own (writers get UnsafeRows; this is for the others).
      flush();
      rows[held++] = row;
      flush();
      return;
    }
    int size = u.getSizeInBytes();
    if (used + size > buffer.length) {
      flush();
      if (size > buffer.length) {
        buffer = new byte[size];
      }
    }
    if (views == null) {
      views = new UnsafeRow[ROWS];
      Arrays.setAll(views, k -> new UnsafeRow(u.numFields()));
    }
    UnsafeRow view = views[held];
    Platform.copyMemory(u.getBaseObject(), u.getBaseOffset(), buffer, Platform.BYTE_ARRAY_OFFSET + used, size);
    view.pointTo(buffer, Platform.BYTE_ARRAY_OFFSET + used, size);
    rows[held++] = view;
    used += size; // an UnsafeRow's size is whole words, so the next copy is word-aligned too
    if (held == ROWS) {
      flush();
    }
  }

  /** The statistics of every row added. */
  ColumnStats[] finish() {
    flush();
    return stats;
  }

  private void flush() {
    for (int i = 0; i < stats.length; i++) {
      addColumn(i);
    }
    held = 0;
    used = 0;
  }

  /** Adds column {@code i}'s values of the batch's rows to its statistics. */
  private void addColumn(int i) {
    int field = at[i];
    int kind = kinds[i];
    int hashed = 0;
    int repeated = 0;
    if (kind == READ) {
      for (int k = 0; k < held; k++) {
        InternalRow row = rows[k];
        if (!row.isNullAt(field)) {
          hashes[hashed++] = row.getLong(field);
        }
      }
    } else if (few[i] != null) {
      FewValues seen = few[i];
      for (int k = 0; k < held; k++) {
        InternalRow row = rows[k];
        if (row.isNullAt(field)) {
          continue;
        }
        if (seen.isNew(row, field)) {
          hashes[hashed++] = DistinctSketch.hashOf(row, field, kind, profile.precisions()[i], profile.scales()[i]);
        } else {
          repeated++;
        }
      }
      if (seen.givenUp()) {
        few[i] = null;
      }
    } else {
      hashed = hashAll(field, kind, i);
    }
    int numbered = 0;
    if (profile.numberAt()[i] >= 0) {
      for (int k = 0; k < held; k++) {
        InternalRow row = rows[k];
        if (!row.isNullAt(field)) {
          numbers[numbered++] = profile.number(row, i);
        }
      }
    }
    stats[i].addAll(hashes, hashed, repeated, numbers, numbered);
  }

  /**
   * Hashes column {@code i}'s non-null values of the batch into {@link #hashes}; how many. {@link #hashLoop} is called
   * with a constant kind where it can be: inlined there, its loop needs no dispatch on the kind.
   */
  private int hashAll(int field, int kind, int i) {
    switch (kind) {
      case DistinctSketch.STRING:
        return hashLoop(field, DistinctSketch.STRING, 0, 0);
      case DistinctSketch.INT:
        return hashLoop(field, DistinctSketch.INT, 0, 0);
      case DistinctSketch.LONG:
        return hashLoop(field, DistinctSketch.LONG, 0, 0);
      default:
        return hashLoop(field, kind, profile.precisions()[i], profile.scales()[i]);
    }
  }

  private int hashLoop(int field, int kind, int precision, int scale) {
    int hashed = 0;
    for (int k = 0; k < held; k++) {
      InternalRow row = rows[k];
      if (!row.isNullAt(field)) {
        hashes[hashed++] = DistinctSketch.hashOf(row, field, kind, precision, scale);
      }
    }
    return hashed;
  }
}
