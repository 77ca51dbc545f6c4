package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.check.CompiledContract;
import io.sluice.check.RuleCatalog;
import io.sluice.contract.Column;
import io.sluice.contract.ContractLoader;
import io.sluice.contract.DataType;
import io.sluice.spark.plan.CheckPlan;
import io.sluice.testkit.LocalSpark;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Every type's strict cast, as the engine plans it on Spark, against a reference parser in plain Java that
 * states the rules of docs/contracts.md ("Types are strict"): for each generated text and each type, the type
 * check passes exactly when the reference parses the text, and the typed value is the reference's value.
 *
 * <p>Each try is one DataFrame of generated texts, each text in one column per type, checked in one Spark job.
 * Texts: any Unicode, near misses from a numeric alphabet, and targeted ones (signs, exponents, suffixes
 * {@code d/f/L}, hex, NaN and Infinity spellings, leading zeros, Unicode digits, overflow at every type's bounds,
 * booleans in every case, dates and timestamps that exist or not, zones), wrapped in spaces, tabs or breaks.
 */
class StrictCastPropertiesTest {
  /** Column name → contract type (and format). */
  private static final String COLUMNS = """
      - {name: i, type: int}
      - {name: l, type: long}
      - {name: f, type: float}
      - {name: d, type: double}
      - {name: b, type: boolean}
      - {name: m, type: 'decimal(6,2)'}
      - {name: z, type: 'decimal(5,0)'}
      - {name: w, type: 'decimal(38,10)'}
      - {name: dt, type: date}
      - {name: dd, type: date, format: 'dd/MM/yyyy'}
      - {name: dc, type: date, format: 'yyyyMMdd'}
      - {name: ts, type: timestamp}
      - {name: tf, type: timestamp, format: 'yyyy-MM-dd HH:mm:ss'}
      """;
  private static final CompiledContract COMPILED = RuleCatalog.standard().compile(ContractLoader.withDiscoveredValidators()
      .parse("apiVersion: sluice/v1\nkind: DataContract\nid: casts\nversion: 1.0.0\nlayer: silver\ncolumns:\n" + COLUMNS
          .lines().map(l -> "  " + l).collect(Collectors.joining("\n")), "casts.yaml").orThrow());

  @Property(tries = 40, shrinking = ShrinkingMode.OFF)
  void everyTypesCastAgreesWithTheReferenceParser(@ForAll("batches") List<String> texts) {
    SparkSession spark = LocalSpark.session();
    List<Column> columns = COMPILED.contract().columns();
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < texts.size(); r++) {
      Object[] values = new Object[columns.size() + 1];
      values[0] = (long) r;
      java.util.Arrays.fill(values, 1, values.length, texts.get(r));
      rows.add(RowFactory.create(values));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType);
    for (Column c : columns) {
      schema = schema.add(c.name(), DataTypes.StringType);
    }
    CheckPlan.Planned planned = new CheckPlan(COMPILED, Enforcer.DEFAULT_CORRUPT_RECORD_COLUMN, () -> null)
        .build(spark.createDataFrame(rows, schema), "casts");
    Map<String, org.apache.spark.sql.Column> failedCheck = planned.checks().stream()
        .collect(Collectors.toMap(c -> c.rule().column().orElseThrow(), CheckPlan.Check::failed));
    // Dates and timestamps as days and microseconds since the epoch: no calendar conversion on the way out.
    // The input's columns are kept aside as __dq_src<k>: the contract's first, then the others (the id).
    List<org.apache.spark.sql.Column> select = new ArrayList<>(List.of(org.apache.spark.sql.functions.col("__dq_src" + columns.size())));
    for (Column c : columns) {
      org.apache.spark.sql.Column typed = org.apache.spark.sql.functions.col(c.name());
      select.add(switch (c.type().kind()) {
        case DATE -> org.apache.spark.sql.functions.unix_date(typed);
        case TIMESTAMP -> org.apache.spark.sql.functions.unix_micros(typed);
        default -> typed;
      });
      select.add(failedCheck.get(c.name()));
    }
    List<Row> out = planned.checked().select(select.toArray(org.apache.spark.sql.Column[]::new)).collectAsList();

