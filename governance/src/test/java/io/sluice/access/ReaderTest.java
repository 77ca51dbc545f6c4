package io.sluice.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.contract.ColumnAccess;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.contract.Remedy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedAction;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader is a role the caller asserts, or the authenticated Hadoop user with its groups as roles. */
class ReaderTest {
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
  void theAuthenticatedReaderIsHadoopsCurrentUserWithItsGroupsAsRoles() {
    Reader alice = as("alice", "fraud-analyst", "staff");
    assertThat(alice.user()).isEqualTo("alice");
    assertThat(alice.groups()).containsExactly("fraud-analyst", "staff");
    assertThat(alice.roles()).containsExactly("fraud-analyst", "staff");
    assertThat(alice.identity()).isEqualTo("hadoop:simple");
    assertThat(alice.assertedRole()).isEmpty();
    assertThat(alice.describe()).isEqualTo("user 'alice' (groups fraud-analyst, staff)");
  }

  @Test
  void anAssertedRoleSaysSo() {
    Reader r = Reader.asserting("support");
    assertThat(r.identity()).isEqualTo("asserted");
    assertThat(r.assertedRole()).contains("support");
    assertThat(r.user()).isEqualTo(System.getProperty("user.name"));
    assertThatThrownBy(() -> Reader.asserting(" ")).isInstanceOfSatisfying(AccessException.class,
        e -> assertThat(e.remedy()).contains(Remedy.ROLE)).hasMessageContaining("name one").hasMessageNotContaining("--");
  }

  @Test
  void theContractDecidesByTheOneGroupThatIsOneOfItsRoles() throws Exception {
    ContractPolicy policy = new ContractPolicy(customers());
    assertThat(policy.decide(as("alice", "fraud-analyst", "staff"), "id")).isEqualTo(ColumnAccess.CLEAR);
    assertThat(policy.decide(as("bob", "staff"), "id")).as("no listed role: the default").isEqualTo(ColumnAccess.MASKED);
    assertThat(policy.decide(as("bob", "staff"), "segment")).isEqualTo(ColumnAccess.CLEAR);
  }

  @Test
  void aUserInTwoOfTheContractsRolesIsRefusedNotGivenEither() throws Exception {
    ContractPolicy policy = new ContractPolicy(customers());
    Reader dave = as("dave", "support", "fraud-analyst");
    assertThatThrownBy(() -> policy.decide(dave, "id")).isInstanceOf(AccessException.class)
        .hasMessageContaining("user 'dave'").hasMessageContaining("fraud-analyst, support")
        .hasMessageContaining("do not combine");
    assertThatThrownBy(() -> policy.rowFilter(dave)).isInstanceOf(AccessException.class);
  }
}
