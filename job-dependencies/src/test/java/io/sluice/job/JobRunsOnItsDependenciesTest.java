package io.sluice.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.access.AccessException;
import io.sluice.access.PolicySource;
import io.sluice.contract.Contract;
import io.sluice.keys.KeyType;
import io.sluice.keys.KeysetStore;
import io.sluice.report.DatasetCheckResult;
import io.sluice.report.RunReport;
import io.sluice.spark.Sluice;
import io.sluice.spark.Transition;
import io.sluice.spark.TransitionResult;
import io.sluice.testkit.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job whose class path is Spark and what the allow-list holds, nothing else (no Delta Lake, no MLlib, no Ranger),
 * runs what a job runs: checks with Deequ's dataset metrics, a transition that quarantines, encrypts and audits,
 * and a protected read; and asking for Ranger's policies says which module to add.
 */
@ExtendWith(LocalSpark.class)
class JobRunsOnItsDependenciesTest {
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      source: bronze
      columns:
        - {name: order_id, type: string, required: true, unique: true}
        - {name: customer_id, type: string, protect: {encrypt: deterministic, key: customers, domain: customer}}
        - {name: amount, type: 'decimal(12,2)', checks: [{range: {min: 0}}]}
        - {name: country, type: string, checks: [{pattern: '^[A-Z]{2}$'}]}
      dataset_checks:
        - row_count: {min: 1}
        - completeness: {column: country, min: 0.5}
      access:
        default: masked
        roles:
          fraud-analyst: {customer_id: clear}
      """;
  private static final String ORDERS = """
      order_id,customer_id,amount,country
      O1,C1,10.00,FR
      O2,C2,-1.00,DE
      O3,C3,5.50,fra
      O4,C1,7.25,
      """;

  @TempDir Path dir;

  private Contract contract() throws Exception {
    return Sluice.contract(Files.writeString(dir.resolve("orders.yaml"), CONTRACT));
  }

  @Test
  void checksAndDeequsDatasetMetricsRun(SparkSession spark) throws Exception {
    Files.writeString(dir.resolve("orders.csv"), ORDERS);
    Dataset<Row> orders = spark.read().option("header", "true").csv(dir.resolve("orders.csv").toString());

    RunReport report = Sluice.enforce(contract()).on(orders).validate();

    assertThat(report.rowsIn()).isEqualTo(4);
    assertThat(report.rowsQuarantined()).isEqualTo(2);
    assertThat(report.datasetChecks()).extracting(DatasetCheckResult::kind, DatasetCheckResult::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("row_count", Optional.of(4.0)),
            org.assertj.core.groups.Tuple.tuple("completeness", Optional.of(0.75)));
  }

  @Test
  void aTransitionQuarantinesEncryptsAuditsAndItsRoleReadsInClear(SparkSession spark) throws Exception {
    Contract contract = contract();
    Files.writeString(dir.resolve("orders.csv"), ORDERS);
    KeysetStore keys = KeysetStore.local(dir.resolve("keys"), warning -> { });
    keys.create("customers", KeyType.DETERMINISTIC);
    String silver = dir.resolve("silver").toString();

    TransitionResult result = Transition.of(contract).from(dir.resolve("orders.csv").toString()).to(silver)
        .quarantineTo(dir.resolve("quarantine").toString()).auditTo(dir.resolve("audit")).keys(keys).run(spark);

    assertThat(result.committed()).isTrue();
    assertThat(result.report().rowsValid()).isEqualTo(2);
    assertThat(spark.read().parquet(silver).select("customer_id").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList()).doesNotContain("C1").hasSize(2);
    List<String> clear = Sluice.read(contract).as("fraud-analyst").keys(keys).from(silver).select("customer_id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(clear).containsExactlyInAnyOrder("C1", "C1");
  }

  @Test
  void rangerAsThePolicySourceNamesTheModuleToAdd() throws Exception {
    Contract contract = contract();
    Path policies = Files.writeString(dir.resolve("ranger.json"), "{\"policies\": []}");

    assertThatThrownBy(() -> PolicySource.RANGER.policy(contract, Optional.of(policies)))
        .isInstanceOf(AccessException.class).hasMessageContaining("io.sluice:governance-ranger is not on the class path");
  }
}
