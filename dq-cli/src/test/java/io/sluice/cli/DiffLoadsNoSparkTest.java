package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI gating must not start Spark (DESIGN.md): {@code sluice diff OLD NEW} runs in a JVM that has Spark on
 * its class path and loads none of its classes, nor Scala's.
 */
class DiffLoadsNoSparkTest {

  @Test
  void diffLoadsNoSparkOrScalaClass(@TempDir Path dir) throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    assertThat(classPath).as("Spark is on the class path, so the test means something").contains("spark-sql_2.12");
    Path before = Path.of("../rule-examples/contracts/silver/orders.yaml");
    Path after = dir.resolve("orders.yaml");
    Files.writeString(after, Files.readString(before).replace("version: 1.4.0", "version: 2.0.0")
        .replace("max: 100000 }", "max: 200000 }"));
    Path log = dir.resolve("classes.log");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load=info:file=" + log, "-cp", classPath, Sluice.class.getName(),
        "diff", before.toString(), after.toString(), "--markdown", dir.resolve("diff.md").toString())
        .redirectErrorStream(true)
        .start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("RANGE_WIDENED");

    List<String> loaded = Files.readAllLines(log);
    assertThat(loaded).as("the log records class loading").anyMatch(l -> l.contains("io.sluice.diff.ContractChanges"));
    assertThat(loaded).noneMatch(l -> l.contains(" org.apache.spark.") || l.contains(" scala."));
  }
}
