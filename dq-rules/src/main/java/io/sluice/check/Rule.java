package io.sluice.check;

import io.sluice.contract.Severity;
import java.util.Optional;

/**
 * A check rendered for the engine: a row predicate, a dataset metric with its assertion, or a metric judged against
 * the contract's history.
 */
public sealed interface Rule permits RowRule, DatasetRule, AnomalyRule {
  String id();

  String kind();

  Optional<String> column();

  Severity severity();
}
