package io.sluice.spark.suggest;

import io.sluice.contract.Contract;
import java.util.List;

/**
 * A starter contract made from data: its YAML (each suggestion commented with what was observed) and the contract
 * it loads as. Validating the same data with it passes every check; only malformed records, which no contract
 * accepts, are quarantined.
 *
 * @param yaml the contract as a file holds it
 * @param contract {@code yaml}, loaded and checked as {@code sluice lint} checks it
 * @param rows the well-formed records profiled
 * @param malformedRows records that could not be parsed (a CSV line with a wrong field count, a JSON line that does
 *     not parse): left out of the profile, and quarantined by any contract as {@code _record.malformed}
 * @param dropped checks the engine's own validation of the data found failing, and which were therefore left out:
 *     always empty unless the profile and the engine disagree (which is a bug to report)
 */
public record SuggestedContract(String yaml, Contract contract, long rows, long malformedRows, List<String> dropped) {
  public SuggestedContract {
    dropped = List.copyOf(dropped);
  }
}
