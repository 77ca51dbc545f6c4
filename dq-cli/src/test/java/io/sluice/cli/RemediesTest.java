package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.Remedy;
import io.sluice.contract.SluiceException;
import org.junit.jupiter.api.Test;

class RemediesTest {
  @Test
  void aRefusalWithARemedyEndsWithTheFlagThatGivesIt() {
    assertThat(Remedies.message(new SluiceException("Cannot read: give the keyset store", Remedy.KEYSET_STORE)))
        .isEqualTo("Cannot read: give the keyset store (--keys DIR)");
  }

  @Test
  void aRefusalWithoutARemedyIsItsMessage() {
    assertThat(Remedies.message(new SluiceException("Cannot read: the file is empty"))).isEqualTo(
        "Cannot read: the file is empty");
    assertThat(Remedies.message(new IllegalStateException())).isEqualTo("IllegalStateException");
  }

  @Test
  void aWrappedRefusalStillNamesItsRemedy() {
    Exception wrapped = new RuntimeException("Job aborted: Cannot read: give the keyset store",
        new IllegalStateException("task failed", new SluiceException("Cannot read: give the keyset store",
            Remedy.KEYSET_STORE)));
    assertThat(Remedies.message(wrapped)).isEqualTo("Job aborted: Cannot read: give the keyset store (--keys DIR)");
  }

  @Test
  void everyRemedyIsAFlagOrACommandOfTheCli() {
    for (Remedy r : Remedy.values()) {
      assertThat(Remedies.flag(r)).as(r.name()).containsPattern("(^|\\s)(--[a-z]|sluice [a-z])");
    }
  }
}
