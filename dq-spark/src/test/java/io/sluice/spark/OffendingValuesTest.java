package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.keys.KeyType;
import io.sluice.keys.KeysetStore;
import io.sluice.report.CheckResult;
import io.sluice.report.ReportJson;
import io.sluice.report.RunReport;
import io.sluice.report.ValueCount;
import io.sluice.spark.plan.TopValues;
import io.sluice.testkit.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each failing check's most frequent offending values, counted in the pass that checks the rows: by a transition's
 * split writers and by a validation's tasks. Values are the column's as its output stores them.
 */
@ExtendWith(LocalSpark.class)
class OffendingValuesTest {
  private static final String ORDERS = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      columns:
        - {name: id, type: int}
        - {name: status, type: string, checks: [{allowed_values: [ok]}]}
        - {name: amount, type: int, checks: [{range: {min: 0}, severity: warn}]}
      checks:
        - name: id_small
          expression: "id < 10"
      """;
  // status: bad x3, worse x2, ?? x1; amount: -5 x2 (one on a valid row), -1 x1, abc x1 (does not convert); the last
  // record is malformed (a field too many) and holds a bad status that must not be counted.
  private static final String ORDERS_CSV = """
      id,status,amount
      1,ok,10
      2,ok,-5
      3,ok,abc
      4,ok,10
      5,bad,10
      6,bad,-5
      7,bad,10
      8,worse,-1
      9,worse,10
      10,??,10
      11,bad,10,surplus
      """;

  @TempDir Path dir;

  private Contract contract(String yaml) throws Exception {
    Path file = dir.resolve("contract.yaml");
    Files.writeString(file, yaml);
    return ContractLoader.withDiscoveredValidators().load(file);
  }

  private Path csv(String text) throws Exception {
    Path file = dir.resolve("in.csv");
    Files.writeString(file, text);
    return file;
  }

  private RunReport enforce(SparkSession spark, Contract c, Path input, KeysetStore keys) {
    Transition t = Transition.of(c).from(input.toString()).to(dir.resolve("silver").toString())
        .quarantineTo(dir.resolve("quarantine").toString()).auditTo(dir.resolve("audit"));
    TransitionResult r = (keys == null ? t : t.keys(keys)).run(spark);
    return r.report();
  }

  private static RunReport validate(SparkSession spark, Contract c, Path input) {
    return Sluice.enforce(c).on(new Input(input.toString(), Format.CSV).read(spark, c)).validate();
  }

  private static CheckResult check(RunReport r, String id) {
    return r.checks().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  private static void assertOrdersValues(RunReport r) {
    assertThat(r.rowsIn()).isEqualTo(11);
    assertThat(r.rowsIn()).isEqualTo(r.rowsValid() + r.rowsQuarantined());
    assertThat(r.rowsMalformed()).isEqualTo(1);
    CheckResult status = check(r, "status.allowed_values");
    assertThat(status.offendingValues()).containsExactly(new ValueCount("bad", 3), new ValueCount("worse", 2),
        new ValueCount("??", 1));
    assertThat(status.offendingCountsExact()).isTrue();
    assertThat(status.offendingValues().stream().mapToLong(ValueCount::count).sum()).isEqualTo(status.failedRows());
    assertThat(check(r, "amount.range").offendingValues()).containsExactly(new ValueCount("-5", 2),
        new ValueCount("-1", 1));
    assertThat(check(r, "amount.type").offendingValues()).containsExactly(new ValueCount("abc", 1));
  }

  @Test
  void aTransitionReportsEachFailingChecksValuesMostFrequentFirstWithExactCounts(SparkSession spark) throws Exception {
    RunReport r = enforce(spark, contract(ORDERS), csv(ORDERS_CSV), null);

    assertOrdersValues(r);
    assertThat(r.rowsValid()).isEqualTo(3);
  }

  @Test
  void aValidationReportsTheSameValuesAsATransition(SparkSession spark) throws Exception {
    Contract c = contract(ORDERS);
    Path input = csv(ORDERS_CSV);

    RunReport validated = validate(spark, c, input);

    assertOrdersValues(validated);
    assertThat(validated.checks()).isEqualTo(enforce(spark, c, input, null).checks());
  }

  @Test
  void aCheckOverTheRowAndAPassingCheckGiveNoValues(SparkSession spark) throws Exception {
    RunReport r = enforce(spark, contract(ORDERS), csv(ORDERS_CSV), null);

    assertThat(check(r, "id_small").failedRows()).isEqualTo(1);
    assertThat(check(r, "id_small").offendingValues()).isEmpty();
    assertThat(check(r, "id.type").offendingValues()).isEmpty();
  }

  @Test
  void theJsonReportCarriesTheValuesAndWhetherTheyAreExact(SparkSession spark) throws Exception {
    JsonNode json = ReportJson.of(enforce(spark, contract(ORDERS), csv(ORDERS_CSV), null));

    JsonNode status = null;
    for (JsonNode c : json.get("checks")) {
      if (c.get("id").asText().equals("status.allowed_values")) {
        status = c;
      }
    }
    assertThat(status).isNotNull();
    assertThat(status.get("offending_values").toString())
        .isEqualTo("[{\"value\":\"bad\",\"count\":3},{\"value\":\"worse\",\"count\":2},{\"value\":\"??\",\"count\":1}]");
    assertThat(status.get("offending_counts_exact").asBoolean()).isTrue();
  }

  private static final String CUSTOMERS = """
      apiVersion: sluice/v1
      kind: DataContract
      id: customers
      version: 1.0.0
      layer: silver
      columns:
        - {name: id, type: string, checks: [{allowed_values: [C-1]}], protect: {encrypt: deterministic, key: customers}}
        - {name: email, type: string, checks: [{pattern: '@example\\.com$'}], protect: {encrypt: randomized, key: contact}}
        - {name: card, type: string, checks: [{pattern: '^4'}], protect: {mask: show_last_4}}
      """;
  private static final String CUSTOMERS_CSV = """
      id,email,card
      C-1,jane@example.com,4111111111111111
      C-2,max@example.org,5500000000000004
      C-2,max@example.org,5500000000000004
      """;
  private static final List<String> SECRETS = List.of("C-2", "max@example.org", "max@", "5500000000000004", "55000");

  private KeysetStore keys() {
    KeysetStore keys = KeysetStore.local(dir.resolve("keys"), w -> { });
    keys.create("customers", KeyType.DETERMINISTIC);
    keys.create("contact", KeyType.RANDOMIZED);
    return KeysetStore.open(dir.resolve("keys"));
  }

  private static String allValues(RunReport r) {
    return r.checks().stream().flatMap(c -> c.offendingValues().stream()).map(v -> String.valueOf(v.value()))
        .collect(Collectors.joining("|"));
  }

  @Test
  void aProtectedColumnShowsItsValuesAsTheQuarantineStoresThemNeverInClear(SparkSession spark) throws Exception {
    RunReport r = enforce(spark, contract(CUSTOMERS), csv(CUSTOMERS_CSV), keys());

    assertThat(check(r, "card.pattern").offendingValues()).containsExactly(new ValueCount("************0004", 2));
    List<ValueCount> ids = check(r, "id.allowed_values").offendingValues();
    assertThat(ids).hasSize(1); // deterministic: one token for both rows
    assertThat(ids.get(0).count()).isEqualTo(2);
    List<String> quarantinedIds = spark.read().parquet(dir.resolve("quarantine").toString()).select("id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(quarantinedIds).containsOnly(ids.get(0).value());
    List<ValueCount> emails = check(r, "email.pattern").offendingValues();
    assertThat(emails).hasSize(2).allSatisfy(v -> assertThat(v.count()).isEqualTo(1)); // randomized: a token per row
    List<String> quarantinedEmails = spark.read().parquet(dir.resolve("quarantine").toString()).select("email")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(emails).extracting(ValueCount::value).containsExactlyInAnyOrderElementsOf(quarantinedEmails);
    String everything = allValues(r) + ReportJson.text(ReportJson.of(r));
    assertThat(SECRETS).allSatisfy(s -> assertThat(everything).doesNotContain(s));
  }

  @Test
  void aValidationShowsMasksAndNoValueOfAnEncryptedColumn(SparkSession spark) throws Exception {
    RunReport r = validate(spark, contract(CUSTOMERS), csv(CUSTOMERS_CSV));

    assertThat(check(r, "card.pattern").offendingValues()).containsExactly(new ValueCount("************0004", 2));
    assertThat(check(r, "id.allowed_values").failedRows()).isEqualTo(2);
    assertThat(check(r, "id.allowed_values").offendingValues()).isEmpty();
    assertThat(check(r, "email.pattern").offendingValues()).isEmpty();
    String everything = allValues(r) + ReportJson.text(ReportJson.of(r));
    assertThat(SECRETS).allSatisfy(s -> assertThat(everything).doesNotContain(s));
  }

  private static final String MANY = """
      apiVersion: sluice/v1
      kind: DataContract
      id: many
      version: 1.0.0
      layer: silver
      columns:
        - {name: id, type: long}
        - {name: s, type: string, checks: [{allowed_values: [ok]}]}
      """;

  /** 6,000 rows over 4 partitions: a x1800, b x1200, c x600 fail among 1,800 distinct failing values; ok x600. */
  private static Dataset<Row> many(SparkSession spark) {
    return spark.range(0, 6000, 1, 4).selectExpr("id", "CASE WHEN id % 10 < 3 THEN 'a' WHEN id % 10 < 5 THEN 'b'"
        + " WHEN id % 10 = 5 THEN 'c' WHEN id % 10 = 6 THEN 'ok' ELSE concat('u', id) END AS s");
  }

  private static void assertHeavyHitters(RunReport r) {
    assertThat(r.rowsIn()).isEqualTo(r.rowsValid() + r.rowsQuarantined());
    CheckResult s = check(r, "s.allowed_values");
    assertThat(s.failedRows()).isEqualTo(5400);
    assertThat(s.offendingCountsExact()).isFalse();
    List<ValueCount> top = s.offendingValues();
    assertThat(top).extracting(ValueCount::value).startsWith("a", "b", "c");
    long bound = s.failedRows() / (TopValues.CAPACITY + 1); // Misra-Gries: under-counted by at most n / (k + 1)
    assertThat(top.get(0).count()).isBetween(1800 - bound, 1800L);
    assertThat(top.get(1).count()).isBetween(1200 - bound, 1200L);
    assertThat(top.get(2).count()).isBetween(600 - bound, 600L);
  }

  @Test
  void pastTheSummarysCapacityATransitionKeepsTheTrueHeavyHitters(SparkSession spark) throws Exception {
    Contract c = contract(MANY);
    String input = dir.resolve("many.parquet").toString();
    many(spark).write().parquet(input);
    TransitionResult t = Transition.of(c).from(input, Format.PARQUET).to(dir.resolve("silver").toString())
        .quarantineTo(dir.resolve("quarantine").toString()).auditTo(dir.resolve("audit")).run(spark);

    assertHeavyHitters(t.report());
  }

  @Test
  void pastTheSummarysCapacityAValidationKeepsTheTrueHeavyHitters(SparkSession spark) throws Exception {
    assertHeavyHitters(Sluice.enforce(contract(MANY)).on(many(spark)).validate());
  }

  @Test
  void offendingValuesCanBeTurnedOffForASession(SparkSession spark) throws Exception {
    Contract c = contract(ORDERS);
    Path input = csv(ORDERS_CSV);
    spark.conf().set(Enforcement.OFFENDING_VALUES, "false");
    try {
      RunReport enforced = enforce(spark, c, input, null);
      RunReport validated = validate(spark, c, input);

      for (RunReport r : List.of(enforced, validated)) {
        assertThat(check(r, "status.allowed_values").failedRows()).isEqualTo(6);
        assertThat(r.checks()).allSatisfy(k -> assertThat(k.offendingValues()).isEmpty());
        assertThat(r.rowsIn()).isEqualTo(r.rowsValid() + r.rowsQuarantined());
      }
    } finally {
      spark.conf().unset(Enforcement.OFFENDING_VALUES);
    }
  }
}
