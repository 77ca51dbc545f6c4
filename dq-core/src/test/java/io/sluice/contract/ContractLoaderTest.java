package io.sluice.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractLoaderTest {
  private static final String HEAD = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      """;

  private final ContractLoader loader = ContractLoader.withValidators(List.of());

  private ContractLoader.Result parse(String yaml) {
    return loader.parse(yaml, "c.yaml");
  }

  private static Problem only(ContractLoader.Result r) {
    assertThat(r.problems()).hasSize(1);
    return r.problems().get(0);
  }

  @Test
  void loadsEveryPartOfTheFormat() {
    Contract c = parse(HEAD + """
        owner: sales
        source: bronze
        schema: { extra_columns: drop }
        columns:
          - name: order_id
            type: string
            required: true
            unique: { severity: warn }
          - name: amount
            type: decimal(12,2)
            checks:
              - range: { min: 0 }
                severity: warn
          - name: ordered_at
            type: timestamp
            format: "yyyy-MM-dd HH:mm:ss"
          - name: email
            type: string
            classification: pii
            protect: { encrypt: deterministic, key: customers }
        unique:
          - [order_id, ordered_at]
        checks:
          - name: positive
            expression: "amount > 0"
        dataset_checks:
          - row_count: { min: 1 }
          - completeness: { column: email, min: 0.9 }
        access:
          default: denied
          roles:
            analyst: { email: show_last_4 }
        """).orThrow();
    assertThat(c.id()).isEqualTo("orders");
    assertThat(c.version()).isEqualTo(new SemanticVersion(1, 0, 0, "", ""));
    assertThat(c.transition()).isEqualTo("bronze->silver");
    assertThat(c.extraColumns()).isEqualTo(ExtraColumns.DROP);
    assertThat(c.column("order_id").orElseThrow().required()).contains(Severity.ERROR);
    assertThat(c.column("order_id").orElseThrow().unique()).contains(Severity.WARN);
    assertThat(c.column("amount").orElseThrow().type()).isEqualTo(DataType.decimal(12, 2));
    CheckSpec range = c.column("amount").orElseThrow().checks().get(0);
    assertThat(range.id()).isEqualTo("amount.range");
    assertThat(range.severity()).isEqualTo(Severity.WARN);
    assertThat(range.location()).isEqualTo(new Location("c.yaml", 17, 9));
    assertThat(c.column("ordered_at").orElseThrow().format()).contains("yyyy-MM-dd HH:mm:ss");
    assertThat(c.column("email").orElseThrow().protect().orElseThrow().encrypt()).contains(EncryptMode.DETERMINISTIC);
    assertThat(c.keys().get(0).id()).isEqualTo("unique(order_id,ordered_at)");
    assertThat(c.checks().get(0).id()).isEqualTo("positive");
    assertThat(c.datasetChecks()).extracting(CheckSpec::id).containsExactly("dataset.row_count", "email.completeness");
    assertThat(c.access().defaultAccess()).isEqualTo(ColumnAccess.DENIED);
    assertThat(c.access().roles().get("analyst").get("email")).isEqualTo(ColumnAccess.masked(MaskType.SHOW_LAST_4));
    assertThat(c.sha256()).hasSize(64);
  }

  @Test
  void customPropertiesAreCarriedAsWrittenAndNotInterpreted() {
    Contract c = parse(HEAD + """
        columns:
          - name: id
            type: string
            custom_properties: { odcs.tags: [key], anything: { nested: [1, 2] } }
        custom_properties:
          steward: ana@example.com
          odcs.physicalName: orders_v2
        """).orThrow();
    assertThat(c.customProperties()).containsOnlyKeys("steward", "odcs.physicalName");
    assertThat(c.customProperties().get("steward")).isEqualTo(new Node.Scalar("ana@example.com", new Location("c.yaml", 11, 12)));
    Column id = c.column("id").orElseThrow();
    assertThat(id.customProperties()).containsOnlyKeys("odcs.tags", "anything");
    assertThat(id.customProperties().get("anything")).isInstanceOf(Node.Mapping.class);
    assertThat(id.checks()).isEmpty();
  }

  @Test
  void customPropertiesMustBeAMapping() {
    Problem p = only(parse(HEAD + """
        columns:
          - name: id
            type: string
        custom_properties: [steward]
        """));
    assertThat(p.location()).isEqualTo(new Location("c.yaml", 9, 20));
    assertThat(p.message()).isEqualTo("'custom_properties' in the contract must be a mapping, not a list");
  }

  @Test
  void unknownKeyIsReportedWhereItIsWrittenWithASuggestion() {
    Problem p = only(parse(HEAD + """
        columns:
          - name: a
            type: string
            requried: true
        """));
    assertThat(p.location()).isEqualTo(new Location("c.yaml", 9, 5));
    assertThat(p.message()).contains("unknown key 'requried'").contains("did you mean 'required'?");
    assertThat(p.hint()).contains("allowed keys here");
  }

  @Test
  void unknownTopLevelKeyIsReported() {
    Problem p = only(parse(HEAD + "colums: []\ncolumns: [{name: a, type: string}]\n"));
    assertThat(p.message()).contains("unknown key 'colums'").contains("did you mean 'columns'?");
    assertThat(p.location().line()).isEqualTo(6);
  }

  @Test
  void unknownTypeIsReportedWithTheTypesThatExist() {
    Problem p = only(parse(HEAD + "columns:\n  - name: a\n    type: integr\n"));
    assertThat(p.location()).isEqualTo(new Location("c.yaml", 8, 11));
    assertThat(p.message()).contains("unknown type 'integr'").contains("did you mean 'int'?");
    assertThat(p.hint()).contains("decimal(p,s)");
  }

  @Test
  void decimalOutOfRangeIsAnUnknownType() {
    Problem p = only(parse(HEAD + "columns:\n  - name: a\n    type: decimal(40,2)\n"));
    assertThat(p.message()).contains("unknown type 'decimal(40,2)'");
    assertThat(p.hint()).contains("1 <= p <= 38");
  }

  @Test
  void wrongValueTypesAreReported() {
    var r = parse(HEAD + """
        owner: [a, b]
        columns:
          - name: a
            type: string
            required: yes please
        """);
    assertThat(r.problems()).extracting(Problem::message).containsExactly(
        "'owner' in the contract must be a string, not a list",
        "'required' of column 'a' must be true, false or {severity: warn}, not a string");
    assertThat(r.problems()).extracting(p -> p.location().line()).containsExactly(6, 10);
  }

  @Test
  void columnsThatAreNotAListAreReported() {
    Problem p = only(parse(HEAD + "columns: a\n"));
    assertThat(p.message()).isEqualTo("'columns' in the contract must be a list, not a string");
  }

  @Test
  void duplicateColumnsAreReportedIgnoringCaseAsSparkDoes() {
    Problem p = only(parse(HEAD + """
        columns:
          - name: Amount
            type: int
          - name: amount
            type: int
        """));
    assertThat(p.location()).isEqualTo(new Location("c.yaml", 9, 11));
    assertThat(p.message()).contains("duplicate column 'amount' (also at line 7 as 'Amount')");
  }

  @Test
  void duplicateCheckIdsAreReported() {
    Problem p = only(parse(HEAD + """
        columns:
          - name: a
            type: int
            checks:
              - range: { min: 0 }
              - range: { max: 9 }
        """));
    assertThat(p.location()).isEqualTo(new Location("c.yaml", 11, 9));
    assertThat(p.message()).contains("duplicate check id 'a.range' (first at line 10)");
    assertThat(p.hint()).contains("distinct 'name'");
  }

  @Test
  void aNamedCheckMayRepeatAKind() {
    var r = parse(HEAD + """
        columns:
          - name: a
            type: int
            checks:
              - range: { min: 0 }
              - range: { max: 9 }
                name: a_small
        """);
    assertThat(r.problems()).isEmpty();
    assertThat(r.orThrow().column("a").orElseThrow().checks()).extracting(CheckSpec::id).containsExactly("a.range", "a_small");
  }

  @Test
  void rowCheckNamesMustNotClashWithImplicitIds() {
    Problem p = only(parse(HEAD + """
        columns:
          - name: a
            type: int
            required: true
        checks:
          - name: a.required
            expression: "a > 0"
        """));
    assertThat(p.message()).contains("duplicate check id 'a.required'");
  }

  @Test
  void aKeyNamingAnUnknownColumnIsReported() {
    Problem p = only(parse(HEAD + """
        columns:
          - name: customer_id
            type: string
        unique:
          - [customer_id, ordred_at]
        """));
    assertThat(p.location()).isEqualTo(new Location("c.yaml", 10, 19));
    assertThat(p.message()).contains("a unique key names column 'ordred_at', which the contract does not declare");
  }

  @Test
  void aDatasetCheckNamingAnUnknownColumnIsReported() {
    Problem p = only(parse(HEAD + """
        columns:
          - name: email
            type: string
        dataset_checks:
          - completeness: { column: emial, min: 0.9 }
        """));
    assertThat(p.message()).contains("column 'emial'").contains("did you mean 'email'?");
  }

  @Test
  void accessNamingAnUnknownColumnIsReported() {
    Problem p = only(parse(HEAD + """
        columns:
          - name: email
            type: string
        access:
          roles:
            marketing: { emali: denied }
        """));
    assertThat(p.location()).isEqualTo(new Location("c.yaml", 11, 18));
    assertThat(p.message()).contains("'access' of role 'marketing' names column 'emali'").contains("did you mean 'email'?");
  }

  @Test
  void clearAccessToAnIrreversiblyMaskedColumnIsAContractError() {
    Problem p = only(parse(HEAD + """
        columns:
          - name: phone
            type: string
            protect: { mask: redact }
        access:
          roles:
            support: { phone: clear }
        """));
    assertThat(p.message()).contains("asks 'clear' of column 'phone', which is masked irreversibly (redact)");
  }

  @Test
  void protectNeedsExactlyOneOfMaskOrEncrypt() {
    Problem p = only(parse(HEAD + """
        columns:
          - name: phone
            type: string
            protect: { mask: redact, encrypt: randomized, key: k }
        """));
    assertThat(p.message()).contains("needs exactly one of 'mask' or 'encrypt'");
  }

  @Test
  void encryptionNeedsAKey() {
    Problem p = only(parse(HEAD + "columns:\n  - name: a\n    type: string\n    protect: { encrypt: deterministic }\n"));
    assertThat(p.message()).contains("encrypts but names no key");
    assertThat(p.remedy()).contains(Remedy.CREATE_KEYSET); // a keyset to create, outside the contract
    assertThat(p.render(r -> "make " + r.name())).endsWith("keyset of the keyset store (make CREATE_KEYSET)");
    assertThat(p.render()).endsWith("keyset of the keyset store");
  }

  @Test
  void yearOnlyMasksOnlyDates() {
    Problem p = only(parse(HEAD + "columns:\n  - name: a\n    type: string\n    protect: { mask: year_only }\n"));
    assertThat(p.message()).contains("mask 'year_only' does not apply to column 'a' of type string");
  }

  @Test
  void invalidSemanticVersionIsReported() {
    Problem p = only(parse(HEAD.replace("1.0.0", "1.0") + "columns: [{name: a, type: string}]\n"));
    assertThat(p.location()).isEqualTo(new Location("c.yaml", 4, 10));
    assertThat(p.message()).isEqualTo("version 1.0 is not a semantic version (YAML read it as a number)");
    assertThat(p.hint()).contains("'version: 1.0.0'");
  }

  @Test
  void versionStringThatIsNotSemverIsReported() {
    Problem p = only(parse(HEAD.replace("1.0.0", "v1.2") + "columns: [{name: a, type: string}]\n"));
    assertThat(p.message()).isEqualTo("version 'v1.2' is not a semantic version");
    assertThat(p.hint()).contains("1.2.0");
  }

  @Test
  void invalidIdIsReportedWithACorrectedSuggestion() {
    Problem p = only(parse(HEAD.replace("id: orders", "id: Silver Orders") + "columns: [{name: a, type: string}]\n"));
    assertThat(p.message()).isEqualTo("invalid id 'Silver Orders'");
    assertThat(p.hint()).contains("'silver_orders'");
  }

  @Test
  void missingRequiredFieldsAreAllReported() {
    var r = parse("apiVersion: sluice/v1\nkind: DataContract\n");
    assertThat(r.problems()).extracting(Problem::message).containsExactlyInAnyOrder(
        "the contract has no 'id'", "the contract has no 'version'", "the contract has no 'layer'",
        "the contract has no 'columns'");
  }

  @Test
  void unsupportedApiVersionIsReported() {
    Problem p = only(parse(HEAD.replace("sluice/v1", "sluice/v2") + "columns: [{name: a, type: string}]\n"));
    assertThat(p.message()).isEqualTo("unsupported apiVersion 'sluice/v2'");
  }

  @Test
  void yamlSyntaxErrorsCarryTheirPlace() {
    Problem p = only(parse(HEAD + "description: Orders: all of them\ncolumns: [{name: a, type: string}]\n"));
    assertThat(p.location()).isEqualTo(new Location("c.yaml", 6, 20));
    assertThat(p.message()).startsWith("YAML syntax error: mapping values are not allowed here");
  }

  @Test
  void unclosedFlowMappingIsASyntaxError() {
    var r = parse(HEAD + "columns:\n  - { name: a, type: string\n");
    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.message()).startsWith("YAML syntax error");
      assertThat(p.location().line()).isGreaterThanOrEqualTo(7);
    });
  }

  @Test
  void duplicateYamlKeysAreReportedWithBothPlaces() {
    Problem p = only(parse(HEAD + "columns: [{name: a, type: string}]\nowner: x\nowner: y\n"));
    assertThat(p.location().line()).isEqualTo(8);
    assertThat(p.message()).isEqualTo("duplicate key 'owner' (first written at line 7)");
  }

  @Test
  void aliasesAreRefusedSoYamlBombsCannotExpand() {
    StringBuilder bomb = new StringBuilder(HEAD).append("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (int i = 1; i < 10; i++) {
      bomb.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        bomb.append(j == 0 ? "" : ",").append("*a").append(i - 1);
      }
      bomb.append("]\n");
    }
    long start = System.nanoTime();
    var r = parse(bomb + "columns: [{name: a, type: string}]\n");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.problems()).anySatisfy(p -> assertThat(p.message()).contains("YAML aliases (*a0) are not allowed"));
    assertThat(r.contract()).isEmpty();
    assertThat(millis).as("a bomb is refused without expanding it").isLessThan(5_000);
  }

  @Test
  void oversizedDocumentsAreRefusedBeforeParsing() {
    String huge = HEAD + "description: \"" + "x".repeat(YamlTree.MAX_CHARS) + "\"\ncolumns: [{name: a, type: string}]\n";
    Problem p = only(parse(huge));
    assertThat(p.message()).contains("a contract may have at most " + YamlTree.MAX_CHARS);
  }

  @Test
  void deepNestingIsRefused() {
    String deep = HEAD + "description: " + "[".repeat(200) + "]".repeat(200) + "\ncolumns: [{name: a, type: string}]\n";
    var r = parse(deep);
    assertThat(r.problems()).anySatisfy(p -> assertThat(p.message()).contains("nests deeper than"));
  }

  @Test
  void aNumberWithAHugeExponentIsAProblemNotAnOutOfMemoryError() {
    // Found by ContractLoaderFuzzTest: 1e999999999 written out (in a message, as a SQL literal) is a billion digits.
    var r = parse(HEAD + "columns: [{name: a, type: double, checks: [{range: {min: 1e999999999, max: 1e-999999999}}]}]\n");
    assertThat(r.contract()).isEmpty();
    assertThat(r.problems()).extracting(Problem::message).contains(
        "the number 1e999999999 has more than 1000 digits before or after the point",
        "the number 1e-999999999 has more than 1000 digits before or after the point");
    assertThat(r.problems().get(0).location()).isEqualTo(new Location("c.yaml", 6, 58));
  }

  @Test
  void aVersionWithAHugeExponentIsAProblem() {
    var r = parse(HEAD.replace("version: 1.0.0", "version: 1e999999999") + "columns: [{name: a, type: string}]\n");
    assertThat(r.problems()).extracting(Problem::message)
        .contains("the number 1e999999999 has more than 1000 digits before or after the point");
  }

  @Test
  void nanAndInfinityAreNotNumbersOfAContract() {
    var r = parse(HEAD + "columns: [{name: a, type: double, checks: [{range: {min: .nan, max: -.inf}}]}]\n");
    assertThat(r.problems()).extracting(Problem::message)
        .contains("'.nan' is not a finite number", "'-.inf' is not a finite number");
  }

  @Test
  void moreThanOneDocumentIsRefused() {
    Problem p = only(parse(HEAD + "columns: [{name: a, type: string}]\n---\nid: other\n"));
    assertThat(p.message()).isEqualTo("the file holds more than one YAML document");
  }

  @Test
  void emptyFileIsReported() {
    assertThat(only(parse("")).message()).isEqualTo("the file is empty");
  }

  @Test
  void everyErrorOfAFileIsReportedInFileOrder() {
    var r = parse(HEAD.replace("1.0.0", "one") + """
        layer: platinum
        columns:
          - name: a
            type: strng
            colour: red
          - name: b
            type: int
        unique:
          - [b, c]
        access:
          roles:
            x: { z: clear }
        """);
    assertThat(r.problems()).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains("version 'one'"));
    assertThat(r.problems()).hasSizeGreaterThanOrEqualTo(6);
    assertThat(r.problems()).isSortedAccordingTo(Problem.BY_PLACE);
    assertThat(r.problems()).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains("unknown type 'strng'"))
        .anySatisfy(m -> assertThat(m).contains("unknown key 'colour'"))
        .anySatisfy(m -> assertThat(m).contains("column 'c'"))
        .anySatisfy(m -> assertThat(m).contains("column 'z'"));
  }

  @Test
  void loadThrowsAContractExceptionRenderingEveryProblem(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, HEAD + "columns:\n  - name: a\n    type: nope\n  - name: b\n    type: nope\n");
    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("2 problems")
        .hasMessageContaining(file + ":8:11: error: unknown type 'nope'")
        .hasMessageContaining(file + ":10:11: error: unknown type 'nope'");
  }

  @Test
  void missingFileIsAProblemNotAStackTrace(@TempDir Path dir) {
    var r = loader.read(dir.resolve("nope.yaml"));
    assertThat(only(r).message()).isEqualTo("no such file");
  }

  @Test
  void nonUtf8FileIsReported(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, new byte[] {'i', 'd', ':', ' ', (byte) 0xE9, '\n'});
    assertThat(only(loader.read(file)).message()).isEqualTo("the file is not UTF-8 text");
  }

  @Test
  void theFileHashIsOfItsBytes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yaml");
    String text = HEAD + "columns: [{name: a, type: string}]\n";
    Files.writeString(file, text);
    assertThat(loader.load(file).sha256()).isEqualTo(ContractLoader.sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void validatorsSeeTheContractAndAddTheirProblems() {
    ContractValidator noGold = (contract, problems) -> {
      if (contract.layer() == Layer.GOLD) {
        problems.add(Location.of(contract.file()), "no gold here", "");
      }
    };
    var r = ContractLoader.withValidators(List.of(noGold)).parse(HEAD.replace("silver", "gold")
        + "columns: [{name: a, type: string}]\n", "c.yaml");
    assertThat(only(r).message()).isEqualTo("no gold here");
  }
}
