package io.sluice.cli;

import static io.sluice.cli.Run.sluice;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedAction;
import java.util.stream.Stream;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice read} and {@code sluice policies export} end to end, in process, on real Spark, Tink and Ranger. */
class ReadAndPoliciesCommandTest {
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: customers
      version: 1.0.0
      layer: silver
      columns:
        - {name: id, type: string, required: true, protect: {encrypt: deterministic, key: customers, domain: customer}}
        - {name: card, type: string, protect: {mask: show_last_4}}
        - {name: note, type: string, protect: {mask: redact}}
        - {name: segment, type: string}
      access:
        default: masked
        roles:
          fraud-analyst: {id: clear}
          support: {id: show_last_4, note: denied}
      """;

  @TempDir Path dir;
  Path contract;

  @BeforeEach
  void aGovernedSilverTable() throws Exception {
    contract = dir.resolve("customers.yaml");
    Files.writeString(contract, CONTRACT);
    Files.writeString(dir.resolve("in.csv"), "id,card,note,segment\nCUST-0001,4111111111111111,call back,vip\n");
    assertThat(sluice("keys", "create", "--keys", dir.resolve("keys").toString(), "--name", "customers", "--type",
        "deterministic").exit()).isZero();
    Run enforce = sluice("enforce", "--contract", contract.toString(), "--input", dir.resolve("in.csv").toString(),
        "--output", dir.resolve("silver").toString(), "--quarantine", dir.resolve("q").toString(),
        "--keys", dir.resolve("keys").toString(), "--audit", dir.resolve("audit").toString());
    assertThat(enforce.exit()).as(enforce.err()).isZero();
  }

  @Test
  void readPrintsTheRowsAsTheRoleSeesThemAndAuditsTheRead() {
    Run r = sluice("read", "--contract", contract.toString(), "--data", dir.resolve("silver").toString(), "--as", "support",
        "--keys", dir.resolve("keys").toString(), "--audit", dir.resolve("audit").toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("| id ", "| *****0001 ", "************1111", "vip").doesNotContain("note", "CUST-0001");
    Run verify = sluice("audit", "verify", "--audit", dir.resolve("audit").toString());
    assertThat(verify.exit()).isZero();
    assertThat(verify.out()).contains("intact, 2 records");
  }

  @Test
  void exportedRangerPoliciesDecideAReadWrittenToAFile() throws Exception {
    Path policies = dir.resolve("ranger.json");
    Run export = sluice("policies", "export", "--contract", contract.toString(), "--format", "ranger",
        "--service", "lakehouse", "--out", policies.toString());
    assertThat(export.exit()).as(export.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(policies.toFile());
    assertThat(json.path("policies").size()).isGreaterThanOrEqualTo(3);
    assertThat(json.path("policies").get(0).path("resources").path("database").path("values").get(0).asText()).isEqualTo("silver");

    Path out = dir.resolve("seen");
    Run r = sluice("read", "--contract", contract.toString(), "--data", dir.resolve("silver").toString(),
        "--as", "fraud-analyst", "--keys", dir.resolve("keys").toString(), "--policy-source", "ranger",
        "--policies", policies.toString(), "--output", out.toString(), "--output-format", "csv");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("(ranger policy)");
    assertThat(csvText(out)).contains("id,card,note,segment").contains("CUST-0001,************1111,****,vip");
  }

  @Test
  void rangerAsPolicySourceNeedsAPolicyFile() {
    Run r = sluice("read", "--contract", contract.toString(), "--data", dir.resolve("silver").toString(),
        "--as", "support", "--policy-source", "ranger");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--policy-source ranger needs --policies F");
  }

  @Test
  void aPolicyFileWithoutPoliciesNamesTheCommandThatWritesOne() throws Exception {
    Path empty = dir.resolve("empty.json");
    Files.writeString(empty, "{}");
    Run r = sluice("read", "--contract", contract.toString(), "--data", dir.resolve("silver").toString(),
        "--as", "support", "--policy-source", "ranger", "--policies", empty.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(empty + " holds no Ranger policies")
        .contains("export the contract's policies for Ranger (sluice policies export --format ranger)");
  }

  @Test
  void aDecryptingReadWithoutKeysNamesTheKeysFlag() {
    Run r = sluice("read", "--contract", contract.toString(), "--data", dir.resolve("silver").toString(),
        "--as", "fraud-analyst");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("reads encrypted column 'id' of customers decrypted: give the keyset store (--keys DIR)");
  }

  @Test
  void aBlankRoleNamesTheAsFlag() {
    Run r = sluice("read", "--contract", contract.toString(), "--data", dir.resolve("silver").toString(), "--as", " ");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Cannot read as a blank role: name one, or leave it out to read as the authenticated"
        + " user (--as ROLE)");
  }

  @Test
  void aUserInTwoOfTheRolesIsToldToReadAsOne() {
    UserGroupInformation carol = UserGroupInformation.createUserForTesting("carol", new String[] {"fraud-analyst", "support"});
    Run r = carol.doAs((PrivilegedAction<Run>) () -> sluice("read", "--contract", contract.toString(),
        "--data", dir.resolve("silver").toString()));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("a contract's roles do not combine; read as one of them or keep each user in one of these"
        + " groups (--as ROLE)");
  }

  @Test
  void exportWritesRangerJsonToStandardOutput() {
    Run r = sluice("policies", "export", "--contract", contract.toString(), "--service", "lakehouse");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("\"metaDataInfo\"", "\"dataMaskType\" : \"MASK_SHOW_LAST_4\"", "\"roles\" : [ \"support\" ]");
  }

  @Test
  void withoutAsTheReaderIsTheAuthenticatedHadoopUserWithItsGroupsAsRoles() throws Exception {
    UserGroupInformation alice = UserGroupInformation.createUserForTesting("alice", new String[] {"fraud-analyst"});
    Path out = dir.resolve("alice");
    Run r = alice.doAs((PrivilegedAction<Run>) () -> sluice("read", "--contract", contract.toString(),
        "--data", dir.resolve("silver").toString(), "--keys", dir.resolve("keys").toString(),
        "--audit", dir.resolve("audit").toString(), "--output", out.toString(), "--output-format", "csv"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("as user 'alice' (groups fraud-analyst)");
    assertThat(csvText(out)).contains("CUST-0001");
    String event = Files.readAllLines(dir.resolve("audit").resolve("audit.jsonl")).get(1);
    assertThat(new ObjectMapper().readTree(event).path("identity").asText()).isEqualTo("hadoop:simple");

    UserGroupInformation bob = UserGroupInformation.createUserForTesting("bob", new String[] {"staff"});
    Run b = bob.doAs((PrivilegedAction<Run>) () -> sluice("read", "--contract", contract.toString(),
        "--data", dir.resolve("silver").toString()));
    assertThat(b.exit()).as(b.err()).isZero();
    assertThat(b.out()).doesNotContain("CUST-0001").contains("vip");
  }

  @Test
  void aRangerRowFilterThatCouldRunCodeIsRefusedWithExitTwo() throws Exception {
    Path policies = dir.resolve("ranger.json");
    assertThat(sluice("policies", "export", "--contract", contract.toString(), "--service", "lakehouse",
        "--out", policies.toString()).exit()).isZero();
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(policies.toFile());
    ((ArrayNode) root.get("policies")).add(json.readTree("""
        {"service": "lakehouse", "name": "support rows", "policyType": 2, "isEnabled": true,
         "resources": {"database": {"values": ["silver"]}, "table": {"values": ["customers"]}},
         "rowFilterPolicyItems": [{"rowFilterInfo": {"filterExpr": "reflect('java.lang.System', 'exit', 3) IS NULL"},
           "accesses": [{"type": "select", "isAllowed": true}], "roles": ["support"]}]}
        """));
    Files.writeString(policies, json.writeValueAsString(root));
    Run r = sluice("read", "--contract", contract.toString(), "--data", dir.resolve("silver").toString(),
        "--as", "support", "--keys", dir.resolve("keys").toString(), "--policy-source", "ranger",
        "--policies", policies.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("the ranger row filter 'reflect(").contains("calls reflect()").contains("change the policy");
    assertThat(r.out()).doesNotContain("vip");
  }

  private static String csvText(Path folder) throws Exception {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".csv")).toList()) {
        b.append(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    return b.toString();
  }
}
