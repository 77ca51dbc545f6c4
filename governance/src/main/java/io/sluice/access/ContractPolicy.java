package io.sluice.access;

import io.sluice.contract.Access;
import io.sluice.contract.Column;
import io.sluice.contract.ColumnAccess;
import io.sluice.contract.Contract;
import java.util.Map;
import java.util.Optional;

/**
 * The contract's {@code access} section: a listed role gets what it names; a protected column it does
 * not name, and every protected column of a role the contract does not list, gets {@code default}
 * ({@code masked} unless the contract says otherwise); an unprotected column is readable unless denied.
 */
public record ContractPolicy(Contract contract) implements AccessPolicy {

  @Override
  public ColumnAccess decide(String role, String column) {
    Access access = contract.access();
    Optional<Column> c = contract.column(column);
    ColumnAccess named = access.roles().getOrDefault(role, Map.of()).get(column);
    ColumnAccess raw = named != null ? named
        : c.flatMap(Column::protect).isPresent() ? access.defaultAccess() : ColumnAccess.CLEAR;
    return AccessPolicy.normalize(c, raw);
  }

  @Override
  public String source() {
    return "contract";
  }
}
