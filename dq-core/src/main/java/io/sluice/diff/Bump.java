package io.sluice.diff;

import io.sluice.contract.SemanticVersion;
import java.util.Locale;

/** A semantic version bump, smallest first: what a set of changes needs, or what a new version declares. */
public enum Bump {
  NONE, PATCH, MINOR, MAJOR;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The bump from {@code before} to {@code after}, which must not be lower. A change of pre-release or
   * build only counts as a patch: it is a new version, but promises no new compatibility level.
   */
  public static Bump between(SemanticVersion before, SemanticVersion after) {
    if (after.major() != before.major()) {
      return MAJOR;
    }
    if (after.minor() != before.minor()) {
      return MINOR;
    }
    if (after.patch() != before.patch() || after.compareTo(before) != 0 || !after.build().equals(before.build())) {
      return PATCH;
    }
    return NONE;
  }

  /** The smallest version after {@code from} that makes this bump: 1.4.2 and MINOR give 1.5.0. */
  public SemanticVersion next(SemanticVersion from) {
    return switch (this) {
      case NONE -> from;
      case PATCH -> new SemanticVersion(from.major(), from.minor(), from.patch() + 1, "", "");
      case MINOR -> new SemanticVersion(from.major(), from.minor() + 1, 0, "", "");
      case MAJOR -> new SemanticVersion(from.major() + 1, 0, 0, "", "");
    };
  }

  public Bump atLeast(Bump other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
