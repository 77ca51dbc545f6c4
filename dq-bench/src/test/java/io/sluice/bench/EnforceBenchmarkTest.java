package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sluice.check.CompiledContract;
import io.sluice.check.RuleCatalog;
import io.sluice.contract.Column;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of {@code sluice bench} that decide what it reports, without running Spark. */
class EnforceBenchmarkTest {
  private static CompiledContract compile(String yaml) {
    Contract contract = ContractLoader.withDiscoveredValidators().parse(yaml, "bench.yaml").orThrow();
    return RuleCatalog.standard().compile(contract);
  }

  @Test
  void theNoChecksContractHasTheBenchContractsColumnsAndNoCheck() {
    CompiledContract checked = compile(String.format(EnforceBenchmark.CONTRACT, ""));
    CompiledContract bare = compile(EnforceBenchmark.NO_CHECKS);

    assertThat(bare.contract().columns()).extracting(Column::name, Column::type)
        .containsExactlyElementsOf(checked.contract().columns().stream()
            .map(c -> org.assertj.core.groups.Tuple.tuple(c.name(), c.type())).toList());
    assertThat(bare.rowRules()).isEmpty();
    assertThat(bare.datasetRules()).isEmpty();
    // The contract it is compared with: 10 row checks (one is a row expression), no unique key.
    assertThat(checked.rowRules()).hasSize(10);
    assertThat(compile(String.format(EnforceBenchmark.CONTRACT, ", unique: true")).rowRules()).hasSize(11);
  }

  @Test
  void pairedRatiosAreTakenRoundByRound() {
    // Round 2 is slow for both variants: its ratio is ordinary, though the ratio of the medians is not.
    List<Double> x = List.of(1.10, 3.30, 1.20, 1.15, 1.05);
    List<Double> y = List.of(1.00, 3.00, 1.00, 1.00, 1.00);

    double[] r = EnforceBenchmark.pairedRatios(x, y);

    assertThat(r[0]).isCloseTo(1.05, within(1e-9));
    assertThat(r[1]).isCloseTo(1.10, within(1e-9));
    assertThat(r[2]).isCloseTo(1.20, within(1e-9));
  }

  @Test
  void pairedRatiosNeedAsManyRoundsOfEach() {
    assertThatThrownBy(() -> EnforceBenchmark.pairedRatios(List.of(1.0, 2.0), List.of(1.0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EnforceBenchmark.pairedRatios(List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
