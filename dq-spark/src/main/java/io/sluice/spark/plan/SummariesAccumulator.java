package io.sluice.spark.plan;

import java.util.Arrays;
import org.apache.spark.util.AccumulatorV2;

/**
 * Summaries of the data, one per element (a check's offending values, a column's statistics), that tasks fill and
 * the driver merges; an element is null while no task summarized anything for it.
 *
 * <p>Register it without a name: Spark reports a named accumulator's updates in its UI and event log, and these
 * are values of the data.
 */
public final class SummariesAccumulator<S extends Summary<S>> extends AccumulatorV2<S[], S[]> {
  private static final long serialVersionUID = 1L;
  private final Class<S> type;
  private S[] values;

  public SummariesAccumulator(Class<S> type, int size) {
    this.type = type;
    this.values = newArray(size);
  }

  @SuppressWarnings("unchecked")
  private S[] newArray(int size) {
    return (S[]) java.lang.reflect.Array.newInstance(type, size);
  }

  @Override
  public boolean isZero() {
    for (S v : values) {
      if (v != null && !v.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public SummariesAccumulator<S> copy() {
    SummariesAccumulator<S> copy = new SummariesAccumulator<>(type, values.length);
    copy.values = value();
    return copy;
  }

  @Override
  public void reset() {
    values = newArray(values.length);
  }

  /** Merges {@code more} into these summaries, element by element: a null element summarizes nothing. */
  @Override
  public void add(S[] more) {
    if (more.length != values.length) {
      throw new IllegalArgumentException("expected " + values.length + " summaries, got " + more.length);
    }
    for (int i = 0; i < values.length; i++) {
      if (more[i] != null) {
        if (values[i] == null) {
          values[i] = more[i].copy();
        } else {
          values[i].merge(more[i]);
        }
      }
    }
  }

  @Override
  public void merge(AccumulatorV2<S[], S[]> other) {
    add(other.value());
  }

  @Override
  public S[] value() {
    S[] copy = newArray(values.length);
    Arrays.setAll(copy, i -> values[i] == null ? null : values[i].copy());
    return copy;
  }
}
