package io.sluice.spark.internal;

import io.sluice.spark.plan.ColumnStats;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * A writer task's statistics of the profiled columns ({@link SplitParquetFormat.Profile}), taken a batch of rows at a
 * time: a row's hashes and numbers go to a small buffer, column after column, and a full buffer is added to the
 * columns' {@link ColumnStats} one column at a time.
 *
 * <p>Why batches: between two rows the writer runs Parquet's encoders, whose dictionaries and pages push much else out
 * of the processor's caches. Taken row by row, every row reached each column's statistics and its sketch's registers,
 * dozens of lines likely out of cache by then. Taken in batches, a row writes to a handful of buffer lines (each line
 * holds eight rows' values of a column), and a column's statistics and registers are reached once per batch, in one
 * loop. The hashing stays per row, while the row's bytes are in cache. (docs/benchmarks.md measures the gain: small.)
 */
final class ProfileBatch {
  /** How a column's hash is had: read from the frame (Spark computed it). Else: the column's {@link DistinctSketch#kind}. */
  private static final int READ = Integer.MIN_VALUE;
  private static final int STRIDE = 3;

  private final SplitParquetFormat.Profile profile;
  private final ColumnStats[] stats;
  /** Per column, {@link #STRIDE} ints: the field read for its nullness and hash or value, how its hash is had, its number's field (-1: none). */
  private final int[] plan;
  /** Per column hashed here, the values already in its sketch while they are few; null for the others. */
  private final FewValues[] few;
  /** Rows a batch holds: fewer when there are many columns, so that the buffers stay small. */
  private final int rows;
  /** Per column {@code i}, its batch's hashes at {@code [i * rows, i * rows + hashed[i])}. */
  private final long[] hashes;
  private final int[] hashed;
  /** Per column, values in its batch that its {@link FewValues} had seen: counted, not hashed again. */
  private final int[] repeated;
  /** Per number column {@code i}, its batch's numbers at {@code [i * rows, i * rows + numbered[i])}. */
  private final double[] numbers;
  private final int[] numbered;
  private int held;

  ProfileBatch(SplitParquetFormat.Profile profile) {
    this.profile = profile;
    int columns = profile.hashAt().length;
    this.stats = new ColumnStats[columns];
    java.util.Arrays.setAll(stats, i -> new ColumnStats());
    this.plan = new int[columns * STRIDE];
    this.few = new FewValues[columns];
    for (int i = 0; i < columns; i++) {
      boolean read = profile.hashAt()[i] >= 0;
      plan[i * STRIDE] = read ? profile.hashAt()[i] : profile.valueAt()[i];
      plan[i * STRIDE + 1] = read ? READ : profile.valueKinds()[i];
      plan[i * STRIDE + 2] = profile.numberAt()[i];
      few[i] = read ? null : new FewValues(profile.valueKinds()[i]);
    }
    this.rows = Math.max(8, Math.min(64, 1024 / Math.max(1, columns)));
    this.hashes = new long[columns * rows];
    this.hashed = new int[columns];
    this.repeated = new int[columns];
    this.numbers = new double[columns * rows];
    this.numbered = new int[columns];
  }

  /** Takes the row's values; a full batch is added to the statistics. */
  void add(InternalRow row) {
    for (int i = 0, p = 0; i < stats.length; i++, p += STRIDE) {
      int at = plan[p];
      if (row.isNullAt(at)) {
        continue;
      }
      int kind = plan[p + 1];
      if (kind == READ) {
        hashes[i * rows + hashed[i]++] = row.getLong(at);
      } else if (few[i] == null || few[i].isNew(row, at)) {
        hashes[i * rows + hashed[i]++] = DistinctSketch.hashOf(row, at, kind, profile.precisions()[i],
            profile.scales()[i]);
        if (few[i] != null && few[i].givenUp()) {
          few[i] = null;
        }
      } else {
        repeated[i]++;
      }
      if (plan[p + 2] >= 0) {
        numbers[i * rows + numbered[i]++] = profile.number(row, i);
      }
    }
    if (++held == rows) {
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
      stats[i].addAll(hashes, i * rows, hashed[i], repeated[i], numbers, numbered[i]);
      hashed[i] = 0;
      repeated[i] = 0;
      numbered[i] = 0;
    }
    held = 0;
  }
}
