package io.sluice.access.ranger;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.access.ContractPolicy;
import io.sluice.access.Reader;
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
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.ranger.plugin.model.RangerPolicy;
import org.apache.ranger.plugin.model.RangerPolicy.RangerDataMaskPolicyItem;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItem;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItemAccess;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItemDataMaskInfo;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItemRowFilterInfo;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyResource;
import org.apache.ranger.plugin.model.RangerPolicy.RangerRowFilterPolicyItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract's {@code access} and Ranger's engine over the exported policies take the same decisions; over
 * policies written in Ranger, the engine fails closed and gives row filters.
 */
class RangerEngineTest {
  private static final Path EXAMPLES = Path.of("..", "rule-examples", "contracts");
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: customers
      version: 1.0.0
      layer: silver
      columns:
        - {name: id, type: string, protect: {encrypt: deterministic, key: customers}}
        - {name: card, type: string, protect: {mask: show_last_4}}
        - {name: segment, type: string}
      access:
        default: clear
        roles:
          fraud-analyst: {id: clear}
      """;

  @TempDir Path tmp;

  private Contract customers() throws Exception {
    Path f = tmp.resolve("customers.yaml");
    Files.writeString(f, CONTRACT);
    return ContractLoader.withDiscoveredValidators().load(f);
  }

  /** A Ranger policy on silver.customers: {@code column} null for a table-level (row-filter) policy. */
  static RangerPolicy policy(String name, int type, String column) {
    RangerPolicy p = new RangerPolicy();
    p.setService("lakehouse");
    p.setName(name);
    p.setPolicyType(type);
    p.setIsEnabled(true);
    Map<String, RangerPolicyResource> resources = new LinkedHashMap<>();
    resources.put("database", new RangerPolicyResource("silver"));
    resources.put("table", new RangerPolicyResource("customers"));
    if (column != null) {
      resources.put("column", new RangerPolicyResource(column));
    }
    p.setResources(resources);
    return p;
  }

  static RangerPolicy readAll() {
    RangerPolicy read = policy("read", RangerPolicy.POLICY_TYPE_ACCESS, "*");
    read.setPolicyItems(List.of(new RangerPolicyItem(List.of(new RangerPolicyItemAccess("select", true)), List.of(),
        List.of("public"), List.of(), List.of(), false)));
    return read;
  }

  static RangerDataMaskPolicyItem maskItem(String type, List<String> users, List<String> groups, List<String> roles) {
    return new RangerDataMaskPolicyItem(List.of(new RangerPolicyItemAccess("select", true)),
        new RangerPolicyItemDataMaskInfo(type, null, null), users, groups, roles, List.of(), false);
  }

  static RangerPolicy rowFilter(String expression, List<String> roles) {
    RangerPolicy p = policy("rows", RangerPolicy.POLICY_TYPE_ROWFILTER, null);
    p.setRowFilterPolicyItems(List.of(new RangerRowFilterPolicyItem(new RangerPolicyItemRowFilterInfo(expression),
        List.of(new RangerPolicyItemAccess("select", true)), List.of(), List.of(), roles, List.of(), false)));
    return p;
  }

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

  @Test
  void aProtectedColumnNoMaskPolicyCoversIsReadAsStoredNotClear() throws Exception {
    Contract c = customers();
    RangerEngine ranger = RangerEngine.of(c, List.of(readAll())); // access, and no data-mask policy at all
    assertThat(ranger.decide("fraud-analyst", "id")).isEqualTo(ColumnAccess.MASKED);
    assertThat(ranger.decide("anyone", "id")).isEqualTo(ColumnAccess.MASKED);
    assertThat(ranger.decide("anyone", "card")).isEqualTo(ColumnAccess.MASKED);
    assertThat(ranger.decide("anyone", "segment")).as("unprotected: readable unless denied").isEqualTo(ColumnAccess.CLEAR);
  }

  @Test
  void anExportedMaskPolicyRemovedInRangerLeavesItsColumnAsStored() throws Exception {
    Contract c = customers(); // default: clear, so the export says MASK_NONE to everyone
    var policies = new ArrayList<>(RangerExport.policies(c, "lakehouse"));
    assertThat(RangerEngine.of(c, policies).decide("fraud-analyst", "id")).isEqualTo(ColumnAccess.CLEAR);
    policies.removeIf(p -> p.getName().endsWith("id mask"));
    assertThat(RangerEngine.of(c, policies).decide("fraud-analyst", "id")).isEqualTo(ColumnAccess.MASKED);
  }

  @Test
  void aMaskNoneItemIsRangersWordForClearAndOnlyForWhomItNames() throws Exception {
    Contract c = customers();
    RangerPolicy mask = policy("id mask", RangerPolicy.POLICY_TYPE_DATAMASK, "id");
    mask.setDataMaskPolicyItems(List.of(maskItem(RangerMasks.NONE, List.of("carol"), List.of(), List.of("fraud-analyst"))));
    RangerEngine ranger = RangerEngine.of(c, List.of(readAll(), mask));
    assertThat(ranger.decide("fraud-analyst", "id")).isEqualTo(ColumnAccess.CLEAR);
    assertThat(ranger.decide("support", "id")).isEqualTo(ColumnAccess.MASKED);
    assertThat(ranger.decide(new Reader("carol", List.of(), List.of(), "hadoop:kerberos"), "id"))
        .as("a policy may name the user").isEqualTo(ColumnAccess.CLEAR);
  }

  @Test
  void aRowFilterPolicyGivesItsExpressionToTheRolesItNamesOnly() throws Exception {
    Contract c = customers();
    RangerEngine ranger = RangerEngine.of(c, List.of(readAll(), rowFilter(" segment = 'vip' ", List.of("support"))));
    assertThat(ranger.rowFilter(Reader.asserting("support"))).contains("segment = 'vip'");
    assertThat(ranger.rowFilter(Reader.asserting("fraud-analyst"))).isEmpty();
    assertThat(new ContractPolicy(c).rowFilter(Reader.asserting("support"))).isEmpty();
  }
}
