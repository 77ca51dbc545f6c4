package io.sluice.access.ranger;

import io.sluice.access.AccessException;
import io.sluice.access.AccessPolicy;
import io.sluice.access.PolicySource;
import io.sluice.access.Reader;
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
 * retrievers off, given the policies directly (as Ranger's {@code TestRangerBasePlugin} does). The resource is
 * {@code database = layer}, {@code table = contract id}, {@code column} (see {@link RangerExport}); the request
 * carries the {@link Reader}'s user, groups and roles (an asserted role, or a bound user's groups).
 *
 * <p>It fails closed (DESIGN.md, Governance: nothing is clear unless a policy says so). A column no access policy
 * allows is denied; a protected column no data-mask policy covers for this reader is read as stored, and only a
 * {@code MASK_NONE} item gives it in clear; an unprotected column is readable unless denied. A mask Sluice does not
 * know reads as stored when encrypted and is denied otherwise. Row-filter policies answer {@link #rowFilter}.
 */
public final class RangerEngine implements AccessPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(RangerEngine.class);
  private static final String SERVICE_DEF = "/service-defs/ranger-servicedef-hive.json";

  private final Contract contract;
  private final RangerBasePlugin plugin;

  private RangerEngine(Contract contract, RangerBasePlugin plugin) {
    this.contract = contract;
    this.plugin = plugin;
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
    return new RangerEngine(contract, plugin);
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
  public ColumnAccess decide(Reader reader, String column) {
    Optional<Column> c = contract.column(column);
    RangerAccessRequestImpl request = request(reader, Map.of(
        "database", RangerExport.database(contract), "table", RangerExport.table(contract), "column", column));
    RangerAccessResult access = plugin.isAccessAllowed(request);
    if (access == null || !access.getIsAllowed()) {
      return ColumnAccess.DENIED;
    }
    RangerAccessResult mask = plugin.evalDataMaskPolicies(request, null);
    return AccessPolicy.normalize(c, fromMask(c, column, mask));
  }

  /** Ranger's row filter for {@code reader} on the contract's table: its {@code filterExpr}, if a policy gives one. */
  @Override
  public Optional<String> rowFilter(Reader reader) {
    RangerAccessRequestImpl request = request(reader, Map.of(
        "database", RangerExport.database(contract), "table", RangerExport.table(contract)));
    RangerAccessResult filter = plugin.evalRowFilterPolicies(request, null);
    if (filter == null || !filter.isRowFilterEnabled()) {
      return Optional.empty();
    }
    return Optional.of(filter.getFilterExpr().strip());
  }

  private static RangerAccessRequestImpl request(Reader reader, Map<String, Object> resource) {
    return new RangerAccessRequestImpl(new RangerAccessResourceImpl(resource), RangerExport.SELECT,
        reader.user(), Set.copyOf(reader.groups()), Set.copyOf(reader.roles()));
  }

  private ColumnAccess fromMask(Optional<Column> c, String column, RangerAccessResult mask) {
    String type = mask == null ? null : mask.getMaskType();
    if (type == null) {
      return ColumnAccess.MASKED; // no data-mask policy covers it for this reader: as stored (normalize clears unprotected)
    }
    if (RangerMasks.NONE.equals(type)) {
      return ColumnAccess.CLEAR; // Ranger's word for clear: a policy says so
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
    return PolicySource.RANGER.word();
  }

  /** Stops the plugin's background work; the engine answers nothing after this. */
  public void close() {
    plugin.cleanup();
  }
}
