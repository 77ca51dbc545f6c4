package io.sluice.check;

import io.sluice.contract.Contract;
import java.util.List;

/**
 * A contract rendered for the engine. {@code typeRules} judge values as they came in; {@code rowRules}
 * judge the typed values (required, uniqueness and column, row and key checks); {@code datasetRules}
 * judge the whole dataset; {@code anomalyRules} judge a metric of the run against the contract's metrics history.
 */
public record CompiledContract(Contract contract, List<RowRule> typeRules, List<RowRule> rowRules,
    List<DatasetRule> datasetRules, List<AnomalyRule> anomalyRules) {

  public CompiledContract {
    typeRules = List.copyOf(typeRules);
    rowRules = List.copyOf(rowRules);
    datasetRules = List.copyOf(datasetRules);
    anomalyRules = List.copyOf(anomalyRules);
  }

  /** A contract without anomaly checks. */
  public CompiledContract(Contract contract, List<RowRule> typeRules, List<RowRule> rowRules,
      List<DatasetRule> datasetRules) {
    this(contract, typeRules, rowRules, datasetRules, List.of());
  }
}
