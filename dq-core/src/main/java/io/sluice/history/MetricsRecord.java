package io.sluice.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.audit.AuditRecord;
import io.sluice.report.CheckResult;
import io.sluice.report.DatasetCheckResult;
import io.sluice.report.RunReport;
import io.sluice.report.Status;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one run measured, as one line of the metrics history ({@code metrics.jsonl} beside the audit log): the row
 * counts, each row check's failing rows, each dataset check's value and each column's statistics. Counts and
 * statistics only; the minimum and maximum are kept for numeric columns alone, so no text value of the data is
 * ever written (a protected column is measured as it is stored, never in clear).
 *
 * @param failedRows each row check's failing rows, by check id
 * @param datasetChecks each dataset check's metric, by check id (absent when undefined)
 * @param columns each column's statistics, by column name
 */
public record MetricsRecord(
    String runId,
    String contractId,
    String contractVersion,
    Instant startedAt,
    Instant finishedAt,
    AuditRecord.Outcome outcome,
    Status status,
    long rowsIn,
    long rowsValid,
    long rowsQuarantined,
    long rowsWarned,
    double errorRate,
    Map<String, Long> failedRows,
    Map<String, Double> datasetChecks,
    Map<String, ColumnMetrics> columns) {

  public MetricsRecord {
    failedRows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failedRows));
    datasetChecks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(datasetChecks));
    columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  /** The record of a run from its report and the column statistics measured in its pass. */
  public static MetricsRecord of(RunReport report, Instant startedAt, Instant finishedAt, AuditRecord.Outcome outcome,
      Status status, Map<String, ColumnMetrics> columns) {
    Map<String, Long> failed = new LinkedHashMap<>();
    for (CheckResult c : report.checks()) {
      failed.put(c.id(), c.failedRows());
    }
    Map<String, Double> datasets = new LinkedHashMap<>();
    for (DatasetCheckResult d : report.datasetChecks()) {
      d.value().ifPresent(v -> datasets.put(d.id(), v));
    }
    return new MetricsRecord(report.runId(), report.contractId(), report.contractVersion(), startedAt, finishedAt,
        outcome, status, report.rowsIn(), report.rowsValid(), report.rowsQuarantined(), report.rowsWarned(),
        report.errorRate(), failed, datasets, columns);
  }

  /** Whether the run's data was accepted (committed, or validated): the runs an anomaly check compares with. */
  public boolean accepted() {
    return outcome == AuditRecord.Outcome.COMMITTED || outcome == AuditRecord.Outcome.VALIDATED;
  }

  /** The record as one JSON object, in the history file's field names. */
  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("run_id", runId);
    n.put("contract_id", contractId);
    n.put("contract_version", contractVersion);
    n.put("started_at", startedAt.toString());
    n.put("finished_at", finishedAt.toString());
    n.put("outcome", outcome.name());
    n.put("status", status.name());
    n.put("rows_in", rowsIn);
    n.put("rows_valid", rowsValid);
    n.put("rows_quarantined", rowsQuarantined);
    n.put("rows_warned", rowsWarned);
    n.put("error_rate", errorRate);
    ObjectNode checks = n.putObject("checks");
    failedRows.forEach(checks::put);
    ObjectNode datasets = n.putObject("dataset_checks");
    datasetChecks.forEach(datasets::put);
    ObjectNode cols = n.putObject("columns");
    columns.forEach((name, c) -> {
      ObjectNode o = cols.putObject(name);
      c.completeness().ifPresent(v -> o.put("completeness", v));
      c.distinct().ifPresent(v -> o.put("distinct", v));
      c.min().ifPresent(v -> o.put("min", v));
      c.max().ifPresent(v -> o.put("max", v));
      c.mean().ifPresent(v -> o.put("mean", v));
    });
    return n;
  }

  /**
   * A record from its JSON object.
   *
   * @throws IllegalArgumentException when a field is missing or of the wrong type
   */
  public static MetricsRecord fromJson(JsonNode n) {
    Map<String, Long> failed = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object(n, "checks").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      failed.put(e.getKey(), e.getValue().asLong());
    }
    Map<String, Double> datasets = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object(n, "dataset_checks").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      datasets.put(e.getKey(), e.getValue().asDouble());
    }
    Map<String, ColumnMetrics> cols = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object(n, "columns").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode c = e.getValue();
      cols.put(e.getKey(), new ColumnMetrics(number(c, "completeness"), number(c, "distinct").map(Double::longValue),
          number(c, "min"), number(c, "max"), number(c, "mean")));
    }
    return new MetricsRecord(text(n, "run_id"), text(n, "contract_id"), text(n, "contract_version"),
        Instant.parse(text(n, "started_at")), Instant.parse(text(n, "finished_at")),
        AuditRecord.Outcome.valueOf(text(n, "outcome")), Status.valueOf(text(n, "status")), whole(n, "rows_in"),
        whole(n, "rows_valid"), whole(n, "rows_quarantined"), whole(n, "rows_warned"),
        number(n, "error_rate").orElseThrow(() -> missing("error_rate")), failed, datasets, cols);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw missing(field);
    }
    return v.asText();
  }

  private static long whole(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong()) {
      throw missing(field);
    }
    return v.asLong();
  }

  private static Optional<Double> number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isNumber() ? Optional.of(v.asDouble()) : Optional.empty();
  }

  private static JsonNode object(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isObject() ? v : JsonNodeFactory.instance.objectNode();
  }

  private static IllegalArgumentException missing(String field) {
    return new IllegalArgumentException("no '" + field + "' of the right type");
  }
}
