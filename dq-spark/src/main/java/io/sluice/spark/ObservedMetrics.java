package io.sluice.spark;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;
import scala.collection.JavaConverters;

/**
 * Collects the metrics of named {@code Dataset.observe} calls as the actions that compute them finish:
 * how the engine counts rows and failures in the same pass that writes them, without extra jobs.
 *
 * <p>Unlike {@code org.apache.spark.sql.Observation}, waiting is bounded: a report asked for before its
 * outputs were computed fails with a clear message instead of blocking for ever. One listener per
 * SparkSession. It keeps only Sluice's own observations ({@link #PREFIX}), never the job's, and at most
 * {@link #MAX_KEPT} of them (an enforcement whose report nobody asks for leaves its counts behind).
 */
final class ObservedMetrics implements QueryExecutionListener {
  private static final Map<SparkSession, ObservedMetrics> BY_SESSION = new WeakHashMap<>();
  /** The start of the name of every observation Sluice makes. */
  static final String PREFIX = "sluice_";
  static final int MAX_KEPT = 1024;

  private final Map<String, Row> metrics = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Row> eldest) {
      return size() > MAX_KEPT;
    }
  });

  static synchronized ObservedMetrics of(SparkSession spark) {
    return BY_SESSION.computeIfAbsent(spark, s -> {
      ObservedMetrics listener = new ObservedMetrics();
      s.listenerManager().register(listener);
      return listener;
    });
  }

  @Override
  public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
    Map<String, Row> observed = JavaConverters.mapAsJavaMap(qe.observedMetrics());
    observed.forEach((name, row) -> {
      if (name.startsWith(PREFIX)) {
        metrics.putIfAbsent(name, row); // the first action that computed an observation wins
      }
    });
    synchronized (this) {
      notifyAll();
    }
  }

  @Override
  public void onFailure(String funcName, QueryExecution qe, Exception exception) {
    // nothing observed: the run fails through the action's own exception
  }

  /** The metrics observed under {@code name}, waiting up to {@code wait} for the listener bus to deliver them. */
  Optional<Row> await(String name, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (this) {
      while (!metrics.containsKey(name)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Optional.empty();
        }
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
    }
    return Optional.of(metrics.remove(name));
  }
}
