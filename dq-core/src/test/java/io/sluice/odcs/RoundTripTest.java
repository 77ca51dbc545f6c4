package io.sluice.odcs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Sluice → ODCS → Sluice gives back the contract it started from, for every contract of the repository. */
class RoundTripTest {
  private static final ContractLoader LOADER = ContractLoader.withValidators(List.of());

  static Stream<Path> validContracts() {
    return ContractShape.contractFiles().stream().filter(p -> LOADER.read(p).ok());
  }

  @Test
  void theRepositoryHasTheExampleContractsToRoundTrip() {
    assertThat(validContracts().map(p -> ContractShape.repository().relativize(p).toString()))
        .contains("rule-examples/contracts/silver/orders.yaml", "rule-examples/contracts/silver/customers.yaml")
        .hasSizeGreaterThanOrEqualTo(7);
  }

  @ParameterizedTest
  @MethodSource("validContracts")
  void exportThenImportGivesTheSameContract(Path file) {
    Contract original = LOADER.load(file);
    ExportResult exported = OdcsExporter.export(original);
    ImportResult imported = OdcsImporter.using(LOADER).parse(exported.yaml(), "exported.odcs.yaml");
    assertThat(imported.problems()).as(exported.yaml()).isEmpty();
    assertThat(imported.contracts()).singleElement().satisfies(back ->
        assertThat(ContractShape.of(back.contract())).as(exported.yaml() + "\n---\n" + back.yaml())
            .isEqualTo(ContractShape.of(original)));
  }
}
