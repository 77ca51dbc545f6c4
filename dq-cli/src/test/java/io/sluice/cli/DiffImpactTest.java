package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice diff --impact} on real Spark: both versions over the same rows, compared row by row. The
 * contracts encrypt a column and no keyset is given: measuring writes nothing, so it needs no keys.
 */
class DiffImpactTest {
  private static final String BEFORE = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      columns:
        - {name: order_id, type: string, required: true}
        - name: amount
          type: int
          checks:
            - range: {min: 0, max: 1000}
        - name: status
          type: string
          checks:
            - allowed_values: [A, B]
              severity: warn
        - {name: note, type: string, protect: {encrypt: deterministic, key: notes}}
      """;
  private static final String AFTER = BEFORE.replace("version: 1.0.0", "version: 2.0.0")
      .replace("max: 1000", "max: 100")
      .replace("[A, B]", "[A, B, C]")
      .replace("{name: note, type: string,", "{name: note, type: string, required: true,");

  @Test
  void reportsRowsNewlyFailingAndNoLongerFailingPerCheck(@TempDir Path dir) throws Exception {
    Path before = dir.resolve("before.yaml");
    Path after = dir.resolve("after.yaml");
    Path csv = dir.resolve("orders.csv");
    Files.writeString(before, BEFORE);
    Files.writeString(after, AFTER);
    // o2 newly fails the range; o3 fails it in both, no longer fails status, newly fails note.required; o4 fails both.
    Files.writeString(csv, "order_id,amount,status,note\no1,50,A,x\no2,500,B,x\no3,-1,C,\no4,2000,A,x\n");
    Path json = dir.resolve("diff.json");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Sluice.run(new PrintWriter(out), new PrintWriter(err), "diff", before.toString(), after.toString(),
        "--impact", csv.toString(), "--report-json", json.toString());

    assertThat(exit).as(out + "\n" + err).isZero();
    assertThat(out.toString()).contains("impact on " + csv + " (4 rows)")
        .contains("RANGE_TIGHTENED").contains("[impact: 1 row(s) newly failing, 0 no longer]");
    JsonNode impact = new ObjectMapper().readTree(json.toFile()).get("impact");
    assertThat(impact.get("rows").asLong()).isEqualTo(4);
    Map<String, String> byCheck = new HashMap<>();
    impact.get("checks").forEach(c -> byCheck.put(c.get("id").asText(), c.get("failed_before").asLong() + "/"
        + c.get("failed_after").asLong() + " +" + c.get("newly_failing").asLong() + " -" + c.get("no_longer_failing").asLong()));
    assertThat(byCheck).containsEntry("amount.range", "2/3 +1 -0")
        .containsEntry("status.allowed_values", "1/0 +0 -1")
        .containsEntry("note.required", "0/1 +1 -0")
        .containsEntry("order_id.required", "0/0 +0 -0")
        .containsEntry("amount.type", "0/0 +0 -0");
    assertThat(impact.get("checks").findValuesAsText("severity_after")).contains("warn");

    int strict = Sluice.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "diff",
        before.toString(), after.toString(), "--impact", csv.toString(), "--fail-on", "producers");
    assertThat(strict).isEqualTo(1);
  }

  @Test
  void aNewContractThatNamesAMissingColumnIsReportedAsStopping(@TempDir Path dir) throws Exception {
    Path before = dir.resolve("before.yaml");
    Path after = dir.resolve("after.yaml");
    Path csv = dir.resolve("orders.csv");
    Files.writeString(before, BEFORE);
    Files.writeString(after, BEFORE.replace("version: 1.0.0", "version: 1.1.0")
        .replace("columns:\n", "columns:\n  - {name: region, type: string}\n"));
    Files.writeString(csv, "order_id,amount,status,note\no1,50,A,x\n");
    StringWriter out = new StringWriter();
    int exit = Sluice.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "diff", before.toString(),
        after.toString(), "--impact", csv.toString(), "--fail-on", "producers");
    assertThat(exit).as(out.toString()).isEqualTo(1);
    assertThat(out.toString()).contains("the new contract stops on this data").contains("region");
  }
}
