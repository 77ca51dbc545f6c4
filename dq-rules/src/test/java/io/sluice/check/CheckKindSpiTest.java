package io.sluice.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.Placement;
import io.sluice.contract.Problems;
import io.sluice.contract.SluiceException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A kind added from another jar through {@code META-INF/services/io.sluice.check.CheckKind}. */
class CheckKindSpiTest {

  @Test
  void theServiceLoaderFindsTheBuiltInsAndTheAddedKind() {
    assertThat(RuleCatalog.standard().kinds()).extracting(CheckKind::name).containsExactly("allowed_values", "anomaly",
        "completeness", "even", "expression", "freshness", "length", "pattern", "range", "references", "required", "row_count",
        "type", "unique");
  }

  @Test
  void aContractUsingTheAddedKindValidatesAndCompiles() {
    RowRule r = Rules.rows("columns:\n  - {name: n, type: int, checks: [{even: true, severity: warn}]}\n").get("n.even");
    assertThat(r.predicate()).isEqualTo("(`n` IS NULL OR `n` % 2 = 0)");
    assertThat(r.kind()).isEqualTo("even");
    assertThat(r.severity()).isEqualTo(io.sluice.contract.Severity.WARN);
  }

  @Test
  void theAddedKindValidatesItsOwnArguments() {
    assertThat(Rules.problems("columns:\n  - {name: s, type: string, checks: [{even: true}]}\n")).singleElement()
        .asString().contains("t.yaml:7:").contains("even applies to numbers; 's' is string")
        .contains("fix: remove the check or declare a numeric type");
  }

  /** A kind that is only a name: enough for the catalog's own checks. */
  private record Named(String name) implements CheckKind {
    @Override
    public Set<Placement> placements() {
      return Set.of(Placement.COLUMN);
    }

    @Override
    public String summary() {
      return "a kind named " + name;
    }

    @Override
    public Optional<Rule> bind(CheckSpec spec, Binding binding, Problems problems) {
      return Optional.empty();
    }
  }

  @Test
  void twoKindsWithOneNameAreRefused() {
    assertThatThrownBy(() -> RuleCatalog.of(List.of(new RangeKind(), new Named("range"))))
        .isInstanceOf(SluiceException.class).hasMessageContaining("Two check kinds are named 'range'");
  }

  @Test
  void kindNamesMustBeLowerCaseWords() {
    assertThatThrownBy(() -> RuleCatalog.of(List.of(new Named("Even-Numbers"))))
        .hasMessageContaining("Invalid check kind name 'Even-Numbers'");
  }
}
