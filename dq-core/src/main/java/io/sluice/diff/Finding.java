package io.sluice.diff;

import io.sluice.contract.Location;
import java.util.Optional;

/**
 * One change between two versions of a contract: the rule it falls under, whom it can break, what it
 * is about ({@code subject}: a column, a check id, a role), and where it is written.
 *
 * @param check the id of the check it concerns ({@code amount.range}, {@code order_id.required}), which
 *     names its row in an {@code --impact} run
 * @param side which version {@code location} is in: the new one, or the old one for what the new one no
 *     longer has (a removed column, check or key)
 */
public record Finding(Rule rule, Breaks breaks, String subject, Optional<String> check, String message,
    Location location, Side side) {

  /** The version of the contract a finding's location is in. */
  public enum Side { BEFORE, AFTER }

  /** The smallest version bump this change needs. */
  public Bump bump() {
    return switch (breaks) {
      case CONSUMERS -> Bump.MAJOR;
      case PRODUCERS -> Bump.MINOR;
      case NOBODY -> rule == Rule.CONTRACT_ADDED || rule == Rule.CONTRACT_REMOVED ? Bump.NONE
          : rule.documentation() ? Bump.PATCH : Bump.MINOR;
    };
  }
}
