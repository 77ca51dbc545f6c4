package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact uniqueness verdicts on 2,000,000 rows with many duplicate keys and a hot key, from a driver that could not
 * hold them: one separate JVM ({@link UniquenessAtScaleChild}) with a 1 GiB heap (the executors', too, in local
 * mode) and {@code spark.driver.maxResultSize=32m} runs a transition over each data set.
 */
class UniquenessAtScaleTest {
  @TempDir
  static Path dir;
  private static String output;

  @BeforeAll
  static void runTheTransitionsInASmallDriver() throws Exception {
    List<String> cmd = new ArrayList<>(ChildJvm.java("1g"));
    cmd.addAll(List.of("-Xms1g", "-XX:+ExitOnOutOfMemoryError"));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), UniquenessAtScaleChild.class.getName(), dir.toString()));
    Path log = dir.resolve("child.log");
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!child.waitFor(5, TimeUnit.MINUTES)) {
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    output = Files.readString(log);
    System.out.println(output); // in the test's report
  }

  /** 1,000,000 rows share one key; 450,000 keys occur twice; 90,000 keys once; 10,000 rows have no key. */
  @Test
  void aHotKeyOnHalfTheRowsAndManyDuplicatesGetExactVerdicts() {
    assertThat(output).contains("hot: rows_in=2000000 rows_valid=100000 rows_quarantined=1900000 k.unique=1900000",
        "hot: written valid=100000 quarantine=1900000");
  }

  /**
   * 500,000 rows share one key; 250,000 keys of 129 characters occur twice; 990,000 keys once; 10,000 rows have
   * no key. A million rows whose key repeats, their keys over 60 MiB: more than the driver may receive.
   */
  @Test
  void aMillionDuplicateRowsOfWideKeysGetExactVerdicts() {
    assertThat(output).contains("wide: rows_in=2000000 rows_valid=1000000 rows_quarantined=1000000 k.unique=1000000",
        "wide: written valid=1000000 quarantine=1000000");
  }
}
