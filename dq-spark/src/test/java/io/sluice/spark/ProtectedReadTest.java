package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.access.AccessException;
import io.sluice.access.ranger.RangerEngine;
import io.sluice.access.ranger.RangerExport;
import io.sluice.audit.FileAuditSink;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.contract.Remedy;
import io.sluice.keys.KeyType;
import io.sluice.keys.KeysetStore;
import io.sluice.testkit.LocalSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.ranger.plugin.model.RangerPolicy;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItemAccess;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItemRowFilterInfo;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyResource;
import org.apache.ranger.plugin.model.RangerPolicy.RangerRowFilterPolicyItem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads of a protected silver table by role: decrypted, as stored, dropped, or decrypted then masked; rows filtered
 * by Ranger's row-filter policies; audited.
 */
@ExtendWith(LocalSpark.class)
class ProtectedReadTest {
  static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: customers
      version: 1.0.0
      layer: silver
      columns:
        - {name: id, type: string, required: true, protect: {encrypt: deterministic, key: customers, domain: customer}}
        - {name: email, type: string, protect: {encrypt: randomized, key: contact}}
        - {name: card, type: string, protect: {mask: show_last_4}}
        - {name: phone, type: string, protect: {mask: hash, key: pseudonyms}}
        - {name: note, type: string, protect: {mask: nullify}}
        - {name: age, type: int}
        - {name: segment, type: string}
      access:
        default: masked
        roles:
          fraud-analyst: {id: clear, email: clear}
          support: {id: show_last_4, email: email_domain, note: denied}
          marketing: {email: denied, age: denied}
      """;
  static final String CSV = """
      id,email,card,phone,note,age,segment
      CUST-0001,jane@example.com,4111111111111111,+33612345678,secret note,34,vip
      CUST-0002,max@example.org,5500000000000004,+4915112345678,another secret,41,consumer
      """;

  @TempDir Path dir;
  Contract contract;
  KeysetStore keys;
  Path silver;

  @BeforeEach
  void aGovernedSilverTable() throws Exception {
    KeysetStore store = KeysetStore.local(dir.resolve("keys"), w -> { });
    store.create("customers", KeyType.DETERMINISTIC);
    store.create("contact", KeyType.RANDOMIZED);
    store.create("pseudonyms", KeyType.HASH);
    keys = KeysetStore.open(dir.resolve("keys"));
    Files.writeString(dir.resolve("c.yaml"), CONTRACT);
    contract = ContractLoader.withDiscoveredValidators().load(dir.resolve("c.yaml"));
    Files.writeString(dir.resolve("in.csv"), CSV);
    silver = dir.resolve("silver");
  }

  private void enforce(SparkSession spark) {
    TransitionResult r = Transition.of(contract).from(dir.resolve("in.csv").toString()).to(silver.toString())
        .quarantineTo(dir.resolve("q").toString()).auditTo(dir.resolve("audit")).keys(keys).run(spark);
    assertThat(r.report().rowsValid()).as("%s %s", r.outcome(), r.audit().reason()).isEqualTo(2);
  }

  private static Row jane(Dataset<Row> rows) {
    List<Row> all = rows.collectAsList();
    return all.stream().filter(r -> "vip".equals(r.getAs("segment"))).findFirst()
        .orElseThrow(() -> new AssertionError("no vip row in " + all + " read as " + rows.schema().simpleString()));
  }

  @Test
  void aTargetIsReadAsParquetWhateverStateFilesLieBesideIt() throws Exception {
    Path table = dir.resolve("table");
    Files.createDirectories(table.resolve("_sluice"));
    for (int i = 0; i < 20; i++) {
      Files.writeString(table.resolve("_sluice").resolve("run-" + i + ".json"), "{}");
      Files.writeString(table.resolve(".hidden-" + i + ".json"), "{}");
    }
    Files.write(table.resolve("part-00000.snappy.parquet"), new byte[] {1});
    assertThat(Input.infer(table.toString())).contains(Format.PARQUET);
  }

  @Test
  void aRoleWithClearAccessReadsDecryptedValues(SparkSession spark) {
    enforce(spark);
    Row r = jane(Sluice.read(contract).as("fraud-analyst").keys(keys).from(silver.toString()));
    assertThat(r.<String>getAs("id")).isEqualTo("CUST-0001");
    assertThat(r.<String>getAs("email")).isEqualTo("jane@example.com");
    assertThat(r.<String>getAs("card")).isEqualTo("************1111"); // masked at rest stays masked
    assertThat(r.<Integer>getAs("age")).isEqualTo(34);
  }

  @Test
  void aMaskTypeIsAppliedToTheDecryptedValueAndDeniedColumnsAreDropped(SparkSession spark) {
    enforce(spark);
    Dataset<Row> seen = Sluice.read(contract).as("support").keys(keys).from(silver.toString());
    assertThat(seen.columns()).doesNotContain("note").contains("id", "email", "card", "age", "segment");
    Row r = jane(seen);
    assertThat(r.<String>getAs("id")).isEqualTo("*****0001");
    assertThat(r.<String>getAs("email")).isEqualTo("***@example.com");
  }

  @Test
  void anUnknownRoleGetsTheDefaultAndNeedsNoKeys(SparkSession spark) {
    enforce(spark);
    Row stored = jane(spark.read().parquet(silver.toString()));
    Dataset<Row> seen = Sluice.read(contract).as("intern").from(silver.toString());
    Row r = jane(seen);
    assertThat(r.<String>getAs("id")).isEqualTo(stored.<String>getAs("id")).isNotEqualTo("CUST-0001");
    assertThat(r.<String>getAs("email")).isEqualTo(stored.<String>getAs("email"));
    assertThat(r.<String>getAs("segment")).isEqualTo("vip");
  }

  @Test
  void unprotectedColumnsAreReadableUnlessDenied(SparkSession spark) {
    enforce(spark);
    Dataset<Row> seen = Sluice.read(contract).as("marketing").from(silver.toString());
    assertThat(Arrays.asList(seen.columns())).doesNotContain("email", "age").contains("segment", "id");
  }

  @Test
  void readingDecryptedWithoutKeysFailsNamingTheColumn(SparkSession spark) {
    enforce(spark);
    assertThatThrownBy(() -> Sluice.read(contract).as("fraud-analyst").from(silver.toString()))
        .isInstanceOf(AccessException.class)
        .hasMessageContaining("role 'fraud-analyst' reads encrypted column 'id'")
        .hasMessageEndingWith("decrypted: give the keyset store")
        .isInstanceOfSatisfying(AccessException.class, e -> assertThat(e.remedy()).contains(Remedy.KEYSET_STORE));
  }

  @Test
  void eachReadAppendsAnAccessEventThatTheHashChainCovers(SparkSession spark) throws Exception {
    enforce(spark);
    Sluice.read(contract).as("support").keys(keys).auditTo(dir.resolve("audit")).from(silver.toString()).collectAsList();
    List<String> lines = Files.readAllLines(dir.resolve("audit").resolve(FileAuditSink.FILE_NAME), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(2);
    JsonNode event = new ObjectMapper().readTree(lines.get(1));
    assertThat(event.path("event").asText()).isEqualTo("access");
    assertThat(event.path("role").asText()).isEqualTo("support");
    assertThat(event.path("user").asText()).isEqualTo(System.getProperty("user.name"));
    assertThat(event.path("dataset").asText()).isEqualTo(silver.toString());
    assertThat(event.path("policy_source").asText()).isEqualTo("contract");
    assertThat(event.path("spark_master").asText()).isEqualTo(spark.sparkContext().master());
    assertThat(event.path("columns").toString())
        .contains("{\"access\":\"show_last_4\",\"column\":\"id\",\"protected\":true}")
        .contains("{\"access\":\"denied\",\"column\":\"note\",\"protected\":true}")
        .contains("{\"access\":\"clear\",\"column\":\"segment\",\"protected\":false}");
    assertThat(lines.get(1)).doesNotContain("CUST-0001", "jane@example.com", "secret note");
    assertThat(FileAuditSink.verify(dir.resolve("audit")).intact()).isTrue();
  }

  @Test
  void decisionsFromRangerReadTheSameRowsAsTheContract(SparkSession spark) {
    enforce(spark);
    RangerEngine ranger = RangerEngine.of(contract, RangerExport.policies(contract, "lakehouse"));
    for (String role : List.of("fraud-analyst", "support", "marketing", "intern")) {
      Dataset<Row> own = Sluice.read(contract).as(role).keys(keys).from(silver.toString());
      Dataset<Row> viaRanger = Sluice.read(contract).as(role).keys(keys).policies(ranger).from(silver.toString());
      assertThat(viaRanger.columns()).as(role).containsExactly(own.columns());
      assertThat(viaRanger.collectAsList()).as(role).containsExactlyInAnyOrderElementsOf(own.collectAsList());
    }
  }

  /** The exported policies of the contract, plus a Ranger row-filter policy giving {@code filter} to {@code role}. */
  private List<RangerPolicy> withRowFilter(String role, String filter) {
    List<RangerPolicy> policies = new ArrayList<>(RangerExport.policies(contract, "lakehouse"));
    RangerPolicy rows = new RangerPolicy();
    rows.setService("lakehouse");
    rows.setName("rows of " + role);
    rows.setPolicyType(RangerPolicy.POLICY_TYPE_ROWFILTER);
    rows.setIsEnabled(true);
    rows.setResources(Map.of("database", new RangerPolicyResource("silver"), "table", new RangerPolicyResource("customers")));
    rows.setRowFilterPolicyItems(List.of(new RangerRowFilterPolicyItem(new RangerPolicyItemRowFilterInfo(filter),
        List.of(new RangerPolicyItemAccess("select", true)), List.of(), List.of(), List.of(role), List.of(), false)));
    policies.add(rows);
    return policies;
  }

  @Test
  void anEncryptedColumnNoRangerMaskPolicyCoversStaysCiphertext(SparkSession spark) {
    enforce(spark);
    Row stored = jane(spark.read().parquet(silver.toString()));
    List<RangerPolicy> policies = new ArrayList<>(RangerExport.policies(contract, "lakehouse"));
    assertThat(policies.removeIf(p -> p.getName().endsWith(" id mask"))).isTrue();
    Row r = jane(Sluice.read(contract).as("fraud-analyst").keys(keys).policies(RangerEngine.of(contract, policies))
        .from(silver.toString()));
    assertThat(r.<String>getAs("id")).isEqualTo(stored.<String>getAs("id")).isNotEqualTo("CUST-0001");
    assertThat(r.<String>getAs("email")).as("still covered: MASK_NONE").isEqualTo("jane@example.com");
  }

  @Test
  void aRangerRowFilterKeepsOnlyTheRowsItHoldsForTheRoleItNamesAndIsAudited(SparkSession spark) throws Exception {
    enforce(spark);
    RangerEngine ranger = RangerEngine.of(contract, withRowFilter("support", "segment = 'vip' AND age > 30"));
    List<Row> support = Sluice.read(contract).as("support").keys(keys).policies(ranger).auditTo(dir.resolve("audit"))
        .from(silver.toString()).collectAsList();
    assertThat(support).hasSize(1);
    assertThat(support.get(0).<String>getAs("segment")).isEqualTo("vip");
    assertThat(Sluice.read(contract).as("marketing").policies(ranger).from(silver.toString()).count()).isEqualTo(2);
    List<String> lines = Files.readAllLines(dir.resolve("audit").resolve(FileAuditSink.FILE_NAME), StandardCharsets.UTF_8);
    JsonNode event = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    assertThat(event.path("row_filter").asText()).isEqualTo("segment = 'vip' AND age > 30");
    assertThat(event.path("policy_source").asText()).isEqualTo("ranger");
  }

  @Test
  void aRowFilterThatCouldRunCodeOrReadATableIsRefusedNotIgnored(SparkSession spark) {
    enforce(spark);
    for (String filter : List.of("reflect('java.lang.System', 'exit', 1) IS NULL",
        "java_method('java.lang.Thread', 'sleep', 100000L) IS NULL",
        "segment IN (SELECT segment FROM other)",
        "rand() < 0.5")) {
      RangerEngine ranger = RangerEngine.of(contract, withRowFilter("support", filter));
      assertThatThrownBy(() -> Sluice.read(contract).as("support").keys(keys).policies(ranger).from(silver.toString()))
          .as(filter).isInstanceOf(AccessException.class)
          .hasMessageContaining("Cannot read " + silver + " as role 'support': the ranger row filter")
          .hasMessageContaining("change the policy");
    }
  }

  @Test
  void aRowFilterThatIsNotAPredicateOverTheColumnsIsRefused(SparkSession spark) {
    enforce(spark);
    RangerEngine unparsable = RangerEngine.of(contract, withRowFilter("support", "segment = = 'vip'"));
    assertThatThrownBy(() -> Sluice.read(contract).as("support").keys(keys).policies(unparsable).from(silver.toString()))
        .isInstanceOf(AccessException.class).hasMessageContaining("is not a Spark SQL predicate");
    RangerEngine elsewhere = RangerEngine.of(contract, withRowFilter("support", "region = 'EU'"));
    assertThatThrownBy(() -> Sluice.read(contract).as("support").keys(keys).policies(elsewhere).from(silver.toString()))
        .isInstanceOf(AccessException.class).hasMessageContaining("does not apply to its columns");
  }

  @Test
  void withoutAnAssertedRoleTheReaderIsTheAuthenticatedHadoopUser(SparkSession spark) throws Exception {
    enforce(spark);
    UserGroupInformation alice = UserGroupInformation.createUserForTesting("alice", new String[] {"fraud-analyst"});
    Row r = jane(alice.doAs((PrivilegedAction<Dataset<Row>>) () ->
        Sluice.read(contract).keys(keys).auditTo(dir.resolve("audit")).from(silver.toString())));
    assertThat(r.<String>getAs("id")).isEqualTo("CUST-0001");
    UserGroupInformation bob = UserGroupInformation.createUserForTesting("bob", new String[] {"staff"});
    Row b = jane(bob.doAs((PrivilegedAction<Dataset<Row>>) () -> Sluice.read(contract).from(silver.toString())));
    assertThat(b.<String>getAs("id")).isNotEqualTo("CUST-0001");

    List<String> lines = Files.readAllLines(dir.resolve("audit").resolve(FileAuditSink.FILE_NAME), StandardCharsets.UTF_8);
    JsonNode event = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    assertThat(event.path("user").asText()).isEqualTo("alice");
    assertThat(event.path("identity").asText()).isEqualTo("hadoop:simple");
    assertThat(event.path("groups").toString()).isEqualTo("[\"fraud-analyst\"]");
    assertThat(event.path("role").isNull()).isTrue();
  }
}
