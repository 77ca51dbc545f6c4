package io.sluice.spark;

import io.sluice.audit.AuditRecord;
import io.sluice.history.ColumnMetrics;
import io.sluice.report.RunReport;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a run ended, for a {@link RunListener}: as its audit record says it.
 *
 * @param report the run's report when its data was checked; empty when the run ended before (an unreadable
 *     input, a batch committed before, an error)
 * @param columns each contract column's statistics when the run measured them (a lineage listener asks for them)
 * @param reason why the run wrote nothing, or what a failure left behind (the audit record's {@code reason})
 * @param error the error that ended a {@code FAILED} run, as the audit record holds it
 */
public record RunEnd(AuditRecord.Outcome outcome, Optional<RunReport> report, Optional<String> reason,
    Optional<AuditRecord.Failure> error, Instant at, Map<String, ColumnMetrics> columns) {

  public RunEnd {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(at, "at");
    columns = Map.copyOf(columns);
  }

  /** An end with no column statistics. */
  public RunEnd(AuditRecord.Outcome outcome, Optional<RunReport> report, Optional<String> reason,
      Optional<AuditRecord.Failure> error, Instant at) {
    this(outcome, report, reason, error, at, Map.of());
  }

  /** The end an audit record tells, with the report and the columns' statistics only when {@code checked}. */
  static RunEnd of(AuditRecord record, boolean checked, Map<String, ColumnMetrics> columns) {
    return new RunEnd(record.outcome(), checked ? Optional.of(record.report()) : Optional.empty(), record.reason(),
        record.error(), record.finishedAt(), checked ? columns : Map.of());
  }
}
