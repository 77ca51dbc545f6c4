package io.sluice.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Spark job that depends on Sluice gets: the published governance jar, with the job's class path as
 * Maven builds it from that jar's pom (no Tink, protobuf or Gson of their own), behind Spark's Tink 1.9.0.
 * Sluice's keys must still work, on the relocated Tink 1.19 inside the jar.
 */
class RelocatedTinkInLibraryIT {
  private static final Path JAR = Path.of(System.getProperty("governance.jar", "target/governance.jar"));
  private static final Path SPARK_TINK = Path.of(System.getProperty("spark.tink.jar", "target/spark-tink/tink-1.9.0.jar"));

  @Test
  void keysWorkOnTheRelocatedTinkWithSparksTinkFirstOnTheClassPath(@TempDir Path dir) throws Exception {
    assertThat(JAR).isRegularFile();
    assertThat(SPARK_TINK).isRegularFile();
    String probe = Path.of(LibraryTinkProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    String ownTarget = Path.of("target").toAbsolutePath().toString(); // the module's classes, jar and test classes
    String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> rest = Arrays.stream(testClassPath.split(File.pathSeparator))
        .filter(e -> !e.contains("/com/google/crypto/tink/") && !e.contains("/com/google/protobuf/")
            && !e.contains("/com/google/code/gson/") && !e.startsWith(ownTarget))
        .collect(Collectors.toList());
    List<String> classPath = new ArrayList<>(List.of(SPARK_TINK.toString(), JAR.toString(), probe));
    classPath.addAll(rest);
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", String.join(File.pathSeparator, classPath), LibraryTinkProbe.class.getName(), dir.toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    Map<String, String> facts = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      if (line.matches("[a-z.]+=.*")) {
        facts.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1).strip());
      }
    }
    assertThat(facts.get("spark.tink.version")).as(output).isEqualTo("1.9.0");
    assertThat(facts.get("sluice.tink.api")).as(output).startsWith("io.sluice.shaded.tink.");
    assertThat(facts.get("sluice.primitive.source")).as(output).endsWith(JAR.getFileName().toString());
    assertThat(facts.get("sluice.tink.version")).as(output).isEqualTo(System.getProperty("tink.version", "1.19.0"));
    assertThat(facts.get("roundtrip.after.rotation")).as(output).isEqualTo("ok");
  }
}
