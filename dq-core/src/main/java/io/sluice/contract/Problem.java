package io.sluice.contract;

import java.util.Comparator;

/**
 * One thing wrong with a contract: where, what, and what to do about it.
 *
 * <p>Rendered as {@code file:line:column: error: message} followed by an indented hint, so editors
 * and CI logs link straight to the place.
 */
public record Problem(Location location, String message, String hint) {

  public static final Comparator<Problem> BY_PLACE =
      Comparator.comparing((Problem p) -> p.location().file())
          .thenComparingInt(p -> p.location().line())
          .thenComparingInt(p -> p.location().column())
          .thenComparing(Problem::message);

  public Problem {
    if (location == null || message == null) {
      throw new IllegalArgumentException("a problem needs a location and a message");
    }
    hint = hint == null ? "" : hint;
  }

  public String render() {
    String head = location + ": error: " + message;
    return hint.isEmpty() ? head : head + System.lineSeparator() + "    fix: " + hint;
  }
}
