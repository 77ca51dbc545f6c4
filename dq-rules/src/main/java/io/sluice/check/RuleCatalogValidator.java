package io.sluice.check;

import io.sluice.contract.Contract;
import io.sluice.contract.ContractValidator;
import io.sluice.contract.Problems;

/** Plugs the rule catalog into contract loading and {@code sluice lint}: every check kind and argument is validated. */
public final class RuleCatalogValidator implements ContractValidator {
  @Override
  public void validate(Contract contract, Problems problems) {
    RuleCatalog.standard().compile(contract, problems);
  }
}
