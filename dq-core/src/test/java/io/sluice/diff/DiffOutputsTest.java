package io.sluice.diff;

import static io.sluice.diff.Contracts.BASE;
import static io.sluice.diff.Contracts.edit;
import static io.sluice.diff.Contracts.load;
import static io.sluice.diff.Contracts.version;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.contract.Severity;
import io.sluice.report.JUnitReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON report, JUnit cases, SARIF log and Markdown summary of a diff. */
class DiffOutputsTest {
  /** A column removed without a major bump (refused) and a range tightened (producers). */
  private static DiffReport report(boolean failOnProducers) {
    String after = version(edit(edit(BASE, "  - name: qty\n    type: int\n", ""), "max: 100 }", "max: 50 }"), "1.5.0");
    ContractDiff d = ContractDiff.between("contracts/orders.yaml", load(BASE, "HEAD:contracts/orders.yaml"),
        load(after, "contracts/orders.yaml"));
    return new DiffReport(List.of(d), List.of(), failOnProducers, Optional.empty());
  }

  @Test
  void theJsonReportCarriesEachFindingAndBothBumps() {
    JsonNode json = DiffOutputs.json(report(false));
    assertThat(json.get("status").asText()).isEqualTo("FAILED");
    JsonNode c = json.get("contracts").get(0);
    assertThat(c.get("required_bump").asText()).isEqualTo("major");
    assertThat(c.get("declared_bump").asText()).isEqualTo("minor");
    assertThat(c.get("version_before").asText()).isEqualTo("1.4.0");
    assertThat(c.get("refusals")).hasSize(1);
    assertThat(c.get("findings")).extracting(f -> f.get("rule").asText() + "/" + f.get("breaks").asText())
        .containsExactly("COLUMN_REMOVED/consumers", "RANGE_TIGHTENED/producers");
    assertThat(c.get("findings").get(1).get("check").asText()).isEqualTo("amount.range");
  }

  @Test
  void junitFailsTheRefusedBreakingChangeAndPassesTheProducerWarning() {
    List<JUnitReport.Case> cases = DiffOutputs.junitCases(report(false));
    assertThat(cases).extracting(JUnitReport.Case::name)
        .containsExactly("version 1.4.0 -> 1.5.0", "COLUMN_REMOVED qty", "RANGE_TIGHTENED amount.range");
    assertThat(cases).extracting(k -> k.failure() != null).containsExactly(true, true, false);
    assertThat(cases.get(2).output()).contains("breaks producers");
  }

  @Test
  void junitFailsProducerFindingsWithFailOnProducers() {
    assertThat(DiffOutputs.junitCases(report(true)).get(2).failure()).contains("RANGE_TIGHTENED");
  }

  @Test
  void aBreakingChangeWithItsMajorBumpPassesInJunit() {
    ContractDiff d = ContractDiff.between("o.yaml", load(BASE, "b.yaml"),
        load(version(edit(BASE, "  - name: qty\n    type: int\n", ""), "2.0.0"), "a.yaml"));
    List<JUnitReport.Case> cases = DiffOutputs.junitCases(new DiffReport(List.of(d), List.of(), false, Optional.empty()));
    assertThat(cases).allMatch(k -> k.failure() == null);
    String xml = JUnitReport.xml("sluice.diff", cases, 0.1);
    assertThat(xml).contains("tests=\"2\" failures=\"0\"");
  }

  @Test
  void sarifPutsEachFindingInItsVersionsFileWithTheLevelOfWhomItBreaks(@TempDir Path dir) throws Exception {
    String after = version(edit(edit(BASE, "  - name: qty\n    type: int\n", ""), "max: 100 }", "max: 50 }"), "1.5.0");
    Files.createDirectories(dir.resolve("old"));
    Files.createDirectories(dir.resolve("new"));
    Files.writeString(dir.resolve("old/orders.yaml"), BASE);
    Files.writeString(dir.resolve("new/orders.yaml"), after);
    DiffReport report = Differ.standard().files(dir.resolve("old/orders.yaml"), dir.resolve("new/orders.yaml"));
    JsonNode results = DiffOutputs.sarif(report, dir).path("runs").path(0).path("results");
    assertThat(results).extracting(r -> r.path("ruleId").asText() + " " + r.path("level").asText() + " "
            + r.path("locations").path(0).path("physicalLocation").path("artifactLocation").path("uri").asText())
        .containsExactlyInAnyOrder("COLUMN_REMOVED error old/orders.yaml", "RANGE_TIGHTENED warning new/orders.yaml",
            "VERSION_REFUSED error new/orders.yaml");
    JsonNode tightened = DiffOutputs.sarif(report.failingOnProducers(true), dir).path("runs").path(0).path("results").path(1);
    assertThat(tightened.path("ruleId").asText()).isEqualTo("RANGE_TIGHTENED");
    assertThat(tightened.path("level").asText()).isEqualTo("error");
  }

  @Test
  void theMarkdownSummaryTablesTheBumpsAndFindings() {
    ImpactReport impact = new ImpactReport("sample.csv", 10, List.of(new ImpactReport.CheckImpact("amount.range",
        Optional.of(Severity.ERROR), Optional.of(Severity.ERROR), 1, 3, 2, 0)), true, List.of());
    String md = DiffOutputs.markdown(report(false).withImpact(impact));
    assertThat(md).startsWith("### Sluice contract diff: FAILED");
    assertThat(md).contains("| `orders` | `contracts/orders.yaml` | 1.4.0 → 1.5.0 | major | minor | **FAILED** |");
    assertThat(md).contains("> **Refused:** 1 change(s) break consumers");
    assertThat(md).contains("| `COLUMN_REMOVED` | **consumers** | major | `qty` |");
    assertThat(md).containsPattern("\\| `RANGE_TIGHTENED` \\| producers \\| minor \\| `amount.range` \\| .* \\| 2 \\|");
    assertThat(md).contains("| `amount.range` | error | 1 | 3 | 2 | 0 |");
  }
}
