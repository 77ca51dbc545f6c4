package io.sluice.diff;

import io.sluice.contract.Location;
import java.util.Optional;

/**
 * One change between two versions of a contract: the rule it falls under, whom it can break, what it
 * is about ({@code subject}: a column, a check id, a role), and where it is written.
 *
 * @param check the id of the check it concerns ({@code amount.range}, {@code order_id.required}), which
 *     names its row in an {@code --impact} run
 */
public record Finding(Rule rule, Breaks breaks, String subject, Optional<String> check, String message,
    Location location) {

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
