package io.sluice.check;

import io.sluice.contract.DataType;
import java.util.Optional;

/**
 * Renders the strict cast of a value to a contract type: the typed value, or NULL when the value does
 * not convert exactly (DESIGN.md: {@code "12abc"} is not an int; a value never silently becomes null).
 *
 * <p>Built only from Spark built-ins ({@code try_cast}, {@code try_to_timestamp}, {@code rlike}), so the
 * engine's single projection stays free of UDFs. The text, without its surrounding spaces, is checked
 * against the type's literal shape first (anchored with {@code \z}: {@code $} would let a final line
 * break through), because Spark's own casts are lenient: {@code '2020'} casts to a date, {@code '1.5'}
 * truncates to an int, a decimal rounds extra digits, {@code 'yes'} and {@code '1'} are booleans,
 * {@code '1d'}, {@code '0x1p3'} and {@code 'NaN'} are doubles, and every cast trims tabs and line breaks.
 * The accepted shapes are listed in docs/contracts.md ("Types are strict").
 */
public final class StrictCast {
  private StrictCast() {}

  private static final String INTEGRAL = "^[+-]?[0-9]+\\z";
  /** Decimal notation, with an optional exponent: no type suffix ({@code 1d}), hex, NaN or Infinity. */
  private static final String FLOATING = "^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?\\z";
  private static final String DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}\\z";
  /** Seconds' fractions to the microsecond (Spark's precision); more digits only as trailing zeros. */
  private static final String TIMESTAMP = "^[0-9]{4}-[0-9]{2}-[0-9]{2}"
      + "([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,6}0{0,3})?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?)?\\z";

  /** SQL for the typed value of {@code ref}, NULL when {@code ref} is NULL or does not convert. */
  public static String of(String ref, DataType type, Optional<String> format) {
    String text = "trim(CAST(" + ref + " AS STRING))";
    String cast = "try_cast(" + text + " AS " + type.sql() + ")";
    return switch (type.kind()) {
      case STRING -> "CAST(" + ref + " AS STRING)";
      case INT, LONG -> shaped(text, INTEGRAL, cast);
      // Spark reads a number too large for the type as Infinity: that is an overflow, not a value.
      case FLOAT, DOUBLE -> "CASE WHEN " + text + " RLIKE " + Sql.string(FLOATING) + " AND abs(" + cast + ") < CAST('Infinity' AS "
          + type.sql() + ") THEN " + cast + " END";
      case BOOLEAN -> "CASE lower(" + text + ") WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END";
      case DECIMAL -> shaped(text, decimalShape(type.scale()), cast);
      case DATE -> format.map(f -> shaped(text, formatShape(f), "to_date(try_to_timestamp(" + text + ", " + Sql.string(f) + "))"))
          .orElse(shaped(text, DATE, cast));
      case TIMESTAMP -> format.map(f -> shaped(text, formatShape(f), "try_to_timestamp(" + text + ", " + Sql.string(f) + ")"))
          .orElse(shaped(text, TIMESTAMP, cast));
    };
  }

  /** Digits with at most {@code scale} significant fractional digits (trailing zeros are exact); no exponent. */
  static String decimalShape(int scale) {
    String frac = scale == 0 ? "([.]0*)?" : "([.][0-9]{0," + scale + "}0*)?";
    String lead = scale == 0 ? "|[.]0+" : "|[.][0-9]{1," + scale + "}0*";
    return "^[+-]?([0-9]+" + frac + lead + ")\\z";
  }

  /**
   * The shape of a text that Spark's datetime {@code format} may parse: each numeric field with the digits its
   * letters say ({@code yyyy} four, {@code MM} two, {@code M} one or two, {@code S…} one up to their count),
   * literals as they are, optional sections optional. Text fields (month and day names, AM/PM) are letters;
   * zones and other fields are left to the parser.
   *
   * <p>Why: under Spark 3.5's default {@code spark.sql.legacy.timeParserPolicy=EXCEPTION}, a text that Spark's
   * parser refuses but its Spark 2 parser would have read ({@code 2026-2-3} or {@code 2026-02-03x} for
   * {@code yyyy-MM-dd}) fails the whole job with {@code SparkUpgradeException}, even in {@code try_to_timestamp}.
   * The shape keeps such texts from the parser, so they fail the type check instead.
   */
  static String formatShape(String format) {
    StringBuilder regex = new StringBuilder("^");
    int open = 0;
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i);
      if (c == '\'') {
        int end = i + 1;
        StringBuilder literal = new StringBuilder();
        while (end < format.length()) {
          if (format.charAt(end) == '\'') {
            if (end + 1 < format.length() && format.charAt(end + 1) == '\'') {
              literal.append('\'');
              end += 2;
              continue;
            }
            break;
          }
          literal.append(format.charAt(end++));
        }
        regex.append(end == i + 1 && end < format.length() ? "'" : quote(literal.toString())); // '' is a quote
        i = end + 1;
      } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
        int n = 1;
        while (i + n < format.length() && format.charAt(i + n) == c) {
          n++;
        }
        regex.append(field(c, n));
        i += n;
      } else if (c == '[') {
        regex.append("(?:");
        open++;
        i++;
      } else if (c == ']' && open > 0) {
        regex.append(")?");
        open--;
        i++;
      } else {
        regex.append(quote(String.valueOf(c)));
        i++;
      }
    }
    regex.append(")?".repeat(open));
    return regex.append("\\z").toString();
  }

  private static String field(char letter, int n) {
    return switch (letter) {
      case 'y', 'u' -> n == 2 ? "[0-9]{2}" : n >= 4 ? "[0-9]{" + n + "}" : "[0-9]{" + n + ",4}";
      case 'M', 'L' -> n == 1 ? "[0-9]{1,2}" : n == 2 ? "[0-9]{2}" : "\\p{L}+[.]?";
      case 'd', 'H', 'h', 'k', 'K', 'm', 's' -> n == 1 ? "[0-9]{1,2}" : "[0-9]{" + n + "}";
      case 'D' -> n == 1 ? "[0-9]{1,3}" : n == 2 ? "[0-9]{2,3}" : "[0-9]{" + n + "}";
      case 'S' -> "[0-9]{1," + n + "}";
      case 'a' -> "[AaPp][Mm]";
      case 'E', 'G' -> "\\p{L}+[.]?";
      default -> ".+?";
    };
  }

  /** A literal as a regular expression: plain where it can be (Sluice's own matcher reads plain patterns faster). */
  private static String quote(String literal) {
    StringBuilder b = new StringBuilder();
    literal.codePoints().forEach(c -> {
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ' || c == '-' || c == ':' || c == '/') {
        b.appendCodePoint(c);
      } else if (c > ' ' && c < 127) {
        b.append('[').append("\\[]^&".indexOf(c) >= 0 ? "\\" : "").appendCodePoint(c).append(']');
      } else {
        b.append(java.util.regex.Pattern.quote(new String(Character.toChars(c))));
      }
    });
    return b.toString();
  }

  private static String shaped(String text, String regex, String cast) {
    return "CASE WHEN " + text + " RLIKE " + Sql.string(regex) + " THEN " + cast + " END";
  }
}
