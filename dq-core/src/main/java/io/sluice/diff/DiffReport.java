package io.sluice.diff;

import io.sluice.contract.Problem;
import io.sluice.report.Status;
import java.util.List;
import java.util.Optional;

/**
 * What {@code sluice diff} found: each contract file's changes, the problems that kept it from
 * comparing (a broken contract, a missing path, an unknown git ref), and, when measured, the impact of
 * the change on a dataset.
 */
public record DiffReport(List<ContractDiff> contracts, List<Problem> problems, boolean failOnProducers,
    Optional<ImpactReport> impact) {

  public DiffReport {
    contracts = List.copyOf(contracts);
    problems = List.copyOf(problems);
  }

  public DiffReport withImpact(ImpactReport measured) {
    return new DiffReport(contracts, problems, failOnProducers, Optional.of(measured));
  }

  public DiffReport failingOnProducers(boolean on) {
    return new DiffReport(contracts, problems, on, impact);
  }

  /** True when a contract could not be compared: exit 2. */
  public boolean broken() {
    return !problems.isEmpty();
  }

  /** True when every change passes the gate (and the new contract runs on the measured data, if any). */
  public boolean passes() {
    boolean impactStops = failOnProducers && impact.map(i -> !i.afterRuns()).orElse(false);
    return !broken() && !impactStops && contracts.stream().allMatch(c -> c.passes(failOnProducers));
  }

  /** FAILED when the gate refuses; WARNED when producers may see more rows fail; PASSED otherwise. */
  public Status status() {
    if (!passes()) {
      return Status.FAILED;
    }
    boolean producers = contracts.stream().anyMatch(c -> c.count(Breaks.PRODUCERS) > 0)
        || impact.map(i -> !i.afterRuns() || i.checks().stream().anyMatch(c -> c.newlyFailing() > 0)).orElse(false);
    return producers ? Status.WARNED : Status.PASSED;
  }

  /** The impact measured for the check a finding concerns, when there is one. */
  public Optional<ImpactReport.CheckImpact> impactOf(Finding f) {
    return impact.flatMap(i -> f.check().flatMap(i::check));
  }
}
