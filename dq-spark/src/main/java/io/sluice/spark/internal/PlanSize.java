package io.sluice.spark.internal;

import org.apache.spark.sql.Dataset;

/**
 * What Spark's optimizer estimates a plan's output to weigh, before anything runs: the files' sizes for a scan
 * (a Delta table's from its log), scaled through the plan's operators. The same estimate that Spark's own choice of
 * a broadcast join reads ({@code spark.sql.autoBroadcastJoinThreshold}).
 *
 * <p>Internal: reads the optimized logical plan's statistics.
 */
public final class PlanSize {
  private PlanSize() {}

  /** The estimated bytes of {@code data}; {@link Long#MAX_VALUE} when Spark cannot say. */
  public static long bytes(Dataset<?> data) {
    scala.math.BigInt size = data.queryExecution().optimizedPlan().stats().sizeInBytes();
    return size.isValidLong() ? size.longValue() : Long.MAX_VALUE;
  }
}
