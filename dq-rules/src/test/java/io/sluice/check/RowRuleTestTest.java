package io.sluice.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A built-in kind tells the engine what to evaluate for its rules, and what their failure means, by type, not name. */
class RowRuleTestTest {
  private static final Map<String, RowRule> RULES = Rules.rows("columns:\n"
      + "  - {name: id, type: string, required: true, unique: true}\n"
      + "  - {name: n, type: int, checks: [{range: {min: 0}}]}\n"
      + "  - {name: at, type: date}\n"
      + "unique:\n  - [id, at]\n");

  @Test
  void theTypeCheckIsTheEnginesConversion() {
    assertThat(RULES.get("n.type").test()).isEqualTo(RowRule.Test.CONVERTS);
    assertThat(RULES.get("n.type").failure()).isEqualTo("the value does not convert to the declared type");
  }

  @Test
  void requiredLooksAtTheValueAsItCameIn() {
    assertThat(RULES.get("id.required").test()).isEqualTo(RowRule.Test.PRESENT);
    assertThat(RULES.get("id.required").failure()).isEqualTo("the value is null");
  }

  @Test
  void uniqueKeysAreFoundByTheEngine() {
    assertThat(RULES.get("id.unique").test()).isEqualTo(RowRule.Test.DISTINCT_KEY);
    assertThat(RULES.get("id.unique").failure()).isEqualTo("the value is not unique");
    assertThat(RULES.get("unique(id,at)").failure()).isEqualTo("the key [id, at] is not unique");
  }

  @Test
  void everyOtherRuleIsItsPredicate() {
    RowRule range = RULES.values().stream().filter(r -> r.kind().equals("range")).findFirst().orElseThrow();
    assertThat(range.test()).isEqualTo(RowRule.Test.PREDICATE);
    assertThat(range.failure()).isEqualTo("range failed");
    assertThat(new EvenKindRule().test()).isEqualTo(RowRule.Test.PREDICATE);
  }

  /** A rule built as a kind from a jar builds it, with the six-part constructor. */
  private static final class EvenKindRule {
    RowRule.Test test() {
      return new RowRule("x.even", "even", java.util.Optional.of("x"), java.util.List.of("x"),
          io.sluice.contract.Severity.ERROR, "`x` % 2 = 0").test();
    }
  }
}
