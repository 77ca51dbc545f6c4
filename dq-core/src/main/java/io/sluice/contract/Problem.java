package io.sluice.contract;

import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;

/**
 * One thing wrong with a contract: what kind of mistake, where, what, and what to do about it.
 *
 * <p>Rendered as {@code file:line:column: error: message} followed by an indented hint, so editors
 * and CI logs link straight to the place. A problem the user fixes outside the contract too (a keyset to create)
 * carries that {@link Remedy}, in the library's words: a tool shows its own way to give it ({@link #render(Function)}).
 */
public record Problem(Kind kind, Location location, String message, String hint, Optional<Remedy> remedy) {

  public static final Comparator<Problem> BY_PLACE =
      Comparator.comparing((Problem p) -> p.location().file())
          .thenComparingInt(p -> p.location().line())
          .thenComparingInt(p -> p.location().column())
          .thenComparing(Problem::message);

  /**
   * The kinds of mistakes lint reports. The names are stable ids: code-review tools (SARIF rules) group
   * and filter problems by them.
   */
  public enum Kind {
    FILE_UNREADABLE("The file or path cannot be read as a contract",
        "The path does not exist, cannot be read, is not UTF-8 text, is empty or too large, or is a folder that holds no "
            + "contract files (.yaml, .yml); or its version at a git ref cannot be read."),
    YAML_REFUSED("The YAML is malformed or uses what contracts refuse",
        "The text is not well-formed YAML, or it uses what contracts do not allow: several documents in one file, anchors "
            + "and aliases, nesting deeper than a contract needs, or numbers too long to be data."),
    DUPLICATE("Something is written twice",
        "A key appears twice in one mapping, two columns share a name (Spark compares names ignoring case), two checks "
            + "share an id, or a unique key names a column twice."),
    UNKNOWN_KEY("A key the contract format does not know",
        "A key that this place of the contract, or this check kind, does not take; most often a typo, and the message "
            + "names the closest known key."),
    MISSING_KEY("A required key is missing",
        "The contract, a column, a check or a protection lacks a key it must have, such as a column's 'type' or the key "
            + "that an encryption uses."),
    WRONG_SHAPE("A value has the wrong YAML shape",
        "A string stands where a list or a mapping belongs, or the other way round, or a list holds items of the wrong "
            + "shape."),
    INVALID_VALUE("A value is not allowed here",
        "A value of the right shape that the contract cannot take: an id or version that does not parse, an unknown type "
            + "or word, a number out of range, bounds in the wrong order, a blank or reserved name, an empty list."),
    UNKNOWN_COLUMN("A column the contract does not declare",
        "A check, a unique key or an access role names a column that is not under 'columns'."),
    CHECK_KIND("A check kind that is unknown or does not apply here",
        "The check kind is not in any rule catalog on the class path, or it is placed where it cannot run (a dataset "
            + "check among row checks), or it does not apply to the column's type."),
    EXPRESSION("An expression or pattern that Spark cannot run",
        "A SQL expression that does not parse or refers to what the contract does not declare, or a regular expression "
            + "that does not compile as Java (and so Spark) regex."),
    PROTECTION("Protection or access that contradicts itself",
        "A mask that does not fit the column's type, a key or domain where the protection takes none, one keyset used for "
            + "two kinds of keys, or a role granted a reading that the column's protection cannot give.");

    private final String title;
    private final String description;

    Kind(String title, String description) {
      this.title = title;
      this.description = description;
    }

    /** One line: what this kind of problem is. */
    public String title() {
      return title;
    }

    /** What falls under this kind, for help texts. */
    public String description() {
      return description;
    }
  }

  public Problem {
    if (kind == null || location == null || message == null) {
      throw new IllegalArgumentException("a problem needs a kind, a location and a message");
    }
    hint = hint == null ? "" : hint;
    remedy = remedy == null ? Optional.empty() : remedy;
  }

  public Problem(Kind kind, Location location, String message, String hint) {
    this(kind, location, message, hint, Optional.empty());
  }

  /**
   * A problem of kind {@link Kind#INVALID_VALUE}: what rule catalogs written before problems had kinds
   * report.
   */
  public Problem(Location location, String message, String hint) {
    this(Kind.INVALID_VALUE, location, message, hint);
  }

  public String render() {
    return render(r -> null);
  }

  /** As {@link #render()}, the fix followed by how {@code way} says to give the remedy (null: not at all). */
  public String render(Function<Remedy, String> way) {
    String head = location + ": error: " + message;
    String given = remedy.map(way).orElse(null);
    String fix = given == null ? hint : hint.isEmpty() ? given : hint + " (" + given + ")";
    return fix.isEmpty() ? head : head + System.lineSeparator() + "    fix: " + fix;
  }
}
