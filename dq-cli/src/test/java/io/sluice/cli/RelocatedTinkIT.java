package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Tink we test is the Tink that runs (DESIGN.md, "Known ground"): the shaded {@code sluice.jar} carries
 * Tink, protobuf and Gson relocated under {@code io.sluice.shaded}, so Spark's own Tink (1.9.0) on the same
 * class path — here deliberately in front — neither shadows nor mixes with it. Runs after {@code package}
 * (failsafe), on the jar users run.
 */
class RelocatedTinkIT {
  private static final Path JAR = Path.of(System.getProperty("sluice.jar", "target/sluice.jar"));
  private static final Path SPARK_TINK = Path.of(System.getProperty("spark.tink.jar", "target/spark-tink/tink-1.9.0.jar"));

  @Test
  void shadedJarCarriesTinkProtobufAndGsonOnlyUnderRelocatedNames() throws IOException {
    List<String> leaked = new ArrayList<>();
    boolean relocatedTink;
    try (JarFile jar = new JarFile(JAR.toFile())) {
      jar.stream().map(e -> e.getName())
          .filter(n -> n.startsWith("com/google/crypto/tink/") || n.startsWith("com/google/protobuf/")
              || n.startsWith("com/google/gson/"))
          .forEach(leaked::add);
      // RegistryConfiguration is newer than Spark's Tink 1.9.0: the relocated Tink is ours.
      relocatedTink = jar.getEntry("io/sluice/shaded/tink/RegistryConfiguration.class") != null
          && jar.getEntry("io/sluice/shaded/protobuf/MessageLite.class") != null
          && jar.getEntry("io/sluice/shaded/gson/JsonParser.class") != null;
    }
    assertThat(leaked).as("classes left under their own names in " + JAR).isEmpty();
    assertThat(relocatedTink).as("Tink, protobuf and Gson under io.sluice.shaded in " + JAR).isTrue();
  }

  @Test
  void relocatedTinkEncryptsAndDecryptsWithSparksTinkFirstOnTheClassPath(@TempDir Path dir) throws Exception {
    assertThat(SPARK_TINK).as("Spark's Tink jar (copied by maven-dependency-plugin)").isRegularFile();
    Path log = dir.resolve("classes.log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g"));
    command.addAll(List.of(System.getProperty("spark.jvm.flags", "").trim().split("\\s+")));
    command.addAll(List.of("-Xlog:class+load=info:file=" + log,
        "-cp", String.join(java.io.File.pathSeparator, SPARK_TINK.toString(), JAR.toString(), testClasses()),
        RelocatedTinkProbe.class.getName(), dir.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the probe finishes").isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    Map<String, String> facts = facts(output);

    // The clash is real: Spark's Tink 1.9.0 comes first and answers to Tink's own names.
    assertThat(facts.get("spark.tink.version")).as(output).isEqualTo("1.9.0");
    assertThat(facts.get("spark.tink.source")).as(output).endsWith(SPARK_TINK.getFileName().toString());
    // And Sluice does not use it: its primitive is the relocated Tink 1.19, from sluice.jar.
    assertThat(facts.get("sluice.tink.api")).as(output).startsWith("io.sluice.shaded.tink.");
    assertThat(facts.get("sluice.primitive")).as(output).startsWith("io.sluice.shaded.tink.");
    assertThat(facts.get("sluice.primitive.source")).as(output).endsWith(JAR.getFileName().toString());
    assertThat(facts.get("sluice.tink.version")).as(output).isEqualTo(System.getProperty("tink.version", "1.19.0"));
    // Encrypted through Protection's Spark UDFs and decrypted again.
    assertThat(facts.get("roundtrip")).as(output).isEqualTo("ok");
    assertThat(facts.get("deterministic.equal.tokens")).as(output).isEqualTo("true");
    assertThat(facts.get("randomized.equal.tokens")).as(output).isEqualTo("false");

    List<String> loaded = Files.readAllLines(log);
    assertThat(loaded).as("AES-SIV ran from the relocated Tink in sluice.jar")
        .anyMatch(l -> l.contains(" io.sluice.shaded.tink.daead.") && l.contains(JAR.getFileName().toString()));
    assertThat(loaded).as("keysets were read and written as JSON with the relocated Gson in sluice.jar")
        .anyMatch(l -> l.contains(" io.sluice.shaded.gson.") && l.contains(JAR.getFileName().toString()));
    assertThat(loaded).as("no class under Tink's own name came from sluice.jar")
        .noneMatch(l -> l.contains(" com.google.crypto.tink.") && l.contains(JAR.getFileName().toString()));
  }

  private static String testClasses() {
    return Path.of(RelocatedTinkProbe.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
  }

  private static Map<String, String> facts(String output) {
    Map<String, String> facts = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0 && line.matches("[a-z.]+=.*")) {
        facts.put(line.substring(0, eq), line.substring(eq + 1).strip());
      }
    }
    return facts;
  }
}
