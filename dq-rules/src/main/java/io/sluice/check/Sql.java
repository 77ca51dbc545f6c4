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
