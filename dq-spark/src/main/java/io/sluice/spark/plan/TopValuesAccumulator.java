package io.sluice.spark.plan;

import org.apache.spark.util.AccumulatorV2;

/**
 * Each check's offending values ({@link TopValues}), merged over tasks; element {@code c} is check {@code c}'s,
 * null while no failing row of it was counted.
 *
 * <p>Register it without a name: Spark reports a named accumulator's updates in its UI and event log, and these
 * are values of the data.
 */
public final class TopValuesAccumulator extends AccumulatorV2<TopValues[], TopValues[]> {
  private static final long serialVersionUID = 1L;
  private TopValues[] values;

  public TopValuesAccumulator(int checks) {
    this.values = new TopValues[checks];
  }

  @Override
  public boolean isZero() {
    for (TopValues v : values) {
      if (v != null && !v.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public TopValuesAccumulator copy() {
    TopValuesAccumulator copy = new TopValuesAccumulator(values.length);
    copy.values = TopValues.copyAll(values);
    return copy;
  }

  @Override
  public void reset() {
    values = new TopValues[values.length];
  }

  @Override
  public void add(TopValues[] more) {
    TopValues.mergeAll(values, more);
  }

  @Override
  public void merge(AccumulatorV2<TopValues[], TopValues[]> other) {
    add(other.value());
  }

  @Override
  public TopValues[] value() {
    return TopValues.copyAll(values);
  }
}
