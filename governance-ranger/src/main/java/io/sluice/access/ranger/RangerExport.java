package io.sluice.access.ranger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.access.AccessException;
import io.sluice.access.AccessPolicy;
import io.sluice.access.ContractPolicy;
import io.sluice.contract.Column;
import io.sluice.contract.ColumnAccess;
import io.sluice.contract.Contract;
import io.sluice.contract.Protect;
import io.sluice.contract.Remedy;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ranger.authorization.utils.JsonUtils;
import org.apache.ranger.plugin.model.RangerPolicy;
import org.apache.ranger.plugin.model.RangerPolicy.RangerDataMaskPolicyItem;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItem;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItemAccess;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItemDataMaskInfo;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyResource;

/**
 * A contract's {@code access} section as Apache Ranger policies on a Hive-style service (resources
 * {@code database}/{@code table}/{@code column}), in the JSON that Ranger Admin's policy import reads.
 *
 * <p>The mapping: database = the contract's layer ({@code silver}), table = the contract's id, a Sluice
 * role = a Ranger role of the same name, and "everyone else" = Ranger's {@code public} group. Per
 * contract it writes
 * <ul>
 *   <li>one access policy allowing {@code select} on every column to {@code public};</li>
 *   <li>per column that some reader may not see, an access policy with deny items: the denied roles, or
 *       {@code public} with the roles that may read it as exceptions when {@code default} is {@code denied};</li>
 *   <li>per protected column (and per unprotected column a role masks), a data-mask policy: one item per
 *       role that names the column, then one for {@code public} with the default. Mask types follow
 *       {@link RangerMasks}.</li>
 * </ul>
 */
public final class RangerExport {
  public static final String SELECT = "select";
  public static final String PUBLIC = "public";
  private static final ObjectMapper JSON = new ObjectMapper();

  private RangerExport() {}

  /** The Ranger database a contract's dataset lives in: its layer. */
  public static String database(Contract contract) {
    return contract.layer().word();
  }

  /** The Ranger table of a contract's dataset: its id. */
  public static String table(Contract contract) {
    return contract.id();
  }

  /** The policies of {@code contract} for Ranger service {@code service}. */
  public static List<RangerPolicy> policies(Contract contract, String service) {
    ContractPolicy decisions = new ContractPolicy(contract);
    List<String> roles = List.copyOf(contract.access().roles().keySet());
    List<RangerPolicy> out = new ArrayList<>();
    RangerPolicy read = policy(contract, service, "read", RangerPolicy.POLICY_TYPE_ACCESS, "*",
        "Every column of " + name(contract) + " is readable, except what the deny policies take away.");
    read.setPolicyItems(List.of(item(List.of(PUBLIC), List.of())));
    out.add(read);
    for (Column c : contract.columns()) {
      ColumnAccess byDefault = defaultFor(contract, c);
      Map<String, ColumnAccess> named = new LinkedHashMap<>();
      for (String role : roles) {
        if (contract.access().roles().get(role).containsKey(c.name())) {
          named.put(role, decisions.decide(role, c.name()));
        }
      }
      List<String> denied = roles.stream().filter(r -> decisions.decide(r, c.name()).mode() == ColumnAccess.Mode.DENIED).toList();
      if (byDefault.mode() == ColumnAccess.Mode.DENIED) {
        RangerPolicy deny = policy(contract, service, c.name() + " deny", RangerPolicy.POLICY_TYPE_ACCESS, c.name(),
            "Column '" + c.name() + "' is denied to every role but those excepted (access.default: denied).");
        deny.setDenyPolicyItems(List.of(item(List.of(PUBLIC), List.of())));
        List<String> allowed = roles.stream().filter(r -> !denied.contains(r)).toList();
        if (!allowed.isEmpty()) {
          deny.setDenyExceptions(List.of(item(List.of(), allowed)));
        }
        out.add(deny);
      } else if (!denied.isEmpty()) {
        RangerPolicy deny = policy(contract, service, c.name() + " deny", RangerPolicy.POLICY_TYPE_ACCESS, c.name(),
            "Column '" + c.name() + "' is denied to these roles.");
        deny.setDenyPolicyItems(List.of(item(List.of(), denied)));
        out.add(deny);
      }
      boolean masksAtRead = named.values().stream().anyMatch(a -> a.mode() == ColumnAccess.Mode.MASK);
      if (c.protect().isEmpty() && !masksAtRead) {
        continue;
      }
      List<RangerDataMaskPolicyItem> items = new ArrayList<>();
      named.forEach((role, a) -> {
        if (a.mode() != ColumnAccess.Mode.DENIED) {
          items.add(maskItem(c, a, List.of(), List.of(role)));
        }
      });
      if (c.protect().isPresent() && byDefault.mode() != ColumnAccess.Mode.DENIED) {
        items.add(maskItem(c, byDefault, List.of(PUBLIC), List.of()));
      }
      if (items.isEmpty()) {
        continue;
      }
      RangerPolicy mask = policy(contract, service, c.name() + " mask", RangerPolicy.POLICY_TYPE_DATAMASK, c.name(),
          "What each role sees of column '" + c.name() + "'" + c.protect().map(p -> " (" + atRest(p) + " at rest)").orElse(""));
      mask.setDataMaskPolicyItems(items);
      out.add(mask);
    }
    return out;
  }

