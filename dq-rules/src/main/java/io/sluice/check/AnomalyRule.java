package io.sluice.check;

import io.sluice.contract.Severity;
import io.sluice.history.MetricName;
import java.util.Optional;

/**
 * An {@code anomaly} check: {@code metric} of this run judged against the same metric over the contract's
 * earlier runs (the metrics history), by {@code strategy}. Its id is {@code <metric>.anomaly}.
 */
public record AnomalyRule(String id, String kind, Optional<String> column, Severity severity, MetricName metric,
    AnomalyStrategy strategy) implements Rule {}
