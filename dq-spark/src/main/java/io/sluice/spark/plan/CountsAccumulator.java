package io.sluice.spark.plan;

import org.apache.spark.util.AccumulatorV2;

/** Fixed-length counts added up over tasks: each check's failures as a split write's writers counted them. */
public final class CountsAccumulator extends AccumulatorV2<long[], long[]> {
  private static final long serialVersionUID = 1L;
  private final long[] counts;

  public CountsAccumulator(int size) {
    this.counts = new long[size];
  }

  @Override
  public boolean isZero() {
    for (long c : counts) {
      if (c != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public CountsAccumulator copy() {
    CountsAccumulator copy = new CountsAccumulator(counts.length);
    System.arraycopy(counts, 0, copy.counts, 0, counts.length);
    return copy;
  }

  @Override
  public void reset() {
    java.util.Arrays.fill(counts, 0);
  }

  @Override
  public void add(long[] more) {
    if (more.length != counts.length) {
      throw new IllegalArgumentException("expected " + counts.length + " counts, got " + more.length);
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += more[i];
    }
  }

  @Override
  public void merge(AccumulatorV2<long[], long[]> other) {
    add(other.value());
  }

  @Override
  public long[] value() {
    return counts.clone();
  }
}
