package io.sluice.access.ranger;

import io.sluice.access.AccessException;
import io.sluice.contract.Contract;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.ranger.RangerClient;
import org.apache.ranger.RangerServiceException;
import org.apache.ranger.plugin.model.RangerPolicy;

/**
 * Puts a contract's Ranger policies ({@link RangerExport}) into a running Ranger Admin through Ranger's own
 * {@link RangerClient} (public REST API v2): it lists the service's policies once, updates those of the same
 * name by id, creates the missing ones, and deletes the policies an earlier export of this contract made that
 * the contract no longer needs (a column removed, say). The Hive service must exist in Ranger Admin.
 */
public final class RangerPush {

  /** What happened to one policy. */
  public record Outcome(String policy, Action action) {}

  public enum Action { CREATED, UPDATED, DELETED }

  private final RangerClient client;
  private final String where;

  private RangerPush(RangerClient client, String where) {
    this.client = client;
    this.where = where;
  }

  /**
   * A push to the Ranger Admin at {@code url} with basic authentication ({@code simple} in Ranger's words).
   * {@code sslConfig} is the path of a {@code ranger-policymgr-ssl.xml} for HTTPS, or null.
   */
  public static RangerPush to(String url, String user, String password, String sslConfig) {
    return new RangerPush(new RangerClient(url, "simple", user, password, sslConfig), url);
  }

  public List<Outcome> push(Contract contract, String service) {
    List<RangerPolicy> wanted = RangerExport.policies(contract, service);
    String prefix = "sluice " + RangerExport.database(contract) + "." + RangerExport.table(contract) + " ";
    try {
      Map<String, RangerPolicy> existing = new HashMap<>();
      for (RangerPolicy p : client.getPoliciesInService(service)) {
        existing.put(p.getName(), p);
      }
      List<Outcome> out = new ArrayList<>();
      for (RangerPolicy p : wanted) {
        RangerPolicy old = existing.get(p.getName());
        if (old != null) {
          p.setId(old.getId());
          client.updatePolicy(old.getId(), p);
          out.add(new Outcome(p.getName(), Action.UPDATED));
        } else {
          client.createPolicy(p);
          out.add(new Outcome(p.getName(), Action.CREATED));
        }
      }
      Set<String> names = wanted.stream().map(RangerPolicy::getName).collect(Collectors.toSet());
      for (RangerPolicy old : existing.values()) {
        if (old.getName().startsWith(prefix) && !names.contains(old.getName())) {
          client.deletePolicy(old.getId());
          out.add(new Outcome(old.getName(), Action.DELETED));
        }
      }
      return out;
    } catch (RangerServiceException e) {
      // The status says what went wrong; the message of a failed call may echo the request, so it is left out.
      throw new AccessException("Ranger Admin at " + where + " refused the policies of " + contract.id() + " for service '"
          + service + "'" + (e.getStatus() != null ? ": HTTP " + e.getStatus().getStatusCode() + " " + e.getStatus()
          : ": " + (e.getCause() != null ? e.getCause().getClass().getSimpleName() : "no answer"))
          + " (does the service exist, and may this user administer it?)");
    }
  }
}
