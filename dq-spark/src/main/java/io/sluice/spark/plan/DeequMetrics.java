package io.sluice.spark.plan;

import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.ScanShareableAnalyzer;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.metrics.DoubleMetric;
import io.sluice.check.DatasetRule;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Dataset checks that Deequ has an analyzer for ({@code row_count}: {@code Size}, {@code completeness}:
 * {@code Completeness}) are computed by that analyzer, inside the enforcement's one pass: its aggregation
 * functions join the pass's observed metrics, and the analyzer turns their values into its metric. No
 * separate Deequ scan runs. Freshness has no Deequ analyzer and stays a Spark SQL aggregate.
 */
public final class DeequMetrics {
  private DeequMetrics() {}

  /** The analyzer for {@code rule}, when Deequ has one that can read the column by its name. */
  @SuppressWarnings("unchecked")
  public static Optional<ScanShareableAnalyzer<?, DoubleMetric>> analyzerFor(DatasetRule rule) {
    return switch (rule.measure()) {
      case ROW_COUNT -> Optional.of((ScanShareableAnalyzer<?, DoubleMetric>) (Object) new Size(Option.empty()));
      case NON_NULL_SHARE -> rule.column()
          .filter(c -> !c.contains(".") && !c.contains("`")) // Deequ resolves names with col(): no dots
          .map(c -> (ScanShareableAnalyzer<?, DoubleMetric>) (Object) new Completeness(c, Option.empty(), Option.empty()));
      case LAG_SECONDS, AGGREGATE -> Optional.empty();
    };
  }

  public static List<Column> aggregations(ScanShareableAnalyzer<?, DoubleMetric> analyzer) {
    return JavaConverters.seqAsJavaList(analyzer.aggregationFunctions());
  }

  /** The analyzer's metric from the observed values of its aggregations; empty when undefined (no rows). */
  public static Optional<Double> value(ScanShareableAnalyzer<?, DoubleMetric> analyzer, Row observed, List<String> columns) {
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = observed.getAs(columns.get(i));
    }
    DoubleMetric metric = analyzer.metricFromAggregationResult(RowFactory.create(values), 0, Option.empty(), Option.empty());
    return metric.value().isSuccess() ? Optional.of((Double) metric.value().get()) : Optional.empty();
  }
}
