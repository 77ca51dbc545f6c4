package io.sluice.diff;

import io.sluice.contract.Severity;
import java.util.List;
import java.util.Optional;

/**
 * The measured impact of a contract change on a dataset ({@code sluice diff --impact}): per check id,
 * rows that fail it under each version, and rows that newly fail or no longer fail it, compared row by
 * row. Counts only, never a value of the data.
 *
 * @param afterRuns false when the new contract cannot run on the data at all (a column it names is
 *     missing): the run would stop before writing anything
 * @param notes what kept a version from running, in words
 */
public record ImpactReport(String data, long rows, List<CheckImpact> checks, boolean afterRuns, List<String> notes) {

  public ImpactReport {
    checks = List.copyOf(checks);
    notes = List.copyOf(notes);
  }

  /** One check's impact; a severity is empty in the version that lacks the check. */
  public record CheckImpact(String id, Optional<Severity> severityBefore, Optional<Severity> severityAfter,
      long failedBefore, long failedAfter, long newlyFailing, long noLongerFailing) {}

  public Optional<CheckImpact> check(String id) {
    return checks.stream().filter(c -> c.id().equals(id)).findFirst();
  }
}
