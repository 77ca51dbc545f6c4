package io.sluice.access;

import io.sluice.contract.Access;
import io.sluice.contract.Column;
import io.sluice.contract.ColumnAccess;
import io.sluice.contract.Contract;
import io.sluice.contract.Remedy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contract's {@code access} section: a listed role gets what it names; a protected column it does
 * not name, and every protected column of a role the contract does not list, gets {@code default}
 * ({@code masked} unless the contract says otherwise); an unprotected column is readable unless denied.
 *
 * <p>A reader bound to its Hadoop identity holds its groups as roles; a contract's roles do not combine, so a
 * reader who holds two roles the contract lists is refused rather than given either. The contract filters no
 * rows.
 */
public record ContractPolicy(Contract contract) implements AccessPolicy {

  @Override
  public ColumnAccess decide(Reader reader, String column) {
    Access access = contract.access();
    Optional<Column> c = contract.column(column);
    String role = role(reader).orElse(null);
    ColumnAccess named = role == null ? null : access.roles().getOrDefault(role, Map.of()).get(column);
    ColumnAccess raw = named != null ? named
        : c.flatMap(Column::protect).isPresent() ? access.defaultAccess() : ColumnAccess.CLEAR;
    return AccessPolicy.normalize(c, raw);
  }

  @Override
  public Optional<String> rowFilter(Reader reader) {
    role(reader); // the same refusal as for columns
    return Optional.empty();
  }

  /** The one role of the contract that {@code reader} holds, if any. */
  private Optional<String> role(Reader reader) {
    List<String> listed = reader.roles().stream().filter(contract.access().roles()::containsKey).toList();
    if (listed.size() > 1) {
      throw new AccessException("Cannot decide what " + reader.describe() + " reads of " + contract.id() + ": it holds "
          + listed.size() + " of the contract's roles (" + String.join(", ", listed) + "), and a contract's roles do not"
          + " combine; read as one of them or keep each user in one of these groups", Remedy.ROLE);
    }
    return listed.stream().findFirst();
  }

  @Override
  public String source() {
    return PolicySource.CONTRACT.word();
  }
}
