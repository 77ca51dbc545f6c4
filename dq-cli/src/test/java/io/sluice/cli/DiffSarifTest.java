package io.sluice.cli;

import static io.sluice.cli.Run.sluice;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.diff.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice diff --base REF --sarif FILE}: every change as a SARIF result at the YAML node it is
 * about, in the new version of the file or, for what the new version no longer has, in the old one.
 */
class DiffSarifTest {
  private static final String ORDERS = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      owner: sales
      description: Orders as sold
      layer: silver
      columns:
        - name: order_id
          type: string
          required: true
        - name: amount
          type: decimal(8,2)
          checks:
            - range: {min: 0, max: 1000}
        - name: note
          type: string
        - name: qty
          type: long
      """;
  /** Breaks consumers (note removed, qty narrowed), concerns producers (range tightened), breaks nobody (the rest). */
  private static final String ORDERS_CHANGED = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.1.0
      owner: sales
      description: Orders as sold, one row per order
      layer: silver
      columns:
        - name: order_id
          type: string
          required: true
        - name: amount
          type: decimal(8,2)
          checks:
            - range: {min: 0, max: 500}
        - name: qty
          type: int
        - name: channel
          type: string
      """;
  private static final String LEGACY = """
      # kept for the old reports
      apiVersion: sluice/v1
      kind: DataContract
      id: legacy_orders
      version: 3.0.0
      layer: gold
      columns:
        - {name: order_id, type: string}
      """;

  @TempDir Path repo;
  Path contracts;

