package io.sluice.spark;

import io.sluice.audit.AuditRecord;
import io.sluice.report.RunReport;
import io.sluice.report.Status;

/** What a transition did: its report, and the audit record it appended (outcome and reason included). */
public record TransitionResult(AuditRecord audit) {

  public RunReport report() {
    return audit.report();
  }

  public AuditRecord.Outcome outcome() {
    return audit.outcome();
  }

  public boolean committed() {
    return audit.outcome() == AuditRecord.Outcome.COMMITTED;
  }

  public Status status() {
    return audit.status();
  }
}