    List<String> disagreements = new ArrayList<>();
    for (Row row : out) {
      String text = texts.get((int) row.getLong(0));
      for (int k = 0; k < columns.size(); k++) {
        Column c = columns.get(k);
        Optional<Object> expected = Reference.parse(text, c.type(), c.format());
        Object actual = row.get(1 + 2 * k);
        boolean failed = row.getBoolean(2 + 2 * k);
        boolean agrees = expected.isEmpty() ? failed && actual == null : !failed && same(expected.get(), actual);
        if (!agrees) {
          disagreements.add(c.name() + " " + c.type() + c.format().map(f -> " '" + f + "'").orElse("") + ": "
              + quoted(text) + " reference " + expected.map(String::valueOf).orElse("refuses") + ", Spark "
              + (failed ? "refuses" : String.valueOf(actual)));
        }
      }
    }
    assertThat(disagreements).as("texts whose cast disagrees with the reference").isEmpty();
  }

  private static boolean same(Object expected, Object actual) {
    if (expected instanceof BigDecimal e && actual instanceof BigDecimal a) {
      return e.compareTo(a) == 0;
    }
    if (expected instanceof Double e && actual instanceof Double a) {
      return Double.compare(e, a) == 0;
    }
    if (expected instanceof Float e && actual instanceof Float a) {
      return Float.compare(e, a) == 0;
    }
    return Objects.equals(expected, actual);
  }

  private static String quoted(String text) {
    StringBuilder b = new StringBuilder("\"");
    text.codePoints().forEach(c -> b.append(c >= 32 && c < 127 ? Character.toString(c) : String.format("\\u{%04x}", c)));
    return b.append('"').toString();
  }

  /**
   * The rules of docs/contracts.md, in plain Java: the value a text stands for, or empty when the type check
   * refuses it. Dates are days since the epoch, timestamps microseconds (UTC, the tests' session time zone).
   */
  static final class Reference {
    private Reference() {}

    static Optional<Object> parse(String raw, DataType type, Optional<String> format) {
      String t = stripSpaces(raw);
      try {
        return switch (type.kind()) {
          case STRING -> Optional.of(raw);
          case INT -> integral(t) ? Optional.of(Integer.parseInt(t)) : Optional.empty();
          case LONG -> integral(t) ? Optional.of(Long.parseLong(t)) : Optional.empty();
          case DOUBLE -> floating(t, true) ? finite(Double.parseDouble(t)) : Optional.empty();
          case FLOAT -> floating(t, true) ? finite(Float.parseFloat(t)) : Optional.empty();
          case BOOLEAN -> asciiLower(t).equals("true") ? Optional.of(true)
              : asciiLower(t).equals("false") ? Optional.of(false) : Optional.empty();
          case DECIMAL -> floating(t, false) ? decimal(new BigDecimal(t), type.precision(), type.scale()) : Optional.empty();
          case DATE -> format.isPresent() ? formatted(t, format.get()).map(d -> (Object) Math.toIntExact(d.toLocalDate().toEpochDay()))
              : isoDate(t).map(d -> (Object) Math.toIntExact(d.toEpochDay()));
          case TIMESTAMP -> format.isPresent()
              ? formatted(t, format.get()).map(d -> (Object) micros(d.toEpochSecond(ZoneOffset.UTC), d.getNano()))
              : isoTimestamp(t);
        };
      } catch (NumberFormatException | DateTimeException e) {
        return Optional.empty(); // out of the type's range
      }
    }

    /** Only U+0020 spaces around a value are ignored: tabs and line breaks are part of it. */
    private static String stripSpaces(String s) {
      int from = 0;
      int to = s.length();
      while (from < to && s.charAt(from) == ' ') {
        from++;
      }
      while (to > from && s.charAt(to - 1) == ' ') {
        to--;
      }
      return s.substring(from, to);
    }

    private static boolean digit(char c) {
      return c >= '0' && c <= '9'; // ASCII only: Java's parsers would take other scripts' digits
    }

    private static boolean digits(String s, int from, int to) {
      if (from >= to || to > s.length()) {
        return false;
      }
      for (int k = from; k < to; k++) {
        if (!digit(s.charAt(k))) {
          return false;
        }
      }
      return true;
    }

    /** An optional sign and ASCII digits: {@code +1} and {@code 007} are ints, {@code 1.0} and {@code 1e3} are not. */
    private static boolean integral(String s) {
      int from = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
      return digits(s, from, s.length());
    }

    /** Decimal notation: sign, digits with at most one point (a digit on some side), and an exponent if allowed. */
    private static boolean floating(String s, boolean exponent) {
      int k = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
      int mantissaDigits = 0;
      boolean point = false;
      while (k < s.length() && (digit(s.charAt(k)) || s.charAt(k) == '.' && !point)) {
        if (s.charAt(k) == '.') {
          point = true;
        } else {
          mantissaDigits++;
        }
        k++;
      }
      if (mantissaDigits == 0) {
        return false;
      }
      if (k == s.length()) {
        return true;
      }
      if (!exponent || s.charAt(k) != 'e' && s.charAt(k) != 'E') {
        return false;
      }
      k++;
      if (k < s.length() && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
        k++;
      }
      return digits(s, k, s.length());
    }

    private static Optional<Object> finite(double v) {
      return Double.isInfinite(v) ? Optional.empty() : Optional.of(v);
    }

    private static Optional<Object> finite(float v) {
      return Float.isInfinite(v) ? Optional.empty() : Optional.of(v);
    }

    /** Exact: digits beyond the scale only as trailing zeros, and no more integer digits than precision minus scale. */
    private static Optional<Object> decimal(BigDecimal v, int precision, int scale) {
      if (v.signum() != 0 && v.stripTrailingZeros().scale() > scale) {
        return Optional.empty();
      }
      BigDecimal exact = v.setScale(scale);
      return exact.precision() - exact.scale() > precision - scale && exact.signum() != 0 ? Optional.empty() : Optional.of(exact);
    }

    /** Case-insensitive for ASCII letters only ({@code 'ſ'} is not an {@code 's'}, as Spark's {@code lower} says). */
    private static String asciiLower(String s) {
      StringBuilder b = new StringBuilder(s.length());
      for (char c : s.toCharArray()) {
        b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
      }
      return b.toString();
    }

    /** {@code yyyy-MM-dd}, a day that exists (years 0000 to 9999, proleptic Gregorian). */
    private static Optional<LocalDate> isoDate(String s) {
      if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-' || !digits(s, 0, 4) || !digits(s, 5, 7)
          || !digits(s, 8, 10)) {
        return Optional.empty();
      }
      return Optional.of(LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(5, 7)),
          Integer.parseInt(s.substring(8, 10))));
    }

    /**
     * {@code yyyy-MM-dd}, then optionally {@code [ T]HH:mm}, then optionally {@code :ss}, then optionally a fraction
     * (six digits at most, then at most three zeros) and a zone ({@code Z}, {@code ±HH}, {@code ±HHmm}, {@code ±HH:mm},
     * at most 18 hours) — no zone without seconds.
     */
    private static Optional<Object> isoTimestamp(String s) {
      if (s.length() < 10) {
        return Optional.empty();
      }
      Optional<LocalDate> date = isoDate(s.substring(0, 10));
      if (date.isEmpty()) {
        return Optional.empty();
      }
      if (s.length() == 10) {
        return Optional.of(micros(date.get().toEpochDay() * 86_400, 0));
      }
      if (s.charAt(10) != ' ' && s.charAt(10) != 'T' || s.length() < 16 || !digits(s, 11, 13) || s.charAt(13) != ':'
          || !digits(s, 14, 16)) {
        return Optional.empty();
      }
      int hour = Integer.parseInt(s.substring(11, 13));
      int minute = Integer.parseInt(s.substring(14, 16));
      if (s.length() == 16) {
        return Optional.of(micros(LocalDateTime.of(date.get(), LocalTime.of(hour, minute)).toEpochSecond(ZoneOffset.UTC), 0));
      }
      if (s.length() < 19 || s.charAt(16) != ':' || !digits(s, 17, 19)) {
        return Optional.empty();
      }
      int second = Integer.parseInt(s.substring(17, 19));
      int k = 19;
      int nanos = 0;
      if (k < s.length() && s.charAt(k) == '.') {
        int end = k + 1;
        while (end < s.length() && digit(s.charAt(end))) {
          end++;
        }
        String fraction = s.substring(k + 1, end);
        if (fraction.isEmpty() || fraction.length() > 9 || fraction.length() > 6 && !fraction.substring(6).matches("0+")) {
          return Optional.empty();
        }
        nanos = Integer.parseInt((fraction + "000000000").substring(0, 9));
        k = end;
      }
      ZoneOffset zone = ZoneOffset.UTC;
      String z = s.substring(k);
      if (!z.isEmpty() && !z.equals("Z")) {
        int sign = z.charAt(0) == '+' ? 1 : z.charAt(0) == '-' ? -1 : 0;
        boolean shape = sign != 0 && (z.length() == 3 && digits(z, 1, 3) || z.length() == 5 && digits(z, 1, 5)
            || z.length() == 6 && digits(z, 1, 3) && z.charAt(3) == ':' && digits(z, 4, 6));
        if (!shape) {
          return Optional.empty();
        }
        int hours = Integer.parseInt(z.substring(1, 3));
        int minutes = z.length() == 3 ? 0 : Integer.parseInt(z.substring(z.length() - 2));
        zone = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
      }
      LocalDateTime local = LocalDateTime.of(date.get(), LocalTime.of(hour, minute, second, nanos));
      return Optional.of(micros(local.toEpochSecond(zone), nanos));
    }

    /**
     * A text in a format of fixed-width numeric fields (the test's formats): a digit where the pattern has a letter,
     * the pattern's character elsewhere, then parsed strictly ({@code y} read as the proleptic year, as Spark does).
     */
    private static Optional<LocalDateTime> formatted(String s, String format) {
      if (s.length() != format.length()) {
        return Optional.empty();
      }
      for (int k = 0; k < s.length(); k++) {
        char f = format.charAt(k);
        if (Character.isLetter(f) ? !digit(s.charAt(k)) : s.charAt(k) != f) {
          return Optional.empty();
        }
      }
      DateTimeFormatter parser = DateTimeFormatter.ofPattern(format.replace('y', 'u'), Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT);
      try {
        var parsed = parser.parse(s);
        LocalDate date = LocalDate.from(parsed);
        LocalTime time = parsed.isSupported(java.time.temporal.ChronoField.HOUR_OF_DAY) ? LocalTime.from(parsed) : LocalTime.MIDNIGHT;
        return Optional.of(LocalDateTime.of(date, time));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }

    private static long micros(long epochSecond, int nanos) {
      return Math.addExact(Math.multiplyExact(epochSecond, 1_000_000L), nanos / 1_000);
    }
  }

  // ---- generated texts ----

  @Provide
  Arbitrary<List<String>> batches() {
    return texts().list().ofSize(200);
  }

  private static Arbitrary<String> texts() {
    Arbitrary<String> core = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, Arbitraries.strings().all().ofMaxLength(10)),
        net.jqwik.api.Tuple.of(3, Arbitraries.strings().withChars("0123456789+-.eEdDfFLxX:TZ /").ofMaxLength(14)),
        net.jqwik.api.Tuple.of(4, integers()),
        net.jqwik.api.Tuple.of(4, decimals()),
        net.jqwik.api.Tuple.of(3, floats()),
        net.jqwik.api.Tuple.of(2, Arbitraries.of(SPECIAL)),
        net.jqwik.api.Tuple.of(2, booleans()),
        net.jqwik.api.Tuple.of(4, dates()),
        net.jqwik.api.Tuple.of(4, timestamps()));
    return Combinators.combine(Arbitraries.of("", "", "", "", " ", "  ", "\t", "\n", "\u00a0", "\u3000"), core,
        Arbitraries.of("", "", "", "", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "x", "\u0000")).as((a, b, c) -> a + b + c);
  }

  private static final List<String> SPECIAL = List.of("NaN", "nan", "-NaN", "+NaN", "Infinity", "+Infinity", "-Infinity",
      "infinity", "INF", "inf", "-inf", "Inf", "1d", "1D", "1f", "1F", "1L", "1l", "1.5d", "-2f", "0x1F", "0X1f", "0x1p3",
      "0x1.8p1", "1_000", "1,5", "1 000", "١٢", "１２", "𝟏", "²", "Ⅻ", "1e", "e1", "1e+", ".", "-", "+", "+-1", "--1", "..1",
      "1..", "1.2.3", ".e1", "0", "-0", "+0", "-0.0", "00", "1e-400", "1e400", "-1e400", "1e308", "1.7976931348623157e308",
      "1.7976931348623159e308", "4.9e-324", "3.4028235e38", "3.4028236e38", "1.4e-45", "1e39", "-1e39", "2147483647",
      "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
      "-9223372036854775809", "9999.99", "9999.995", "10000", "-9999.99", "99999", "100000", "0.005", "1.230", "1.2300000000",
      "", "true", "false", "t", "f", "y", "n", "yes", "no", "1", "0", "on", "off", "ſ", "falſe", "truе" /* Cyrillic e */,
      "0000-01-01", "9999-12-31", "2024-02-29", "2023-02-29", "2026-02-30", "2026-2-3", "2026-02-03T", "+2026-02-03",
      "2026-02-03x", "20260203", "03/02/2026", "3/2/2026", "2026-02-03 24:00:00", "2026-02-03 23:59:60",
      "2026-02-03T12:00Z", "2026-02-03 12:00:00.123456789", "2026-02-03 12:00:00.1234567", "2026-02-03 12:00:00.123456000",
      "2026-02-03 12:00:00+18:00", "2026-02-03 12:00:00+19:00", "2026-02-03 12:00:00+01:60", "2026-02-03 12:00:00 UTC",
      "2026-02-03 12:00:00Europe/Paris", "2026-02-03 12", "12:00:00", "T12:00:00", "٢٠٢٦-٠٢-٠٣");

  private static Arbitrary<String> integers() {
    Arbitrary<BigInteger> value = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.integers().map(BigInteger::valueOf)),
        net.jqwik.api.Tuple.of(2, Arbitraries.longs().map(BigInteger::valueOf)),
        net.jqwik.api.Tuple.of(2, Arbitraries.bigIntegers().between(BigInteger.valueOf(Integer.MIN_VALUE).subtract(BigInteger.TEN),
            BigInteger.valueOf(Integer.MIN_VALUE).add(BigInteger.TEN))),
        net.jqwik.api.Tuple.of(2, Arbitraries.bigIntegers().between(BigInteger.valueOf(Integer.MAX_VALUE).subtract(BigInteger.TEN),
            BigInteger.valueOf(Integer.MAX_VALUE).add(BigInteger.TEN))),
        net.jqwik.api.Tuple.of(2, Arbitraries.bigIntegers().between(BigInteger.valueOf(Long.MAX_VALUE).subtract(BigInteger.TEN),
            BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.TEN))),
        net.jqwik.api.Tuple.of(2, Arbitraries.bigIntegers().between(BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.TEN),
            BigInteger.valueOf(Long.MIN_VALUE).add(BigInteger.TEN))),
        net.jqwik.api.Tuple.of(1, Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40))));
    return Combinators.combine(value, Arbitraries.of("", "", "+", "0", "00", "+0"), Arbitraries.of("", "", "", "L", ".", ".0", "e0"))
        .as((v, prefix, suffix) -> (v.signum() < 0 ? "-" + prefix + v.negate() : prefix + v) + suffix);
  }

  private static Arbitrary<String> decimals() {
    return Combinators.combine(Arbitraries.bigDecimals().between(new BigDecimal("-1e8"), new BigDecimal("1e8")).ofScale(8),
        Arbitraries.integers().between(0, 8), Arbitraries.of("plain", "plain", "stripped", "exponent", "engineering", "point"))
        .as((v, scale, style) -> {
          BigDecimal x = v.setScale(scale, java.math.RoundingMode.HALF_UP);
          return switch (style) {
            case "stripped" -> x.stripTrailingZeros().toPlainString();
            case "exponent" -> x.toString().contains("E") ? x.toString() : x.unscaledValue() + "e-" + x.scale();
            case "engineering" -> x.toEngineeringString();
            case "point" -> x.toPlainString().replaceFirst("^(-?)0\\.", "$1.");
            default -> x.toPlainString();
          };
        });
  }

  private static Arbitrary<String> floats() {
    return Arbitraries.oneOf(Arbitraries.doubles().map(String::valueOf), Arbitraries.floats().map(String::valueOf),
        Arbitraries.doubles().map(d -> String.format(Locale.ROOT, "%.3e", d)),
        Combinators.combine(Arbitraries.integers().between(-999, 999), Arbitraries.integers().between(-330, 330))
            .as((m, e) -> m + "e" + e),
        Combinators.combine(Arbitraries.integers().between(1, 99), Arbitraries.of("d", "D", "f", "F", "L"))
            .as((m, s) -> m + s));
  }

  private static Arbitrary<String> booleans() {
    return Combinators.combine(Arbitraries.of("true", "false", "yes", "no", "t", "f"), Arbitraries.longs())
        .as((word, bits) -> {
          StringBuilder b = new StringBuilder();
          for (int k = 0; k < word.length(); k++) {
            b.append((bits >> k & 1) == 1 ? Character.toUpperCase(word.charAt(k)) : word.charAt(k));
          }
          return b.toString();
        });
  }

  private static Arbitrary<String> dates() {
    Arbitrary<Integer> year = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(1900, 2100)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 10_001)));
    return Combinators.combine(year, Arbitraries.integers().between(0, 13), Arbitraries.integers().between(0, 32),
        Arbitraries.of("yyyy-MM-dd", "yyyy-MM-dd", "dd/MM/yyyy", "yyyyMMdd", "y-M-d", "d/M/y"))
        .as((y, m, d, pattern) -> date(new int[] {y, m, d}, pattern));
  }

  private static String date(int[] ymd, String pattern) {
    String y = pattern.contains("yyyy") ? String.format(Locale.ROOT, "%04d", ymd[0]) : String.valueOf(ymd[0]);
    String m = pattern.contains("MM") ? String.format(Locale.ROOT, "%02d", ymd[1]) : String.valueOf(ymd[1]);
    String d = pattern.contains("dd") ? String.format(Locale.ROOT, "%02d", ymd[2]) : String.valueOf(ymd[2]);
    return switch (pattern) {
      case "dd/MM/yyyy", "d/M/y" -> d + "/" + m + "/" + y;
      case "yyyyMMdd" -> y + m + d;
      default -> y + "-" + m + "-" + d;
    };
  }

  private static Arbitrary<String> timestamps() {
    Arbitrary<String> time = Combinators.combine(Arbitraries.integers().between(0, 24), Arbitraries.integers().between(0, 60),
        Arbitraries.integers().between(0, 61), Arbitraries.of("", "", ".5", ".123", ".123456", ".1234567", ".123456000",
            ".1234560000", ".", ".000000001"), Arbitraries.of(":ss", ":ss", "", "single"))
        .as((h, m, s, fraction, style) -> switch (style) {
          case "" -> String.format(Locale.ROOT, "%02d:%02d", h, m);
          case "single" -> h + ":" + m + ":" + s;
          default -> String.format(Locale.ROOT, "%02d:%02d:%02d", h, m, s) + fraction;
        });
    Arbitrary<String> zone = Arbitraries.of("", "", "", "Z", "+01:00", "-05:30", "+0100", "+01", "+18:00", "-18:00", "+19:00",
        "+01:60", "+1:00", " UTC", "UTC", "z", "+00:00:00");
    return Combinators.combine(dates(), Arbitraries.of(" ", " ", "T", "t", "  ", "_"), time, zone)
        .as((d, sep, t, z) -> d + sep + t + z);
  }
}
