package io.sluice.spark.plan;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.sluice.check.DatasetRule;
import io.sluice.spark.plan.CheckPlan.Check;
import io.sluice.spark.plan.CheckPlan.Metric;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * What the pass observes over the checked rows: the rows in, of each side, warned and malformed, the dataset
 * checks' metrics (Deequ's aggregations where Deequ has an analyzer, {@link DeequMetrics}), and each check's failures.
 *
 * @param all everything, for separate outputs and validation's observation
 * @param split what a split write observes: the rows in and the metrics. Its writers count the rows they route and
 *     each check's failures among them, from the masks: Spark's observation updates every observed aggregate for
 *     every row, without generated code. The rows in are counted apart from the writers (conservation compares them).
 */
record Counts(List<Column> all, List<Column> split, List<Metric> metrics) {

  static Counts of(List<DatasetRule> rules, List<Check> checks) {
    Column rowsIn = count(lit(1)).as("rows_in");
    List<Column> counts = new ArrayList<>(List.of(rowsIn));
    counts.add(rowsWhere(col(CheckPlan.HAS_ERROR)).as("rows_quarantined"));
    counts.add(rowsWhere(not(col(CheckPlan.HAS_ERROR))).as("rows_valid"));
    counts.add(rowsWhere(not(col(CheckPlan.HAS_ERROR)).and(col(CheckPlan.HAS_WARNING))).as("rows_warned"));
    counts.add(rowsWhere(col(CheckPlan.MALFORMED)).as("rows_malformed"));
    List<Metric> metrics = new ArrayList<>();
    List<Column> metricCounts = new ArrayList<>();
    int m = 0;
    for (DatasetRule r : rules) {
      String name = "__dq_m" + m++;
      var analyzer = DeequMetrics.analyzerFor(r);
      List<String> names = new ArrayList<>();
      if (analyzer.isPresent()) {
        List<Column> aggregations = DeequMetrics.aggregations(analyzer.get());
        for (int k = 0; k < aggregations.size(); k++) {
          metricCounts.add(aggregations.get(k).as(name + "_" + k));
          names.add(name + "_" + k);
        }
      } else {
        metricCounts.add(expr(r.metric()).as(name));
        names.add(name);
      }
      metrics.add(new Metric(r, names, analyzer));
    }
    counts.addAll(metricCounts);
    List<Column> split = new ArrayList<>(List.of(rowsIn));
    split.addAll(metricCounts);
    for (Check c : checks) {
      counts.add(rowsWhere(c.failed()).as(c.failColumn()));
    }
    return new Counts(List.copyOf(counts), List.copyOf(split), List.copyOf(metrics));
  }

  /** The number of rows where {@code condition} holds: 0, not NULL (a SQL sum's answer), when there are no rows. */
  private static Column rowsWhere(Column condition) {
    return coalesce(sum(when(condition, 1).otherwise(0)).cast(DataTypes.LongType), lit(0L));
  }
}
