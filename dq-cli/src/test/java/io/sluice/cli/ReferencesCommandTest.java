package io.sluice.cli;

import static io.sluice.cli.Run.sluice;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice validate} and {@code enforce} on a contract whose orders reference a customers dataset. */
class ReferencesCommandTest {
  @TempDir Path dir;
  Path csv;

  private Path contract(String customers) throws Exception {
    Path file = dir.resolve("orders.yaml");
    Files.writeString(file, """
        apiVersion: sluice/v1
        kind: DataContract
        id: orders
        version: 1.0.0
        layer: silver
        source: bronze
        columns:
          - {name: order_id, type: string, required: true}
          - name: customer_id
            type: string
            checks:
              - references: { dataset: '%s', format: csv, column: id }
        """.formatted(customers));
    return file;
  }

  @BeforeEach
  void files() throws Exception {
    Files.writeString(dir.resolve("customers.csv"), "id,name\nC1,Ana\nC2,Bo\n");
    csv = dir.resolve("orders.csv");
    Files.writeString(csv, "order_id,customer_id\no1,C1\no2,C9\no3,\no4,C2\n");
  }

  @Test
  void validateFailsTheOrdersWhoseCustomerIsUnknown() throws Exception {
    Path json = dir.resolve("report.json");
    Run r = sluice("validate", "--contract", contract(dir.resolve("customers.csv").toString()).toString(),
        "--data", csv.toString(), "--report-json", json.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("rows in 4   valid 3   quarantined 1").contains("customer_id.references");
    List<String> ids = new ArrayList<>();
    new ObjectMapper().readTree(json.toFile()).path("checks").forEach(c -> ids.add(c.path("id").asText() + "="
        + c.path("failed_rows").asLong() + ":" + c.path("status").asText()));
    assertThat(ids).contains("customer_id.references=1:FAILED");
  }

  @Test
  void enforceQuarantinesTheOrderWithTheReferenceAsItsReason() throws Exception {
    Path out = dir.resolve("silver");
    Path q = dir.resolve("quarantine");
    Run r = sluice("enforce", "--contract", contract(dir.resolve("customers.csv").toString()).toString(),
        "--input", csv.toString(), "--output", out.toString(), "--quarantine", q.toString(),
        "--audit", dir.resolve("audit").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("COMMITTED").contains("customer_id.references");
    Run read = sluice("validate", "--contract", contract(dir.resolve("customers.csv").toString()).toString(),
        "--data", out.toString());
    assertThat(read.exit()).as("what enforce let through passes the reference").isZero();
  }

  @Test
  void enforceStopsWithOneLineWhenTheReferencedDatasetIsMissingAndAuditsIt() throws Exception {
    Path out = dir.resolve("silver");
    Path audit = dir.resolve("audit");
    Run r = sluice("enforce", "--contract", contract(dir.resolve("nowhere.csv").toString()).toString(),
        "--input", csv.toString(), "--output", out.toString(), "--quarantine", dir.resolve("q").toString(),
        "--audit", audit.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Cannot check reference 'customer_id.references': ").contains("nowhere.csv")
        .doesNotContain("\tat ");
    JsonNode record = new ObjectMapper().readTree(Files.readAllLines(audit.resolve("audit.jsonl")).get(0));
    assertThat(record.path("outcome").asText()).isEqualTo("ABORTED");
  }
}
