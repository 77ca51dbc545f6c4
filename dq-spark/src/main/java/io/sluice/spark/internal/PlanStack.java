package io.sluice.spark.internal;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.plans.logical.CollectMetrics;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.execution.FormattedMode$;

/**
 * Projections (and an observation) stacked over a Dataset's logical plan and analysed once, when the stack is read
 * as a Dataset: a Dataset per stage would have Spark analyse the whole plan again at every stage, driver time that
 * every run pays. Immutable; each step returns a new stack.
 *
 * <p>Internal: builds Catalyst's {@code Project} and {@code CollectMetrics} nodes and calls {@code Dataset.ofRows},
 * which is {@code private[sql]}.
 */
public final class PlanStack {
  private final SparkSession spark;
  private final LogicalPlan plan;

  private PlanStack(SparkSession spark, LogicalPlan plan) {
    this.spark = spark;
    this.plan = plan;
  }

  /** The plan of {@code rows}, to stack on. */
  public static PlanStack over(Dataset<Row> rows) {
    return new PlanStack(rows.sparkSession(), rows.logicalPlan());
  }

  /** {@code columns} over this stack, as {@code Dataset.select} builds it, but not analysed yet. */
  public PlanStack select(List<Column> columns) {
    return new PlanStack(spark, new Project(named(columns), plan));
  }

  /** This stack observed under {@code name}, as {@code Dataset.observe} builds it, but not analysed yet. */
  public PlanStack observe(String name, List<Column> metrics) {
    return new PlanStack(spark, new CollectMetrics(name, named(metrics), plan, Dataset.curId().getAndIncrement()));
  }

  /** The stack as a Dataset: Spark analyses it here, once. */
  public Dataset<Row> rows() {
    return Dataset.ofRows(spark, plan);
  }

  /** The name Spark gives {@code column} in a projection (its alias, or Spark's own for the expression). */
  public static String nameOf(Column column) {
    return column.named().name();
  }

  /** Whether {@code rows} are a local relation: rows already on the driver, which reading runs no job for. */
  public static boolean isLocal(Dataset<Row> rows) {
    return rows.queryExecution().analyzed() instanceof LocalRelation;
  }

  /** Spark's physical plan of {@code rows}, as {@code explain("formatted")} shows it. Plans only; runs nothing. */
  public static String explained(Dataset<Row> rows) {
    return rows.queryExecution().explainString(FormattedMode$.MODULE$);
  }

  private static scala.collection.Seq<NamedExpression> named(List<Column> columns) {
    return scala.collection.JavaConverters.asScalaBuffer(columns.stream().map(Column::named).toList()).toSeq();
  }
}
