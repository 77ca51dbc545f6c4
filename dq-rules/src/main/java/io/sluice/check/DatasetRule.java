package io.sluice.check;

import io.sluice.contract.Severity;
import java.util.Optional;

/**
 * A dataset-level check as Spark SQL: {@code metric} is an aggregate over all rows (e.g.
 * {@code count(1)}), and {@code assertion} is a predicate over the metric, named {@code value}, that is
 * TRUE when the check passes.
 *
 * @param measure what the metric measures, when the engine has its own way to compute it or a use for its value
 * @param threshold the assertion as a report shows it to a reader ({@code >= 0.95}, {@code <= 93600 s})
 */
public record DatasetRule(String id, String kind, Optional<String> column, Severity severity, String metric,
    String assertion, Measure measure, String threshold) implements Rule {

  /** The name {@link #assertion} uses for the metric. */
  public static final String VALUE = "value";

  /** What a dataset rule's metric measures. A kind from a jar writes an {@link #AGGREGATE}. */
  public enum Measure {
    /** The metric SQL, whatever it computes. */
    AGGREGATE,
    /** The number of rows. */
    ROW_COUNT,
    /** The share of non-null values of {@code column}. */
    NON_NULL_SHARE,
    /** How old the newest value of {@code column} is, in seconds, when the run starts. */
    LAG_SECONDS
  }

  /** A rule whose report shows its assertion as the threshold. */
  public DatasetRule(String id, String kind, Optional<String> column, Severity severity, String metric,
      String assertion, Measure measure) {
    this(id, kind, column, severity, metric, assertion, measure, assertion);
  }

  /** A rule whose metric is its SQL aggregate. */
  public DatasetRule(String id, String kind, Optional<String> column, Severity severity, String metric,
      String assertion) {
    this(id, kind, column, severity, metric, assertion, Measure.AGGREGATE);
  }
}
