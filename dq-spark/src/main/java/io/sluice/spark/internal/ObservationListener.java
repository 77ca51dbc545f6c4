package io.sluice.spark.internal;

import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;
import scala.collection.JavaConverters;

/**
 * Hands the observations of each action that succeeds ({@code Dataset.observe}'s metrics, by name) to a consumer.
 *
 * <p>Internal: {@link QueryExecutionListener} is public, but what it is given is a {@link QueryExecution}, a class of
 * Spark's execution package.
 */
public final class ObservationListener implements QueryExecutionListener {
  private final Consumer<Map<String, Row>> observed;

  public ObservationListener(Consumer<Map<String, Row>> observed) {
    this.observed = observed;
  }

  @Override
  public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
    observed.accept(JavaConverters.mapAsJavaMap(qe.observedMetrics()));
  }

  @Override
  public void onFailure(String funcName, QueryExecution qe, Exception exception) {
    // nothing observed: the run fails through the action's own exception
  }
}
