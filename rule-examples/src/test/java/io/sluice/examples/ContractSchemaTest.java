package io.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.sluice.contract.ContractLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/contract.schema.json accepts every example contract and refuses what the loader refuses. */
class ContractSchemaTest {
  private static final Path ROOT = root();
  private static final JsonSchema SCHEMA = schema();
  private static final String HEAD = "apiVersion: sluice/v1\nkind: DataContract\nid: t\nversion: 1.0.0\nlayer: silver\n";

  private static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("docs/contract.schema.json"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find docs/contract.schema.json above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  private static JsonSchema schema() {
    try {
      JsonNode json = new ObjectMapper().readTree(ROOT.resolve("docs/contract.schema.json").toFile());
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Path> examples() throws Exception {
    try (Stream<Path> files = Files.walk(ROOT.resolve("rule-examples/contracts"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  private static Set<ValidationMessage> validate(String yaml) throws Exception {
    return SCHEMA.validate(new YAMLMapper().readTree(yaml));
  }

  @Test
  void theSchemaIsDraft07AndDescribesEveryProperty() throws Exception {
    JsonNode json = new ObjectMapper().readTree(ROOT.resolve("docs/contract.schema.json").toFile());
    assertThat(json.path("$schema").asText()).isEqualTo("http://json-schema.org/draft-07/schema#");
    json.path("properties").fields().forEachRemaining(e ->
        assertThat(e.getValue().has("description")).as(e.getKey()).isTrue());
    json.path("definitions").path("column").path("properties").fields().forEachRemaining(e ->
        assertThat(e.getValue().has("description")).as("column." + e.getKey()).isTrue());
  }

  @Test
  void thereAreExamplesForEveryLayer() throws Exception {
    assertThat(examples().toList()).hasSizeGreaterThanOrEqualTo(7);
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleContractValidates(Path file) throws Exception {
    String yaml = Files.readString(file);
    assertThat(validate(yaml)).as(file.toString()).isEmpty();
    assertThat(ContractLoader.withDiscoveredValidators().parse(yaml, file.toString()).problems()).isEmpty();
    assertThat(yaml).startsWith("# yaml-language-server: $schema=../../../docs/contract.schema.json");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "colums: []\ncolumns: [{name: a, type: string}]\n",                       // unknown top-level key
      "columns: [{name: a, type: string, requried: true}]\n",                    // unknown column key
      "columns: [{name: a, type: string, required: yes please}]\n",               // wrong value type
      "columns: [{name: a, type: integr}]\n",                                     // unknown type
      "columns: [{name: a, type: int, checks: [{severity: warn}]}]\n",           // a check without a kind
      "columns: [{name: a, type: int, checks: [{range: {min: 0}, pattern: x}]}]\n", // two kinds in one item
      "columns: [{name: a, type: int, checks: [{range: {low: 0}}]}]\n",          // unknown parameter
      "columns: [{name: a, type: string, protect: {mask: blur}}]\n",             // unknown mask
      "columns: [{name: a, type: string}]\ndataset_checks:\n  - completeness: {column: a}\n", // missing min
      "columns: [{name: a, type: string}]\nschema: {extra_columns: ignore}\n",   // bad option
      "columns: [{name: a, type: string, protect: {mask: hash}}]\n",             // a hash without its key
      "columns: [{name: a, type: string, protect: {encrypt: randomized}}]\n",    // an encryption without its key
      "columns: [{name: a, type: string}]\naccess: {roles: {r: {a: hash}}}\n",   // hash as a read mask
      "columns: [{name: _DQ_errors, type: string}]\n",                           // a name the engine keeps
      "columns: [{name: a, type: string, checks: [{references: {dataset: x, table: db.t, column: id}}]}]\n", // two targets
      "columns: [{name: a, type: string, checks: [{references: {table: db.t}}]}]\n", // no referenced column
      "columns: [{name: a, type: string, checks: [{references: {dataset: x, format: avro, column: id}}]}]\n", // a format Sluice does not read
  })
  void brokenContractsAreRefusedByTheSchemaAndByTheLoader(String body) throws Exception {
    assertThat(validate(HEAD + body)).isNotEmpty();
    assertThat(ContractLoader.withDiscoveredValidators().parse(HEAD + body, "x.yaml").problems()).isNotEmpty();
  }

  @Test
  void aBadLayerAndABadVersionAreRefused() throws Exception {
    assertThat(validate(HEAD.replace("layer: silver", "layer: platinum") + "columns: [{name: a, type: string}]\n")).isNotEmpty();
    assertThat(validate(HEAD.replace("version: 1.0.0", "version: '1.0'") + "columns: [{name: a, type: string}]\n")).isNotEmpty();
  }

  @Test
  void aKindFromTheServiceInterfaceValidates() throws Exception {
    assertThat(validate(HEAD + "columns: [{name: n, type: int, checks: [{even: true, severity: warn}]}]\n")).isEmpty();
  }

  @Test
  void theErrorNamesWhereTheProblemIs() throws Exception {
    List<String> paths = validate(HEAD + "columns: [{name: a, type: string, requried: true}]\n").stream()
        .map(ValidationMessage::getMessage).toList();
    assertThat(paths).anySatisfy(m -> assertThat(m).contains("$.columns[0]").contains("requried"));
  }
}
