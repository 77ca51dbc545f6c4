package io.sluice.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.ColumnAccess;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.contract.MaskType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract's {@code access} rules of DESIGN.md, and Ranger's engine agreeing on each. */
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

  @Test
  void rangerAgreesOnEveryReadMaskAndEveryDefault() throws Exception {
    for (String def : List.of("clear", "masked", "denied")) {
      Contract c = contract(def);
      ContractPolicy own = new ContractPolicy(c);
      RangerEngine ranger = RangerEngine.of(c, RangerExport.policies(c, "svc"));
      for (String role : List.of("analyst", "masker", "a1", "a2", "a3", "a4", "a5", "hider", "stranger")) {
        for (String column : List.of("id", "card", "city", "zip")) {
          assertThat(ranger.decide(role, column)).as("default %s, %s, %s", def, role, column).isEqualTo(own.decide(role, column));
        }
      }
    }
  }

  @Test
  void everyMaskTypeMapsToRangerAndBack() {
    for (MaskType m : MaskType.values()) {
      assertThat(RangerMasks.sluiceMask(RangerMasks.rangerType(m), RangerMasks.valueExpr(m).orElse(null))).contains(m);
    }
    assertThat(RangerMasks.rangerType(MaskType.YEAR_ONLY)).isEqualTo("MASK_DATE_SHOW_YEAR");
    assertThat(RangerMasks.sluiceMask("CUSTOM", "upper({col})")).isEmpty();
  }
}
