package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.ChildJvm;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ranger's jars do not break Spark (STACK.md): Jersey 1's bundle, JSR-311 and hadoop-common stay off the
 * class path, and with Ranger's jars first Spark still runs jobs and its REST API answers.
 */
class RangerBesideSparkTest {

  @Test
  void rangerBringsNoJerseyBundleJsr311OrHadoopCommon() throws Exception {
    assertThat(jarOf("org.apache.ranger.plugin.service.RangerBasePlugin")).contains("ranger-plugins-common");
    assertThat(jarOf("javax.ws.rs.core.Response")).contains("jakarta.ws.rs-api");
    assertThat(jarOf("org.apache.hadoop.conf.Configuration")).contains("hadoop-client-api");
    String classPath = System.getProperty("java.class.path");
    assertThat(classPath).doesNotContain("jersey-bundle", "jsr311-api", File.separator + "hadoop-common");
  }

  @Test
  void withRangersJarsFirstSparkRunsAndItsRestApiAnswers(@TempDir Path dir) throws Exception {
    Path contract = Path.of("..", "rule-examples", "contracts", "silver", "orders.yaml");
    List<String> entries = new ArrayList<>(Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)));
    // Ranger's jars, then Jersey 1's (Ranger's client), ahead of Spark's; stable: the rest keep their order.
    entries.sort(Comparator.comparing(e -> e.contains("ranger") ? 0 : e.contains("com" + File.separator + "sun"
        + File.separator + "jersey") ? 1 : 2));
    assertThat(entries.get(0)).contains("ranger");
    List<String> cmd = new ArrayList<>(ChildJvm.java("512m"));
    cmd.addAll(List.of("-cp", String.join(File.pathSeparator, entries), RangerBesideSparkChild.class.getName(),
        contract.toString(), dir.resolve("done").toString()));
    Path log = dir.resolve("child.log");
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(child.waitFor(3, TimeUnit.MINUTES)).isTrue();
    String output = Files.readString(log);
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains("ranger: show_last_4", "spark: 45", "rest: 200 true");
  }

  private static String jarOf(String className) throws Exception {
    return Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toString();
  }
}
