package io.sluice.access.ranger;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.access.Reader;
import io.sluice.contract.ColumnAccess;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedAction;
import java.util.List;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ranger's engine decides for the authenticated Hadoop user by its groups. */
class RangerReaderTest {
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: customers
      version: 1.0.0
      layer: silver
      columns:
        - {name: id, type: string, protect: {encrypt: deterministic, key: customers}}
        - {name: segment, type: string}
      access:
        default: masked
        roles:
          fraud-analyst: {id: clear}
          support: {id: show_last_4}
      """;

  @TempDir Path dir;

  private Contract customers() throws Exception {
    Path f = dir.resolve("customers.yaml");
    Files.writeString(f, CONTRACT);
    return ContractLoader.withDiscoveredValidators().load(f);
  }

  private static Reader as(String user, String... groups) {
    UserGroupInformation ugi = UserGroupInformation.createUserForTesting(user, groups);
    return ugi.doAs((PrivilegedAction<Reader>) Reader::authenticated);
  }

  @Test
  void rangerDecidesByTheUsersGroups() throws Exception {
    Contract c = customers();
    RangerEngine ranger = RangerEngine.of(c, RangerExport.policies(c, "lakehouse"));
    assertThat(ranger.decide(as("alice", "fraud-analyst"), "id")).isEqualTo(ColumnAccess.CLEAR);
    assertThat(ranger.decide(as("bob", "staff"), "id")).isEqualTo(ColumnAccess.MASKED);
    RangerEngine rows = RangerEngine.of(c, List.of(RangerEngineTest.readAll(),
        RangerEngineTest.rowFilter("segment = 'vip'", List.of("support"))));
    assertThat(rows.rowFilter(as("erin", "support"))).contains("segment = 'vip'");
    assertThat(rows.rowFilter(as("bob", "staff"))).isEmpty();
  }
}
