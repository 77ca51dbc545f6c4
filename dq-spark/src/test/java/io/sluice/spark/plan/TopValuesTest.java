package io.sluice.spark.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.report.ValueCount;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopValuesTest {

  private static TopValues of(String... values) {
    TopValues t = new TopValues();
    for (String v : values) {
      t.add(v);
    }
    return t;
  }

  @Test
  void fewerDistinctValuesThanCountersAreCountedExactlyMostFrequentFirst() {
    TopValues t = of("b", "a", "b", null, "c", "b", "a", null);

    assertThat(t.exact()).isTrue();
    assertThat(t.top(10)).containsExactly(new ValueCount("b", 3), new ValueCount(null, 2), new ValueCount("a", 2),
        new ValueCount("c", 1));
    assertThat(t.top(2)).containsExactly(new ValueCount("b", 3), new ValueCount(null, 2));
  }

  @Test
  void mergedSummariesAddTheirCountsAndStayExactWithinCapacity() {
    TopValues a = of("x", "x", "y");
    a.merge(of("y", "y", "z"));

    assertThat(a.exact()).isTrue();
    assertThat(a.top(10)).containsExactly(new ValueCount("y", 3), new ValueCount("x", 2), new ValueCount("z", 1));
  }

  @Test
  void pastCapacityTheHeavyHittersAreKeptWithUnderEstimatedCounts() {
    TopValues t = new TopValues();
    int distinct = 20 * TopValues.CAPACITY;
    int n = 0;
    for (int i = 0; i < distinct; i++) { // singletons interleaved with two frequent values
      t.add("u" + i);
      n++;
      if (i % 4 == 0) {
        t.add("hot");
        n++;
      }
      if (i % 8 == 0) {
        t.add("warm");
        n++;
      }
    }
    long hot = distinct / 4;
    long warm = distinct / 8;

    assertThat(t.exact()).isFalse();
    List<ValueCount> top = t.top(2);
    assertThat(top).extracting(ValueCount::value).containsExactly("hot", "warm");
    long bound = n / (TopValues.CAPACITY + 1);
    assertThat(top.get(0).count()).isBetween(hot - bound, hot);
    assertThat(top.get(1).count()).isBetween(warm - bound, warm);
  }

  @Test
  void mergingPastCapacityKeepsTheHeavyHittersOfEveryPart() {
    TopValues merged = new TopValues();
    for (int part = 0; part < 4; part++) {
      TopValues t = new TopValues();
      for (int i = 0; i < TopValues.CAPACITY - 1; i++) { // each part alone is exact
        t.add("p" + part + "-" + i);
      }
      for (int i = 0; i < 50; i++) {
        t.add("hot");
      }
      assertThat(t.exact()).isTrue();
      merged.merge(t);
    }

    assertThat(merged.exact()).isFalse();
    assertThat(merged.top(1).get(0).value()).isEqualTo("hot");
    assertThat(merged.top(1).get(0).count()).isBetween(200L - 4 * (TopValues.CAPACITY + 49) / (TopValues.CAPACITY + 1), 200L);
  }

  @Test
  void aLongValueIsCountedByItsBeginning() {
    String longer = "v".repeat(TopValues.MAX_VALUE_CHARS) + "-1";
    String other = "v".repeat(TopValues.MAX_VALUE_CHARS) + "-2";

    assertThat(of(longer, other).top(10)).containsExactly(new ValueCount("v".repeat(TopValues.MAX_VALUE_CHARS), 2));
  }

  @Test
  void itsTextNeverShowsAValue() {
    assertThat(of("secret-value").toString()).doesNotContain("secret");
    SummariesAccumulator<TopValues> acc = new SummariesAccumulator<>(TopValues.class, 1);
    acc.add(new TopValues[] {of("secret-value")});
    assertThat(acc.toString()).doesNotContain("secret");
  }
}