  private void git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Sluice Test", "-c", "user.email=test@example.com",
        "-c", "commit.gpgsign=false"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
  }

  @BeforeEach
  void aChangeOnTopOfACommit() throws Exception {
    contracts = repo.resolve("contracts/silver");
    Files.createDirectories(contracts);
    Files.writeString(contracts.resolve("orders.yaml"), ORDERS);
    Files.writeString(contracts.resolve("legacy.yaml"), LEGACY);
    git("init", "-q");
    git("add", ".");
    git("commit", "-q", "-m", "contracts");
    Files.writeString(contracts.resolve("orders.yaml"), ORDERS_CHANGED);
    Files.delete(contracts.resolve("legacy.yaml"));
  }

  private record Diff(Run run, JsonNode log) {}

  private Diff diff(String... more) throws Exception {
    Path out = repo.resolve("target/diff.sarif");
    List<String> args = new ArrayList<>(List.of("diff", "--base", "HEAD", repo.resolve("contracts").toString(),
        "--sarif", out.toString()));
    args.addAll(List.of(more));
    Run r = sluice(args.toArray(String[]::new));
    return new Diff(r, new ObjectMapper().readTree(out.toFile()));
  }

  private static List<JsonNode> results(JsonNode log) {
    List<JsonNode> results = new ArrayList<>();
    log.path("runs").path(0).path("results").forEach(results::add);
    return results;
  }

  private record Seen(String ruleId, String level, String uri, int line, int column) {
    static Seen of(JsonNode result) {
      JsonNode physical = result.path("locations").path(0).path("physicalLocation");
      return new Seen(result.path("ruleId").asText(), result.path("level").asText(),
          physical.path("artifactLocation").path("uri").asText(), physical.path("region").path("startLine").asInt(),
          physical.path("region").path("startColumn").asInt());
    }

    static Seen of(String ruleId, String level, String uri, YamlNodes.Place at) {
      return new Seen(ruleId, level, uri, at.line(), at.column());
    }
  }

  @Test
  void theLogIsValidSarif210WithARuleForEachRuleOfDiff() throws Exception {
    JsonNode log = diff().log();
    assertThat(SarifSchema.validate(log)).isEmpty();
    assertThat(log.path("version").asText()).isEqualTo("2.1.0");
    List<String> ids = new ArrayList<>();
    log.path("runs").path(0).path("tool").path("driver").path("rules").forEach(r -> ids.add(r.path("id").asText()));
    assertThat(ids).doesNotHaveDuplicates().contains("VERSION_REFUSED", "UNKNOWN_KEY");
    for (Rule rule : Rule.values()) {
      JsonNode described = log.path("runs").path(0).path("tool").path("driver").path("rules").path(ids.indexOf(rule.name()));
      assertThat(described.path("shortDescription").path("text").asText()).as(rule.name()).isEqualTo(rule.title());
      assertThat(described.path("help").path("text").asText()).as(rule.name()).contains(rule.description());
    }
  }

  @Test
  void eachChangeIsAtItsYamlNodeWithTheLevelOfWhomItBreaks() throws Exception {
    YamlNodes now = new YamlNodes(ORDERS_CHANGED);
    YamlNodes then = new YamlNodes(ORDERS);
    String orders = "contracts/silver/orders.yaml";
    assertThat(results(diff().log()).stream().map(Seen::of).toList()).containsExactlyInAnyOrder(
        Seen.of("COLUMN_REMOVED", "error", orders, then.value("columns", 2)),
        Seen.of("TYPE_NARROWED", "error", orders, now.value("columns", 2)),
        Seen.of("RANGE_TIGHTENED", "warning", orders, now.key("range", "columns", 1, "checks", 0)),
        Seen.of("COLUMN_ADDED", "note", orders, now.value("columns", 3)),
        Seen.of("DESCRIPTION_CHANGED", "note", orders, now.value("description")),
        Seen.of("VERSION_REFUSED", "error", orders, now.value("version")),
        Seen.of("CONTRACT_REMOVED", "error", "contracts/silver/legacy.yaml", new YamlNodes(LEGACY).value("id")));
  }

  @Test
  void aChangeLocatedInTheOldVersionSaysSo() throws Exception {
    JsonNode removed = results(diff().log()).stream()
        .filter(r -> r.path("ruleId").asText().equals("COLUMN_REMOVED")).findFirst().orElseThrow();
    YamlNodes.Place note = new YamlNodes(ORDERS).value("columns", 2);
    assertThat(removed.path("message").path("text").asText()).startsWith("column 'note' removed")
        .endsWith("(located in the old version: HEAD:contracts/silver/orders.yaml:" + note.line() + ":" + note.column() + ")");
    assertThat(removed.path("locations").path(0).path("message").path("text").asText())
        .isEqualTo("the old version, HEAD:contracts/silver/orders.yaml");
    assertThat(removed.path("properties").path("locatedIn").asText()).isEqualTo("old version");
    assertThat(removed.path("properties").path("breaks").asText()).isEqualTo("consumers");
    JsonNode narrowed = results(diff().log()).stream()
        .filter(r -> r.path("ruleId").asText().equals("TYPE_NARROWED")).findFirst().orElseThrow();
    assertThat(narrowed.path("properties").path("locatedIn").asText()).isEqualTo("new version");
  }

  @Test
  void producersChangesAreErrorsWhenTheGateFailsOnThem() throws Exception {
    JsonNode tightened = results(diff("--fail-on", "producers").log()).stream()
        .filter(r -> r.path("ruleId").asText().equals("RANGE_TIGHTENED")).findFirst().orElseThrow();
    assertThat(tightened.path("level").asText()).isEqualTo("error");
  }

  @Test
  void filesAreNamedRelativeToTheRepositoryRoot() throws Exception {
    JsonNode run = diff().log().path("runs").path(0);
    assertThat(run.path("originalUriBaseIds").path("%SRCROOT%").path("uri").asText())
        .isEqualTo(repo.toRealPath().toUri().toString());
    for (JsonNode result : results(diff().log())) {
      JsonNode artifact = result.path("locations").path(0).path("physicalLocation").path("artifactLocation");
      assertThat(artifact.path("uriBaseId").asText()).isEqualTo("%SRCROOT%");
      assertThat(artifact.path("uri").asText()).startsWith("contracts/silver/");
    }
  }

  @Test
  void theExitCodeAndTheConsoleAreThoseOfDiffWithoutSarif() throws Exception {
    Run with = diff().run();
    Run without = sluice("diff", "--base", "HEAD", repo.resolve("contracts").toString());
    assertThat(with.exit()).isEqualTo(without.exit()).isEqualTo(1);
    assertThat(with.out()).isEqualTo(without.out());
    assertThat(with.err()).isEqualTo(without.err()).isEmpty();
  }

  @Test
  void aFolderThatCannotBeWrittenFailsInOneLine() throws Exception {
    Path blocker = repo.resolve("blocker");
    Files.writeString(blocker, "a file where the folder would be");
    Path sarif = blocker.resolve("diff.sarif");
    Run r = sluice("diff", "--base", "HEAD", repo.resolve("contracts").toString(), "--sarif", sarif.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines().toList()).containsExactly("sluice: cannot write the SARIF log to " + sarif + ": " + blocker
        + " is a file, not a folder; give a path in a folder that can be written");
    assertThat(r.out()).contains("COLUMN_REMOVED"); // the report was printed before
  }
}
