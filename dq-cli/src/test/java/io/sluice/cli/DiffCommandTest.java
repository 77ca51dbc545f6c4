package io.sluice.cli;

import static io.sluice.cli.Run.sluice;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code sluice diff} end to end: two files, and a git repository compared with {@code --base HEAD}. */
class DiffCommandTest {
  private static final String ORDERS = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      columns:
        - {name: order_id, type: string, required: true, unique: true}
        - name: amount
          type: decimal(8,2)
          checks:
            - range: {min: 0, max: 1000}
        - {name: note, type: string}
      """;
  private static final String CUSTOMERS = """
      apiVersion: sluice/v1
      kind: DataContract
      id: customers
      version: 2.1.0
      layer: silver
      columns:
        - {name: customer_id, type: string, required: true}
      """;

  @TempDir Path repo;
  Path contracts;

  private void git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Sluice Test", "-c", "user.email=test@example.com",
        "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
  }

  @BeforeEach
  void committedContracts() throws Exception {
    contracts = repo.resolve("contracts");
    Files.createDirectories(contracts.resolve("silver"));
    Files.writeString(contracts.resolve("silver/orders.yaml"), ORDERS);
    Files.writeString(contracts.resolve("silver/customers.yaml"), CUSTOMERS);
    git("init", "-q");
    git("add", ".");
    git("commit", "-q", "-m", "contracts");
  }

  private void edit(String file, String find, String replace) throws Exception {
    Path p = contracts.resolve(file);
    String text = Files.readString(p);
    assertThat(text).contains(find);
    Files.writeString(p, text.replace(find, replace));
  }

  @Test
  void unchangedContractsPass() {
    Run r = sluice("diff", "--base", "HEAD", contracts.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("2 contracts compared, 0 changed").endsWith("PASSED" + System.lineSeparator());
  }

  @Test
  void aBreakingChangeWithoutAMajorBumpExitsOneAndNamesTheRule() throws Exception {
    edit("silver/orders.yaml", "  - {name: note, type: string}\n", "");
    edit("silver/orders.yaml", "version: 1.0.0", "version: 1.1.0");
    Run r = sluice("diff", "--base", "HEAD", contracts.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains("silver/orders.yaml: orders 1.0.0 -> 1.1.0 (required major, declared minor): FAILED")
        .contains("HEAD:contracts/silver/orders.yaml:12:5: consumers COLUMN_REMOVED")
        .contains("refused: 1 change(s) break consumers: that needs a major bump")
        .contains("declare 2.0.0");
  }

  @Test
  void theSameChangeWithAMajorBumpPasses() throws Exception {
    edit("silver/orders.yaml", "  - {name: note, type: string}\n", "");
    edit("silver/orders.yaml", "version: 1.0.0", "version: 2.0.0");
    Run r = sluice("diff", "--base", "HEAD", contracts.resolve("silver/orders.yaml").toString());
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("orders 1.0.0 -> 2.0.0 (required major, declared major): ok");
  }

  @Test
  void aChangeWithoutABumpExitsOne() throws Exception {
    edit("silver/orders.yaml", "max: 1000", "max: 500");
    Run r = sluice("diff", "--base", "HEAD", contracts.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("producers RANGE_TIGHTENED").contains("its version is still 1.0.0: declare 1.1.0");
  }

  @Test
  void aTightenedCheckWarnsAndFailsOnlyWithFailOnProducers() throws Exception {
    edit("silver/orders.yaml", "max: 1000", "max: 500");
    edit("silver/orders.yaml", "version: 1.0.0", "version: 1.1.0");
    Run warned = sluice("diff", "--base", "HEAD", contracts.toString());
    assertThat(warned.exit()).as(warned.out()).isZero();
    assertThat(warned.out()).endsWith("WARNED" + System.lineSeparator());
    assertThat(sluice("diff", "--base", "HEAD", "--fail-on", "producers", contracts.toString()).exit()).isEqualTo(1);
  }

  @Test
  void aVersionThatGoesDownExitsOne() throws Exception {
    edit("silver/customers.yaml", "version: 2.1.0", "version: 2.0.9");
    Run r = sluice("diff", "--base", "HEAD", contracts.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("version went down from 2.1.0 to 2.0.9");
  }

  @Test
  void aDeletedContractIsABreakingChange() throws Exception {
    Files.delete(contracts.resolve("silver/customers.yaml"));
    Run r = sluice("diff", "--base", "HEAD", contracts.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains(contracts.resolve("silver/customers.yaml") + ": customers 2.1.0 -> removed: FAILED")
        .contains("consumers CONTRACT_REMOVED");
  }

  @Test
  void aMovedContractIsComparedWithItsOldSelf() throws Exception {
    Files.createDirectories(contracts.resolve("gold"));
    Files.move(contracts.resolve("silver/customers.yaml"), contracts.resolve("gold/customers.yaml"));
    Run r = sluice("diff", "--base", "HEAD", contracts.toString());
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).doesNotContain("CONTRACT_REMOVED").doesNotContain("CONTRACT_ADDED")
        .contains("2 contracts compared, 0 changed");
  }

  @Test
  void anAddedContractIsCheckedForValidity() throws Exception {
    Files.writeString(contracts.resolve("silver/payments.yaml"), CUSTOMERS.replace("id: customers", "id: payments"));
    Run ok = sluice("diff", "--base", "HEAD", contracts.toString());
    assertThat(ok.exit()).as(ok.out()).isZero();
    assertThat(ok.out()).contains("payments.yaml: payments 2.1.0: ok").contains("nobody    CONTRACT_ADDED");

    Files.writeString(contracts.resolve("silver/payments.yaml"), CUSTOMERS.replace("type: string", "type: strnig"));
    Run broken = sluice("diff", "--base", "HEAD", contracts.toString());
    assertThat(broken.exit()).isEqualTo(2);
    assertThat(broken.out()).contains("payments.yaml:7:31: error: unknown type 'strnig'");
  }

  @Test
  void aContractThatWasBrokenAtTheBaseIsCheckedAsNew() throws Exception {
    edit("silver/customers.yaml", "type: string", "type: strnig");
    git("commit", "-q", "-am", "broken");
    edit("silver/customers.yaml", "type: strnig", "type: string");
    Run r = sluice("diff", "--base", "HEAD", contracts.toString());
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("CONTRACT_ADDED").contains("its version at HEAD was not a valid contract");
  }

  @Test
  void anUnknownRefIsABadInput() {
    Run r = sluice("diff", "--base", "origin/nowhere", contracts.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).contains("git ref 'origin/nowhere' names no commit").contains("fetch");
  }

  @Test
  void twoFilesCompareWithoutGit(@TempDir Path dir) throws Exception {
    Path before = dir.resolve("before.yaml");
    Path after = dir.resolve("after.yaml");
    Files.writeString(before, ORDERS);
    Files.writeString(after, ORDERS.replace("version: 1.0.0", "version: 1.0.1").replace("max: 1000", "max: 999"));
    Run patch = sluice("diff", before.toString(), after.toString());
    assertThat(patch.exit()).as(patch.out()).isEqualTo(1);
    assertThat(patch.out()).contains("RANGE_TIGHTENED").contains("needs a minor bump");
    Files.writeString(after, ORDERS.replace("type: decimal(8,2)", "type: decimal(10,2)"));
    Run r = sluice("diff", before.toString(), after.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains(after + ":8:5: nobody    TYPE_WIDENED").contains("declare 1.1.0");
  }

  @Test
  void twoFoldersCompareFileByFile(@TempDir Path dir) throws Exception {
    Path before = dir.resolve("before");
    Path after = dir.resolve("after");
    Files.createDirectories(before.resolve("silver"));
    Files.createDirectories(after.resolve("silver"));
    Files.writeString(before.resolve("silver/orders.yaml"), ORDERS);
    Files.writeString(before.resolve("silver/customers.yaml"), CUSTOMERS);
    Files.writeString(after.resolve("silver/orders.yaml"), ORDERS.replace("version: 1.0.0", "version: 1.0.1")
        .replace("layer: silver", "layer: silver\ndescription: Orders."));
    Run r = sluice("diff", before.toString(), after.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains(after.resolve("silver/orders.yaml") + ": orders 1.0.0 -> 1.0.1 (required patch, declared patch): ok")
        .contains(before.resolve("silver/customers.yaml") + ": customers 2.1.0 -> removed: FAILED");
  }

  @Test
  void aMissingFileAndABadUsageExitTwo(@TempDir Path dir) {
    Run missing = sluice("diff", dir.resolve("a.yaml").toString(), dir.resolve("b.yaml").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.out()).contains("a.yaml:1:1: error: no such file or folder");
    Run usage = sluice("diff", "only-one.yaml");
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.err()).contains("diff compares OLD NEW");
    assertThat(sluice("diff", "--fail-on", "everyone", "a", "b").exit()).isEqualTo(2);
  }

  @Test
  void writesJsonJunitMarkdownAndHtml() throws Exception {
    edit("silver/orders.yaml", "  - {name: note, type: string}\n", "");
    edit("silver/orders.yaml", "version: 1.0.0", "version: 1.1.0");
    Path out = repo.resolve("target");
    Run r = sluice("diff", "--base", "HEAD", contracts.toString(), "--report-json", out.resolve("diff.json").toString(),
        "--junit", out.resolve("diff.xml").toString(), "--markdown", out.resolve("diff.md").toString(),
        "--report-html", out.resolve("diff.html").toString());
    assertThat(r.exit()).isEqualTo(1);

    JsonNode json = new ObjectMapper().readTree(out.resolve("diff.json").toFile());
    assertThat(json.get("status").asText()).isEqualTo("FAILED");
    assertThat(json.get("contracts")).hasSize(2);
    JsonNode orders = json.get("contracts").get(1);
    assertThat(orders.get("id").asText()).isEqualTo("orders");
    assertThat(orders.get("findings").get(0).get("rule").asText()).isEqualTo("COLUMN_REMOVED");

    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("diff.xml").toFile());
    assertThat(xml.getDocumentElement().getAttribute("tests")).isEqualTo("3");
    assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("2");

    assertThat(Files.readString(out.resolve("diff.md")))
        .contains("| `orders` | `" + contracts.resolve("silver/orders.yaml") + "` | 1.0.0 → 1.1.0 | major | minor | **FAILED** |");

    Document html = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("diff.html").toFile());
    assertThat(html.getElementsByTagName("td").item(0).getTextContent()).isEqualTo("COLUMN_REMOVED");
  }
}
