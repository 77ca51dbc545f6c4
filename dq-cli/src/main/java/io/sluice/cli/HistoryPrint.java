package io.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.history.MetricName;
import io.sluice.history.MetricsHistory;
import io.sluice.history.MetricsRecord;
import io.sluice.spark.history.MetricsLog;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * What {@code sluice history} prints. Kept out of the command class, whose fields and methods picocli reflects on
 * for every command (Hadoop types stay unloaded in {@code lint} and {@code diff}).
 */
final class HistoryPrint {
  private static final List<MetricName> DEFAULT = List.of(MetricName.Run.ROW_COUNT, MetricName.Run.ROWS_VALID,
      MetricName.Run.ROWS_QUARANTINED, MetricName.Run.ERROR_RATE);

  private HistoryPrint() {}

  static int print(HistoryCommand c, PrintWriter out, PrintWriter err) {
    if (!c.format.equals("table") && !c.format.equals("json")) {
      return refuse(err, "--format is table or json, not '" + c.format + "'");
    }
    List<MetricName> metrics = DEFAULT;
    if (c.metric != null) {
      Optional<MetricName> m = MetricName.parse(c.metric);
      if (m.isEmpty()) {
        return refuse(err, "Cannot print the history: '" + c.metric + "' is not a metric; name one of " + MetricName.SYNTAX);
      }
      metrics = List.of(m.get());
    }
    MetricsLog log = MetricsLog.at(c.dir, new Configuration());
    Path file = log.file();
    MetricsHistory history;
    try {
      if (!log.exists()) {
        return refuse(err, "Cannot print the history: there is no " + file + "; validate or enforce with --audit "
            + c.dir + " writes it");
      }
      history = log.read(c.contract);
      if (history.records().isEmpty()) { // read whole only to name the contracts it does hold
        List<String> held = log.read().contractIds();
        return refuse(err, "Cannot print the history: " + file + " holds no run of contract '" + c.contract + "'"
            + (held.isEmpty() ? "" : " (it holds " + String.join(", ", held) + ")"));
      }
    } catch (java.io.UncheckedIOException e) {
      return refuse(err, "Cannot print the history: " + e.getMessage());
    }
    List<MetricsRecord> runs = history.runs(c.contract);
    if (history.skippedLines() > 0) {
      err.println("sluice: warning: " + history.skippedLines() + " line(s) of " + file + " naming contract '"
          + c.contract + "' are not records (a write cut short) and were skipped");
      err.flush();
    }
    if (c.format.equals("json")) {
      out.println(json(c.contract, metrics, runs));
    } else {
      table(out, metrics, runs);
    }
    out.flush();
    return Sluice.OK;
  }

  private static int refuse(PrintWriter err, String message) {
    err.println("sluice: " + message);
    err.flush();
    return Sluice.BAD_INPUT;
  }

  private static String json(String contract, List<MetricName> metrics, List<MetricsRecord> runs) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("contract_id", contract);
    ArrayNode names = root.putArray("metrics");
    metrics.forEach(m -> names.add(m.text()));
    ArrayNode rows = root.putArray("runs");
    for (MetricsRecord r : runs) {
      ObjectNode n = rows.addObject();
      n.put("run_id", r.runId());
      n.put("started_at", r.startedAt().toString());
      n.put("outcome", r.outcome().name());
      n.put("contract_version", r.contractVersion());
      ObjectNode values = n.putObject("values");
      for (MetricName m : metrics) {
        Optional<Double> v = m.valueIn(r);
        if (v.isPresent()) {
          values.put(m.text(), v.get());
        } else {
          values.putNull(m.text());
        }
      }
    }
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void table(PrintWriter out, List<MetricName> metrics, List<MetricsRecord> runs) {
    List<String> head = new ArrayList<>(List.of("started_at", "run_id", "version", "outcome"));
    metrics.forEach(m -> head.add(m.text()));
    List<String[]> cells = new ArrayList<>();
    cells.add(head.toArray(String[]::new));
    for (MetricsRecord r : runs) {
      List<String> line = new ArrayList<>(List.of(r.startedAt().toString(), r.runId(), r.contractVersion(), r.outcome().name()));
      metrics.forEach(m -> line.add(m.valueIn(r).map(HistoryPrint::number).orElse("-")));
      cells.add(line.toArray(String[]::new));
    }
    int[] width = new int[head.size()];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    for (String[] line : cells) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        boolean numeric = i >= 4;
        String pad = " ".repeat(width[i] - line[i].length());
        b.append(numeric ? pad + line[i] : line[i] + pad).append(i < line.length - 1 ? "  " : "");
      }
      out.println(b.toString().stripTrailing());
    }
  }

  /** Whole numbers without a fraction, others with up to 6 significant decimals. */
  private static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.valueOf((long) v);
    }
    return String.format(Locale.ROOT, "%.6g", v).replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
