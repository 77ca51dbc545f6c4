package io.sluice.access;

import io.sluice.contract.Column;
import io.sluice.contract.ColumnAccess;
import io.sluice.contract.Protect;
import java.util.Optional;

/**
 * Who sees what of a contract's columns. Each {@link PolicySource} answers the same question: the contract's own
 * {@code access} section ({@link ContractPolicy}), or Apache Ranger's policy engine over the policies exported from
 * it ({@code io.sluice.access.ranger.RangerEngine}, in the optional module {@code governance-ranger}); a team that
 * runs Ranger keeps one source of truth. Not sealed: the engine of a source lives in its own module, which this
 * one does not see.
 *
 * <p>Every answer is normalised to what a reader can actually get (DESIGN.md, Governance): an unprotected
 * column is {@code clear} unless denied (or masked at read); a column masked irreversibly at rest is
 * {@code masked} (as stored) unless denied; an encrypted column is {@code clear}, {@code masked} (the
 * token), {@code denied}, or a mask of the decrypted value.
 */
public interface AccessPolicy {

  /** What {@code reader} sees of the column named {@code column} (a column the contract may not name). */
  ColumnAccess decide(Reader reader, String column);

  /** What a reader who asserts {@code role} sees of {@code column}. */
  default ColumnAccess decide(String role, String column) {
    return decide(Reader.asserting(role), column);
  }

  /**
   * The rows {@code reader} may see, as a Spark SQL predicate over the dataset's stored columns; empty when every
   * row is readable. Whoever applies it must refuse a predicate it cannot run safely, never drop it.
   */
  Optional<String> rowFilter(Reader reader);

  /** {@code contract} or {@code ranger}, as the audit event names it. */
  String source();

  /** {@code raw} reduced to what a reader of {@code column} can get. */
  static ColumnAccess normalize(Optional<Column> column, ColumnAccess raw) {
    if (raw.mode() == ColumnAccess.Mode.DENIED) {
      return ColumnAccess.DENIED;
    }
    Optional<Protect> protect = column.flatMap(Column::protect);
    if (protect.isEmpty()) {
      return raw.mode() == ColumnAccess.Mode.MASK ? raw : ColumnAccess.CLEAR;
    }
    if (!protect.get().isReversible()) {
      return ColumnAccess.MASKED; // what is masked at rest cannot be read any other way
    }
    return raw;
  }
}
