package io.sluice.check;

import io.sluice.contract.Severity;
import java.util.Optional;

/** A check rendered for the engine: a row predicate or a dataset metric with its assertion. */
public sealed interface Rule permits RowRule, DatasetRule {
  String id();

  String kind();

  Optional<String> column();

  Severity severity();
}
