package io.sluice.cli;

import static io.sluice.cli.Run.sluice;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.contract.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice lint --sarif FILE}: every problem as a SARIF result at the YAML node it is about. */
class LintSarifTest {
  /** One contract with a problem of each kind lint can find in a file that parses, each marked at its line. */
  private static final String ORDERS = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0
      layer: silver
      descripton: Orders as sold
      columns:
        - name: order_id
          type: string
          required: "yes"
          checks:
            - pattern: '[0-9'
        - name: amount
          type: decimal(8,2)
          checks:
            - rnage: {min: 0}
        - name: amount
          type: int
        - name: note
        - name: placed_at
          type: string
          protect: {mask: year_only}
      unique:
        - [order_id, customer]
      """;
  private static final String BROKEN = """
      apiVersion: sluice/v1
      kind: DataContract
      columns: [a, b
      """;

  @TempDir Path repo;
  Path contracts;

  @BeforeEach
  void repository() throws Exception {
    Process git = new ProcessBuilder("git", "init", "-q").directory(repo.toFile()).redirectErrorStream(true).start();
    assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(git.exitValue()).isZero();
    contracts = repo.resolve("contracts");
    Files.createDirectories(contracts);
    Files.writeString(contracts.resolve("orders.yaml"), ORDERS);
    Files.writeString(contracts.resolve("broken.yaml"), BROKEN);
  }

  private record Lint(Run run, JsonNode log) {}

  private Lint lint(String... paths) throws Exception {
    Path out = repo.resolve("target/lint.sarif");
    List<String> args = new ArrayList<>(List.of("lint", "--sarif", out.toString()));
    args.addAll(Arrays.asList(paths));
    Run r = sluice(args.toArray(String[]::new));
    return new Lint(r, new ObjectMapper().readTree(out.toFile()));
  }

  private Lint lintAll() throws Exception {
    return lint(contracts.toString(), contracts.resolve("missing.yaml").toString());
  }

  private static List<JsonNode> results(JsonNode log) {
    List<JsonNode> results = new ArrayList<>();
    log.path("runs").path(0).path("results").forEach(results::add);
    return results;
  }

  /** A result as the test compares it: rule, level, file and place. */
  private record Seen(String ruleId, String level, String uri, int line, int column) {
    static Seen of(JsonNode result) {
      JsonNode physical = result.path("locations").path(0).path("physicalLocation");
      JsonNode region = physical.path("region");
      return new Seen(result.path("ruleId").asText(), result.path("level").asText(),
          physical.path("artifactLocation").path("uri").asText(), region.path("startLine").asInt(),
          region.path("startColumn").asInt());
    }

    static Seen error(Problem.Kind kind, String uri, YamlNodes.Place at) {
      return new Seen(kind.name(), "error", uri, at.line(), at.column());
    }
  }

  @Test
  void theLogIsValidSarif210WithARuleForEachKindOfProblem() throws Exception {
    JsonNode log = lintAll().log();
    assertThat(SarifSchema.validate(log)).isEmpty();
    assertThat(log.path("version").asText()).isEqualTo("2.1.0");
    assertThat(log.path("$schema").asText()).isEqualTo("https://json.schemastore.org/sarif-2.1.0.json");
    JsonNode driver = log.path("runs").path(0).path("tool").path("driver");
    assertThat(driver.path("name").asText()).isEqualTo("Sluice");
    List<String> ids = new ArrayList<>();
    driver.path("rules").forEach(rule -> {
      ids.add(rule.path("id").asText());
      Problem.Kind kind = Problem.Kind.valueOf(rule.path("id").asText());
      assertThat(rule.path("shortDescription").path("text").asText()).isEqualTo(kind.title());
      assertThat(rule.path("fullDescription").path("text").asText()).isEqualTo(kind.description());
      assertThat(rule.path("help").path("text").asText()).contains(kind.description());
    });
    assertThat(ids).containsExactly(Arrays.stream(Problem.Kind.values()).map(Enum::name).toArray(String[]::new));
    for (JsonNode result : results(log)) {
      assertThat(ids.get(result.path("ruleIndex").asInt())).isEqualTo(result.path("ruleId").asText());
    }
  }

  @Test
  void eachProblemIsAnErrorAtTheYamlNodeItIsAbout() throws Exception {
    Lint lint = lintAll();
    YamlNodes orders = new YamlNodes(ORDERS);
    String o = "contracts/orders.yaml";
    assertThat(results(lint.log()).stream().map(Seen::of).toList()).containsExactlyInAnyOrder(
        Seen.error(Problem.Kind.INVALID_VALUE, o, orders.value("version")),
        Seen.error(Problem.Kind.UNKNOWN_KEY, o, orders.key("descripton")),
        Seen.error(Problem.Kind.WRONG_SHAPE, o, orders.value("columns", 0, "required")),
        Seen.error(Problem.Kind.EXPRESSION, o, orders.value("columns", 0, "checks", 0, "pattern")),
        Seen.error(Problem.Kind.CHECK_KIND, o, orders.key("rnage", "columns", 1, "checks", 0)),
        Seen.error(Problem.Kind.DUPLICATE, o, orders.value("columns", 2, "name")),
        Seen.error(Problem.Kind.MISSING_KEY, o, orders.value("columns", 3)),
        Seen.error(Problem.Kind.PROTECTION, o, orders.value("columns", 4, "protect", "mask")),
        Seen.error(Problem.Kind.UNKNOWN_COLUMN, o, orders.value("unique", 0, 1)),
        Seen.error(Problem.Kind.YAML_REFUSED, "contracts/broken.yaml", YamlNodes.syntaxError(BROKEN)),
        Seen.error(Problem.Kind.FILE_UNREADABLE, "contracts/missing.yaml", new YamlNodes.Place(1, 1)));
    assertThat(lint.run().errorLines()).hasSize(results(lint.log()).size());
  }

  @Test
  void aResultSaysWhatIsWrongAndHowToFixIt() throws Exception {
    JsonNode unknown = results(lintAll().log()).stream()
        .filter(r -> r.path("ruleId").asText().equals("UNKNOWN_KEY")).findFirst().orElseThrow();
    assertThat(unknown.path("message").path("text").asText())
        .startsWith("unknown key 'descripton' in the contract (did you mean 'description'?)")
        .contains("\nFix: allowed keys here:");
  }

  @Test
  void filesAreNamedRelativeToTheRepositoryRoot() throws Exception {
    JsonNode run = lintAll().log().path("runs").path(0);
    assertThat(run.path("originalUriBaseIds").path("%SRCROOT%").path("uri").asText())
        .isEqualTo(repo.toRealPath().toUri().toString());
    for (JsonNode result : results(lintAll().log())) {
      JsonNode artifact = result.path("locations").path(0).path("physicalLocation").path("artifactLocation");
      assertThat(artifact.path("uriBaseId").asText()).isEqualTo("%SRCROOT%");
      assertThat(artifact.path("uri").asText()).startsWith("contracts/");
      assertThat(repo.resolve(artifact.path("uri").asText()).getParent()).isEqualTo(contracts);
    }
  }

  @Test
  void theExitCodeAndTheConsoleAreThoseOfLintWithoutSarif() throws Exception {
    Run with = lintAll().run();
    Run without = sluice("lint", contracts.toString(), contracts.resolve("missing.yaml").toString());
    assertThat(with.exit()).isEqualTo(without.exit()).isEqualTo(2);
    assertThat(with.out()).isEqualTo(without.out());
    assertThat(with.err()).isEqualTo(without.err()).isEmpty();
  }

  @Test
  void validContractsGiveALogWithNoResults() throws Exception {
    Files.delete(contracts.resolve("broken.yaml"));
    Files.writeString(contracts.resolve("orders.yaml"), """
        apiVersion: sluice/v1
        kind: DataContract
        id: orders
        version: 1.0.0
        layer: silver
        columns:
          - {name: order_id, type: string, required: true}
        """);
    Lint lint = lint(contracts.toString());
    assertThat(lint.run().exit()).isZero();
    assertThat(SarifSchema.validate(lint.log())).isEmpty();
    assertThat(results(lint.log())).isEmpty();
  }

  @Test
  void aFolderThatCannotBeWrittenFailsInOneLine() throws Exception {
    Path blocker = repo.resolve("blocker");
    Files.writeString(blocker, "a file where the folder would be");
    Run r = sluice("lint", "--sarif", blocker.resolve("lint.sarif").toString(), contracts.resolve("orders.yaml").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines().toList()).containsExactly("sluice: cannot write the SARIF log to " + blocker.resolve("lint.sarif")
        + ": " + blocker + " is a file, not a folder; give a path in a folder that can be written");
    assertThat(r.errorLines()).isNotEmpty(); // the problems were printed before
  }
}
