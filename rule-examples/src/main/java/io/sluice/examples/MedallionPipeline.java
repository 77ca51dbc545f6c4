package io.sluice.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;

import io.sluice.contract.Contract;
import io.sluice.keys.KeyType;
import io.sluice.keys.KeysetStore;
import io.sluice.protect.Protection;
import io.sluice.spark.Format;
import io.sluice.spark.Sluice;
import io.sluice.spark.Transition;
import io.sluice.spark.TransitionResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The e-commerce lakehouse of rule-examples, end to end on the bundled sample data: landing files →
 * bronze (enforced) → silver (enforced and protected) → gold (aggregated, enforced). Each step is a
 * {@link Transition}: failing rows go to a quarantine with their reasons, every run appends to one audit log.
 *
 * <p>Run it as a Spark job ({@link #main}) or through {@code sluice demo}.
 */
public final class MedallionPipeline {
  /** One transition of the pipeline and where its outputs went. */
  public record Step(String layer, String dataset, TransitionResult result, Path output, Path quarantine) {}

  private final SparkSession spark;
  private final Path dir;
  private final Consumer<String> log;

  public MedallionPipeline(SparkSession spark, Path dir, Consumer<String> log) {
    this.spark = spark;
    this.dir = dir.toAbsolutePath();
    this.log = log;
  }

  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/medallion");
    // A job leaves the master to spark-submit (docs/deploy.md); run on its own, the example uses this machine.
    SparkSession.Builder builder = SparkSession.builder().appName("medallion").config("spark.sql.session.timeZone", "UTC");
    if (System.getProperty("spark.master") == null) {
      builder.master("local[*]").config("spark.ui.enabled", "false");
    }
    SparkSession spark = builder.getOrCreate();
    for (Step s : new MedallionPipeline(spark, dir, System.out::println).run()) {
      System.out.printf("%-7s %-26s in %5d  valid %5d  quarantined %4d  -> %s%n", s.layer(), s.dataset(),
          s.result().report().rowsIn(), s.result().report().rowsValid(), s.result().report().rowsQuarantined(), s.output());
    }
    spark.stop();
  }

  public Path contracts() {
    return dir.resolve("contracts");
  }

  public Path audit() {
    return dir.resolve("audit");
  }

  /** Runs every layer; the folder is reset first so that each run shows the whole pipeline. */
  public List<Step> run() {
    reset();
    KeysetStore keys = keys();
    List<Step> steps = new ArrayList<>();

    steps.add(step("bronze", "orders", Transition.of(contract("bronze/orders.yaml"))
        .from(dir.resolve("landing/orders.csv").toString(), Format.CSV), keys));
    steps.add(step("bronze", "customers", Transition.of(contract("bronze/customers.yaml"))
        .from(dir.resolve("landing/customers.jsonl").toString(), Format.JSON), keys));

    // Customers first: silver orders reference silver customers.
    steps.add(step("silver", "customers", Transition.of(contract("silver/customers.yaml"))
        .from(layer("bronze", "customers").toString(), Format.PARQUET), keys));
    Contract silverOrders = contract("silver/orders.yaml");
    steps.add(step("silver", "orders", Transition.of(silverOrders)
        .from(layer("bronze", "orders").toString(), Format.PARQUET), keys));

    Dataset<Row> orders = spark.read().parquet(layer("silver", "orders").toString());
    steps.add(step("gold", "average_ticket", Transition.of(contract("gold/average_ticket.yaml"))
        .from(averageTicket(orders), "silver.orders -> average ticket per day and country"), keys));
    steps.add(step("gold", "customer_lifetime_value", Transition.of(contract("gold/customer_lifetime_value.yaml"))
        .from(lifetimeValue(Protection.of(silverOrders, Optional.of(keys)).reveal(orders)),
            "silver.orders -> lifetime value per customer"), keys));
    steps.add(step("gold", "churn_rate", Transition.of(contract("gold/churn_rate.yaml"))
        .from(churnRate(orders), "silver.orders -> monthly churn"), keys));
    return steps;
  }

  /** Revenue, orders and average ticket per order day and country. */
  static Dataset<Row> averageTicket(Dataset<Row> orders) {
    return orders.groupBy(col("order_date"), col("country"))
        .agg(count(lit(1)).as("orders"), sum("amount").cast("decimal(18,2)").as("revenue"))
        .withColumn("average_ticket", col("revenue").divide(col("orders")).cast("decimal(14,2)"));
  }

  /**
   * Per customer: first and last order, orders, lifetime value, average days between orders. The customer id
   * comes in clear (revealed with the keys) and the gold contract encrypts it again: deterministic encryption
   * under the same key and domain gives silver's token back, so gold joins with silver.
   */
  static Dataset<Row> lifetimeValue(Dataset<Row> orders) {
    return orders.groupBy(col("customer_id"))
        .agg(min("ordered_at").as("first_order_at"), max("ordered_at").as("last_order_at"),
            count(lit(1)).as("orders"), sum("amount").cast("decimal(18,2)").as("lifetime_value"))
        .withColumn("avg_days_between_orders", org.apache.spark.sql.functions.when(col("orders").gt(1),
            org.apache.spark.sql.functions.datediff(col("last_order_at"), col("first_order_at"))
                .divide(col("orders").minus(1))).cast("float"));
  }

  /** Per month: customers who ordered the month before, and how many of them did not order this month. */
  static Dataset<Row> churnRate(Dataset<Row> orders) {
    Dataset<Row> active = orders.select(col("customer_id"), trunc(col("order_date"), "month").as("month")).distinct();
    Dataset<Row> previous = active.select(col("customer_id"),
        org.apache.spark.sql.functions.add_months(col("month"), 1).as("month"));
    Dataset<Row> months = active.select("month").distinct();
    Dataset<Row> stayed = previous.join(active,
        scala.collection.JavaConverters.asScalaBuffer(List.of("customer_id", "month")).toSeq(), "left_semi");
    Dataset<Row> counts = previous.groupBy("month").agg(countDistinct("customer_id").as("active_customers"))
        .join(stayed.groupBy("month").agg(countDistinct("customer_id").as("retained")), "month")
        .join(months, "month");
    return counts.select(col("month"), col("active_customers"),
        col("active_customers").minus(col("retained")).as("churned_customers"),
        col("active_customers").minus(col("retained")).divide(col("active_customers")).as("churn_rate"));
  }

  private Step step(String layer, String dataset, Transition t, KeysetStore keys) {
    Path out = layer(layer, dataset);
    Path quarantine = dir.resolve("quarantine").resolve(layer + "_" + dataset);
    log.accept("running " + layer + "/" + dataset + " ...");
    TransitionResult r = t.to(out.toString()).quarantineTo(quarantine.toString()).auditTo(audit()).keys(keys).run(spark);
    return new Step(layer, dataset, r, out, quarantine);
  }

  private Path layer(String layer, String dataset) {
    return dir.resolve(layer).resolve(dataset);
  }

  private Contract contract(String name) {
    return Sluice.contract(contracts().resolve(name));
  }

  /** The demo's keysets: made once in {@code <dir>/keys} under a local master key (development only). */
  private KeysetStore keys() {
    KeysetStore keys = KeysetStore.local(dir.resolve("keys"), w -> { });
    if (!keys.exists("customers")) {
      keys.create("customers", KeyType.DETERMINISTIC);
      keys.create("contact", KeyType.RANDOMIZED);
      keys.create("pseudonyms", KeyType.HASH);
    }
    return keys;
  }

  private void reset() {
    for (String sub : List.of("bronze", "silver", "gold", "quarantine", "audit", "landing", "contracts")) {
      deleteTree(dir.resolve(sub));
    }
    copy("sample/orders.csv", dir.resolve("landing/orders.csv"));
    copy("sample/customers.jsonl", dir.resolve("landing/customers.jsonl"));
    for (String c : List.of("bronze/orders.yaml", "bronze/customers.yaml", "silver/orders.yaml", "silver/customers.yaml",
        "gold/average_ticket.yaml", "gold/customer_lifetime_value.yaml", "gold/churn_rate.yaml")) {
      copy("contracts/" + c, contracts().resolve(c));
    }
    lakehouseRelative(contracts().resolve("silver/orders.yaml"));
  }

  /**
   * The contracts name referenced datasets relative to the lakehouse (the job's working folder, as Spark resolves
   * paths); the demo's lakehouse is {@code dir}, so its copies name them there.
   */
  private void lakehouseRelative(Path contract) {
    try {
      String text = Files.readString(contract);
      String root = dir.toAbsolutePath().toString().replace("'", "''");
      Files.writeString(contract, text.replaceAll("dataset: (bronze|silver|gold)/([a-z_]+)",
          java.util.regex.Matcher.quoteReplacement("dataset: '" + root + "/") + "$1/$2'"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copy(String resource, Path to) {
    try (InputStream in = MedallionPipeline.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the sample resource " + resource + " is missing from the class path");
      }
      Files.createDirectories(to.getParent());
      Files.copy(in, to);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
