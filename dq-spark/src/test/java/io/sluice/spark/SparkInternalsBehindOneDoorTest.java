package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Spark's non-public API is used in one package, {@code io.sluice.spark.internal}: the one place a Spark
 * upgrade has to touch (docs/architecture.md, Spark internals). Scans dq-spark's main sources as text, so a
 * fully qualified use counts as much as an import.
 */
class SparkInternalsBehindOneDoorTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static final Path INTERNAL = MAIN.resolve("io/sluice/spark/internal");
  /** What only the internal package may write: Catalyst and execution classes, and the private[sql] doors to them. */
  private static final List<String> INTERNAL_ONLY = List.of("org.apache.spark.sql.catalyst", "org.apache.spark.sql.execution",
      "Dataset.ofRows", ".queryExecution()", ".logicalPlan()", ".expr()", "new org.apache.spark.sql.Column(");

  @Test
  void onlyTheInternalPackageNamesCatalystExecutionOrDatasetOfRows() throws IOException {
    assertThat(uses(MAIN, INTERNAL)).isEmpty();
  }

  @Test
  void theInternalPackageIsWhereTheyAre() throws IOException {
    // The scan reads the sources it means to: the door itself is found using them.
    assertThat(uses(INTERNAL, Path.of("none"))).anyMatch(u -> u.contains("org.apache.spark.sql.catalyst"))
        .anyMatch(u -> u.contains("Dataset.ofRows"));
  }

  /** Each line outside {@code except} that names an internal-only API, as {@code file:line: text}. */
  private static List<String> uses(Path root, Path except) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(except)).sorted().toList()) {
        List<String> lines = Files.readAllLines(file);
        boolean sparkColumn = lines.stream().anyMatch(l -> l.trim().equals("import org.apache.spark.sql.Column;"));
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          boolean named = INTERNAL_ONLY.stream().anyMatch(line::contains) || (sparkColumn && line.contains("new Column("));
          if (named) {
            found.add(MAIN.relativize(file) + ":" + (i + 1) + ": " + line.trim());
          }
        }
      }
    }
    return found;
  }
}
