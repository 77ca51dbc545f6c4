package io.sluice.spark.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.audit.AuditRecord;
import io.sluice.audit.FileAuditSink;
import io.sluice.check.RowRule;
import io.sluice.check.RuleCatalog;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.report.CheckResult;
import io.sluice.spark.Enforcement;
import io.sluice.spark.InputException;
import io.sluice.spark.Sluice;
import io.sluice.spark.Transition;
import io.sluice.spark.reference.ReferencedKeys.Strategy;
import io.sluice.testkit.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** references: rows whose non-null key is absent from the referenced dataset fail, on real files. */
@ExtendWith(LocalSpark.class)
class ReferencedKeysTest {
  private static final String HEAD = "apiVersion: sluice/v1\nkind: DataContract\nid: orders\nversion: 1.0.0\nlayer: silver\n";

  private static Contract contract(String body) {
    return ContractLoader.withDiscoveredValidators().parse(HEAD + body, "orders.yaml").orThrow();
  }

  private static Contract onCustomerId(String reference) {
    return contract("columns:\n  - {name: order_id, type: string}\n  - name: customer_id\n    type: long\n"
        + "    checks:\n      - references: " + reference + "\n");
  }

  /** Customers 1, 2 and 3, written as {@code format} at {@code dir}. */
  private static String customers(SparkSession spark, Path dir, String format) {
    String path = dir.resolve("customers-" + format).toString();
    spark.sql("SELECT * FROM VALUES (1L, 'EU'), (2L, 'EU'), (3L, 'US') AS t(id, region)").write().format(format).save(path);
    return path;
  }

  private static Dataset<Row> orders(SparkSession spark) {
    return spark.sql("SELECT * FROM VALUES ('o1', '1'), ('o2', '4'), ('o3', NULL), ('o4', '3'), ('o5', '9')"
        + " AS t(order_id, customer_id)");
  }

  private static List<String> quarantined(Enforcement e) {
    return e.quarantine().select("order_id").collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
  }

  private static Map<String, Long> failures(Enforcement e) {
    return e.report().checks().stream().collect(Collectors.toMap(CheckResult::id, CheckResult::failedRows));
  }

  @Test
  void rowsWhoseKeyIsAbsentFromAParquetDatasetAreQuarantinedAndANullKeyPasses(SparkSession spark, @TempDir Path dir) {
    String path = customers(spark, dir, "parquet");
    Enforcement e = Sluice.enforce(onCustomerId("{ dataset: '" + path + "', format: parquet, column: id }")).on(orders(spark));
    assertThat(quarantined(e)).containsExactly("o2", "o5");
    assertThat(e.valid().select("order_id").collectAsList()).extracting(r -> r.getString(0))
        .containsExactlyInAnyOrder("o1", "o3", "o4");
    assertThat(failures(e)).containsEntry("customer_id.references", 2L);
    assertThat(e.report().rowsIn()).isEqualTo(5);
    assertThat(e.report().rowsValid() + e.report().rowsQuarantined()).isEqualTo(5);
    Row reason = e.quarantine().selectExpr("explode(_dq_errors) AS e").select("e.*").first();
    assertThat(reason.getString(0)).isEqualTo("customer_id.references");
    assertThat(reason.getString(1)).isEqualTo("customer_id");
    assertThat(reason.getString(2)).isEqualTo("the value is not in dataset " + path + " (parquet) (id)");
  }

  @Test
  void aDeltaTableIsReadThroughItsLog(SparkSession spark, @TempDir Path dir) {
    String path = customers(spark, dir, "delta");
    spark.sql("DELETE FROM delta.`" + path + "` WHERE id = 3"); // only the log says customer 3 is gone
    Enforcement e = Sluice.enforce(onCustomerId("{ dataset: '" + path + "', format: delta, column: id }")).on(orders(spark));
    assertThat(quarantined(e)).containsExactly("o2", "o4", "o5");
  }

  @Test
  void theFormatIsFoundAtThePathWhenTheContractGivesNone(SparkSession spark, @TempDir Path dir) {
    String path = customers(spark, dir, "delta");
    assertThat(quarantined(Sluice.enforce(onCustomerId("{ dataset: '" + path + "', column: id }")).on(orders(spark))))
        .containsExactly("o2", "o5");
  }

  @Test
  void aCatalogTableIsReadByName(SparkSession spark, @TempDir Path dir) {
    spark.read().parquet(customers(spark, dir, "parquet")).createOrReplaceTempView("known_customers");
    assertThat(quarantined(Sluice.enforce(onCustomerId("{ table: known_customers, column: id }")).on(orders(spark))))
        .containsExactly("o2", "o5");
  }

