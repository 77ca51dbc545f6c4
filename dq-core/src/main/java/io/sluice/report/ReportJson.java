package io.sluice.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * The JSON report of DESIGN.md ({@code --report-json}): {@code status}, {@code rows}, {@code checks},
 * {@code dataset_checks}, and the run's duration when it was timed. Each failing check carries its most
 * frequent {@code offending_values} as the output stores them (a protected column's masked or encrypted
 * form). The audit record reuses {@link #checks} and {@link #datasetChecks}, which hold counts and ids only:
 * an audit log never holds a value of the data.
 */
public final class ReportJson {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  public static ObjectNode of(RunReport report) {
    ObjectNode root = NODES.objectNode();
    root.put("run_id", report.runId());
    root.put("contract_id", report.contractId());
    root.put("contract_version", report.contractVersion());
    root.put("status", report.status().name());
    ObjectNode rows = root.putObject("rows");
    rows.put("total", report.rowsIn());
    rows.put("valid", report.rowsValid());
    rows.put("quarantined", report.rowsQuarantined());
    rows.put("warned", report.rowsWarned());
    rows.put("malformed", report.rowsMalformed());
    root.put("error_rate", report.errorRate());
    report.duration().ifPresent(d -> root.put("duration_ms", d.toMillis()));
    report.throughputRowsPerSecond().ifPresent(t -> root.put("throughput_rows_per_s", Math.round(t * 10.0) / 10.0));
    ArrayNode checks = checks(report);
    for (int i = 0; i < checks.size(); i++) {
      CheckResult c = report.checks().get(i);
      ObjectNode n = (ObjectNode) checks.get(i);
      ArrayNode values = n.putArray("offending_values");
      for (ValueCount v : c.offendingValues()) {
        values.addObject().put("value", v.value()).put("count", v.count());
      }
      n.put("offending_counts_exact", c.offendingCountsExact());
    }
    root.set("checks", checks);
    ArrayNode datasetChecks = datasetChecks(report);
    for (int i = 0; i < datasetChecks.size(); i++) {
      ((ObjectNode) datasetChecks.get(i)).put("threshold", report.datasetChecks().get(i).threshold().orElse(null));
    }
    root.set("dataset_checks", datasetChecks);
    return root;
  }

  /** Each row check: {@code id, kind, column, severity, failed_rows, status}. */
  public static ArrayNode checks(RunReport report) {
    ArrayNode checks = NODES.arrayNode();
    for (CheckResult c : report.checks()) {
      ObjectNode n = checks.addObject();
      n.put("id", c.id());
      n.put("kind", c.kind());
      n.put("column", c.column().orElse(null));
      n.put("severity", c.severity().word());
      n.put("failed_rows", c.failedRows());
      n.put("status", c.status().name());
    }
    return checks;
  }

  /** Each dataset check: {@code id, kind, column, severity, value, status}. */
  public static ArrayNode datasetChecks(RunReport report) {
    ArrayNode checks = NODES.arrayNode();
    for (DatasetCheckResult d : report.datasetChecks()) {
      ObjectNode n = checks.addObject();
      n.put("id", d.id());
      n.put("kind", d.kind());
      n.put("column", d.column().orElse(null));
      n.put("severity", d.severity().word());
      if (d.value().isPresent()) {
        n.put("value", d.value().get());
      } else {
        n.putNull("value");
      }
      n.put("status", d.status().name());
    }
    return checks;
  }

  public static void write(JsonNode json, Path file) {
    ReportFiles.write(file, text(json), "report");
  }

  /** The report as the file holds it: indented JSON and a final newline. */
  public static String text(JsonNode json) {
    try {
      return PRETTY.writeValueAsString(json) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render the report as JSON", e);
    }
  }

}
