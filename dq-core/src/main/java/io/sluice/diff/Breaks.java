package io.sluice.diff;

import java.util.Locale;

/**
 * Whom a change can break (DESIGN.md, Breaking changes). {@code CONSUMERS}: a reader that relied on the
 * old contract can break, so the change needs a major version. {@code PRODUCERS}: the data that passed
 * may now fail (a check added or tightened): a warning with its measured impact, fatal with
 * {@code --fail-on producers}. {@code NOBODY}: additions and documentation.
 */
public enum Breaks {
  CONSUMERS, PRODUCERS, NOBODY;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
