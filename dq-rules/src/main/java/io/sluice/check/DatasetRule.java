package io.sluice.check;

import io.sluice.contract.Severity;
import java.util.Optional;

/**
 * A dataset-level check as Spark SQL: {@code metric} is an aggregate over all rows (e.g.
 * {@code count(1)}), and {@code assertion} is a predicate over the metric, named {@code value}, that is
 * TRUE when the check passes.
 */
public record DatasetRule(String id, String kind, Optional<String> column, Severity severity, String metric,
    String assertion) implements Rule {

  /** The name {@link #assertion} uses for the metric. */
  public static final String VALUE = "value";
}
