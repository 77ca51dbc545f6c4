package io.sluice.check;

import io.sluice.contract.Severity;
import java.util.Optional;

/**
 * A dataset-level check as Spark SQL: {@code metric} is an aggregate over all rows (e.g.
 * {@code count(1)}), and {@code assertion} is a predicate over the metric, named {@code value}, that is
 * TRUE when the check passes.
 *
 * @param threshold the assertion as a report shows it to a reader ({@code >= 0.95}, {@code <= 93600 s})
 */
public record DatasetRule(String id, String kind, Optional<String> column, Severity severity, String metric,
    String assertion, String threshold) implements Rule {

  /** The name {@link #assertion} uses for the metric. */
  public static final String VALUE = "value";

  /** A rule whose report shows its assertion as the threshold. */
  public DatasetRule(String id, String kind, Optional<String> column, Severity severity, String metric,
      String assertion) {
    this(id, kind, column, severity, metric, assertion, assertion);
  }
}
