package io.sluice.odcs;

import io.sluice.contract.Contract;
import io.sluice.contract.ContractException;
import io.sluice.contract.Problem;
import java.util.List;

/**
 * What {@link OdcsImporter} made of an ODCS file: one Sluice contract per schema object, each as YAML text and
 * as the contract that text loads to, with a warning for everything not mapped. With any problem there are no
 * contracts: an import is all or nothing.
 */
public record ImportResult(List<Imported> contracts, List<MappingWarning> warnings, List<Problem> problems) {

  public ImportResult {
    contracts = List.copyOf(contracts);
    warnings = warnings.stream().sorted(MappingWarning.BY_PLACE).distinct().toList();
    problems = problems.stream().sorted(Problem.BY_PLACE).distinct().toList();
  }

  /** One schema object as a Sluice contract: {@code yaml} is the file to write, {@code contract} what it loads to. */
  public record Imported(String id, String yaml, Contract contract) {
    /** The file name the contract is written under. */
    public String fileName() {
      return id + ".yaml";
    }
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  public List<Imported> orThrow() {
    if (!problems.isEmpty()) {
      throw new ContractException(problems);
    }
    return contracts;
  }
}
