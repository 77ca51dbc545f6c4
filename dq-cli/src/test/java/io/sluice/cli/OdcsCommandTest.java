package io.sluice.cli;

import static io.sluice.cli.Run.sluice;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.check.CompiledContract;
import io.sluice.check.Rule;
import io.sluice.check.RuleCatalog;
import io.sluice.contract.Column;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code sluice import odcs} and {@code sluice export odcs}, run as a user runs them. */
class OdcsCommandTest {
  private static final Path ODCS = Path.of("src/test/resources/odcs");
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final ContractLoader LOADER = ContractLoader.withDiscoveredValidators();

  /** Every valid Sluice contract of the repository (build output aside). */
  static Stream<Path> repositoryContracts() throws IOException {
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
          .filter(p -> read(p).contains("apiVersion: sluice/v1"))
          .filter(p -> LOADER.read(p).ok())
          .sorted().toList().stream();
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyExampleContractIsAmongTheRoundTrips() throws IOException {
    assertThat(repositoryContracts().map(p -> ROOT.relativize(p).toString()))
        .contains("rule-examples/contracts/silver/orders.yaml", "rule-examples/contracts/silver/customers.yaml",
            "rule-examples/contracts/gold/customer_lifetime_value.yaml", "rule-examples/contracts/bronze/orders.yaml")
        .hasSizeGreaterThanOrEqualTo(7);
  }

  @ParameterizedTest
  @MethodSource("repositoryContracts")
  void exportThenImportCompilesToTheSameRules(Path contract, @TempDir Path dir) {
    Path odcs = dir.resolve("exported.odcs.yaml");
    Run export = sluice("export", "odcs", contract.toString(), "--out", odcs.toString());
    assertThat(export.exit()).as(export.err()).isZero();
    Run imported = sluice("import", "odcs", odcs.toString(), "--out", dir.resolve("back").toString());
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.err()).as("what export keeps, import reads back without a word").isEmpty();

    Contract before = LOADER.load(contract);
    Path written = dir.resolve("back").resolve(before.id() + ".yaml");
    assertThat(imported.out()).contains("wrote " + written);
    Contract after = LOADER.load(written);
    CompiledContract b = RuleCatalog.standard().compile(before);
    CompiledContract a = RuleCatalog.standard().compile(after);
    assertThat(byId(a.typeRules())).isEqualTo(byId(b.typeRules()));
    assertThat(byId(a.rowRules())).isEqualTo(byId(b.rowRules()));
    assertThat(byId(a.datasetRules())).isEqualTo(byId(b.datasetRules()));
    assertThat(rest(after)).isEqualTo(rest(before));
  }

  private static Map<String, Rule> byId(List<? extends Rule> rules) {
    Map<String, Rule> m = new TreeMap<>();
    rules.forEach(r -> m.put(r.id(), r));
    return m;
  }

  /** What the compiled rules do not hold: the contract's identity, layers, columns' protection and access. */
  private static Map<String, Object> rest(Contract c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("version", c.version());
    m.put("owner", c.owner());
    m.put("description", c.description());
    m.put("transition", c.transition());
    m.put("extraColumns", c.extraColumns());
    m.put("access", List.of(c.access().defaultAccess(), c.access().roles()));
    for (Column col : c.columns()) {
      m.put("column " + col.name(), List.of(col.type(), col.format(), col.classification(), col.description(),
          col.protect().map(p -> List.of(p.mask(), p.encrypt(), p.key(), p.domain()))));
    }
    return m;
  }

