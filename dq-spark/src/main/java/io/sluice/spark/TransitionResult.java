package io.sluice.spark;

import io.sluice.audit.AuditRecord;
import io.sluice.report.RunReport;
import io.sluice.report.Status;

/**
 * What a transition did: its report, and the audit record it appended (outcome and reason included).
 *
 * @param auditHead the {@code sha256} of the audit log's last line after this run, when it appended one: keep it
 *     elsewhere, and {@code sluice audit verify --head} shows whether lines were removed from the log's end since
 */
public record TransitionResult(AuditRecord audit, java.util.Optional<String> auditHead) {

  public TransitionResult(AuditRecord audit) {
    this(audit, java.util.Optional.empty());
  }

  static String headOf(String line) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).path("sha256").asText();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot read the audit line just written", e);
    }
  }

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
