package io.sluice.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What a Spark job pulls when it adds {@code io.sluice:dq-spark} with Spark provided (this module's dependencies, as
 * the build resolved them into {@code target/job-dependencies.txt}) is what {@code allowed-dependencies.txt} lists.
 */
class JobDependenciesTest {

  /** {@code groupId:artifactId} of each compile or runtime artifact the build listed. */
  private static Set<String> pulled() throws IOException {
    Set<String> out = new TreeSet<>();
    for (String line : Files.readAllLines(Path.of(System.getProperty("job.dependencies")))) {
      // "   group:artifact:type[:classifier]:version:scope -- module name"
      String coordinates = line.strip().split(" ")[0];
      String[] parts = coordinates.split(":");
      if (parts.length >= 5 && (coordinates.endsWith(":compile") || coordinates.endsWith(":runtime"))) {
        out.add(parts[0] + ":" + parts[1]);
      }
    }
    return out;
  }

  private static Set<String> allowed() throws IOException {
    Set<String> out = new TreeSet<>();
    for (String line : Files.readAllLines(Path.of(System.getProperty("allowed.dependencies")))) {
      String entry = line.replaceAll("#.*", "").strip();
      if (!entry.isEmpty()) {
        out.add(entry);
      }
    }
    return out;
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.removeAll(b);
    return out;
  }

  @Test
  void aJobThatAddsDqSparkPullsOnlyTheAllowedArtifacts() throws IOException {
    Set<String> pulled = pulled();
    assertThat(pulled).as("the build's list of what the job pulls").contains("io.sluice:dq-spark");

    assertThat(minus(pulled, allowed()))
        .as("pulled by a job that adds dq-spark but not in allowed-dependencies.txt (all it pulls: %s); keep it out"
            + " (provided, excluded, or in an optional module) or add it there with the reason", pulled)
        .isEmpty();
  }

  @Test
  void everyAllowedArtifactIsStillPulled() throws IOException {
    assertThat(minus(allowed(), pulled()))
        .as("in allowed-dependencies.txt but no longer pulled by a job that adds dq-spark: remove it from the list")
        .isEmpty();
  }

  @Test
  void theAllowListHasNoneOfSparksOwnLibrariesNorRanger() throws IOException {
    List<String> sparks = List.of("org.apache.spark:", "org.scala-lang:", "org.scala-lang.modules:",
        "com.fasterxml.jackson.core:", "com.fasterxml.jackson.module:", "org.apache.hadoop:", "org.slf4j:",
        "org.scalanlp:", "org.apache.ranger:", "com.sun.jersey:", "com.google.crypto.tink:");
    assertThat(allowed()).noneMatch(a -> sparks.stream().anyMatch(a::startsWith));
  }
}
