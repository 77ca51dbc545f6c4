package io.sluice.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.diff.ArgumentChange;
import io.sluice.diff.CheckChanges;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code sluice diff} judges a check's changes as its kind says, through the catalog registered with dq-core. */
class RuleCatalogChangesTest {
  @Test
  void builtInKindsSayHowTheirChangesCompare() {
    RuleCatalogChanges changes = new RuleCatalogChanges();
    assertThat(Map.of("range", changes.judged("range"), "length", changes.judged("length"),
        "allowed_values", changes.judged("allowed_values"), "pattern", changes.judged("pattern"),
        "expression", changes.judged("expression"), "row_count", changes.judged("row_count")))
        .isEqualTo(Map.of("range", ArgumentChange.RANGE, "length", ArgumentChange.LENGTH,
            "allowed_values", ArgumentChange.VALUE_SET, "pattern", ArgumentChange.PATTERN,
            "expression", ArgumentChange.EXPRESSION, "row_count", ArgumentChange.BOUNDS));
  }

  @Test
  void aPlugInKindComparesAsBoundsUnlessItSaysOtherwise() {
    RuleCatalogChanges changes = new RuleCatalogChanges(RuleCatalog.of(List.of(new EvenKind(), new RangeKind())));
    assertThat(changes.judged("even")).isEqualTo(ArgumentChange.BOUNDS);
    assertThat(changes.judged("range")).isEqualTo(ArgumentChange.RANGE);
  }

  @Test
  void theCatalogIsWhatDqCoreDiscovers() {
    assertThat(CheckChanges.discovered().judged("allowed_values")).isEqualTo(ArgumentChange.VALUE_SET);
    assertThat(CheckChanges.discovered().judged("no_such_kind")).isEqualTo(ArgumentChange.BOUNDS);
  }
}
