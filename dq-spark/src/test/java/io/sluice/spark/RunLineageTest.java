package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunLineageTest {
  @Test
  void aRunIdThatIsAUuidIsKept() {
    String id = UUID.randomUUID().toString();

    assertThat(RunLineage.uuidOf(id).toString()).isEqualTo(id);
  }

  @Test
  void anyOtherRunIdGivesTheSameNameBasedUuidEachTime() {
    UUID u = RunLineage.uuidOf("nightly-2026-12-05");

    assertThat(u.version()).isEqualTo(3);
    assertThat(RunLineage.uuidOf("nightly-2026-12-05")).isEqualTo(u);
    assertThat(RunLineage.uuidOf("nightly-2026-12-06")).isNotEqualTo(u);
    assertThat(RunLineage.uuidOf("0-0-0-0-0")).isNotEqualTo(UUID.fromString("0-0-0-0-0")); // not canonical: derived
  }
}
