package io.sluice.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One protected read (DESIGN.md, Governance): who read which dataset under which role, and what each
 * column was to them — {@code clear}, {@code masked}, {@code denied} or the mask applied — and which rows
 * (the row filter, if a policy gave one). It goes into the same hash-chained log as run records, marked
 * {@code "event": "access"}, so {@code sluice audit verify} covers it. Names and decisions only: never a
 * value, a key or a secret.
 *
 * <p>{@code identity} says how the reader is known: {@code asserted} (the caller named {@code role}; the user is
 * the OS user that ran the read) or {@code hadoop:<method>} (the user and {@code groups} are Hadoop's current user,
 * authenticated by {@code kerberos}, {@code proxy}, … or only {@code simple}; {@code role} is then empty).
 */
public record AccessEvent(
    String readId,
    Instant at,
    String user,
    Optional<String> role,
    List<String> groups,
    String identity,
    String contractId,
    String contractVersion,
    String contractSha256,
    String dataset,
    String policySource,
    List<ColumnRead> columns,
    Optional<String> rowFilter,
    Optional<String> sparkAppId,
    Optional<String> sparkMaster) {

  /** The {@code event} field of an access event. */
  public static final String EVENT = "access";

  /** What one column was to the reader; {@code protectedAtRest} says whether the contract protects it. */
  public record ColumnRead(String column, String access, boolean protectedAtRest) {
    public ColumnRead {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(access, "access");
    }
  }

  public AccessEvent {
    groups = List.copyOf(groups);
    columns = List.copyOf(columns);
    sparkMaster = sparkMaster.map(AuditRecord::withoutUserInfo);
  }

  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("event", EVENT);
    n.put("read_id", readId);
    n.put("at", at.toString());
    n.put("user", user);
    n.put("role", role.orElse(null));
    ArrayNode gs = n.putArray("groups");
    groups.forEach(gs::add);
    n.put("identity", identity);
    n.put("contract_id", contractId);
    n.put("contract_version", contractVersion);
    n.put("contract_sha256", contractSha256);
    n.put("dataset", dataset);
    n.put("policy_source", policySource);
    ArrayNode cols = n.putArray("columns");
    for (ColumnRead c : columns) {
      ObjectNode o = cols.addObject();
      o.put("column", c.column());
      o.put("access", c.access());
      o.put("protected", c.protectedAtRest());
    }
    n.put("row_filter", rowFilter.orElse(null));
    n.put("spark_app_id", sparkAppId.orElse(null));
    n.put("spark_master", sparkMaster.orElse(null));
    return n;
  }
}
