package io.sluice.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.audit.AuditRecord.Outcome;
import io.sluice.contract.Severity;
import io.sluice.report.CheckResult;
import io.sluice.report.DatasetCheckResult;
import io.sluice.report.RunReport;
import io.sluice.report.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsHistoryTest {

  private static MetricsRecord run(String id, String contract, int minute, long rowsIn, long quarantined, Outcome outcome) {
    RunReport report = new RunReport(id, contract, "1.0.0", rowsIn, rowsIn - quarantined, quarantined, 0, 0,
        List.of(new CheckResult("amount.range", "range", Optional.of("amount"), Severity.ERROR, quarantined)),
        List.of(new DatasetCheckResult("dataset.row_count", "row_count", Optional.empty(), Severity.ERROR,
            Optional.of((double) rowsIn), true)));
    Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * minute);
    return MetricsRecord.of(report, at, at.plusSeconds(5), outcome, report.status(), Map.of("amount",
        new ColumnMetrics(Optional.of(0.9), Optional.of(7L), Optional.of(1.5), Optional.of(99.0), Optional.of(40.25))));
  }

  @Test
  void aRecordReadsBackAsItWasWritten() {
    MetricsRecord r = run("r1", "orders", 0, 10, 2, Outcome.COMMITTED);

    MetricsHistory h = MetricsHistory.parse(List.of(MetricsHistory.line(r)));

    assertThat(h.records()).containsExactly(r);
  }

  @Test
  void aSeriesFollowsOneContractOldestFirst() {
    List<String> lines = new ArrayList<>();
    lines.add(MetricsHistory.line(run("r2", "orders", 2, 20, 0, Outcome.COMMITTED)));
    lines.add(MetricsHistory.line(run("r1", "orders", 1, 10, 1, Outcome.COMMITTED)));
    lines.add(MetricsHistory.line(run("x", "customers", 3, 99, 0, Outcome.COMMITTED)));

    MetricsHistory.Series s = MetricsHistory.parse(lines).series("orders", MetricName.Run.ROW_COUNT);

    assertThat(s.points()).extracting(MetricsHistory.Point::runId).containsExactly("r1", "r2");
    assertThat(s.points()).extracting(MetricsHistory.Point::value).containsExactly(10.0, 20.0);
  }

  @Test
  void checkAndColumnMetricsAreSeriesToo() {
    MetricsHistory h = MetricsHistory.of(List.of(run("r1", "orders", 0, 10, 3, Outcome.COMMITTED)));

    assertThat(h.series("orders", MetricName.parse("amount.range.failed").orElseThrow()).points())
        .extracting(MetricsHistory.Point::value).containsExactly(3.0);
    assertThat(h.series("orders", MetricName.parse("amount.mean").orElseThrow()).points())
        .extracting(MetricsHistory.Point::value).containsExactly(40.25);
    assertThat(h.series("orders", MetricName.parse("error_rate").orElseThrow()).points())
        .extracting(MetricsHistory.Point::value).containsExactly(0.3);
    assertThat(h.series("orders", MetricName.parse("qty.mean").orElseThrow()).points()).as("never measured").isEmpty();
  }

  @Test
  void onlyAcceptedRunsAreABaseline() {
    MetricsHistory h = MetricsHistory.of(List.of(run("ok", "orders", 0, 10, 0, Outcome.COMMITTED),
        run("stopped", "orders", 1, 1, 0, Outcome.ABORTED), run("checked", "orders", 2, 12, 0, Outcome.VALIDATED)));

    assertThat(h.series("orders", MetricName.Run.ROW_COUNT).accepted().points())
        .extracting(MetricsHistory.Point::runId).containsExactly("ok", "checked");
  }

  @Test
  void aTornLineIsSkippedAndCounted() {
    String whole = MetricsHistory.line(run("r1", "orders", 0, 10, 0, Outcome.COMMITTED));

    MetricsHistory h = MetricsHistory.parse(List.of(whole, whole.substring(0, 40), ""));

    assertThat(h.records()).hasSize(1);
    assertThat(h.skippedLines()).isEqualTo(1);
  }

  @Test
  void oneContractsRunsAreReadWithoutParsingTheOthers() {
    MetricsRecord namesIt = run("c1", "customers", 4, 5, 0, Outcome.COMMITTED);
    MetricsRecord columnNamedOrders = new MetricsRecord(namesIt.runId(), namesIt.contractId(), namesIt.contractVersion(),
        namesIt.startedAt(), namesIt.finishedAt(), namesIt.outcome(), namesIt.status(), namesIt.rowsIn(),
        namesIt.rowsValid(), namesIt.rowsQuarantined(), namesIt.rowsWarned(), namesIt.errorRate(), namesIt.failedRows(),
        namesIt.datasetChecks(),
        Map.of("orders", namesIt.columns().get("amount")));
    String torn = MetricsHistory.line(run("r9", "orders", 9, 1, 0, Outcome.COMMITTED));
    List<String> lines = List.of(
        MetricsHistory.line(run("r2", "orders", 2, 20, 0, Outcome.COMMITTED)),
        MetricsHistory.line(run("e1", "orders_eu", 1, 30, 0, Outcome.COMMITTED)),
        MetricsHistory.line(columnNamedOrders),
        MetricsHistory.line(run("r1", "orders", 1, 10, 1, Outcome.ABORTED)),
        torn.substring(0, torn.indexOf("\"status\"")),
        MetricsHistory.line(run("x", "customers", 3, 99, 0, Outcome.COMMITTED)).substring(0, 50));

    MetricsHistory orders = MetricsHistory.parse(lines, "orders");

    assertThat(lines.get(2)).as("the other contract's line names the id").contains("\"orders\"");
    assertThat(orders.records()).extracting(MetricsRecord::runId).containsExactly("r2", "r1");
    assertThat(orders.runs("orders")).isEqualTo(MetricsHistory.parse(lines).runs("orders"));
    assertThat(orders.skippedLines()).as("the contract's torn line; not the other contract's").isEqualTo(1);
    assertThat(MetricsHistory.parse(lines, "orders_eu").records()).extracting(MetricsRecord::runId).containsExactly("e1");
  }

  @Test
  void metricNamesParseAsContractsWriteThem() {
    assertThat(MetricName.parse("row_count")).contains(MetricName.Run.ROW_COUNT);
    assertThat(MetricName.parse("rows_quarantined")).contains(MetricName.Run.ROWS_QUARANTINED);
    assertThat(MetricName.parse("order_id.unique.failed")).contains(new MetricName.CheckFailures("order_id.unique"));
    assertThat(MetricName.parse("US Gross.max")).contains(new MetricName.ColumnStat("US Gross", MetricName.Stat.MAX));
    assertThat(MetricName.parse("amount.median")).isEmpty();
    assertThat(MetricName.parse("rows")).isEmpty();
    assertThat(MetricName.parse(".mean")).isEmpty();
  }

  @Test
  void aStatusIsKept() {
    assertThat(run("r1", "orders", 0, 10, 2, Outcome.COMMITTED).status()).isEqualTo(Status.FAILED);
  }
}
