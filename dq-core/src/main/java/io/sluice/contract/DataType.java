package io.sluice.contract;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A column's declared type. {@code precision} and {@code scale} only mean something for decimals. */
public record DataType(Kind kind, int precision, int scale) {

  public enum Kind {
    STRING, INT, LONG, FLOAT, DOUBLE, BOOLEAN, DATE, TIMESTAMP, DECIMAL;

    public boolean isNumeric() {
      return this == INT || this == LONG || this == FLOAT || this == DOUBLE || this == DECIMAL;
    }

    public boolean isTemporal() {
      return this == DATE || this == TIMESTAMP;
    }
  }

  /** The words a contract may use, for messages and suggestions. */
  public static final java.util.List<String> NAMES =
      java.util.List.of("string", "int", "long", "float", "double", "boolean", "date", "timestamp", "decimal(p,s)");

  private static final Pattern DECIMAL = Pattern.compile("decimal\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

  public static final int MAX_PRECISION = 38;

  public DataType {
    if (kind == Kind.DECIMAL && (precision < 1 || precision > MAX_PRECISION || scale < 0 || scale > precision)) {
      throw new IllegalArgumentException("Invalid decimal(" + precision + "," + scale + ")");
    }
  }

  public static DataType of(Kind kind) {
    return new DataType(kind, kind == Kind.DECIMAL ? 10 : 0, 0);
  }

  public static DataType decimal(int precision, int scale) {
    return new DataType(Kind.DECIMAL, precision, scale);
  }

  /**
   * Parses a contract's type word. Empty when it is not a type; a decimal whose precision or scale is
   * out of range is reported through {@code invalidDecimal}.
   */
  public static Optional<DataType> parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = DECIMAL.matcher(t);
    if (m.matches()) {
      try {
        int p = Integer.parseInt(m.group(1));
        int s = Integer.parseInt(m.group(2));
        return p >= 1 && p <= MAX_PRECISION && s <= p ? Optional.of(decimal(p, s)) : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return switch (t) {
      case "string" -> Optional.of(of(Kind.STRING));
      case "int", "integer" -> Optional.of(of(Kind.INT));
      case "long", "bigint" -> Optional.of(of(Kind.LONG));
      case "float" -> Optional.of(of(Kind.FLOAT));
      case "double" -> Optional.of(of(Kind.DOUBLE));
      case "boolean" -> Optional.of(of(Kind.BOOLEAN));
      case "date" -> Optional.of(of(Kind.DATE));
      case "timestamp" -> Optional.of(of(Kind.TIMESTAMP));
      case "decimal" -> Optional.of(of(Kind.DECIMAL));
      default -> Optional.empty();
    };
  }

  /** The Spark SQL type name, as used in {@code CAST(x AS ...)}. */
  public String sql() {
    return switch (kind) {
      case STRING -> "STRING";
      case INT -> "INT";
      case LONG -> "BIGINT";
      case FLOAT -> "FLOAT";
      case DOUBLE -> "DOUBLE";
      case BOOLEAN -> "BOOLEAN";
      case DATE -> "DATE";
      case TIMESTAMP -> "TIMESTAMP";
      case DECIMAL -> "DECIMAL(" + precision + "," + scale + ")";
    };
  }

  /** The contract's own word for this type. */
  @Override
  public String toString() {
    return kind == Kind.DECIMAL ? "decimal(" + precision + "," + scale + ")" : kind.name().toLowerCase(Locale.ROOT);
  }
}
