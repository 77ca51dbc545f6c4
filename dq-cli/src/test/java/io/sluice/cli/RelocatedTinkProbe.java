package io.sluice.cli;

import static org.apache.spark.sql.functions.col;

import io.sluice.contract.Contract;
import io.sluice.keys.KeyType;
import io.sluice.keys.KeysetStore;
import io.sluice.keys.SealedKeyset;
import io.sluice.protect.Protection;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Run by {@link RelocatedTinkIT} in a child JVM: creates real keysets, encrypts and decrypts a column the way
 * the engine does (Protection's Spark UDFs), and prints {@code key=value} facts about which Tink did it. It
 * names no Tink type, so the same class runs against a relocated and an unrelocated jar alike.
 */
final class RelocatedTinkProbe {
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: probe_customers
      version: 1.0.0
      layer: silver
      source: bronze
      columns:
        - name: customer_id
          type: string
          protect: {encrypt: deterministic, key: customers, domain: customer}
        - name: card
          type: string
          protect: {encrypt: randomized, key: cards}
      """;

  private RelocatedTinkProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    KeysetStore keys = KeysetStore.local(dir.resolve("keys"), w -> { });
    keys.create("customers", KeyType.DETERMINISTIC);
    keys.create("cards", KeyType.RANDOMIZED);

    // The primitive Sluice itself opens, looked up by reflection: its declared type is Tink's (relocated or not).
    Method m = SealedKeyset.class.getMethod("deterministicAead");
    Object primitive = m.invoke(keys.sealed("customers", KeyType.DETERMINISTIC));
    fact("sluice.tink.api", m.getReturnType().getName());
    fact("sluice.tink.api.source", source(m.getReturnType()));
    fact("sluice.primitive", primitive.getClass().getName());
    fact("sluice.primitive.source", source(primitive.getClass()));
    fact("sluice.tink.version", version(m.getReturnType().getPackageName() + ".Version"));
    // What Spark would use: Tink under its own name.
    fact("spark.tink.version", version("com.google.crypto.tink.Version"));
    fact("spark.tink.source", source(Class.forName("com.google.crypto.tink.DeterministicAead")));

    Files.writeString(dir.resolve("customers.yaml"), CONTRACT);
    Contract contract = io.sluice.spark.Sluice.contract(dir.resolve("customers.yaml"));
    Protection protection = Protection.of(contract, Optional.of(keys));
    SparkSession spark = SparkRuns.session();
    List<String> ids = Arrays.asList("c-1", "c-2", "c-1", null);
    Dataset<Row> clear = spark.createDataset(ids, Encoders.STRING()).toDF("customer_id")
        .withColumn("card", col("customer_id"));
    Dataset<Row> sealed = clear.select(protection.apply("customer_id", col("customer_id"), true).as("customer_id"),
        protection.apply("card", col("card"), true).as("card"));
    List<Row> tokens = sealed.collectAsList();
    List<Row> revealed = protection.reveal(sealed).collectAsList();
    boolean roundTrip = true;
    for (int i = 0; i < ids.size(); i++) {
      roundTrip &= Objects.equals(revealed.get(i).getString(0), ids.get(i))
          && Objects.equals(revealed.get(i).getString(1), ids.get(i))
          && (ids.get(i) == null) == (tokens.get(i).getString(0) == null)
          && !Objects.equals(tokens.get(i).getString(0), ids.get(i) == null ? "" : ids.get(i));
    }
    fact("roundtrip", roundTrip ? "ok" : "failed");
    fact("deterministic.equal.tokens", String.valueOf(tokens.get(0).getString(0).equals(tokens.get(2).getString(0))));
    fact("randomized.equal.tokens", String.valueOf(tokens.get(0).getString(1).equals(tokens.get(2).getString(1))));
    spark.stop();
  }

  private static void fact(String key, String value) {
    System.out.println(key + "=" + value);
  }

  private static String version(String versionClass) {
    try {
      return (String) Class.forName(versionClass).getField("TINK_VERSION").get(null);
    } catch (ReflectiveOperationException e) {
      return "unknown (" + e + ")";
    }
  }

  private static String source(Class<?> c) {
    java.security.CodeSource where = c.getProtectionDomain().getCodeSource();
    return where == null ? "jdk" : where.getLocation().getPath();
  }
}
