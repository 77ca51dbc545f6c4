package io.sluice.odcs;

import io.sluice.contract.Location;
import java.util.Comparator;

/**
 * Something one format says that the other has no place for, and where it went instead (a custom property),
 * or how it was read: {@code file:line:column: warning: …}, located in the file that says it.
 */
public record MappingWarning(Location location, String message) {

  static final Comparator<MappingWarning> BY_PLACE = Comparator
      .comparing((MappingWarning w) -> w.location().file())
      .thenComparingInt(w -> w.location().line())
      .thenComparingInt(w -> w.location().column())
      .thenComparing(MappingWarning::message);

  public String render() {
    return location + ": warning: " + message;
  }
}
