package io.sluice.spark.plan;

import io.sluice.spark.internal.ObservationListener;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.util.ExecutionListenerManager;
import org.apache.spark.sql.util.QueryExecutionListener;

/**
 * Collects the metrics of one enforcement's named {@code Dataset.observe} calls as the actions that compute
 * them finish: how the engine counts rows and failures in the same pass that writes them, without extra jobs.
 *
 * <p>Unlike {@code org.apache.spark.sql.Observation}, waiting is bounded: a report asked for before its
 * outputs were computed fails with a clear message instead of blocking for ever. Each enforcement registers
 * its own listener, which keeps only the observations named with that enforcement's prefix (never the
 * job's own), and leaves the caller's session as it found it: the listener is removed once the report has
 * its counts ({@link #close}), or when the enforcement is garbage-collected without anyone asking for them.
 */
public final class ObservedMetrics implements AutoCloseable {
  /** The start of the name of every observation Sluice makes. */
  public static final String PREFIX = "sluice_";
  private static final Cleaner CLEANER = Cleaner.create();

  private final String prefix;
  private final Map<String, Row> metrics = new HashMap<>();
  private final Cleaner.Cleanable registration;

  private ObservedMetrics(String prefix, ExecutionListenerManager listeners, Object owner) {
    this.prefix = prefix;
    QueryExecutionListener listener = new ObservationListener(this::observed);
    listeners.register(listener);
    // The action holds the listener and the manager, never the owner: the owner can become unreachable.
    this.registration = CLEANER.register(owner, new Unregister(listeners, listener));
  }

  /** Listens on {@code spark} for the observations whose names start with {@code prefix}, while {@code owner} lives. */
  public static ObservedMetrics watch(SparkSession spark, String prefix, Object owner) {
    if (!prefix.startsWith(PREFIX)) {
      throw new IllegalArgumentException("an observation of Sluice's is named " + PREFIX + "...: " + prefix);
    }
    return new ObservedMetrics(prefix, spark.listenerManager(), owner);
  }

  private synchronized void observed(Map<String, Row> observed) {
    observed.forEach((name, row) -> {
      if (name.startsWith(prefix)) {
        metrics.putIfAbsent(name, row); // the first action that computed an observation wins
      }
    });
    notifyAll();
  }

  /** The metrics observed under {@code name}, waiting up to {@code wait} for the listener bus to deliver them. */
  public synchronized Optional<Row> await(String name, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
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
    return Optional.of(metrics.get(name));
  }

  /** Removes the listener from the session; observations made later are not seen. Idempotent. */
  @Override
  public void close() {
    registration.clean();
  }

  private record Unregister(ExecutionListenerManager listeners, QueryExecutionListener listener) implements Runnable {
    @Override
    public void run() {
      listeners.unregister(listener);
    }
  }
}
