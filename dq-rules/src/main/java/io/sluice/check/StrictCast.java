package io.sluice.check;

import io.sluice.contract.DataType;
import java.util.Optional;

/**
 * Renders the strict cast of a value to a contract type: the typed value, or NULL when the value does
 * not convert exactly (DESIGN.md: {@code "12abc"} is not an int; a value never silently becomes null).
 *
 * <p>Built only from Spark built-ins ({@code try_cast}, {@code try_to_timestamp}, {@code rlike}), so the
 * engine's single projection stays free of UDFs. Strings are checked against the type's literal shape
 * first because Spark's own casts are lenient ({@code '2020'} casts to a date, {@code '1.5'} truncates
 * to an int, a decimal rounds extra digits).
 */
public final class StrictCast {
  private StrictCast() {}

  private static final String INTEGRAL = "^[+-]?[0-9]+$";
  private static final String DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
  private static final String TIMESTAMP =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$";

  /** SQL for the typed value of {@code ref}, NULL when {@code ref} is NULL or does not convert. */
  public static String of(String ref, DataType type, Optional<String> format) {
    String text = "trim(CAST(" + ref + " AS STRING))";
    return switch (type.kind()) {
      case STRING -> "CAST(" + ref + " AS STRING)";
      case INT, LONG -> shaped(text, INTEGRAL, "try_cast(" + text + " AS " + type.sql() + ")");
      case FLOAT, DOUBLE -> "try_cast(" + text + " AS " + type.sql() + ")";
      case BOOLEAN -> "try_cast(" + text + " AS BOOLEAN)";
      case DECIMAL -> shaped(text, decimalShape(type.scale()), "try_cast(" + text + " AS " + type.sql() + ")");
      case DATE -> format.map(f -> "to_date(try_to_timestamp(" + text + ", " + Sql.string(f) + "))")
          .orElse(shaped(text, DATE, "try_cast(" + text + " AS DATE)"));
      case TIMESTAMP -> format.map(f -> "try_to_timestamp(" + text + ", " + Sql.string(f) + ")")
          .orElse(shaped(text, TIMESTAMP, "try_cast(" + text + " AS TIMESTAMP)"));
    };
  }

  /** Digits with at most {@code scale} significant fractional digits (trailing zeros are exact). */
  static String decimalShape(int scale) {
    String frac = scale == 0 ? "([.]0*)?" : "([.][0-9]{0," + scale + "}0*)?";
    String lead = scale == 0 ? "" : "|[.][0-9]{1," + scale + "}0*";
    return "^[+-]?([0-9]+" + frac + lead + ")$";
  }

  private static String shaped(String text, String regex, String cast) {
    return "CASE WHEN " + text + " RLIKE " + Sql.string(regex) + " THEN " + cast + " END";
  }
}
