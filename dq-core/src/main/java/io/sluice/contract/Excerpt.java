package io.sluice.contract;

import java.util.Collection;
import java.util.Iterator;

/**
 * What an error message may quote of its input: a short excerpt on one printable line. Input is whatever
 * Sluice did not write itself — a contract's values and names, a data file's header, a message Spark built
 * from either — and it may be megabytes long or binary. A message quotes it through here, so a 3 MB allowed
 * value or the "header" of a binary file read as CSV cannot flood a terminal, a CI log or an audit record.
 *
 * <p>Control, format (bidirectional overrides, zero-width characters), separator other than the plain
 * space, private-use, unassigned and unpaired surrogate characters, and U+FFFD (what undecodable bytes
 * become), are escaped: {@code \n}, {@code \r}, {@code \t}, otherwise {@code \}{@code uXXXX}. Backslashes
 * are left as they are: regular expressions quote better that way.
 */
public final class Excerpt {
  /** The characters of an excerpt, escapes included, before it is cut. */
  public static final int MAX = 60;
  /** Items a list shows before it says how many there are in all. */
  public static final int MAX_ITEMS = 10;
  /** The characters of each item of a list. */
  public static final int MAX_ITEM = 40;

  private Excerpt() {}

  /** {@code text}, escaped, and cut at {@link #MAX} characters with an ellipsis and its length. */
  public static String of(String text) {
    return of(text, MAX);
  }

  /** {@code text}, escaped, and cut at {@code max} characters: {@code abc… (3145728 characters)}. */
  public static String of(String text, int max) {
    if (text == null) {
      return "null";
    }
    String shown = shown(text, max);
    return shown == null ? escaped(text) : shown + "… (" + text.length() + " characters)";
  }

  /** {@code 'text'}: the excerpt in single quotes, and its length after them when it is cut. */
  public static String quoted(String text) {
    return quoted(text, MAX);
  }

  private static String quoted(String text, int max) {
    if (text == null) {
      return "null";
    }
    String shown = shown(text, max);
    return shown == null ? "'" + escaped(text) + "'" : "'" + shown + "…' (" + text.length() + " characters)";
  }

  /**
   * {@code 'a', 'b', 'c'}: each item quoted and cut at {@link #MAX_ITEM} characters; after {@link #MAX_ITEMS},
   * {@code … (10000 in all)}.
   */
  public static String list(Collection<String> items) {
    StringBuilder out = new StringBuilder();
    Iterator<String> it = items.iterator();
    for (int n = 0; it.hasNext(); n++) {
      String item = it.next();
      if (n == MAX_ITEMS) {
        return out.append(", … (").append(items.size()).append(" in all)").toString();
      }
      out.append(n == 0 ? "" : ", ").append(quoted(item, MAX_ITEM));
    }
    return out.toString();
  }

  /** Null when the escaped text fits in {@code max} characters; otherwise as much of it as does. */
  private static String shown(String text, int max) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      String c = printable(cp) ? new String(Character.toChars(cp)) : escape(cp);
      if (out.length() + c.length() > max) {
        return out.toString();
      }
      out.append(c);
      i += Character.charCount(cp);
    }
    return null;
  }

  private static String escaped(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> out.append(printable(cp) ? new String(Character.toChars(cp)) : escape(cp)));
    return out.toString();
  }

  private static boolean printable(int cp) {
    if (cp == ' ') {
      return true;
    }
    if (cp == 0xFFFD) {
      return false;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR, Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED -> false;
      default -> true;
    };
  }

  private static String escape(int cp) {
    return switch (cp) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> {
        StringBuilder b = new StringBuilder();
        for (char c : Character.toChars(cp)) {
          b.append(String.format("\\u%04X", (int) c));
        }
        yield b.toString();
      }
    };
  }
}
