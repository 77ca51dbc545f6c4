package io.sluice.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunReportTest {
  private static final RunReport UNTIMED = new RunReport("r", "orders", "1.0.0", 5000, 4000, 1000, 0, 0, List.of(),
      List.of());

  @Test
  void anUntimedRunHasNoThroughput() {
    assertThat(UNTIMED.duration()).isEmpty();
    assertThat(UNTIMED.throughputRowsPerSecond()).isEmpty();
  }

  @Test
  void throughputIsRowsInPerSecondOfTheRun() {
    assertThat(UNTIMED.withDuration(Duration.ofMillis(2500)).throughputRowsPerSecond()).contains(2000.0);
  }

  @Test
  void aTimedReportKeepsEverythingElse() {
    RunReport timed = UNTIMED.withDuration(Duration.ofSeconds(1));
    assertThat(timed).usingRecursiveComparison().ignoringFields("duration").isEqualTo(UNTIMED);
  }
}
