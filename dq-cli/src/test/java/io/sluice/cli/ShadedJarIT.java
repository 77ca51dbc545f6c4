package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code sluice.jar} is the product and only the product: no benchmark (dq-bench has them), and
 * everything the commands need, Ranger's engine included (governance-ranger, found through its
 * {@code META-INF/services} entry, which the shade must keep). Runs after {@code package} (failsafe).
 */
class ShadedJarIT {
  private static final Path JAR = Path.of(System.getProperty("sluice.jar", "target/sluice.jar"));

  @Test
  void theCliJarHoldsNoBenchmarkClass() throws IOException {
    List<String> bench;
    try (JarFile jar = new JarFile(JAR.toFile())) {
      bench = jar.stream().map(e -> e.getName())
          .filter(n -> n.startsWith("io/sluice/") && n.endsWith(".class"))
          .filter(n -> n.startsWith("io/sluice/bench/") || n.matches(".*/[A-Za-z]*(Benchmark|BenchCommand)[$.A-Za-z0-9]*"))
          .toList();
      assertThat(jar.getEntry("io/sluice/cli/Sluice.class")).as("the CLI's main class in " + JAR).isNotNull();
    }
    assertThat(bench).as("benchmark classes in " + JAR).isEmpty();
  }

  @Test
  void readWithRangerPoliciesRunsFromTheJarAlone(@TempDir Path dir) throws Exception {
    Path contract = Files.writeString(dir.resolve("customers.yaml"), """
        apiVersion: sluice/v1
        kind: DataContract
        id: customers
        version: 1.0.0
        layer: silver
        columns:
          - {name: id, type: string, required: true, protect: {encrypt: deterministic, key: customers, domain: customer}}
          - {name: card, type: string, protect: {mask: show_last_4}}
          - {name: segment, type: string}
        access:
          default: masked
          roles:
            fraud-analyst: {id: clear}
        """);
    Files.writeString(dir.resolve("in.csv"), "id,card,segment\nCUST-0001,4111111111111111,vip\n");
    String keys = dir.resolve("keys").toString();
    sluice(dir, "keys", "create", "--keys", keys, "--name", "customers", "--type", "deterministic");
    sluice(dir, "enforce", "--contract", contract.toString(), "--input", dir.resolve("in.csv").toString(),
        "--output", dir.resolve("silver").toString(), "--quarantine", dir.resolve("q").toString(), "--keys", keys);
    sluice(dir, "policies", "export", "--contract", contract.toString(), "--service", "lakehouse",
        "--out", dir.resolve("ranger.json").toString());

    String out = sluice(dir, "read", "--contract", contract.toString(), "--data", dir.resolve("silver").toString(),
        "--as", "fraud-analyst", "--keys", keys, "--policy-source", "ranger", "--policies",
        dir.resolve("ranger.json").toString(), "--output", dir.resolve("seen").toString(), "--output-format", "csv");

    assertThat(out).contains("(ranger policy)");
    try (Stream<Path> files = Files.list(dir.resolve("seen"))) {
      String csv = files.filter(f -> f.getFileName().toString().endsWith(".csv")).map(f -> {
        try {
          return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).reduce("", String::concat);
      assertThat(csv).contains("CUST-0001,************1111,vip");
    }
  }

  /** {@code java -jar sluice.jar ARGS} with no JVM flag (the jar's manifest opens what Spark needs); its output. */
  private static String sluice(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-jar", JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "sluice", ".log");
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("sluice " + String.join(" ", args) + " finishes").isTrue();
    String output = Files.readString(log);
    assertThat(p.exitValue()).as("sluice " + args[0] + ": " + output).isZero();
    return output;
  }
}
