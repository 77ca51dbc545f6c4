package io.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.audit.FileAuditSink;
import io.sluice.testkit.LocalSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The demo's pipeline on the bundled sample data, on a real local Spark. */
@ExtendWith(LocalSpark.class)
class MedallionPipelineTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static List<MedallionPipeline.Step> steps;
  static Map<String, MedallionPipeline.Step> byName;

  @BeforeAll
  static void runThePipeline(SparkSession session) {
    spark = session;
    steps = new MedallionPipeline(spark, dir, line -> { }).run();
    byName = steps.stream().collect(Collectors.toMap(s -> s.layer() + "/" + s.dataset(), s -> s));
  }

  @Test
  void everyLayerCommitsAndEveryRunAddsUp() {
    assertThat(byName.keySet()).containsExactlyInAnyOrder("bronze/orders", "bronze/customers", "silver/orders",
        "silver/customers", "gold/average_ticket", "gold/customer_lifetime_value", "gold/churn_rate");
    for (MedallionPipeline.Step s : steps) {
      assertThat(s.result().committed()).as(s.dataset()).isTrue();
      var r = s.result().report();
      assertThat(r.rowsIn()).as(s.dataset()).isEqualTo(r.rowsValid() + r.rowsQuarantined());
      assertThat(spark.read().parquet(s.output().toString()).count()).as(s.dataset()).isEqualTo(r.rowsValid());
    }
  }

  @Test
  void theSampleDefectsAreCaughtWhereTheContractsSay() {
    var bronze = byName.get("bronze/orders").result().report();
    assertThat(bronze.rowsMalformed()).isPositive();
    assertThat(failed(bronze, "amount.type")).isPositive();
    assertThat(failed(bronze, "order_id.unique")).isPositive();
    var silver = byName.get("silver/orders").result().report();
    assertThat(failed(silver, "discount_le_amount")).isPositive();
    assertThat(failed(silver, "country.pattern")).isPositive();
    assertThat(silver.rowsWarned()).isPositive();
    assertThat(byName.get("silver/orders").result().report().rowsIn()).isEqualTo(bronze.rowsValid());
  }

  @Test
  void silverOrdersWhoseCustomerDidNotReachSilverCustomersFailTheReference() {
    MedallionPipeline.Step orders = byName.get("silver/orders");
    java.util.Set<String> customers = tokens(spark.read().parquet(byName.get("silver/customers").output().toString()));
    org.apache.spark.sql.Dataset<Row> failing = spark.read().parquet(orders.quarantine().toString())
        .where("exists(_dq_errors, e -> e.check = 'customer_id.references')");
    long failures = failed(orders.result().report(), "customer_id.references");
    assertThat(failures).isPositive().isEqualTo(failing.count());
    assertThat(tokens(failing)).doesNotContainAnyElementsOf(customers);
    assertThat(customers).containsAll(tokens(spark.read().parquet(orders.output().toString())));
  }

  private static java.util.Set<String> tokens(org.apache.spark.sql.Dataset<Row> rows) {
    return rows.select("customer_id").where("customer_id IS NOT NULL").collectAsList().stream().map(r -> r.getString(0))
        .collect(java.util.stream.Collectors.toSet());
  }

  private static long failed(io.sluice.report.RunReport r, String id) {
    return r.checks().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().failedRows();
  }

  @Test
  void goldCustomerTokensAreSilverTokensSoTheLayersJoin() {
    List<Row> joined = spark.read().parquet(byName.get("gold/customer_lifetime_value").output().toString()).as("g")
        .join(spark.read().parquet(byName.get("silver/orders").output().toString()).as("s"), "customer_id")
        .limit(5).collectAsList();
    assertThat(joined).isNotEmpty();
    assertThat(spark.read().parquet(byName.get("gold/customer_lifetime_value").output().toString())
        .first().<String>getAs("customer_id")).doesNotStartWith("C0");
  }

  @Test
  void silverHoldsNoPlaintextOfTheCustomersPersonalData() throws Exception {
    List<String> landing = Files.readAllLines(dir.resolve("landing/customers.jsonl"));
    String firstLine = landing.get(0);
    String email = firstLine.replaceAll(".*\"email\": \"([^\"]+)\".*", "$1");
    String name = firstLine.replaceAll(".*\"full_name\": \"([^\"]+)\".*", "$1");
    String nationalId = firstLine.replaceAll(".*\"national_id\": \"([^\"]+)\".*", "$1");
    StringBuilder silver = new StringBuilder();
    for (String out : List.of("silver", "gold", "quarantine/silver_customers", "audit")) {
      try (Stream<Path> files = Files.walk(dir.resolve(out))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          silver.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
      }
    }
    assertThat(silver.toString()).doesNotContain(email).doesNotContain(name).doesNotContain(nationalId)
        .doesNotContain("C00001");
  }

  @Test
  void theAuditLogHasOneIntactRecordPerRun() {
    var v = FileAuditSink.verify(dir.resolve("audit"));
    assertThat(v.intact()).isTrue();
    assertThat(v.lines()).isEqualTo(steps.size());
  }
}
