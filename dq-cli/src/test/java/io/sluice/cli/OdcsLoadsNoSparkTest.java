package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Converting contracts is CI's business too, like lint: {@code sluice export odcs} and {@code sluice import odcs} run in a
 * JVM that has Spark on its class path and load none of its classes, nor Scala's.
 */
class OdcsLoadsNoSparkTest {

  @Test
  void exportAndImportLoadNoSparkOrScalaClass(@TempDir Path dir) throws Exception {
    Path odcs = dir.resolve("orders.odcs.yaml");
    List<String> export = loaded(dir, "export.log", "export", "odcs", "../rule-examples/contracts/silver/orders.yaml",
        "--out", odcs.toString());
    List<String> imported = loaded(dir, "import.log", "import", "odcs", odcs.toString(), "--out", dir.resolve("back").toString());
    assertThat(export).as("the log records class loading").anyMatch(l -> l.contains("io.sluice.odcs.OdcsExporter"));
    assertThat(imported).anyMatch(l -> l.contains("io.sluice.odcs.OdcsImporter"));
    assertThat(export).noneMatch(l -> l.contains(" org.apache.spark.") || l.contains(" scala."));
    assertThat(imported).noneMatch(l -> l.contains(" org.apache.spark.") || l.contains(" scala."));
    assertThat(dir.resolve("back/silver_orders.yaml")).exists();
  }

  private static List<String> loaded(Path dir, String logName, String... args) throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    assertThat(classPath).as("Spark is on the class path, so the test means something").contains("spark-sql_2.12");
    Path log = dir.resolve(logName);
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load=info:file=" + log, "-cp", classPath, Sluice.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return Files.readAllLines(log);
  }
}
