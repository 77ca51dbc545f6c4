package io.sluice.check;

import io.sluice.contract.DataType;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/** Spark SQL text: quoted identifiers and literals, so any column name and any value is safe to render. */
public final class Sql {
  private Sql() {}

  /** {@code `US Gross`}; a backtick inside a name is doubled, as Spark's parser expects. */
  public static String ident(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** A string literal: single-quoted, with backslashes and quotes escaped for Spark's default parser. */
  public static String string(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** Why a number does not {@link #fits fit}, after the number in a message. */
  static final String UNFIT = "more digits than Spark reads in a number (38)";
  static final String UNFIT_HINT = "write a number between -10^38 and 10^38 with at most 38 significant digits";

  /**
   * True when {@link #number} renders {@code n} as a literal Spark reads: a BIGINT, or a decimal of at most 38
   * digits (Spark's largest; {@code 1e40} or {@code 1e-50} would stop the run when Spark parses the check).
   */
  public static boolean fits(BigDecimal n) {
    BigDecimal s = n.stripTrailingZeros();
    long digits = s.scale() <= 0 ? (long) s.precision() - s.scale() : Math.max(s.precision(), s.scale());
    return digits <= 38;
  }

  public static String number(BigDecimal n) {
    String plain = n.stripTrailingZeros().toPlainString();
    // Integral literals beyond BIGINT need the BD suffix to stay exact.
    return plain.contains(".") || n.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0 ? plain : plain + "BD";
  }

  /** A literal of the column's type: a number, {@code TRUE}, {@code DATE '…'}, {@code TIMESTAMP '…'} or a string. */
  public static String literal(Object value, DataType type) {
    if (value instanceof BigDecimal d) {
      return number(d);
    }
    if (value instanceof Long l) {
      return Long.toString(l);
    }
    if (value instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    }
    String text = String.valueOf(value);
    return switch (type.kind()) {
      case DATE -> "DATE " + string(text);
      case TIMESTAMP -> "TIMESTAMP " + string(text);
      default -> string(text);
    };
  }

  public static String list(List<String> items) {
    return items.stream().collect(Collectors.joining(", "));
  }
}
