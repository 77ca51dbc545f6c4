package io.sluice.access.ranger;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.access.AccessPolicy;
import io.sluice.access.PolicySource;
import io.sluice.contract.ColumnAccess;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With this module on the class path, {@link PolicySource#RANGER} finds Ranger's engine without naming it. */
class PolicySourceRangerTest {
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: customers
      version: 1.0.0
      layer: silver
      columns:
        - {name: id, type: string, protect: {mask: redact}}
        - {name: card, type: string, protect: {encrypt: deterministic, key: customers}}
      access:
        default: denied
        roles:
          support: {card: show_last_4}
      """;

  @TempDir Path dir;

  @Test
  void rangerAsThePolicySourceIsRangersEngineOverThePolicyFile() throws Exception {
    Path f = Files.writeString(dir.resolve("customers.yaml"), CONTRACT);
    Contract contract = ContractLoader.withDiscoveredValidators().load(f);
    Path policies = Files.writeString(dir.resolve("ranger.json"), RangerExport.json(contract, "lakehouse"));

    AccessPolicy policy = PolicySource.RANGER.policy(contract, Optional.of(policies));

    assertThat(policy).isInstanceOf(RangerEngine.class);
    assertThat(policy.source()).isEqualTo("ranger");
    assertThat(policy.decide("support", "card")).isEqualTo(ColumnAccess.masked(io.sluice.contract.MaskType.SHOW_LAST_4));
    assertThat(policy.decide("support", "id")).isEqualTo(ColumnAccess.DENIED);
    ((RangerEngine) policy).close();
  }
}
