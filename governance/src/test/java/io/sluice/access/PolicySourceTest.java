package io.sluice.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract decides without a policy file; Ranger needs one and its module, which this module's class path
 * does not have (governance-ranger's PolicySourceRangerTest finds it where it is).
 */
class PolicySourceTest {
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: customers
      version: 1.0.0
      layer: silver
      columns:
        - {name: id, type: string, protect: {mask: redact}}
      access:
        roles:
          support: {id: denied}
      """;

  @TempDir Path dir;

  private Contract customers() throws Exception {
    Path f = dir.resolve("customers.yaml");
    Files.writeString(f, CONTRACT);
    return ContractLoader.withDiscoveredValidators().load(f);
  }

  @Test
  void sourcesAreNamedAsTheAuditNamesThem() {
    assertThat(PolicySource.named("contract")).contains(PolicySource.CONTRACT);
    assertThat(PolicySource.named("ranger")).contains(PolicySource.RANGER);
    assertThat(PolicySource.named("opa")).isEmpty();
    assertThat(PolicySource.RANGER.readsPolicies()).isTrue();
    assertThat(PolicySource.CONTRACT.readsPolicies()).isFalse();
  }

  @Test
  void theContractDecidesFromItsAccessSection() throws Exception {
    AccessPolicy policy = PolicySource.CONTRACT.policy(customers(), Optional.empty());
    assertThat(policy).isInstanceOf(ContractPolicy.class);
    assertThat(policy.source()).isEqualTo("contract");
  }

  @Test
  void theContractTakesNoPolicyFile() throws Exception {
    Contract c = customers();
    assertThatThrownBy(() -> PolicySource.CONTRACT.policy(c, Optional.of(dir.resolve("ranger.json"))))
        .isInstanceOf(AccessException.class).hasMessageStartingWith("Cannot decide access to customers")
        .hasMessageContaining("the contract's own access section decides");
  }

  @Test
  void rangerWithoutItsModuleSaysWhichModuleToAdd() throws Exception {
    Contract c = customers();
    Path policies = Files.writeString(dir.resolve("ranger.json"), "{\"policies\": []}");
    assertThatThrownBy(() -> PolicySource.RANGER.policy(c, Optional.of(policies)))
        .isInstanceOf(AccessException.class)
        .hasMessage("Cannot decide access with ranger policies: the module io.sluice:governance-ranger is not on the"
            + " class path; add it to the job's dependencies (README.md, Apache Ranger)");
  }

  @Test
  void rangerNeedsAPolicyFile() throws Exception {
    Contract c = customers();
    assertThatThrownBy(() -> PolicySource.RANGER.policy(c, Optional.empty()))
        .isInstanceOf(AccessException.class).hasMessageContaining("none were given");
  }
}
