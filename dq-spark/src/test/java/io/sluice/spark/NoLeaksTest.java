package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.access.ranger.RangerEngine;
import io.sluice.access.ranger.RangerExport;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.keys.Kek;
import io.sluice.keys.KeyType;
import io.sluice.keys.KeysetStore;
import io.sluice.testkit.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A governed transition and reads by role leave no plaintext of a protected column and no key material
 * anywhere but where a role may read in clear: not in the target, the quarantine, the audit log, the log
 * output, standard error, or the messages and stack traces of failing runs.
 */
@ExtendWith(LocalSpark.class)
class NoLeaksTest {
  private static final String CSV = """
      id,email,card,phone,note,age,segment
      CUST-0001,jane@example.com,4111111111111111,+33612345678,secret note,34,vip
      CUST-0002,max@example.org,5500000000000004,+4915112345678,another secret,-1,consumer
      CUST-0003,malformed line
      """;
  private static final List<String> PLAINTEXT = List.of("CUST-0001", "CUST-0002", "CUST-0003", "jane@example.com", "jane@",
      "max@example.org", "4111111111111111", "5500000000000004", "+33612345678", "+4915112345678", "secret note",
      "another secret", "malformed line");

  @TempDir Path dir;

  @Test
  void noOutputLogOrErrorHoldsPlaintextOrKeyMaterial(SparkSession spark) throws Exception {
    StringWriter logs = new StringWriter();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    List<String> failures = new ArrayList<>();
    Path keysDir = dir.resolve("keys");
    Path cleared = dir.resolve("cleared");
    Capture capture = Capture.start(logs, stderr);
    try {
      KeysetStore created = KeysetStore.local(keysDir, w -> { });
      created.create("customers", KeyType.DETERMINISTIC);
      created.create("contact", KeyType.RANDOMIZED);
      created.create("pseudonyms", KeyType.HASH);
      created.rotate("customers");
      KeysetStore keys = KeysetStore.open(keysDir);
      Files.writeString(dir.resolve("c.yaml"), ProtectedReadTest.CONTRACT.replace("- {name: age, type: int}",
          "- {name: age, type: int, checks: [{range: {min: 0}}]}"));
      Contract contract = ContractLoader.withDiscoveredValidators().load(dir.resolve("c.yaml"));
      Files.writeString(dir.resolve("in.csv"), CSV);
      Path silver = dir.resolve("out/silver");
      TransitionResult run = Transition.of(contract).from(dir.resolve("in.csv").toString()).to(silver.toString())
          .quarantineTo(dir.resolve("out/quarantine").toString()).auditTo(dir.resolve("out/audit")).keys(keys).run(spark);
      assertThat(run.report().rowsQuarantined()).as("the quarantine is exercised too").isEqualTo(2);

      RangerEngine ranger = RangerEngine.of(contract, RangerExport.policies(contract, "lakehouse"));
      for (String role : List.of("support", "marketing", "intern")) {
        for (boolean viaRanger : List.of(false, true)) {
          ProtectedRead read = Sluice.read(contract).as(role).keys(keys).auditTo(dir.resolve("out/audit"));
          Dataset<Row> seen = (viaRanger ? read.policies(ranger) : read).from(silver.toString());
          seen.write().json(dir.resolve("out/read-" + role + "-" + viaRanger).toString());
          seen.write().option("header", "true").csv(dir.resolve("out/read-csv-" + role + "-" + viaRanger).toString());
        }
      }
      // A role that reads in clear: its rows hold plaintext by design, its audit event and logs must not.
      Sluice.read(contract).as("fraud-analyst").keys(keys).auditTo(dir.resolve("out/audit")).from(silver.toString())
          .write().json(cleared.toString());

      failing(failures, () -> Sluice.read(contract).as("fraud-analyst").from(silver.toString()));
      failing(failures, () -> Transition.of(contract).from(dir.resolve("in.csv").toString()).to(dir.resolve("out/t2").toString())
          .run(spark));
      failing(failures, () -> RangerEngine.fromFile(contract, dir.resolve("in.csv")));
      Path tampered = dir.resolve("tampered");
      copy(keysDir, tampered);
      String contact = Files.readString(tampered.resolve("contact.keyset.json"));
      Files.writeString(tampered.resolve("contact.keyset.json"), contact.replaceFirst("\"encryptedKeyset\" : \"(.)", "\"encryptedKeyset\" : \"A$1"));
      failing(failures, () -> Transition.of(contract).from(dir.resolve("in.csv").toString()).to(dir.resolve("out/t3").toString())
          .keys(KeysetStore.open(tampered)).run(spark));
      Files.delete(tampered.resolve(Kek.LOCAL_MASTER_KEY));
      Files.writeString(tampered.resolve(Kek.LOCAL_MASTER_KEY), "{\"not\": \"a key\"}");
      failing(failures, () -> Sluice.read(contract).as("fraud-analyst").keys(KeysetStore.open(tampered)).from(silver.toString())
          .collectAsList());
    } finally {
      capture.stop();
    }
    assertThat(failures).hasSize(5);
    assertThat(failures.get(3)).startsWith("cannot decrypt keyset 'contact'");

    Map<String, String> everything = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(dir.resolve("out"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        everything.put(dir.relativize(f).toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
      }
    }
    for (String table : List.of("out/silver", "out/quarantine")) {
      StringBuilder rows = new StringBuilder();
      spark.read().parquet(dir.resolve(table).toString()).collectAsList().forEach(r -> rows.append(r.mkString("|")).append('\n'));
      everything.put(table + " (rows)", rows.toString());
    }
    everything.put("log output", logs.toString());
    everything.put("standard error and output", stderr.toString(StandardCharsets.UTF_8));
    for (int i = 0; i < failures.size(); i++) {
      everything.put("failing run " + (i + 1), failures.get(i));
    }
    assertThat(everything.get("out/audit/audit.jsonl")).as("the audit log holds the run and every read")
        .contains("\"event\":\"access\"").contains("fraud-analyst");
    assertThat(everything.get("log output")).as("logs were captured").isNotBlank();

    List<String> secrets = new ArrayList<>(PLAINTEXT);
    secrets.addAll(keyMaterial(keysDir));
    for (Map.Entry<String, String> e : everything.entrySet()) {
      for (String s : secrets) {
        assertThat(e.getValue()).as("%s holds %s", e.getKey(), s.length() > 24 ? s.substring(0, 24) + "…" : s).doesNotContain(s);
      }
    }
    // The scan can see plaintext where a role may read it in clear.
    String clear = Files.walk(cleared).filter(p -> p.toString().endsWith(".json"))
        .map(p -> readString(p)).reduce("", String::concat);
    assertThat(clear).contains("CUST-0001", "jane@example.com");
  }

  /** Every form the keys take: keyset files, plaintext keysets, key values (base64, raw, hex), the master key. */
  private static List<String> keyMaterial(Path keysDir) throws Exception {
    List<String> out = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    Kek kek = KeysetStore.open(keysDir).kek();
    String master = Files.readString(keysDir.resolve(Kek.LOCAL_MASTER_KEY));
    out.add(master);
    addKeyValues(json.readTree(master), out);
    for (String name : List.of("customers", "contact", "pseudonyms")) {
      JsonNode file = json.readTree(keysDir.resolve(name + ".keyset.json").toFile());
      String encrypted = file.path("keyset").path("encryptedKeyset").asText();
      assertThat(encrypted).isNotEmpty();
      out.add(encrypted);
      String plain = plaintextKeyset(json.writeValueAsString(file.path("keyset")), kek,
          ("sluice-keyset:" + name).getBytes(StandardCharsets.UTF_8));
      out.add(plain);
      addKeyValues(json.readTree(plain), out);
    }
    return out;
  }

  /**
   * The keyset in plaintext JSON, opened with Tink. Through reflection because governance's published jar
   * relocates Tink (docs/architecture.md §7): against its classes (mvn test) Tink is com.google.crypto.tink,
   * against its jar (mvn verify) io.sluice.shaded.tink; the type Kek.aead() returns says which.
   */
  private static String plaintextKeyset(String encrypted, Kek kek, byte[] associatedData) throws Exception {
    java.lang.reflect.Method kekAead = Kek.class.getMethod("aead");
    Class<?> aead = kekAead.getReturnType();
    String tink = aead.getPackageName();
    ClassLoader loader = aead.getClassLoader();
    Class<?> format = Class.forName(tink + ".TinkJsonProtoKeysetFormat", true, loader);
    Class<?> handle = Class.forName(tink + ".KeysetHandle", true, loader);
    Class<?> access = Class.forName(tink + ".SecretKeyAccess", true, loader);
    Object h = format.getMethod("parseEncryptedKeyset", String.class, aead, byte[].class)
        .invoke(null, encrypted, kekAead.invoke(kek), associatedData);
    Object token = Class.forName(tink + ".InsecureSecretKeyAccess", true, loader).getMethod("get").invoke(null);
    return (String) format.getMethod("serializeKeyset", handle, access).invoke(null, h, token);
  }

  private static void addKeyValues(JsonNode keyset, List<String> out) {
    for (JsonNode key : keyset.path("key")) {
      String value = key.path("keyData").path("value").asText();
      assertThat(value).isNotEmpty();
      byte[] bytes = Base64.getDecoder().decode(value);
      byte[] tail = Arrays.copyOfRange(bytes, bytes.length - 16, bytes.length); // the end of the key bytes
      out.add(value);
      out.add(new String(tail, StandardCharsets.ISO_8859_1));
      out.add(HexFormat.of().formatHex(tail));
      out.add(Base64.getEncoder().encodeToString(Arrays.copyOfRange(bytes, bytes.length - 15, bytes.length)));
    }
  }

  private static void failing(List<String> failures, Runnable run) {
    try {
      run.run();
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      failures.add(e.getMessage() + "\n" + trace);
      return;
    }
    throw new AssertionError("expected this run to fail");
  }

  private static void copy(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  private static String readString(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Log4j output of every logger (Sluice and Ranger at DEBUG, the rest at INFO) and System.err/out, teed. */
  private record Capture(LoggerContext ctx, WriterAppender appender, PrintStream err, PrintStream out,
      Map<String, Level> levels) {
    static Capture start(StringWriter logs, ByteArrayOutputStream console) {
      LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
      Configuration config = ctx.getConfiguration();
      WriterAppender appender = WriterAppender.newBuilder().setName("no-leaks").setTarget(logs)
          .setLayout(PatternLayout.newBuilder().withPattern("%p %c: %m%n%throwable").build()).build();
      appender.start();
      config.addAppender(appender);
      Map<String, Level> levels = new LinkedHashMap<>();
      for (String name : List.of("", "io.sluice", "org.apache.ranger")) {
        LoggerConfig lc = config.getLoggerConfig(name);
        if (!lc.getName().equals(name)) {
          lc = new LoggerConfig(name, null, true);
          config.addLogger(name, lc);
        }
        levels.put(name, lc.getLevel());
        lc.setLevel(name.isEmpty() ? Level.INFO : Level.DEBUG);
        lc.addAppender(appender, null, null);
      }
      ctx.updateLoggers();
      PrintStream err = System.err;
      PrintStream out = System.out;
      System.setErr(new PrintStream(new Tee(err, console), true));
      System.setOut(new PrintStream(new Tee(out, console), true));
      return new Capture(ctx, appender, err, out, levels);
    }

    void stop() {
      System.setErr(err);
      System.setOut(out);
      Configuration config = ctx.getConfiguration();
      levels.forEach((name, level) -> {
        LoggerConfig lc = config.getLoggerConfig(name);
        lc.removeAppender(appender.getName());
        lc.setLevel(level);
      });
      ctx.updateLoggers();
      appender.stop();
    }
  }

  private static final class Tee extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    Tee(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int x) throws java.io.IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }
  }
}