  /** Ranger's policy export format: {@code {"metaDataInfo": {...}, "policies": [...]}}. */
  public static String json(Contract contract, String service) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode meta = root.putObject("metaDataInfo");
    meta.put("Exported by", "sluice");
    meta.put("Export time", Instant.now().toString());
    meta.put("Ranger apache version", "2.7.0");
    meta.put("Sluice contract", contract.id() + " " + contract.version() + " (sha256 " + contract.sha256() + ")");
    ArrayNode policies = root.putArray("policies");
    try {
      for (RangerPolicy p : policies(contract, service)) {
        policies.add(JSON.readTree(JsonUtils.objectToJson(p)));
      }
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new AccessException("cannot write the Ranger policies of " + contract.file() + " as JSON", e);
    }
  }

  /** The policies of an export (or of a ServicePolicies document: both hold {@code policies}). */
  public static List<RangerPolicy> read(String json, String where) {
    try {
      var root = JSON.readTree(json);
      if (!root.path("policies").isArray()) {
        throw new AccessException(where + " holds no Ranger policies (a JSON object with a 'policies' array):"
            + " export the contract's policies for Ranger", Remedy.RANGER_POLICIES);
      }
      List<RangerPolicy> out = new ArrayList<>();
      for (var p : root.get("policies")) {
        out.add(JsonUtils.jsonToObject(JSON.writeValueAsString(p), RangerPolicy.class));
      }
      return out;
    } catch (IOException e) {
      throw new AccessException(where + " is not JSON: " + e.getClass().getSimpleName());
    }
  }

  static ColumnAccess defaultFor(Contract contract, Column c) {
    return AccessPolicy.normalize(java.util.Optional.of(c),
        c.protect().isPresent() ? contract.access().defaultAccess() : ColumnAccess.CLEAR);
  }

  private static String atRest(Protect p) {
    return p.encrypt().map(e -> "encrypted, " + e.word()).orElseGet(() -> "masked, " + p.mask().orElseThrow().word());
  }

  private static String name(Contract contract) {
    return database(contract) + "." + table(contract);
  }

  private static RangerPolicy policy(Contract contract, String service, String what, int type, String column,
      String description) {
    RangerPolicy p = new RangerPolicy();
    p.setService(service);
    p.setServiceType("hive");
    p.setName("sluice " + name(contract) + " " + what);
    p.setPolicyType(type);
    p.setDescription(description + " From Sluice contract " + contract.id() + " " + contract.version() + ".");
    p.setIsEnabled(true);
    p.setIsAuditEnabled(true);
    p.setPolicyLabels(List.of("sluice", "sluice-contract-" + contract.id()));
    Map<String, RangerPolicyResource> resources = new LinkedHashMap<>();
    resources.put("database", new RangerPolicyResource(database(contract)));
    resources.put("table", new RangerPolicyResource(table(contract)));
    resources.put("column", new RangerPolicyResource(column));
    p.setResources(resources);
    return p;
  }

  private static RangerPolicyItem item(List<String> groups, List<String> roles) {
    return new RangerPolicyItem(List.of(new RangerPolicyItemAccess(SELECT, true)), List.of(), groups, roles, List.of(), false);
  }

  private static RangerDataMaskPolicyItem maskItem(Column c, ColumnAccess a, List<String> groups, List<String> roles) {
    RangerPolicyItemDataMaskInfo info = switch (a.mode()) {
      case CLEAR -> new RangerPolicyItemDataMaskInfo(RangerMasks.NONE, null, null);
      case MASKED -> c.protect().flatMap(Protect::mask)
          .map(m -> new RangerPolicyItemDataMaskInfo(RangerMasks.rangerType(m), null, RangerMasks.valueExpr(m).orElse(null)))
          .orElseGet(() -> new RangerPolicyItemDataMaskInfo(RangerMasks.CUSTOM, null, RangerMasks.AS_STORED));
      case MASK -> new RangerPolicyItemDataMaskInfo(RangerMasks.rangerType(a.mask().orElseThrow()), null,
          RangerMasks.valueExpr(a.mask().orElseThrow()).orElse(null));
      case DENIED -> throw new IllegalStateException("a denied column has no mask");
    };
    return new RangerDataMaskPolicyItem(List.of(new RangerPolicyItemAccess(SELECT, true)), info, List.of(), groups, roles,
        List.of(), false);
  }
}
