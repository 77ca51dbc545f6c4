package io.sluice.contract;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who may read what in clear. {@code defaultAccess} applies to protected columns for roles the
 * contract does not list (and to columns a listed role does not name); it is {@code masked} unless
 * the contract says otherwise, so nothing is clear unless a policy says so.
 */
public record Access(ColumnAccess defaultAccess, Map<String, Map<String, ColumnAccess>> roles, Location location) {

  public Access {
    Map<String, Map<String, ColumnAccess>> copy = new LinkedHashMap<>();
    roles.forEach((role, columns) -> copy.put(role, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns))));
    roles = java.util.Collections.unmodifiableMap(copy);
  }

  public static Access defaults(Location location) {
    return new Access(ColumnAccess.MASKED, Map.of(), location);
  }
}