  @Test
  void aCompositeKeyMustBeInTheReferencedDatasetAndAKeyWithANullPartPasses(SparkSession spark, @TempDir Path dir) {
    String path = customers(spark, dir, "parquet");
    Contract c = contract("""
        columns:
          - {name: order_id, type: string}
          - {name: customer_id, type: long}
          - {name: region, type: string}
        checks:
          - columns: [customer_id, region]
            references: { dataset: '%s', format: parquet, columns: [id, region] }
        """.formatted(path));
    Dataset<Row> rows = spark.sql("SELECT * FROM VALUES ('o1', '1', 'EU'), ('o2', '1', 'US'), ('o3', NULL, 'US'),"
        + " ('o4', '3', NULL), ('o5', '3', 'US'), ('o6', '7', 'EU') AS t(order_id, customer_id, region)");
    Enforcement e = Sluice.enforce(c).on(rows);
    assertThat(e.valid().count()).isEqualTo(4);
    assertThat(quarantined(e)).containsExactly("o2", "o6");
    assertThat(failures(e)).containsEntry("references(customer_id,region)", 2L);
    assertThat(e.quarantine().selectExpr("_dq_errors[0].message").first().getString(0))
        .isEqualTo("the key [customer_id, region] is not in dataset " + path + " (parquet) (id, region)");
  }

  private static RowRule rule(Contract c) {
    return RuleCatalog.standard().compile(c).rowRules().stream().filter(r -> r.reference().isPresent()).findFirst()
        .orElseThrow();
  }

  private static List<Boolean> flags(ReferencedKeys.Flagged f) {
    return f.rows().orderBy("order_id").select("__f").collectAsList().stream().map(r -> r.getBoolean(0)).toList();
  }

  private static Dataset<Row> typedOrders(SparkSession spark) {
    return spark.sql("SELECT * FROM VALUES ('o1', 1L), ('o2', 4L), ('o3', CAST(NULL AS BIGINT)), ('o4', 3L)"
        + " AS t(order_id, customer_id)");
  }

  @Test
  void fewKeysOfOneColumnAreTestedBySetMembershipInThePass(SparkSession spark, @TempDir Path dir) {
    RowRule r = rule(onCustomerId("{ dataset: '" + customers(spark, dir, "parquet") + "', format: parquet, column: id }"));
    ReferencedKeys.Flagged f = ReferencedKeys.flag(typedOrders(spark), r, "__f");
    assertThat(f.strategy()).isEqualTo(Strategy.MEMBERSHIP);
    assertThat(flags(f)).containsExactly(false, true, false, false);
    assertThat(f.rows().queryExecution().executedPlan().toString()).doesNotContain("Join");
  }

  @Test
  void fewKeysOfSeveralColumnsAreBroadcast(SparkSession spark, @TempDir Path dir) {
    Contract c = contract("columns:\n  - {name: order_id, type: string}\n  - {name: customer_id, type: long}\n"
        + "  - {name: region, type: string}\nchecks:\n  - columns: [customer_id, region]\n    references: { dataset: '"
        + customers(spark, dir, "parquet") + "', format: parquet, columns: [id, region] }\n");
    Dataset<Row> rows = spark.sql("SELECT * FROM VALUES ('o1', 1L, 'EU'), ('o2', 1L, 'US') AS t(order_id, customer_id, region)");
    ReferencedKeys.Flagged f = ReferencedKeys.flag(rows, rule(c), "__f");
    assertThat(f.strategy()).isEqualTo(Strategy.BROADCAST);
    assertThat(flags(f)).containsExactly(false, true);
    assertThat(f.rows().queryExecution().executedPlan().toString()).contains("BroadcastHashJoin");
  }

  @Test
  void keysLargerThanTheBroadcastBoundAreJoined(SparkSession spark, @TempDir Path dir) {
    RowRule r = rule(onCustomerId("{ dataset: '" + customers(spark, dir, "parquet") + "', format: parquet, column: id }"));
    spark.conf().set(ReferencedKeys.BROADCAST_BYTES, "0");
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
    try {
      ReferencedKeys.Flagged f = ReferencedKeys.flag(typedOrders(spark), r, "__f");
      assertThat(f.strategy()).isEqualTo(Strategy.JOIN);
      assertThat(flags(f)).containsExactly(false, true, false, false);
      assertThat(f.rows().queryExecution().executedPlan().toString()).contains("SortMergeJoin");
      // The same verdicts through the whole plan, with the other checks.
      Enforcement e = Sluice.enforce(onCustomerId("{ dataset: '" + dir.resolve("customers-parquet")
          + "', format: parquet, column: id }")).on(orders(spark));
      assertThat(quarantined(e)).containsExactly("o2", "o5");
    } finally {
      spark.conf().unset(ReferencedKeys.BROADCAST_BYTES);
      spark.conf().unset("spark.sql.autoBroadcastJoinThreshold");
    }
  }

