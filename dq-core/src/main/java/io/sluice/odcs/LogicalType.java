package io.sluice.odcs;

import io.sluice.contract.DataType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ODCS's logical types, and how they meet Sluice's column types. A property's {@code physicalType} (the
 * source's own type name, such as {@code DECIMAL(12,2)} or {@code BIGINT}) says more than its logical type,
 * so it decides when Sluice knows it and it agrees with the logical type.
 */
enum LogicalType {
  STRING, DATE, TIMESTAMP, TIME, NUMBER, INTEGER, OBJECT, ARRAY, BOOLEAN;

  private static final Pattern DECIMAL = Pattern.compile("(?:decimal|numeric|number|dec)\\s*\\(\\s*(\\d{1,3})\\s*(?:,\\s*(\\d{1,3})\\s*)?\\)");
  private static final Pattern SIZED = Pattern.compile("([a-z ]+?)\\s*\\(\\s*\\d+\\s*\\)");

  String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<LogicalType> parse(String word) {
    return Arrays.stream(values()).filter(t -> t.word().equals(word)).findFirst();
  }

  static List<String> words() {
    return Arrays.stream(values()).map(LogicalType::word).toList();
  }

  /** Whether Sluice has a column type for it: objects and arrays are nested data, a time of day has no type. */
  boolean flat() {
    return this != OBJECT && this != ARRAY && this != TIME;
  }

  /** The logical type export writes for a Sluice type. */
  static LogicalType of(DataType type) {
    return switch (type.kind()) {
      case STRING -> STRING;
      case INT, LONG -> INTEGER;
      case FLOAT, DOUBLE, DECIMAL -> NUMBER;
      case BOOLEAN -> BOOLEAN;
      case DATE -> DATE;
      case TIMESTAMP -> TIMESTAMP;
    };
  }

  /** The physical type export writes for a Sluice type: Spark SQL's name for it. */
  static String physical(DataType type) {
    return type.sql().toLowerCase(Locale.ROOT);
  }

  /**
   * The Sluice type of a flat logical type. An integer's {@code format} follows Rust's integer names, and ODCS
   * reads a missing one as {@code i32}; a number's is {@code f32} or {@code f64}.
   */
  DataType sluiceType(Optional<String> format) {
    String f = format.orElse("").toLowerCase(Locale.ROOT);
    return switch (this) {
      case STRING, TIME, OBJECT, ARRAY -> DataType.of(DataType.Kind.STRING);
      case INTEGER -> switch (f) {
        case "i64", "u32" -> DataType.of(DataType.Kind.LONG);
        case "u64", "i128", "u128" -> DataType.decimal(f.equals("u64") ? 20 : 38, 0);
        default -> DataType.of(DataType.Kind.INT);
      };
      case NUMBER -> f.equals("f32") ? DataType.of(DataType.Kind.FLOAT) : DataType.of(DataType.Kind.DOUBLE);
      case BOOLEAN -> DataType.of(DataType.Kind.BOOLEAN);
      case DATE -> DataType.of(DataType.Kind.DATE);
      case TIMESTAMP -> DataType.of(DataType.Kind.TIMESTAMP);
    };
  }

  /** Whether a Sluice type holds values of this logical type. */
  boolean admits(DataType type) {
    return switch (this) {
      case STRING -> type.kind() == DataType.Kind.STRING;
      case INTEGER -> type.kind() == DataType.Kind.INT || type.kind() == DataType.Kind.LONG
          || (type.kind() == DataType.Kind.DECIMAL && type.scale() == 0);
      case NUMBER -> type.kind().isNumeric();
      case BOOLEAN -> type.kind() == DataType.Kind.BOOLEAN;
      case DATE -> type.kind() == DataType.Kind.DATE;
      case TIMESTAMP -> type.kind() == DataType.Kind.TIMESTAMP;
      case TIME, OBJECT, ARRAY -> false;
    };
  }

  /** A column's Sluice type, and how it was read when that needs saying. */
  record Typing(DataType type, Optional<String> note) {}

  /**
   * The Sluice type of a property: its physical type when Sluice knows it and the logical type admits it (it
   * says more: {@code DECIMAL(12,2)}, {@code BIGINT}), else its logical type; strings when neither says.
   */
  static Typing typing(Optional<LogicalType> logical, Optional<String> physical, Optional<String> numberFormat) {
    DataType string = DataType.of(DataType.Kind.STRING);
    if (logical.filter(t -> t == TIME).isPresent()) {
      return new Typing(string, Optional.of("a time of day has no Sluice type: the column is typed string"));
    }
    Optional<DataType> fromPhysical = physical.flatMap(LogicalType::ofPhysical);
    if (fromPhysical.isPresent() && (logical.isEmpty() || logical.get().admits(fromPhysical.get()))) {
      return new Typing(fromPhysical.get(), Optional.empty());
    }
    if (logical.isPresent()) {
      DataType t = logical.get().sluiceType(numberFormat);
      return new Typing(t, fromPhysical.map(p -> "physicalType " + physical.get() + " is not a " + logical.get().word()
          + ": the column is typed " + t + " from its logicalType"));
    }
    return new Typing(string, Optional.of(physical.map(p -> "physicalType " + p + " is not a type Sluice knows and there is"
        + " no logicalType: the column is typed string").orElse("no logicalType or physicalType: the column is typed string")));
  }

  /** The Sluice type of a source's type name, when it is one Sluice knows (SQL, Spark and Parquet names). */
  static Optional<DataType> ofPhysical(String physicalType) {
    String t = physicalType.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    Matcher d = DECIMAL.matcher(t);
    if (d.matches()) {
      int p = Integer.parseInt(d.group(1));
      int s = d.group(2) == null ? 0 : Integer.parseInt(d.group(2));
      return p >= 1 && p <= DataType.MAX_PRECISION && s <= p ? Optional.of(DataType.decimal(p, s)) : Optional.empty();
    }
    Matcher sized = SIZED.matcher(t);
    String base = sized.matches() ? sized.group(1).trim() : t;
    return Optional.ofNullable(switch (base) {
      case "string", "varchar", "varchar2", "nvarchar2", "char", "text", "nvarchar", "nchar", "character varying",
          "character", "utf8", "clob" ->
          DataType.of(DataType.Kind.STRING);
      case "int", "integer", "int32", "int4", "smallint", "tinyint", "int2", "int16", "byte", "short" ->
          DataType.of(DataType.Kind.INT); // MySQL's int(11) is a display width
      case "bigint", "long", "int64", "int8" -> DataType.of(DataType.Kind.LONG);
      // float(n) is a float or a double depending on n and the database: the logical type decides
      case "float", "real", "float4", "float32" -> sized.matches() ? null : DataType.of(DataType.Kind.FLOAT);
      case "double", "double precision", "float8", "float64" -> DataType.of(DataType.Kind.DOUBLE);
      case "decimal", "numeric" -> DataType.of(DataType.Kind.DECIMAL);
      case "boolean", "bool" -> DataType.of(DataType.Kind.BOOLEAN);
      case "date" -> DataType.of(DataType.Kind.DATE);
      case "timestamp", "timestamp_ntz", "timestamp_ltz", "timestamp_tz", "timestamptz", "datetime", "datetime2",
          "timestamp with time zone", "timestamp without time zone" -> DataType.of(DataType.Kind.TIMESTAMP);
      default -> null;
    });
  }
}
