package io.sluice.history;

import java.util.Optional;

/**
 * One column's statistics in one run, over the rows read: the share of non-null values, an estimate of the number
 * of distinct values, and, for numeric columns, the minimum, maximum and mean. A statistic is empty when it was not
 * measured (min, max and mean of a text column) or is undefined (the mean of no value).
 */
public record ColumnMetrics(Optional<Double> completeness, Optional<Long> distinct, Optional<Double> min,
    Optional<Double> max, Optional<Double> mean) {

  public Optional<Double> value(MetricName.Stat stat) {
    return switch (stat) {
      case COMPLETENESS -> completeness;
      case DISTINCT -> distinct.map(Long::doubleValue);
      case MIN -> min;
      case MAX -> max;
      case MEAN -> mean;
    };
  }
}
