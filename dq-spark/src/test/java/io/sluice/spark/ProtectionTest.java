package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.contract.Remedy;
import io.sluice.keys.KeyException;
import io.sluice.keys.KeyType;
import io.sluice.keys.KeysetStore;
import io.sluice.testkit.LocalSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Masks and Tink encryption applied on write, to the target and the quarantine alike. */
@ExtendWith(LocalSpark.class)
class ProtectionTest {
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: customers
      version: 1.0.0
      layer: silver
      columns:
        - {name: id, type: string, required: true, protect: {encrypt: deterministic, key: customers, domain: customer}}
        - {name: email, type: string, protect: {encrypt: randomized, key: contact}}
        - {name: email2, type: string, protect: {mask: email_domain}}
        - {name: card, type: string, protect: {mask: show_last_4}}
        - {name: iban, type: string, protect: {mask: show_first_4}}
        - {name: name, type: string, protect: {mask: redact}}
        - {name: phone, type: string, protect: {mask: hash, key: pseudonyms}}
        - {name: born, type: date, protect: {mask: year_only}}
        - {name: note, type: string, protect: {mask: nullify}}
        - {name: age, type: int, checks: [{range: {min: 0}}]}
      """;
  private static final String CSV = """
      id,email,email2,card,iban,name,phone,born,note,age
      C-1,jane@example.com,jane@example.com,4111111111111111,DE89370400440532013000,Jane Roe,+33612345678,1990-05-17,secret note,34
      C-1,jane@example.com,jane@example.com,4111111111111111,DE89370400440532013000,Jane Roe,+33612345678,1990-05-17,secret note,-1
      C-2,max@example.org,max@example.org,5500000000000004,FR7630006000011234567890189,Max Mustermann,+4915112345678,1985-12-01,another secret,41,surplus
      """;

  @TempDir Path dir;
  KeysetStore keys;
  Contract contract;
  Path input;

  @BeforeEach
  void keysAndData() throws Exception {
    keys = KeysetStore.local(dir.resolve("keys"), w -> { });
    keys.create("customers", KeyType.DETERMINISTIC);
    keys.create("contact", KeyType.RANDOMIZED);
    keys.create("pseudonyms", KeyType.HASH);
    Files.writeString(dir.resolve("c.yaml"), CONTRACT);
    contract = ContractLoader.withDiscoveredValidators().load(dir.resolve("c.yaml"));
    input = dir.resolve("customers.csv");
    Files.writeString(input, CSV);
  }

  private TransitionResult run() {
    return Transition.of(contract).from(input.toString()).to(dir.resolve("silver").toString())
        .quarantineTo(dir.resolve("q").toString()).auditTo(dir.resolve("audit")).keys(KeysetStore.open(dir.resolve("keys")))
        .run(spark);
  }

  private SparkSession spark;

  @Test
  void theTargetHoldsMasksAndTokensNeverThePlaintext(SparkSession spark) {
    this.spark = spark;
    TransitionResult r = run();
    assertThat(r.report().rowsValid()).isEqualTo(1);
    Row row = spark.read().parquet(dir.resolve("silver").toString()).first();
    assertThat(row.<String>getAs("email2")).isEqualTo("***@example.com");
    assertThat(row.<String>getAs("card")).isEqualTo("************1111");
    assertThat(row.<String>getAs("iban")).isEqualTo("DE89******************");
    assertThat(row.<String>getAs("name")).isEqualTo("****");
    assertThat(row.<String>getAs("phone")).matches("[0-9a-f]{64}");
    assertThat(row.<java.sql.Date>getAs("born").toString()).isEqualTo("1990-01-01");
    assertThat(row.<String>getAs("note")).isNull();
    assertThat(row.<Integer>getAs("age")).isEqualTo(34);
    String token = row.getAs("id");
    assertThat(Base64.getDecoder().decode(token)).isNotEmpty();
    String decrypted = new String(decrypt(token, "customer"), StandardCharsets.UTF_8);
    assertThat(decrypted).isEqualTo("C-1");
  }

  private byte[] decrypt(String token, String domain) {
    try {
      return keys.sealed("customers", KeyType.DETERMINISTIC).deterministicAead()
          .decryptDeterministically(Base64.getDecoder().decode(token), domain.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theQuarantineIsProtectedTooAndDeterministicTokensStillJoin(SparkSession spark) {
    this.spark = spark;
    run();
    List<Row> q = spark.read().parquet(dir.resolve("q").toString()).collectAsList();
    Row valid = spark.read().parquet(dir.resolve("silver").toString()).first();
    Row bad = q.stream().filter(x -> x.getAs("_dq_raw") == null).findFirst().orElseThrow();
    assertThat(bad.<String>getAs("id")).isEqualTo(valid.getAs("id")); // same value, same domain: same token
    assertThat(bad.<String>getAs("email")).isNotEqualTo(valid.<String>getAs("email")); // randomized
    assertThat(bad.<String>getAs("card")).isEqualTo("************1111");
    assertThat(bad.<String>getAs("born")).isEqualTo("1990");
    Row malformed = q.stream().filter(x -> x.getAs("_dq_raw") != null).findFirst().orElseThrow();
    assertThat(malformed.<String>getAs("_dq_raw")).startsWith("****").doesNotContain("Mustermann");
  }

  @Test
  void noOutputHoldsAnyPlaintextOfAProtectedColumn(SparkSession spark) throws Exception {
    this.spark = spark;
    run();
    List<String> secrets = List.of("jane@example.com", "jane@", "4111111111111111", "DE89370400440532013000", "Jane Roe",
        "+33612345678", "1990-05-17", "secret note", "Mustermann", "max@example.org", "C-1", "C-2");
    StringBuilder everything = new StringBuilder();
    for (String out : List.of("silver", "q")) {
      for (Row row : spark.read().parquet(dir.resolve(out).toString()).collectAsList()) {
        everything.append(row.mkString("|")).append('\n');
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.startsWith(dir.resolve("keys")))
          .filter(p -> !p.equals(input)).toList()) {
        everything.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)); // parquet pages, audit, markers
      }
    }
    for (String s : secrets) {
      assertThat(everything.toString()).as("plaintext %s", s).doesNotContain(s);
    }
  }

  @Test
  void aContractThatNeedsKeysFailsClearlyWithoutThem(SparkSession spark) {
    Transition t = Transition.of(contract).from(input.toString()).to(dir.resolve("silver").toString());
    assertThatThrownBy(() -> t.run(spark)).isInstanceOf(KeyException.class)
        .hasMessageEndingWith("protects column 'id' with keyset 'customers': give the keyset store that holds it")
        .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.remedy()).contains(Remedy.KEYSET_STORE));
    assertThat(Files.exists(dir.resolve("silver").resolve("_sluice"))).isFalse();
  }
}
