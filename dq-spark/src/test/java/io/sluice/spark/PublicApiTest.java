package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code io.sluice.spark} holds what a Spark job calls: the entry points, their results, the formats, the
 * exceptions and the facade for {@code reveal}; the how lives in the domain packages (plan, unique, pattern,
 * quarantine, commit, source, audit, internal).
 */
class PublicApiTest {
  private static final List<String> ENTRY_POINTS = List.of("Sluice", "Transition", "Enforcer", "ProtectedRead", "Impact");
  private static final List<String> RESULTS = List.of("Enforcement", "TransitionResult", "RunEnd", "RunLineage", "RunListener");
  private static final List<String> FORMATS = List.of("Format", "Input");
  private static final List<String> EXCEPTIONS = List.of("SchemaMismatchException", "InputException", "ConservationException",
      "ConcurrentRunException", "BatchAbortedException");
  /** Package-private parts of the entry points: what a run reads, and where its phases are traced. */
  private static final List<String> PARTS = List.of("Source", "FrameSource", "RunTrace");

  @Test
  void theRootPackageHoldsOnlyTheApi() throws IOException {
    List<String> api = Stream.of(ENTRY_POINTS, RESULTS, FORMATS, EXCEPTIONS).flatMap(List::stream).toList();
    assertThat(topLevelTypes()).containsExactlyInAnyOrderElementsOf(Stream.concat(api.stream(), PARTS.stream()).toList());
  }

  @Test
  void onlyTheApiIsPublic() throws Exception {
    for (String part : PARTS) {
      if (topLevelTypes().contains(part)) {
        assertThat(Modifier.isPublic(Class.forName("io.sluice.spark." + part).getModifiers())).as(part).isFalse();
      }
    }
    for (String api : Stream.of(ENTRY_POINTS, RESULTS, FORMATS, EXCEPTIONS).flatMap(List::stream).toList()) {
      assertThat(Modifier.isPublic(Class.forName("io.sluice.spark." + api).getModifiers())).as(api).isTrue();
    }
  }

  private static List<String> topLevelTypes() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/java/io/sluice/spark"))) {
      return files.filter(f -> f.toString().endsWith(".java"))
          .map(f -> f.getFileName().toString().replace(".java", "")).sorted().toList();
    }
  }
}
