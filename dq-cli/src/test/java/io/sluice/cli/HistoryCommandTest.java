package io.sluice.cli;

import static io.sluice.cli.Run.sluice;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate} and {@code enforce} with {@code --audit} keep a metrics history; {@code sluice history} prints it. */
class HistoryCommandTest {
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      columns:
        - {name: order_id, type: string, required: true}
        - {name: amount, type: 'decimal(8,2)', checks: [{range: {min: 0}}]}
      dataset_checks:
        - anomaly: { metric: row_count, strategy: relative_rate_of_change, max_decrease: 0.5 }
      """;

  @TempDir Path dir;
  Path contract;
  Path audit;

  @BeforeEach
  void files() throws Exception {
    contract = dir.resolve("orders.yaml");
    Files.writeString(contract, CONTRACT);
    audit = dir.resolve("audit");
  }

  private Path csv(String name, String... amounts) throws Exception {
    StringBuilder s = new StringBuilder("order_id,amount\n");
    for (int i = 0; i < amounts.length; i++) {
      s.append(name).append(i).append(',').append(amounts[i]).append('\n');
    }
    Path p = dir.resolve(name + ".csv");
    Files.writeString(p, s.toString());
    return p;
  }

  private Run enforce(Path input) {
    return sluice("enforce", "--contract", contract.toString(), "--input", input.toString(), "--output",
        dir.resolve("silver").toString(), "--quarantine", dir.resolve("quarantine").toString(), "--audit", audit.toString(),
        "--quiet-progress");
  }

  @Test
  void validateAndEnforceBuildTheSeriesThatHistoryPrints() throws Exception {
    assertThat(enforce(csv("a", "1.00", "2.00", "-3.00", "4.00")).exit()).as("committed, one row quarantined").isZero();
    assertThat(sluice("validate", "--contract", contract.toString(), "--data", csv("b", "5.00", "6.00", "7.00").toString(),
        "--audit", audit.toString(), "--quiet-progress").exit()).isZero();

    Run table = sluice("history", "--audit", audit.toString(), "--contract", "orders");

    assertThat(table.exit()).isZero();
    List<String> lines = Arrays.asList(table.out().strip().split("\\R"));
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).containsSubsequence("started_at", "run_id", "version", "outcome", "row_count", "rows_valid",
        "rows_quarantined", "error_rate");
    assertThat(lines.get(1)).contains("COMMITTED").matches(".*\\s4\\s+3\\s+1\\s+0\\.25$");
    assertThat(lines.get(2)).contains("VALIDATED").matches(".*\\s3\\s+3\\s+0\\s+0$");
    assertThat(Files.readAllLines(audit.resolve("audit.jsonl"))).hasSize(2);
  }

  @Test
  void oneMetricAsJson() throws Exception {
    enforce(csv("a", "1.00", "3.00"));
    enforce(csv("b", "2.00", "4.00", "6.00"));

    Run r = sluice("history", "--audit", audit.toString(), "--contract", "orders", "--metric", "amount.mean", "--format",
        "json");

    assertThat(r.exit()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("metrics").get(0).asText()).isEqualTo("amount.mean");
    assertThat(json.path("runs")).hasSize(2);
    assertThat(json.path("runs").get(0).path("values").path("amount.mean").asDouble()).isEqualTo(2.0);
    assertThat(json.path("runs").get(1).path("values").path("amount.mean").asDouble()).isEqualTo(4.0);
    assertThat(json.path("runs").get(1).path("outcome").asText()).isEqualTo("COMMITTED");
  }

  @Test
  void aDropInRowsStopsTheRunAndTheConsoleSaysWhy() throws Exception {
    enforce(csv("a", "1.00", "2.00", "3.00", "4.00"));

    Run r = enforce(csv("b", "1.00"));

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("row_count.anomaly").contains("FAILED")
        .contains("row_count 1 is an anomaly (expected [2, +inf]), compared with 1 earlier run");
  }

  @Test
  void badUsageExitsTwoWithOneLine() throws Exception {
    Run none = sluice("history", "--audit", audit.toString(), "--contract", "orders");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("there is no").contains("metrics.jsonl");

    enforce(csv("a", "1.00"));
    Run other = sluice("history", "--audit", audit.toString(), "--contract", "customers");
    assertThat(other.exit()).isEqualTo(2);
    assertThat(other.err()).contains("holds no run of contract 'customers' (it holds orders)");
    Run metric = sluice("history", "--audit", audit.toString(), "--contract", "orders", "--metric", "amount.median");
    assertThat(metric.exit()).isEqualTo(2);
    assertThat(metric.err()).contains("'amount.median' is not a metric");
  }

  @Test
  void tornLinesOfTheContractAreSkippedAndCounted() throws Exception {
    enforce(csv("a", "1.00", "2.00"));
    Path file = audit.resolve("metrics.jsonl");
    String line = Files.readAllLines(file).get(0);
    String other = line.replace("\"contract_id\":\"orders\"", "\"contract_id\":\"customers\"");
    Files.writeString(file, line.substring(0, 120) + "\n" + other.substring(0, 120) + "\n",
        java.nio.file.StandardOpenOption.APPEND);

    Run r = sluice("history", "--audit", audit.toString(), "--contract", "orders");

    assertThat(r.exit()).isZero();
    assertThat(r.err()).contains("1 line(s) of").contains("naming contract 'orders' are not records");
    assertThat(r.out()).contains("2");
  }

  @Test
  void theHtmlReportChartsTheHistoryOfItsContract() throws Exception {
    enforce(csv("a", "1.00", "2.00", "-3.00", "4.00"));
    Path html = dir.resolve("report.html");
    Run second = sluice("enforce", "--contract", contract.toString(), "--input", csv("b", "5.00", "-6.00", "7.00").toString(),
        "--output", dir.resolve("silver").toString(), "--quarantine", dir.resolve("quarantine").toString(),
        "--audit", audit.toString(), "--report-html", html.toString(), "--quiet-progress");
    assertThat(second.exit()).isZero();

    String page = Files.readString(html);
    // Two charts (rows in, error rate), each with a point per run of the history: the earlier run and this one.
    assertThat(page.split("<circle class=\"point\"", -1)).hasSize(1 + 2 * 2);
    assertThat(page).doesNotContain("No history of this contract yet");

    Path alone = dir.resolve("alone.html");
    sluice("validate", "--contract", contract.toString(), "--data", csv("c", "1.00").toString(), "--report-html",
        alone.toString(), "--quiet-progress");
    assertThat(Files.readString(alone)).as("without an audit folder there is no history").contains("No history of this contract yet");
  }
}
