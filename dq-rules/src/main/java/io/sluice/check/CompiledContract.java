package io.sluice.check;

import io.sluice.contract.Contract;
import java.util.List;

/**
 * A contract rendered for the engine. {@code typeRules} judge values as they came in; {@code rowRules}
 * judge the typed values (required, uniqueness and column, row and key checks); {@code datasetRules}
 * judge the whole dataset.
 */
public record CompiledContract(Contract contract, List<RowRule> typeRules, List<RowRule> rowRules,
    List<DatasetRule> datasetRules) {

  public CompiledContract {
    typeRules = List.copyOf(typeRules);
    rowRules = List.copyOf(rowRules);
    datasetRules = List.copyOf(datasetRules);
  }
}
