package io.sluice.spark.plan;

import java.io.Serializable;

/** A bounded summary of values that tasks build and the driver merges ({@link SummariesAccumulator}). */
public interface Summary<S extends Summary<S>> extends Serializable {
  /** Adds {@code other}'s values to this summary. */
  void merge(S other);

  S copy();

  /** Whether it summarizes no value. */
  boolean isEmpty();
}
