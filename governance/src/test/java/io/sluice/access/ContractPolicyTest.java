package io.sluice.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.ColumnAccess;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.contract.MaskType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract's {@code access} rules of DESIGN.md (governance-ranger's RangerExportTest: Ranger's engine agrees on each). */
class ContractPolicyTest {
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: people
      version: 1.0.0
      layer: gold
      columns:
        - {name: id, type: string, protect: {encrypt: deterministic, key: k}}
        - {name: card, type: string, protect: {mask: show_first_4}}
        - {name: city, type: string}
        - {name: zip, type: string}
      access:
        default: %s
        roles:
          analyst: {id: clear}
          masker: {id: show_first_4, zip: show_last_4}
          a1: {id: redact}
          a2: {id: nullify}
          a3: {id: year_only}
          a4: {id: email_domain}
          a5: {id: show_last_4}
          hider: {city: denied}
      """;

  @TempDir Path dir;

  private Contract contract(String defaultAccess) throws Exception {
    Path f = dir.resolve(defaultAccess + ".yaml");
    Files.writeString(f, CONTRACT.formatted(defaultAccess));
    return ContractLoader.withDiscoveredValidators().load(f);
  }

  @Test
  void anUnlistedRoleGetsTheDefaultOnProtectedColumnsAndReadsTheRest() throws Exception {
    ContractPolicy p = new ContractPolicy(contract("denied"));
    assertThat(p.decide("stranger", "id")).isEqualTo(ColumnAccess.DENIED);
    assertThat(p.decide("stranger", "card")).isEqualTo(ColumnAccess.DENIED);
    assertThat(p.decide("stranger", "city")).isEqualTo(ColumnAccess.CLEAR);
    assertThat(p.decide("analyst", "card")).as("a protected column the role does not name").isEqualTo(ColumnAccess.DENIED);
  }

  @Test
  void theDefaultOfDefaultIsMaskedAndAMaskedAtRestColumnIsNeverClear() throws Exception {
    ContractPolicy masked = new ContractPolicy(contract("masked"));
    assertThat(masked.decide("stranger", "id")).isEqualTo(ColumnAccess.MASKED);
    ContractPolicy clear = new ContractPolicy(contract("clear"));
    assertThat(clear.decide("stranger", "id")).isEqualTo(ColumnAccess.CLEAR);
    assertThat(clear.decide("stranger", "card")).isEqualTo(ColumnAccess.MASKED);
  }

  @Test
  void anyColumnCanBeDeniedAndUnprotectedOnesCanBeMaskedAtRead() throws Exception {
    ContractPolicy p = new ContractPolicy(contract("masked"));
    assertThat(p.decide("hider", "city")).isEqualTo(ColumnAccess.DENIED);
    assertThat(p.decide("masker", "zip")).isEqualTo(ColumnAccess.masked(MaskType.SHOW_LAST_4));
    assertThat(p.decide("masker", "id")).isEqualTo(ColumnAccess.masked(MaskType.SHOW_FIRST_4));
  }
}
