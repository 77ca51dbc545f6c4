package io.sluice.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.contract.Severity;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CheckResultTest {

  @Test
  void offendingValuesKeepTheTenMostFrequentMostFrequentFirst() {
    List<ValueCount> twelve = IntStream.rangeClosed(1, 12).mapToObj(i -> new ValueCount("v" + i, i)).toList();
    CheckResult c = new CheckResult("a.pattern", "pattern", Optional.of("a"), Severity.ERROR, 78, twelve, true);
    assertThat(c.offendingValues()).hasSize(CheckResult.MAX_OFFENDING_VALUES);
    assertThat(c.offendingValues().get(0)).isEqualTo(new ValueCount("v12", 12));
    assertThat(c.offendingValues().get(9)).isEqualTo(new ValueCount("v3", 3));
  }

  @Test
  void equalCountsAreOrderedNullFirstThenByValue() {
    CheckResult c = new CheckResult("a.range", "range", Optional.of("a"), Severity.ERROR, 6,
        List.of(new ValueCount("b", 2), new ValueCount(null, 2), new ValueCount("a", 2)), true);
    assertThat(c.offendingValues()).extracting(ValueCount::value).containsExactly(null, "a", "b");
  }

  @Test
  void aResultFromAnEngineThatCollectsNoValuesHasNone() {
    CheckResult c = new CheckResult("a.required", "required", Optional.of("a"), Severity.ERROR, 3);
    assertThat(c.offendingValues()).isEmpty();
  }

  @Test
  void aValueCountsAtLeastOneRow() {
    assertThatThrownBy(() -> new ValueCount("x", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 row");
  }
}
