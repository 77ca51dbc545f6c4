package io.sluice.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.report.ReportJson;
import io.sluice.report.RunReport;
import io.sluice.report.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run did, as DESIGN.md's audit record: which contract (and the SHA-256 of its file), from
 * where to where, when, the counts and every check's outcome. Counts and ids only: never a value of
 * the data, a key or a secret. The sink adds {@code prev_sha256} and {@code sha256} when it appends.
 *
 * @param outcome {@code COMMITTED} (outputs written), {@code ABORTED} (nothing written, see
 *     {@code reason}), {@code FAILED} (the run ended in an error: see {@code error} and {@code reason} for what
 *     was committed), {@code VALIDATED} (a validation: nothing to write) or {@code SKIPPED} (this input
 *     batch was committed to the target before; nothing written again)
 * @param sparkMaster the master the run's Spark used ({@code local[*]}, {@code spark://host:7077}, {@code yarn}…), so a
 *     record says where the work ran; any user info in the URL is left out
 * @param error the error that ended a {@code FAILED} run: its class and the first line of its message
 */
public record AuditRecord(
    RunReport report,
    String contractSha256,
    String transition,
    String source,
    Optional<String> target,
    Optional<String> quarantine,
    Instant startedAt,
    Instant finishedAt,
    Optional<Double> freshnessLagSeconds,
    Outcome outcome,
    Optional<String> reason,
    String batchId,
    String user,
    String sparkAppId,
    String sparkMaster,
    Optional<Failure> error) {

  /** What happened to the outputs. */
  public enum Outcome { COMMITTED, ABORTED, FAILED, VALIDATED, SKIPPED }

  /**
   * The error that ended a run: the class of the exception and one line of its message, at most
   * {@link #MAX_MESSAGE} characters.
   */
  public record Failure(String errorClass, String message) {
    public static final int MAX_MESSAGE = 500;

    public Failure {
      Objects.requireNonNull(errorClass, "errorClass");
      message = message == null ? "" : message;
      int nl = message.indexOf('\n');
      message = nl < 0 ? message : message.substring(0, nl);
      message = message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
    }
  }

  public AuditRecord {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(error, "error");
    sparkMaster = withoutUserInfo(sparkMaster);
  }

  /** {@code master} without a {@code user:password@} part: a master URL may carry one, a record never does. */
  static String withoutUserInfo(String master) {
    return master == null ? null : master.replaceAll("(?<=//)[^/@]*@", "");
  }

  public long durationMs() {
    return Duration.between(startedAt, finishedAt).toMillis();
  }

  public double throughputRowsPerSecond() {
    long ms = Math.max(1, durationMs());
    return report.rowsIn() * 1000.0 / ms;
  }

  /** The run's status: the report's, and FAILED whenever the run was aborted or failed. */
  public Status status() {
    return outcome == Outcome.ABORTED || outcome == Outcome.FAILED ? Status.FAILED : report.status();
  }

  /** The record's fields (without the chain's hashes), in DESIGN.md's names. */
  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("run_id", report.runId());
    n.put("contract_id", report.contractId());
    n.put("contract_version", report.contractVersion());
    n.put("contract_sha256", contractSha256);
    n.put("transition", transition);
    n.put("source", source);
    n.put("target", target.orElse(null));
    n.put("quarantine", quarantine.orElse(null));
    n.put("batch_id", batchId);
    n.put("started_at", startedAt.toString());
    n.put("finished_at", finishedAt.toString());
    n.put("duration_ms", durationMs());
    n.put("rows_in", report.rowsIn());
    n.put("rows_valid", report.rowsValid());
    n.put("rows_quarantined", report.rowsQuarantined());
    n.put("rows_warned", report.rowsWarned());
    n.put("rows_malformed", report.rowsMalformed());
    n.put("error_rate", report.errorRate());
    n.put("throughput_rows_per_s", Math.round(throughputRowsPerSecond() * 10.0) / 10.0);
    freshnessLagSeconds.ifPresent(lag -> n.put("freshness_lag_s", lag));
    n.set("checks", ReportJson.checks(report));
    n.set("dataset_checks", ReportJson.datasetChecks(report));
    n.put("status", status().name());
    n.put("outcome", outcome.name());
    n.put("reason", reason.orElse(null));
    n.put("user", user);
    n.put("spark_app_id", sparkAppId);
    n.put("spark_master", sparkMaster);
    if (error.isPresent()) {
      n.put("error_class", error.get().errorClass());
      n.put("error_message", error.get().message());
    }
    return n;
  }
}
