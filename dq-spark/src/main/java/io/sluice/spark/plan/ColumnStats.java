package io.sluice.spark.plan;

import io.sluice.spark.internal.DistinctSketch;
import java.util.Optional;

/**
 * One column's statistics as tasks take them from the rows they write or count, merged on the driver: its non-null
 * values, an estimate of its distinct values ({@link DistinctSketch}, the one of {@code approx_count_distinct}) and,
 * for numbers, their minimum, maximum and sum as doubles (what {@code min}, {@code max} and {@code avg} of the value
 * cast to double give). The values are the typed ones, whose strict casts let no NaN or infinity through, so plain
 * comparisons order them.
 */
public final class ColumnStats implements Summary<ColumnStats> {
  private static final long serialVersionUID = 1L;
  private long nonNull;
  private final DistinctSketch distinct;
  private long numbers;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double sum;

  public ColumnStats() {
    this(new DistinctSketch());
  }

  private ColumnStats(DistinctSketch distinct) {
    this.distinct = distinct;
  }

  /** Adds a non-null value by its {@link DistinctSketch#hash}. */
  public void add(long hash) {
    nonNull++;
    distinct.add(hash);
  }

  /**
   * Adds a batch of a column's values: {@code hashed} values by their hashes at {@code hashes[0...]}, {@code repeated}
   * values whose hashes were added before, and {@code numbered} numbers at {@code numbers[0...]}.
   */
  public void addAll(long[] hashes, int hashed, int repeated, double[] numbers, int numbered) {
    nonNull += repeated;
    for (int k = 0; k < hashed; k++) {
      add(hashes[k]);
    }
    for (int k = 0; k < numbered; k++) {
      addNumber(numbers[k]);
    }
  }

  /** Adds a number (a non-null value cast to double) to the minimum, maximum and sum. */
  public void addNumber(double d) {
    if (d < min) {
      min = d;
    }
    if (d > max) {
      max = d;
    }
    sum += d;
    numbers++;
  }

  @Override
  public void merge(ColumnStats other) {
    nonNull += other.nonNull;
    distinct.merge(other.distinct);
    if (other.min < min) {
      min = other.min;
    }
    if (other.max > max) {
      max = other.max;
    }
    sum += other.sum;
    numbers += other.numbers;
  }

  @Override
  public ColumnStats copy() {
    ColumnStats copy = new ColumnStats(distinct.copy());
    copy.nonNull = nonNull;
    copy.numbers = numbers;
    copy.min = min;
    copy.max = max;
    copy.sum = sum;
    return copy;
  }

  @Override
  public boolean isEmpty() {
    return nonNull == 0;
  }

  public long nonNull() {
    return nonNull;
  }

  public long distinct() {
    return distinct.estimate();
  }

  public Optional<Double> min() {
    return numbers == 0 ? Optional.empty() : Optional.of(min);
  }

  public Optional<Double> max() {
    return numbers == 0 ? Optional.empty() : Optional.of(max);
  }

  public Optional<Double> mean() {
    return numbers == 0 ? Optional.empty() : Optional.of(sum / numbers);
  }

  /** Never a value: the minimum and maximum are data, and an accumulator's text may reach a log. */
  @Override
  public String toString() {
    return "ColumnStats[" + nonNull + " values]";
  }
}
