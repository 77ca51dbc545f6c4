package io.sluice.access.ranger;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.access.ContractPolicy;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A contract's {@code access} exported as Ranger policies: Ranger's engine over them decides as the contract does. */
class RangerExportTest {
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
}