  @Test
  void importWritesOneContractPerSchemaObjectThatLintAccepts(@TempDir Path dir) {
    Run run = sluice("import", "odcs", ODCS.resolve("customers.odcs.yaml").toString(), "--out", dir.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("wrote " + dir.resolve("customers.yaml"), "wrote " + dir.resolve("orders.yaml"),
        "2 contracts imported, 4 warnings");
    assertThat(sluice("lint", dir.toString()).exit()).isZero();
    Contract customers = LOADER.load(dir.resolve("customers.yaml"));
    assertThat(customers.owner()).contains("crm-data");
    assertThat(customers.column("customer_id").orElseThrow().checks()).extracting(s -> s.id())
        .containsExactly("customer_id.pattern");
    assertThat(customers.datasetChecks()).extracting(s -> s.id()).containsExactly("email.completeness", "dataset.row_count");
  }

  @Test
  void aPatternSluiceRefusesIsKeptWithTheReasonNotChecked(@TempDir Path dir) {
    Run run = sluice("import", "odcs", ODCS.resolve("customers.odcs.yaml").toString(), "--out", dir.toString());
    assertThat(run.exit()).isZero();
    Contract customers = LOADER.load(dir.resolve("customers.yaml"));
    assertThat(customers.column("email").orElseThrow().checks()).isEmpty();
    assertThat(customers.column("email").orElseThrow().customProperties()).containsKey("odcs.logicalTypeOptions");
    assertThat(run.err()).contains(ODCS.resolve("customers.odcs.yaml") + ":22:20: warning: the pattern of 'email' is not"
        + " checked (Sluice refuses it: Cannot run pattern '^(?=.*@).+$' of check 'email.pattern': lookaround ('(?=') needs"
        + " backtracking, which can take exponential time (at character 2)): kept in custom_properties as"
        + " 'odcs.logicalTypeOptions'");
  }

  @Test
  void aRelationshipIsAReferenceToTheTableNamedLikeItsObjectWithAWarning(@TempDir Path dir) {
    Run run = sluice("import", "odcs", ODCS.resolve("customers.odcs.yaml").toString(), "--out", dir.toString());
    assertThat(run.err()).contains(ODCS.resolve("customers.odcs.yaml") + ":55:13: warning: the relationship to"
        + " 'customers.customer_id' is checked against catalog table 'customers' (ODCS names a schema object, not where"
        + " its data is read): change the check's 'table', or write 'dataset' and 'format'");
    io.sluice.contract.Column c = LOADER.load(dir.resolve("orders.yaml")).column("customer_id").orElseThrow();
    assertThat(c.customProperties()).isEmpty();
    assertThat(c.checks()).singleElement().satisfies(check -> {
      assertThat(check.id()).isEqualTo("customer_id.references");
      io.sluice.contract.Node.Mapping args = (io.sluice.contract.Node.Mapping) check.args();
      assertThat(((io.sluice.contract.Node.Scalar) args.get("table").orElseThrow()).value()).isEqualTo("customers");
      assertThat(((io.sluice.contract.Node.Scalar) args.get("column").orElseThrow()).value()).isEqualTo("customer_id");
    });
    assertThat(sluice("lint", dir.resolve("orders.yaml").toString()).exit()).isZero();
  }

  @Test
  void aBrokenDocumentIsLocatedWithAFixAndNothingIsWritten(@TempDir Path dir) {
    Path out = dir.resolve("out");
    Run run = sluice("import", "odcs", ODCS.resolve("broken.odcs.yaml").toString(), "--out", out.toString());
    assertThat(run.exit()).isEqualTo(2);
    String f = ODCS.resolve("broken.odcs.yaml").toString();
    List<String> lines = Arrays.asList(run.err().split("\\R"));
    assertThat(lines.stream().filter(l -> l.contains(": error: "))).containsExactly(
        f + ":11:17: error: 'unique' in property 'customer_id' must be true or false, not a string ('yes please')",
        f + ":14:28: error: 'mustBeBetween' of a quality rule of property 'customer_id' must be two numbers, not a list");
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(": error: ")) {
        assertThat(lines.get(i + 1)).startsWith("    fix: ");
      }
    }
    assertThat(run.err()).contains("2 problems: nothing written");
    assertThat(out).doesNotExist();
  }

  @Test
  void aMissingFileIsABadInput() {
    Run run = sluice("import", "odcs", "no/such.odcs.yaml");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("no/such.odcs.yaml:1:1: error: no such file");
  }

  @Test
  void anExistingContractIsNotOverwrittenWithoutForce(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("orders.yaml"), "# mine\n");
    Run run = sluice("import", "odcs", ODCS.resolve("customers.odcs.yaml").toString(), "--out", dir.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains(dir.resolve("orders.yaml") + ":1:1: error: the file exists");
    assertThat(Files.readString(dir.resolve("orders.yaml"))).isEqualTo("# mine\n");
    assertThat(dir.resolve("customers.yaml")).doesNotExist();

    Run forced = sluice("import", "odcs", ODCS.resolve("customers.odcs.yaml").toString(), "--out", dir.toString(), "--force");
    assertThat(forced.exit()).isZero();
    assertThat(Files.readString(dir.resolve("orders.yaml"))).contains("id: orders");
  }

  @Test
  void exportWritesToStandardOutputAndWarningsToStandardError() {
    Run run = sluice("export", "odcs", ROOT.resolve("rule-examples/contracts/silver/customers.yaml").toString());
    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("# Exported from the Sluice contract customers.yaml").contains("apiVersion: v3.1.0")
        .doesNotContain(": warning: ");
    assertThat(run.err()).contains("warning: access has no ODCS field: kept in the schema object's customProperties as"
        + " 'sluiceAccess'");
    assertThat(sluice("export", "odcs", "--quiet", ROOT.resolve("rule-examples/contracts/silver/customers.yaml").toString())
        .err()).isEmpty();
  }

  @Test
  void aBrokenContractIsReportedAsLintReportsItAndNothingIsWritten(@TempDir Path dir) {
    Path out = dir.resolve("x.odcs.yaml");
    Run run = sluice("export", "odcs", "src/test/resources/broken/bad-values.yaml", "--out", out.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("src/test/resources/broken/bad-values.yaml:8:11: error: unknown type 'integr' for column"
        + " 'customer_id' (did you mean 'int'?)");
    assertThat(out).doesNotExist();
  }

  @Test
  void helpNamesTheCommands() {
    assertThat(sluice("--help").out()).contains("import").contains("export");
    assertThat(sluice("import", "odcs", "--help").out()).contains("Usage: sluice import odcs").contains("--out=DIR");
    assertThat(sluice("export", "odcs", "--help").out()).contains("Usage: sluice export odcs").contains("--out=FILE");
  }
}