  @Test
  void moreKeysThanTheCollectLimitAreJoined(SparkSession spark, @TempDir Path dir) {
    RowRule r = rule(onCustomerId("{ dataset: '" + customers(spark, dir, "parquet") + "', format: parquet, column: id }"));
    spark.conf().set(ReferencedKeys.COLLECT_LIMIT, "2");
    try {
      ReferencedKeys.Flagged f = ReferencedKeys.flag(typedOrders(spark), r, "__f");
      assertThat(f.strategy()).isEqualTo(Strategy.JOIN);
      assertThat(flags(f)).containsExactly(false, true, false, false);
    } finally {
      spark.conf().unset(ReferencedKeys.COLLECT_LIMIT);
    }
  }

  @Test
  void aMissingReferencedDatasetIsAClearError(SparkSession spark, @TempDir Path dir) {
    Contract c = onCustomerId("{ dataset: '" + dir.resolve("nowhere") + "', format: parquet, column: id }");
    assertThatThrownBy(() -> Sluice.enforce(c).on(orders(spark)).valid().count()).isInstanceOf(InputException.class)
        .hasMessageStartingWith("Cannot check reference 'customer_id.references': ")
        .hasMessageContaining(dir.resolve("nowhere").toString())
        .hasMessageEndingWith("fix the reference's path and format in the contract, or create the referenced dataset first");
  }

  @Test
  void aMissingTableAndAMissingColumnAreClearErrors(SparkSession spark, @TempDir Path dir) {
    assertThatThrownBy(() -> Sluice.enforce(onCustomerId("{ table: no_such_db.customers, column: id }")).on(orders(spark))
        .valid().count()).isInstanceOf(InputException.class)
        .hasMessageStartingWith("Cannot check reference 'customer_id.references': table no_such_db.customers cannot be read");
    String path = customers(spark, dir, "parquet");
    assertThatThrownBy(() -> Sluice.enforce(onCustomerId("{ dataset: '" + path + "', format: parquet, column: cust_id }"))
        .on(orders(spark)).valid().count()).isInstanceOf(InputException.class)
        .hasMessage("Cannot check reference 'customer_id.references': dataset " + path + " (parquet) has no column"
            + " 'cust_id'; its columns: 'id', 'region'. Fix the referenced column in the contract");
  }

  @Test
  void aTransitionWhoseReferencedDatasetIsMissingFailsAndIsAudited(SparkSession spark, @TempDir Path dir) throws Exception {
    Path in = dir.resolve("orders.csv");
    Files.writeString(in, "order_id,customer_id\no1,1\n");
    Path contractFile = dir.resolve("orders.yaml");
    Files.writeString(contractFile, HEAD + "source: bronze\ncolumns:\n  - {name: order_id, type: string}\n"
        + "  - name: customer_id\n    type: long\n    checks:\n      - references: { dataset: '" + dir.resolve("gone")
        + "', format: delta, column: id }\n");
    Transition t = Transition.of(ContractLoader.withDiscoveredValidators().load(contractFile)).from(in.toString())
        .to(dir.resolve("silver").toString()).quarantineTo(dir.resolve("q").toString()).auditTo(dir.resolve("audit"));
    assertThatThrownBy(() -> t.run(spark)).isInstanceOf(InputException.class)
        .hasMessageStartingWith("Cannot check reference 'customer_id.references'");
    List<String> lines = Files.readAllLines(dir.resolve("audit").resolve(FileAuditSink.FILE_NAME));
    assertThat(lines).singleElement().satisfies(l -> {
      JsonNode a = new ObjectMapper().readTree(l);
      assertThat(a.path("outcome").asText()).isEqualTo(AuditRecord.Outcome.ABORTED.name());
      assertThat(a.toString()).contains("Cannot check reference 'customer_id.references'");
    });
    try (var written = Files.walk(dir.resolve("silver"))) {
      assertThat(written.filter(p -> p.toString().endsWith(".parquet"))).as("nothing is written").isEmpty();
    } catch (java.nio.file.NoSuchFileException none) {
      // nothing at all
    }
  }
}
