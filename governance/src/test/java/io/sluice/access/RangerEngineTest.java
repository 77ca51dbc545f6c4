package io.sluice.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.ColumnAccess;
import io.sluice.contract.Column;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.contract.MaskType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract's {@code access} and Ranger's engine over the exported policies take the same decisions. */
class RangerEngineTest {
  private static final Path EXAMPLES = Path.of("..", "rule-examples", "contracts");

  static List<Contract> exampleContracts() throws Exception {
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted()
          .map(p -> ContractLoader.withDiscoveredValidators().load(p)).toList();
    }
  }

  @Test
  void rangerAndTheContractDecideAlikeForEveryRoleAndColumnOfTheExamples(@TempDir Path dir) throws Exception {
    List<Contract> contracts = exampleContracts();
    assertThat(contracts).as("the examples are read from disk").hasSizeGreaterThanOrEqualTo(5);
    int compared = 0;
    List<String> kinds = new ArrayList<>();
    for (Contract contract : contracts) {
      Path file = dir.resolve(contract.id() + ".ranger.json");
      Files.writeString(file, RangerExport.json(contract, "lakehouse"));
      RangerEngine ranger = RangerEngine.fromFile(contract, file);
      ContractPolicy own = new ContractPolicy(contract);
      List<String> roles = new ArrayList<>(contract.access().roles().keySet());
      roles.add("someone-unlisted");
      List<String> columns = new ArrayList<>(contract.columns().stream().map(Column::name).toList());
      columns.add("a_column_the_contract_does_not_name");
      for (String role : roles) {
        for (String column : columns) {
          ColumnAccess expected = own.decide(role, column);
          assertThat(ranger.decide(role, column)).as("%s: role %s, column %s", contract.id(), role, column)
              .isEqualTo(expected);
          kinds.add(expected.toString());
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(50);
    assertThat(kinds).as("the examples exercise every kind of decision").contains("clear", "masked", "denied", "show_last_4");
  }

  @Test
  void anUnlistedRoleGetsTheDefaultFromRangerToo() throws Exception {
    Contract clv = exampleContracts().stream().filter(c -> c.id().equals("gold_customer_lifetime_value")).findFirst().orElseThrow();
    RangerEngine ranger = RangerEngine.of(clv, RangerExport.policies(clv, "lakehouse"));
    assertThat(ranger.decide("intern", "customer_id")).isEqualTo(ColumnAccess.DENIED); // default: denied
    assertThat(ranger.decide("intern", "lifetime_value")).isEqualTo(ColumnAccess.CLEAR); // unprotected
    assertThat(ranger.decide("fraud-analyst", "customer_id")).isEqualTo(ColumnAccess.CLEAR);
    assertThat(ranger.decide("growth-analyst", "customer_id")).isEqualTo(ColumnAccess.MASKED);
  }

  @Test
  void aPolicyEditedInRangerChangesTheDecision() throws Exception {
    Contract orders = exampleContracts().stream().filter(c -> c.id().equals("silver_orders")).findFirst().orElseThrow();
    var policies = RangerExport.policies(orders, "lakehouse");
    var mask = policies.stream().filter(p -> p.getName().endsWith("customer_id mask")).findFirst().orElseThrow();
    mask.getDataMaskPolicyItems().stream().filter(i -> i.getRoles().contains("support")).findFirst().orElseThrow()
        .getDataMaskInfo().setDataMaskType("MASK_SHOW_FIRST_4");
    assertThat(RangerEngine.of(orders, policies).decide("support", "customer_id"))
        .isEqualTo(ColumnAccess.masked(MaskType.SHOW_FIRST_4));
  }
}
