package io.sluice.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestTest {
  @Test
  void suggestsTheClosestWordWithinAFewEdits() {
    assertThat(Suggest.closest("requried", List.of("required", "unique", "type"))).contains("required");
    assertThat(Suggest.closest("rnage", List.of("range", "length"))).contains("range");
  }

  @Test
  void suggestsNothingForUnrelatedWords() {
    assertThat(Suggest.closest("colour", List.of("name", "type"))).isEmpty();
    assertThat(Suggest.didYouMean("zzz", List.of("range"))).isEmpty();
  }
}
