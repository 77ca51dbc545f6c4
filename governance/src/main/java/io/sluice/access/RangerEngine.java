package io.sluice.access;

import io.sluice.contract.Column;
import io.sluice.contract.ColumnAccess;
import io.sluice.contract.Contract;
import io.sluice.contract.Protect;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.ranger.authorization.hadoop.config.RangerPluginConfig;
import org.apache.ranger.authorization.utils.JsonUtils;
import org.apache.ranger.plugin.model.RangerPolicy;
import org.apache.ranger.plugin.model.RangerServiceDef;
import org.apache.ranger.plugin.policyengine.RangerAccessRequestImpl;
import org.apache.ranger.plugin.policyengine.RangerAccessResourceImpl;
import org.apache.ranger.plugin.policyengine.RangerAccessResult;
import org.apache.ranger.plugin.policyengine.RangerPolicyEngineOptions;
import org.apache.ranger.plugin.service.RangerBasePlugin;
import org.apache.ranger.plugin.util.ServicePolicies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access decisions taken by Apache Ranger's own policy engine, in process and with no Ranger Admin: a
 * {@link RangerBasePlugin} for the Hive service definition, its policy refresher and tag and user-store
 * retrievers off, given the policies directly (as Ranger's {@code TestRangerBasePlugin} does). A role is
 * passed to Ranger as the user's Ranger role; the resource is {@code database = layer}, {@code table =
 * contract id}, {@code column} (see {@link RangerExport}). Ranger's answer is mapped back through
 * {@link RangerMasks}; a mask Sluice does not know fails closed (the column is denied).
 */
public final class RangerEngine implements AccessPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(RangerEngine.class);
  private static final String SERVICE_DEF = "/service-defs/ranger-servicedef-hive.json";

  private final Contract contract;
  private final RangerBasePlugin plugin;
  private final String user;

  private RangerEngine(Contract contract, RangerBasePlugin plugin, String user) {
    this.contract = contract;
    this.plugin = plugin;
    this.user = user;
  }

  /** The engine over the policies in {@code file} (an export of {@code sluice policies export}, or Ranger's). */
  public static RangerEngine fromFile(Contract contract, Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AccessException("cannot read the Ranger policies " + file + ": " + e.getClass().getSimpleName());
    }
    return of(contract, RangerExport.read(text, file.toString()));
  }

  /** The engine over {@code policies}; their service name is the service the engine plays. */
  public static RangerEngine of(Contract contract, List<RangerPolicy> policies) {
    String service = policies.stream().map(RangerPolicy::getService).filter(s -> s != null && !s.isBlank())
        .findFirst().orElse("sluice");
    List<RangerPolicy> numbered = new ArrayList<>();
    long id = 1;
    for (RangerPolicy p : policies) {
      RangerPolicy copy = new RangerPolicy();
      copy.updateFrom(p);
      copy.setId(p.getId() != null ? p.getId() : id);
      copy.setService(service);
      numbered.add(copy);
      id++;
    }
    ServicePolicies sp = new ServicePolicies();
    sp.setServiceName(service);
    sp.setServiceId(1L);
    sp.setPolicyVersion(1L);
    sp.setServiceDef(hiveServiceDef());
    sp.setPolicies(numbered);
    RangerPolicyEngineOptions options = new RangerPolicyEngineOptions();
    options.disablePolicyRefresher = true;
    options.disableTagRetriever = true;
    options.disableUserStoreRetriever = true;
    RangerPluginConfig config = new RangerPluginConfig("hive", service, "sluice", null, null, options);
    RangerBasePlugin plugin = new RangerBasePlugin(config, sp, null, null);
    return new RangerEngine(contract, plugin, System.getProperty("user.name", "unknown"));
  }

  private static RangerServiceDef hiveServiceDef() {
    try (InputStream in = RangerBasePlugin.class.getResourceAsStream(SERVICE_DEF)) {
      if (in == null) {
        throw new AccessException("Ranger's Hive service definition " + SERVICE_DEF + " is not on the class path");
      }
      return JsonUtils.jsonToObject(new InputStreamReader(in, StandardCharsets.UTF_8), RangerServiceDef.class);
    } catch (IOException e) {
      throw new AccessException("cannot read Ranger's Hive service definition: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public ColumnAccess decide(String role, String column) {
    Optional<Column> c = contract.column(column);
    RangerAccessResourceImpl resource = new RangerAccessResourceImpl(Map.of(
        "database", RangerExport.database(contract), "table", RangerExport.table(contract), "column", column));
    RangerAccessRequestImpl request = new RangerAccessRequestImpl(resource, RangerExport.SELECT, user, Set.of(), Set.of(role));
    RangerAccessResult access = plugin.isAccessAllowed(request);
    if (access == null || !access.getIsAllowed()) {
      return ColumnAccess.DENIED;
    }
    RangerAccessResult mask = plugin.evalDataMaskPolicies(request, null);
    return AccessPolicy.normalize(c, fromMask(c, column, mask));
  }

  private ColumnAccess fromMask(Optional<Column> c, String column, RangerAccessResult mask) {
    String type = mask == null ? null : mask.getMaskType();
    if (type == null || RangerMasks.NONE.equals(type) || !mask.isMaskEnabled()) {
      return ColumnAccess.CLEAR;
    }
    boolean encrypted = c.flatMap(Column::protect).map(Protect::isReversible).orElse(false);
    if (RangerMasks.CUSTOM.equals(type) && RangerMasks.AS_STORED.equals(mask.getMaskedValue())) {
      return encrypted ? ColumnAccess.MASKED : ColumnAccess.CLEAR;
    }
    Optional<io.sluice.contract.MaskType> m = RangerMasks.sluiceMask(type, mask.getMaskedValue());
    if (m.isPresent()) {
      return ColumnAccess.masked(m.get());
    }
    LOG.warn("Ranger masks column '{}' of {} with {}, which Sluice cannot apply: {}", column, contract.id(), type,
        encrypted ? "reading it as stored (the token)" : "denying it");
    return encrypted ? ColumnAccess.MASKED : ColumnAccess.DENIED;
  }

  @Override
  public String source() {
    return "ranger";
  }

  /** Stops the plugin's background work; the engine answers nothing after this. */
  public void close() {
    plugin.cleanup();
  }
}
