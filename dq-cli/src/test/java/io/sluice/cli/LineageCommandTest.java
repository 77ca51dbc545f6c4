package io.sluice.cli;

import static io.sluice.cli.Run.sluice;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.OpenLineageSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --lineage FILE} of {@code sluice enforce} and {@code sluice validate}: OpenLineage run events as JSON lines. */
class LineageCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      source: bronze
      columns:
        - {name: order_id, type: string, required: true, unique: true}
        - {name: amount, type: 'decimal(8,2)', checks: [{range: {min: 0}}]}
        - name: status
          type: string
          checks:
            - allowed_values: [PLACED, SHIPPED]
              severity: warn
      dataset_checks:
        - row_count: {min: 1}
      """;

  @TempDir Path dir;
  Path contract;
  Path csv;
  Path lineage;
  Path report;

  @BeforeEach
  void files() throws Exception {
    contract = dir.resolve("orders.yaml");
    Files.writeString(contract, CONTRACT);
    csv = dir.resolve("orders.csv");
    Files.writeString(csv, "order_id,amount,status\no1,1.00,PLACED\no2,-5.00,PLACED\no3,2.00,LOST\n,4.00,SHIPPED\n");
    lineage = dir.resolve("lineage.jsonl");
    report = dir.resolve("report.json");
  }

  private List<JsonNode> events() throws IOException {
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(lineage)) {
      events.add(JSON.readTree(line));
    }
    events.forEach(OpenLineageSpec::check);
    return events;
  }

  private Run enforce(String... more) {
    List<String> args = new ArrayList<>(List.of("enforce", "--contract", contract.toString(), "--input", csv.toString(),
        "--output", dir.resolve("silver").toString(), "--quarantine", dir.resolve("quarantine").toString(),
        "--report-json", report.toString()));
    args.addAll(List.of(more));
    return sluice(args.toArray(String[]::new));
  }

  /** The facets of the input of {@code event} say what the JSON report of the same run says. */
  private static void sameAsReport(JsonNode event, JsonNode report) {
    JsonNode facets = event.path("inputs").get(0).path("inputFacets");
    assertThat(facets.path("dataQualityMetrics").path("rowCount").asLong()).isEqualTo(report.path("rows").path("total").asLong());
    JsonNode assertions = facets.path("dataQualityAssertions").path("assertions");
    assertThat(assertions).hasSize(report.path("checks").size() + report.path("dataset_checks").size());
    for (JsonNode check : report.path("checks")) {
      assertThat(assertions).filteredOn(a -> a.path("assertion").asText().equals(check.path("id").asText())).singleElement()
          .satisfies(a -> {
            assertThat(a.path("success").asBoolean()).isEqualTo(check.path("failed_rows").asLong() == 0);
            assertThat(a.path("severity").asText()).isEqualTo(check.path("severity").asText());
            assertThat(a.path("column").asText(null)).isEqualTo(check.path("column").asText(null));
          });
      if (check.path("kind").asText().equals("required")) {
        assertThat(facets.path("dataQualityMetrics").path("columnMetrics").path(check.path("column").asText())
            .path("nullCount").asLong()).isEqualTo(check.path("failed_rows").asLong());
      }
    }
    for (JsonNode check : report.path("dataset_checks")) {
      assertThat(assertions).filteredOn(a -> a.path("assertion").asText().equals(check.path("id").asText())).singleElement()
          .satisfies(a -> assertThat(a.path("success").asBoolean()).isEqualTo(check.path("status").asText().equals("PASSED")));
    }
  }

  @Test
  void aCommittedEnforceWritesStartThenCompleteWithItsCounts() throws Exception {
    Run r = enforce("--lineage", lineage.toString());

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("  lineage     -> the file " + lineage);
    List<JsonNode> events = events();
    assertThat(events).extracting(e -> e.path("eventType").asText()).containsExactly("START", "COMPLETE");
    JsonNode json = JSON.readTree(report.toFile());
    assertThat(events).allSatisfy(e -> {
      assertThat(e.path("run").path("runId").asText()).isEqualTo(json.path("run_id").asText());
      assertThat(e.path("job").path("name").asText()).isEqualTo("orders.enforce");
    });
    sameAsReport(events.get(1), json);
    assertThat(events.get(1).path("outputs")).extracting(o -> o.path("outputFacets").path("outputStatistics")
        .path("rowCount").asLong()).containsExactly(json.path("rows").path("valid").asLong(),
            json.path("rows").path("quarantined").asLong());
    assertThat(json.path("rows").path("quarantined").asLong()).isEqualTo(2); // the negative amount, the missing id
  }

  @Test
  void anAbortedEnforceWritesFailWithItsReason() throws Exception {
    Run r = enforce("--lineage", lineage.toString(), "--max-error-rate", "0.1");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("ABORTED");
    List<JsonNode> events = events();
    assertThat(events).extracting(e -> e.path("eventType").asText()).containsExactly("START", "FAIL");
    assertThat(events.get(1).path("run").path("facets").path("errorMessage").path("message").asText())
        .startsWith("error rate 0.5000 exceeds the maximum 0.1000");
    sameAsReport(events.get(1), JSON.readTree(report.toFile()));
  }

  @Test
  void aValidationWritesStartThenCompleteForItsOwnJobWithoutOutputs() throws Exception {
    Run r = sluice("validate", "--contract", contract.toString(), "--data", csv.toString(), "--report-json",
        report.toString(), "--lineage", lineage.toString());

    assertThat(r.exit()).isEqualTo(1); // rows fail error-level checks: the run itself completed
    List<JsonNode> events = events();
    assertThat(events).extracting(e -> e.path("eventType").asText()).containsExactly("START", "COMPLETE");
    assertThat(events).allSatisfy(e -> {
      assertThat(e.path("job").path("name").asText()).isEqualTo("orders.validate");
      assertThat(e.path("outputs")).isEmpty();
      assertThat(e.path("inputs").get(0).path("name").asText()).isEqualTo(csv.toAbsolutePath().toString());
    });
    JsonNode json = JSON.readTree(report.toFile());
    assertThat(events.get(0).path("run").path("runId").asText()).isEqualTo(json.path("run_id").asText());
    sameAsReport(events.get(1), json);
    JsonNode status = events.get(1).path("inputs").get(0).path("inputFacets").path("dataQualityMetrics")
        .path("columnMetrics").path("status");
    assertThat(status.path("distinctCount").asLong()).as("PLACED, LOST, SHIPPED").isEqualTo(3);
    assertThat(status.has("min")).as("text has no minimum").isFalse();
  }

  @Test
  void aValidationThatCannotReadItsDataWritesFail() throws Exception {
    Run r = sluice("validate", "--contract", contract.toString(), "--data", dir.resolve("none.csv").toString(),
        "--lineage", lineage.toString());

    assertThat(r.exit()).isEqualTo(2);
    List<JsonNode> events = events();
    assertThat(events).extracting(e -> e.path("eventType").asText()).containsExactly("START", "FAIL");
    assertThat(events.get(1).path("run").path("facets").path("errorMessage").path("message").asText()).contains("none.csv");
    assertThat(events.get(1).path("inputs").get(0).has("inputFacets")).isFalse();
  }

  @Test
  void aLineageFileThatCannotBeWrittenIsAWarningAndTheRunCommits() throws Exception {
    Path blocked = dir.resolve("not-a-folder");
    Files.writeString(blocked, "a file where the lineage file's folder would be");
    Run r = enforce("--lineage", blocked.resolve("lineage.jsonl").toString());

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("COMMITTED");
    assertThat(r.err().lines().filter(l -> l.startsWith("sluice: warning: Cannot send the ")))
        .hasSize(2).allSatisfy(l -> assertThat(l).contains(blocked.toString()).contains("the run goes on without it"));
  }
}
