package io.sluice.cli;

import static io.sluice.cli.Run.sluice;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code sluice validate}, {@code enforce} and {@code audit verify} end to end, in process, on real Spark. */
class EnforceAndValidateCommandTest {
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

  @BeforeEach
  void files() throws Exception {
    contract = dir.resolve("orders.yaml");
    Files.writeString(contract, CONTRACT);
    csv = dir.resolve("orders.csv");
    Files.writeString(csv, "order_id,amount,status\no1,1.00,PLACED\no2,-5.00,PLACED\no3,2.00,LOST\n");
  }

  private long files(Path p) throws Exception {
    if (!Files.exists(p)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void anExpressionThatCallsCodeIsRefusedByLintValidateAndEnforceWithNothingWritten() throws Exception {
    // Before the allow-list, enforce ran this and the JVM (this test's) ended with exit 0 and no output.
    Path rogue = dir.resolve("rogue.yaml");
    Files.writeString(rogue, CONTRACT + "checks:\n  - name: boom\n    expression: \"reflect('java.lang.System','exit',0) IS NULL\"\n");
    Run lint = sluice("lint", rogue.toString());
    assertThat(lint.exit()).isEqualTo(2);
    assertThat(lint.errorLines()).singleElement().asString()
        .startsWith(rogue + ":19:17: error: expression of check 'boom' calls reflect() at character 1");
    Path out = dir.resolve("silver");
    Path quarantine = dir.resolve("quarantine");
    Path audit = dir.resolve("audit");
    Run enforce = sluice("enforce", "--contract", rogue.toString(), "--input", csv.toString(), "--output", out.toString(),
        "--quarantine", quarantine.toString(), "--audit", audit.toString());
    assertThat(enforce.exit()).isEqualTo(2);
    assertThat(enforce.err()).contains("calls reflect()");
    Run validate = sluice("validate", "--contract", rogue.toString(), "--data", csv.toString());
    assertThat(validate.exit()).isEqualTo(2);
    assertThat(files(out) + files(quarantine)).isZero();
  }

  @Test
  void anInputWhoseNameTellsNoFormatNamesTheFormatFlag() throws Exception {
    Path data = Files.copy(csv, dir.resolve("orders.dat"));
    Run r = sluice("validate", "--contract", contract.toString(), "--data", data.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("cannot tell the format of " + data
        + " from its name: give its format (csv, json, parquet, orc or delta) (--format FORMAT)");
    assertThat(sluice("validate", "--contract", contract.toString(), "--data", data.toString(), "--format", "csv").exit())
        .isEqualTo(1);
  }

  @Test
  void aRunThatWouldChangeTheTargetsSchemaNamesTheReprocessFlag() throws Exception {
    Path out = dir.resolve("silver");
    String[] enforce = {"enforce", "--contract", contract.toString(), "--output", out.toString(), "--quarantine",
        dir.resolve("q").toString(), "--input"};
    Run first = sluice(Stream.concat(Stream.of(enforce), Stream.of(csv.toString())).toArray(String[]::new));
    assertThat(first.exit()).as(first.err()).isZero();
    Files.writeString(contract, CONTRACT.replace("type: 'decimal(8,2)', checks: [{range: {min: 0}}]", "type: string"));
    Path next = Files.writeString(dir.resolve("orders-2.csv"), "order_id,amount,status\no4,3.00,PLACED\n");
    Run second = sluice(Stream.concat(Stream.of(enforce), Stream.of(next.toString())).toArray(String[]::new));
    assertThat(second.exit()).isEqualTo(2);
    assertThat(second.err()).contains("column 'amount' would change from decimal(8,2) to string")
        .contains("or reprocess the source into this one (--reprocess)");
  }

  @Test
  void validateExitsOneWhenAnErrorCheckFailsAndWritesItsReports() throws Exception {
    Path json = dir.resolve("r/report.json");
    Path junit = dir.resolve("r/junit.xml");
    Path html = dir.resolve("r/report.html");
    Run r = sluice("validate", "--contract", contract.toString(), "--data", csv.toString(),
        "--report-json", json.toString(), "--junit", junit.toString(), "--report-html", html.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("rows in 3   valid 2   quarantined 1   warned 1").contains("amount.range");
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.path("status").asText()).isEqualTo("FAILED");
    assertThat(report.path("rows").path("total").asLong()).isEqualTo(3);
    assertThat(report.path("rows").path("quarantined").asLong()).isEqualTo(1);
    assertThat(report.path("rows").path("warned").asLong()).isEqualTo(1);
    List<String> ids = new ArrayList<>();
    report.path("checks").forEach(c -> ids.add(c.path("id").asText() + "=" + c.path("failed_rows").asLong() + ":" + c.path("status").asText()));
    assertThat(ids).contains("amount.range=1:FAILED", "status.allowed_values=1:WARNED", "order_id.unique=0:PASSED");
    assertThat(report.path("dataset_checks").get(0).path("value").asDouble()).isEqualTo(3.0);

    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
    assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("1");
    assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(ids.size() + 1);
    Document page = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(html.toFile()); // well-formed
    javax.xml.xpath.XPath xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();
    assertThat(xpath.evaluate("count(//section[@id='row-checks']//tr)", page)).isEqualTo(String.valueOf(1 + ids.size()));
    assertThat(xpath.evaluate("count(//section[@id='dataset-checks']//tr)", page)).isEqualTo(String.valueOf(1 + 1));
    assertThat(Files.readString(html)).contains("<code>amount.range</code>").contains("class=\"FAILED\">FAILED");
    assertThat(files(dir)).isEqualTo(5); // the contract, the data and the three reports: nothing else written
  }

  @Test
  void validateExitsZeroWhenOnlyWarnChecksFail() throws Exception {
    Files.writeString(csv, "order_id,amount,status\no1,1.00,PLACED\no3,2.00,LOST\n");
    Run r = sluice("validate", "--contract", contract.toString(), "--data", csv.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("status WARNED");
  }

  @Test
  void enforceCommitsAuditsAndTheAuditVerifies() throws Exception {
    Path out = dir.resolve("silver");
    Path q = dir.resolve("quarantine");
    Path audit = dir.resolve("audit");
    Run r = sluice("enforce", "--contract", contract.toString(), "--input", csv.toString(), "--output", out.toString(),
        "--quarantine", q.toString(), "--audit", audit.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("COMMITTED").contains("valid rows  -> " + out);
    assertThat(sluice("audit", "verify", "--audit", audit.toString()).exit()).isZero();

    // the same input again: nothing written twice, one more audit line
    Run again = sluice("enforce", "--contract", contract.toString(), "--input", csv.toString(), "--output", out.toString(),
        "--quarantine", q.toString(), "--audit", audit.toString());
    assertThat(again.exit()).isZero();
    assertThat(again.out()).contains("SKIPPED");
    Run verify = sluice("audit", "verify", "--audit", audit.toString());
    assertThat(verify.out()).contains("intact, 2 records");

    List<String> lines = Files.readAllLines(audit.resolve("audit.jsonl"));
    Files.write(audit.resolve("audit.jsonl"), List.of(lines.get(1)));
    Run tampered = sluice("audit", "verify", "--audit", audit.toString());
    assertThat(tampered.exit()).isEqualTo(1);
    assertThat(tampered.out()).contains("audit.jsonl:1: tampered").contains("deleted");
  }

  @Test
  void enforceIntoDeltaCommitsEachTableOnceThroughItsLog() throws Exception {
    Path out = dir.resolve("silver");
    Path q = dir.resolve("quarantine");
    for (String expected : List.of("COMMITTED", "SKIPPED")) {
      Run r = sluice("enforce", "--contract", contract.toString(), "--input", csv.toString(), "--output", out.toString(),
          "--quarantine", q.toString(), "--output-format", "delta");
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).contains(expected);
    }
    assertThat(deltaRows(out)).isEqualTo(2);
    assertThat(deltaRows(q)).isEqualTo(1);
  }

  /** The rows a Delta table's log says it holds: the row counts of the files it added, less those it removed. */
  private static long deltaRows(Path table) throws Exception {
    ObjectMapper json = new ObjectMapper();
    long rows = 0;
    try (Stream<Path> log = Files.list(table.resolve("_delta_log"))) {
      for (Path commit : log.filter(p -> p.toString().endsWith(".json")).toList()) {
        for (String line : Files.readAllLines(commit)) {
          JsonNode action = json.readTree(line);
          assertThat(action.has("remove")).isFalse();
          if (action.has("add")) {
            rows += json.readTree(action.get("add").get("stats").asText()).get("numRecords").asLong();
          }
        }
      }
    }
    return rows;
  }

  @Test
  void enforceExitsOneAndWritesNothingWhenADatasetCheckFails() throws Exception {
    Files.writeString(contract, CONTRACT.replace("row_count: {min: 1}", "row_count: {min: 10}"));
    Path out = dir.resolve("silver");
    Run r = sluice("enforce", "--contract", contract.toString(), "--input", csv.toString(), "--output", out.toString(),
        "--quarantine", dir.resolve("q").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("ABORTED").contains("dataset.row_count");
    assertThat(Files.exists(out.resolve("_sluice"))).isFalse();
    try (Stream<Path> s = Files.walk(out)) {
      assertThat(s.filter(p -> p.toString().endsWith(".parquet")).count()).isZero();
    }
  }

  @Test
  void aMissingFileIsOneClearLineAndExit2() {
    Run r = sluice("validate", "--contract", contract.toString(), "--data", dir.resolve("none.csv").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("sluice: no such file or folder: " + dir.resolve("none.csv"));
  }

  @Test
  void aMissingColumnIsExit2AndNothingIsWritten() throws Exception {
    Files.writeString(csv, "order_id,amount\no1,1.00\n");
    Path out = dir.resolve("silver");
    Run r = sluice("enforce", "--contract", contract.toString(), "--input", csv.toString(), "--output", out.toString(),
        "--quarantine", dir.resolve("q").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no column 'status'").contains(contract.toString());
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(files(out)).isZero();
  }

  @Test
  void anUnknownFormatIsExit2() {
    Run r = sluice("validate", "--contract", contract.toString(), "--data", csv.toString(), "--format", "xml");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--format is csv, json, parquet, orc or delta, not 'xml'");
  }

  @Test
  void anUnreadableFileIsExit2() throws Exception {
    Path notParquet = dir.resolve("orders.parquet");
    Files.writeString(notParquet, "this is not parquet");
    Run r = sluice("validate", "--contract", contract.toString(), "--data", notParquet.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("sluice: cannot read " + notParquet + " as parquet");
  }

  @Test
  void aBrokenContractIsExit2WithItsLocation() throws Exception {
    Files.writeString(contract, CONTRACT.replace("type: 'decimal(8,2)'", "type: 'decimel(8,2)'"));
    Run r = sluice("validate", "--contract", contract.toString(), "--data", csv.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(contract + ":9:").contains("unknown type 'decimel(8,2)'");
  }

  @Test
  void anEncryptedColumnNeedsTheKeysFolderAndGetsIt() throws Exception {
    Files.writeString(contract, CONTRACT.replace("{name: order_id, type: string, required: true, unique: true}",
        "{name: order_id, type: string, required: true, unique: true, protect: {encrypt: deterministic, key: orders}}"));
    Path out = dir.resolve("silver");
    String[] enforce = {"enforce", "--contract", contract.toString(), "--input", csv.toString(), "--output",
        out.toString(), "--quarantine", dir.resolve("q").toString()};
    Run without = sluice(enforce);
    assertThat(without.exit()).isEqualTo(2);
    assertThat(without.err()).contains("with keyset 'orders': give the keyset store that holds it (--keys DIR)");
    assertThat(files(out)).isZero();

    Path keys = dir.resolve("keys");
    Run create = sluice("keys", "create", "--keys", keys.toString(), "--name", "orders", "--type", "deterministic");
    assertThat(create.exit()).isZero();
    assertThat(create.err()).contains("warning: created a local master key");
    String[] withKeys = java.util.stream.Stream.concat(java.util.Arrays.stream(enforce),
        java.util.stream.Stream.of("--keys", keys.toString())).toArray(String[]::new);
    Run with = sluice(withKeys);
    assertThat(with.exit()).as(with.err()).isZero();
    var ids = SparkRuns.session().read().parquet(out.toString()).collectAsList().stream()
        .map(row -> row.<String>getAs("order_id")).toList();
    assertThat(ids).hasSize(2).noneMatch(id -> id.matches("o[0-9]")).allMatch(id -> id.length() > 20);
    assertThat(sluice("keys", "rotate", "--keys", keys.toString(), "--name", "orders").exit()).isZero();
  }

  @Test
  void explainPrintsThePhysicalPlanOfTheOnePass() {
    Run r = sluice("enforce", "--contract", contract.toString(), "--input", csv.toString(), "--output",
        dir.resolve("silver").toString(), "--quarantine", dir.resolve("q").toString(), "--explain");
    assertThat(r.exit()).isZero();
    // The one pass: a scan, the checks, the observed counts; no exchange moves the rows (duplicate keys were
    // found beforehand; this input has none, so no join is left in the plan at all).
    assertThat(r.out()).contains("== Physical Plan ==").contains("CollectMetrics").contains("Scan csv")
        .doesNotContain("Exchange");
  }
}
