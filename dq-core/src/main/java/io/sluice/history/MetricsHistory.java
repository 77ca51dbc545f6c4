package io.sluice.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The metrics history of the runs that share an audit folder: one {@link MetricsRecord} per run, read from the
 * lines of {@code metrics.jsonl} (on any file system: the caller reads the lines). A line that does not parse —
 * the torn end of a write that was killed — is skipped and counted, never fatal.
 *
 * <p>Reading a series: {@code MetricsHistory.parse(lines).series("orders", MetricName.parse("amount.mean").get())}.
 */
public final class MetricsHistory {
  /** The history's file name, beside the audit log's {@code audit.jsonl}. */
  public static final String FILE_NAME = "metrics.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<MetricsRecord> records;
  private final int skippedLines;

  private MetricsHistory(List<MetricsRecord> records, int skippedLines) {
    this.records = List.copyOf(records);
    this.skippedLines = skippedLines;
  }

  public static MetricsHistory of(List<MetricsRecord> records) {
    return new MetricsHistory(records, 0);
  }

  /** The history from the file's lines, in the order they were appended. */
  public static MetricsHistory parse(Iterable<String> lines) {
    return parse(lines, null);
  }

  /**
   * The runs of {@code contractId} alone (every run when null), from the file's lines. A line that does not name the
   * contract is skipped unparsed: the runs of the other contracts that share the audit folder cost a text search each,
   * not a parse. Lines of the contract that do not parse are counted as {@link #skippedLines}.
   */
  public static MetricsHistory parse(Iterable<String> lines, String contractId) {
    String quoted;
    try {
      quoted = contractId == null ? "" : JSON.writeValueAsString(contractId); // as a line holds it: quoted, escaped
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a contract id: " + contractId, e);
    }
    List<MetricsRecord> records = new ArrayList<>();
    int skipped = 0;
    for (String line : lines) {
      if (line.isBlank() || !line.contains(quoted)) {
        continue;
      }
      try {
        MetricsRecord r = MetricsRecord.fromJson(JSON.readTree(line));
        if (contractId == null || r.contractId().equals(contractId)) { // the id may be a column's name in another's run
          records.add(r);
        }
      } catch (JsonProcessingException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
        skipped++;
      }
    }
    return new MetricsHistory(records, skipped);
  }

  /** One record as the line the history file holds. */
  public static String line(MetricsRecord record) {
    return record.toJson().toString();
  }

  /** Every run of every contract, in the order they were appended. */
  public List<MetricsRecord> records() {
    return records;
  }

  /** Lines that did not parse as a record (a write cut short): skipped. */
  public int skippedLines() {
    return skippedLines;
  }

  /** The contracts the history holds runs of, in order of their first run. */
  public List<String> contractIds() {
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    records.forEach(r -> ids.add(r.contractId()));
    return List.copyOf(ids);
  }

  /** The runs of one contract, oldest first (by start time; runs appended out of order are put in order). */
  public List<MetricsRecord> runs(String contractId) {
    return records.stream().filter(r -> r.contractId().equals(contractId))
        .sorted(Comparator.comparing(MetricsRecord::startedAt)).toList();
  }

  /** The series of {@code metric} over the runs of {@code contractId} that measured it, oldest first. */
  public Series series(String contractId, MetricName metric) {
    List<Point> points = new ArrayList<>();
    for (MetricsRecord r : runs(contractId)) {
      metric.valueIn(r).ifPresent(v -> points.add(new Point(r.runId(), r.startedAt(), r.outcome().name(), r.accepted(), v)));
    }
    return new Series(contractId, metric, points);
  }

  /** A metric over a contract's runs, oldest first. */
  public record Series(String contractId, MetricName metric, List<Point> points) {
    public Series {
      points = List.copyOf(points);
    }

    /** The points of runs whose data was accepted (committed or validated): an anomaly check's baseline. */
    public Series accepted() {
      return new Series(contractId, metric, points.stream().filter(Point::accepted).toList());
    }

    public Optional<Point> last() {
      return points.isEmpty() ? Optional.empty() : Optional.of(points.get(points.size() - 1));
    }
  }

  /**
   * One run's value of a metric.
   *
   * @param outcome the run's outcome ({@code COMMITTED}, {@code VALIDATED}, {@code ABORTED}, {@code FAILED})
   * @param accepted whether the run's data was accepted (committed or validated)
   */
  public record Point(String runId, Instant at, String outcome, boolean accepted, double value) {}
}
