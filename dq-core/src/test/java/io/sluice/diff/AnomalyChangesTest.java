package io.sluice.diff;

import static io.sluice.diff.Contracts.BASE;
import static io.sluice.diff.Contracts.edit;
import static io.sluice.diff.Contracts.load;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Anomaly checks are dataset checks to {@code sluice diff}: added, removed, tightened, loosened, changed. */
class AnomalyChangesTest {
  private static final String ROW_COUNT = "- row_count: { min: 1 }";
  private static final String RELATIVE =
      "- anomaly: { metric: row_count, strategy: relative_rate_of_change, max_decrease: 0.5, max_increase: 2.0 }";

  record Case(String name, String before, String after, Rule rule, Breaks breaks, Bump bump) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    String withRelative = ROW_COUNT + "\n  " + RELATIVE;
    return Stream.of(
        new Case("an anomaly check added concerns producers", ROW_COUNT, withRelative, Rule.CHECK_ADDED, Breaks.PRODUCERS,
            Bump.MINOR),
        new Case("an anomaly check removed breaks consumers", withRelative, ROW_COUNT, Rule.CHECK_REMOVED, Breaks.CONSUMERS,
            Bump.MAJOR),
        new Case("a warn-level anomaly check removed breaks nobody", withRelative + "\n    severity: warn", ROW_COUNT,
            Rule.CHECK_REMOVED, Breaks.NOBODY, Bump.MINOR),
        new Case("a higher max_decrease tightens", withRelative, withRelative.replace("max_decrease: 0.5", "max_decrease: 0.8"),
            Rule.CHECK_TIGHTENED, Breaks.PRODUCERS, Bump.MINOR),
        new Case("a lower max_decrease loosens", withRelative, withRelative.replace("max_decrease: 0.5", "max_decrease: 0.1"),
            Rule.CHECK_LOOSENED, Breaks.CONSUMERS, Bump.MAJOR),
        new Case("a bound removed loosens", withRelative, withRelative.replace(", max_increase: 2.0", ""),
            Rule.CHECK_LOOSENED, Breaks.CONSUMERS, Bump.MAJOR),
        new Case("a bound tightened and another loosened is a change", withRelative,
            withRelative.replace("max_decrease: 0.5, max_increase: 2.0", "max_decrease: 0.6, max_increase: 3.0"),
            Rule.CHECK_CHANGED, Breaks.CONSUMERS, Bump.MAJOR),
        new Case("another strategy is a change", withRelative, ROW_COUNT
            + "\n  - anomaly: { metric: row_count, strategy: online_normal, upper_deviation_factor: 3 }",
            Rule.CHECK_CHANGED, Breaks.CONSUMERS, Bump.MAJOR),
        new Case("a larger deviation factor loosens", ROW_COUNT + "\n  - anomaly: { metric: error_rate, strategy: online_normal }",
            ROW_COUNT + "\n  - anomaly: { metric: error_rate, strategy: online_normal, lower_deviation_factor: 4,"
                + " upper_deviation_factor: 4 }", Rule.CHECK_LOOSENED, Breaks.CONSUMERS, Bump.MAJOR),
        new Case("naming one factor only drops the other side's bound: a loosening",
            ROW_COUNT + "\n  - anomaly: { metric: error_rate, strategy: online_normal }",
            ROW_COUNT + "\n  - anomaly: { metric: error_rate, strategy: online_normal, upper_deviation_factor: 3 }",
            Rule.CHECK_LOOSENED, Breaks.CONSUMERS, Bump.MAJOR),
        new Case("a warn-level anomaly check tightened concerns nobody", withRelative + "\n    severity: warn",
            withRelative.replace("max_decrease: 0.5", "max_decrease: 0.8") + "\n    severity: warn",
            Rule.CHECK_TIGHTENED, Breaks.NOBODY, Bump.MINOR),
        new Case("another season is a change", ROW_COUNT + "\n  - anomaly: { metric: row_count, strategy: holt_winters, season: weekly }",
            ROW_COUNT + "\n  - anomaly: { metric: row_count, strategy: holt_winters, season: weekly, interval: hourly }",
            Rule.CHECK_CHANGED, Breaks.CONSUMERS, Bump.MAJOR));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void classifiesTheChange(Case c) {
    ContractDiff diff = ContractDiff.between("orders.yaml", load(edit(BASE, ROW_COUNT, c.before()), "before.yaml"),
        load(edit(BASE, ROW_COUNT, c.after()), "after.yaml"));

    assertThat(diff.findings()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo(c.rule());
      assertThat(f.breaks()).isEqualTo(c.breaks());
      assertThat(f.bump()).isEqualTo(c.bump());
      assertThat(f.check()).contains(c.after().contains("error_rate") ? "error_rate.anomaly" : "row_count.anomaly");
    });
  }
}
