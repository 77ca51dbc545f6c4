package io.sluice.spark.suggest;

import static org.apache.spark.sql.functions.expr;

import io.sluice.check.Sql;
import io.sluice.check.StrictCast;
import io.sluice.contract.DataType;
import io.sluice.contract.DataType.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;

/**
 * The contract type of each column. A typed column (Parquet, ORC, Delta, a DataFrame) keeps its type. A text column
 * gets the first type, in the order below, whose strict cast every value passes — the engine's own cast
 * ({@link StrictCast}), so that what is suggested is what {@code validate} accepts: boolean, int, long, decimal,
 * a date or timestamp (with the first format of {@link #DATE_FORMATS} or {@link #TIMESTAMP_FORMATS} every value
 * parses with, else ISO-8601 as the engine reads it without a format), double, and string when nothing fits.
 * Numbers written with leading zeros ({@code 007}) stay strings: they are codes, and a number would lose the zeros.
 *
 * <p>Every value of every text column is tried with every candidate type, in two aggregations over the data.
 */
final class TypeInference {
  private TypeInference() {}

  /** Decimals get this precision unless their integer and fraction digits need more (up to 38). */
  static final int DECIMAL_PRECISION = 18;

  /**
   * Date formats tried, in order: numeric fields only. A text field ({@code MMM}) or a zone can meet a text that Spark
   * 3's parser refuses but Spark 2's would read, which fails the job under the default
   * {@code spark.sql.legacy.timeParserPolicy} (docs/contracts.md); numeric fields are shape-checked first.
   */
  static final List<String> DATE_FORMATS = List.of("yyyy-MM-dd", "dd/MM/yyyy", "MM/dd/yyyy", "yyyy/MM/dd", "dd.MM.yyyy",
      "dd-MM-yyyy", "MM-dd-yyyy", "d/M/yyyy", "M/d/yyyy", "d.M.yyyy");

  /** Timestamp formats tried, in order; texts with zones are read without a format (ISO-8601 takes them). */
  static final List<String> TIMESTAMP_FORMATS = List.of("yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss",
      "yyyy-MM-dd HH:mm:ss.SSS", "yyyy-MM-dd'T'HH:mm:ss.SSS", "yyyy-MM-dd HH:mm:ss.SSSSSS", "yyyy-MM-dd'T'HH:mm:ss.SSSSSS",
      "yyyy-MM-dd HH:mm:ss[.SSSSSS]", "yyyy-MM-dd'T'HH:mm:ss[.SSSSSS]", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm",
      "dd/MM/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "MM/dd/yyyy HH:mm", "yyyy/MM/dd HH:mm:ss",
      "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm", "dd-MM-yyyy HH:mm:ss");

  /** Plain decimal notation, without an exponent: what a {@code decimal(p,s)} may hold. */
  private static final String DECIMAL_TEXT = "^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)\\z";
  private static final String LEADING_ZERO = "^[+-]?0[0-9]";
  /** How every date of {@link #DATE_FORMATS} and timestamp of {@link #TIMESTAMP_FORMATS} starts. */
  private static final String DATE_LIKE = "^[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}";

  /** A type tried on a text column: its cast as the engine renders it. */
  private record Candidate(DataType type, Optional<String> format) {
    String describe() {
      return format.map(f -> type + " (" + f + ")").orElse(type.toString());
    }
  }

  /** What was decided for a column, and why, in words for the contract's comment. */
  record Inferred(DataType type, Optional<String> format, String note) {}

  /** The contract type of a typed Spark column; empty for a string column (its values decide). */
  static Optional<DataType> ofSpark(org.apache.spark.sql.types.DataType t) {
    if (t.equals(DataTypes.StringType)) {
      return Optional.empty();
    }
    if (t.equals(DataTypes.ByteType) || t.equals(DataTypes.ShortType) || t.equals(DataTypes.IntegerType)) {
      return Optional.of(DataType.of(Kind.INT));
    }
    if (t.equals(DataTypes.LongType)) {
      return Optional.of(DataType.of(Kind.LONG));
    }
    if (t.equals(DataTypes.FloatType)) {
      return Optional.of(DataType.of(Kind.FLOAT));
    }
    if (t.equals(DataTypes.DoubleType)) {
      return Optional.of(DataType.of(Kind.DOUBLE));
    }
    if (t instanceof DecimalType d) {
      return Optional.of(DataType.decimal(d.precision(), d.scale()));
    }
    if (t.equals(DataTypes.BooleanType)) {
      return Optional.of(DataType.of(Kind.BOOLEAN));
    }
    if (t.equals(DataTypes.DateType)) {
      return Optional.of(DataType.of(Kind.DATE));
    }
    if (t.equals(DataTypes.TimestampType) || t.equals(DataTypes.TimestampNTZType)) {
      return Optional.of(DataType.of(Kind.TIMESTAMP));
    }
    return Optional.of(DataType.of(Kind.STRING)); // binary, arrays, maps, structs: read as their text
  }

  /**
   * The type of every column of {@code rows} (well-formed records only). One aggregation tries the types that are
   * cheap to cast on every text column, and counts the values shaped like a date; a second tries the date and
   * timestamp formats, only on the columns whose every value is shaped like one.
   */
  static List<Inferred> infer(Dataset<Row> rows) {
    StructField[] fields = rows.schema().fields();
    List<Candidate> all = candidatesFor();
    List<Candidate> simple = all.stream().filter(c -> !c.type().kind().isTemporal()).toList();
    List<Candidate> temporal = all.stream().filter(c -> c.type().kind().isTemporal()).toList();
    List<Column> aggs = new ArrayList<>();
    for (StructField f : fields) {
      if (ofSpark(f.dataType()).isPresent()) {
        continue;
      }
      String ref = Sql.ident(f.name());
      String text = "trim(" + ref + ")";
      aggs.add(count("TRUE", ref));
      for (Candidate c : simple) {
        aggs.add(count("(" + StrictCast.of(ref, c.type(), c.format()) + ") IS NULL", ref));
      }
      aggs.add(count("NOT (" + text + " RLIKE " + Sql.string(DATE_LIKE) + ")", ref));
      aggs.add(count("NOT (" + text + " RLIKE " + Sql.string(DECIMAL_TEXT) + ")", ref));
      aggs.add(count(text + " RLIKE " + Sql.string(LEADING_ZERO), ref));
      String unsigned = "regexp_replace(" + text + ", '^[+-]', '')";
      String integer = "regexp_replace(substring_index(" + unsigned + ", '.', 1), '^0+', '')";
      // Fraction digits as written, trailing zeros included: 12.50 says two decimal places.
      String fraction = "CASE WHEN instr(" + unsigned + ", '.') > 0 THEN substring_index(" + unsigned + ", '.', -1) ELSE '' END";
      String decimalOnly = "CASE WHEN " + text + " RLIKE " + Sql.string(DECIMAL_TEXT) + " THEN ";
      aggs.add(expr("coalesce(max(" + decimalOnly + "length(" + integer + ") END), 0)"));
      aggs.add(expr("coalesce(max(" + decimalOnly + "length(" + fraction + ") END), 0)"));
    }
    Row counts = aggs.isEmpty() ? null : first(rows, aggs);
    record Text(int field, long values, long[] misses, long notDecimal, long leadingZeros, int integerDigits,
        int fractionDigits, boolean dateLike) {}
    List<Text> texts = new ArrayList<>();
    int at = 0;
    for (int i = 0; i < fields.length; i++) {
      if (ofSpark(fields[i].dataType()).isPresent()) {
        continue;
      }
      long values = counts.getLong(at++);
      long[] misses = new long[all.size()];
      java.util.Arrays.fill(misses, values); // a candidate not tried is missed by every value
      for (Candidate c : simple) {
        misses[all.indexOf(c)] = counts.getLong(at++);
      }
      boolean dateLike = counts.getLong(at++) == 0 && values > 0;
      texts.add(new Text(i, values, misses, counts.getLong(at++), counts.getLong(at++), counts.getInt(at++),
          counts.getInt(at++), dateLike));
    }
    List<Column> formats = new ArrayList<>();
    for (Text t : texts) {
      if (t.dateLike()) {
        String ref = Sql.ident(fields[t.field()].name());
        temporal.forEach(c -> formats.add(count("(" + StrictCast.of(ref, c.type(), c.format()) + ") IS NULL", ref)));
      }
    }
    Row parsed = formats.isEmpty() ? null : first(rows, formats);
    at = 0;
    Inferred[] inferred = new Inferred[fields.length];
    for (Text t : texts) {
      if (t.dateLike()) {
        for (Candidate c : temporal) {
          t.misses()[all.indexOf(c)] = parsed.getLong(at++);
        }
      }
      inferred[t.field()] = decide(all, t.values(), t.misses(), t.notDecimal(), t.leadingZeros(), t.integerDigits(),
          t.fractionDigits());
    }
    for (int i = 0; i < fields.length; i++) {
      if (inferred[i] == null) {
        inferred[i] = new Inferred(ofSpark(fields[i].dataType()).orElseThrow(), Optional.empty(), "typed so in the data");
      }
    }
    return List.of(inferred);
  }

  private static Row first(Dataset<Row> rows, List<Column> aggs) {
    return rows.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
  }

  /** The fields of a format in their order, whatever their widths and optional parts: dd/MM/yyyy and d/M/yyyy read alike. */
  private static String fields(String format) {
    return format.replaceAll("\\[[^]]*]", "").replaceAll("([A-Za-z])\\1+", "$1");
  }

  private static final int INT = 1;
  private static final int LONG = 2;

  /** The candidates of a text column, in the order they are preferred (int and long at {@link #INT} and {@link #LONG}). */
  private static List<Candidate> candidatesFor() {
    List<Candidate> c = new ArrayList<>();
    c.add(new Candidate(DataType.of(Kind.BOOLEAN), Optional.empty()));
    c.add(new Candidate(DataType.of(Kind.INT), Optional.empty()));
    c.add(new Candidate(DataType.of(Kind.LONG), Optional.empty()));
    DATE_FORMATS.forEach(f -> c.add(new Candidate(DataType.of(Kind.DATE), Optional.of(f))));
    c.add(new Candidate(DataType.of(Kind.DATE), Optional.empty()));
    TIMESTAMP_FORMATS.forEach(f -> c.add(new Candidate(DataType.of(Kind.TIMESTAMP), Optional.of(f))));
    c.add(new Candidate(DataType.of(Kind.TIMESTAMP), Optional.empty()));
    c.add(new Candidate(DataType.of(Kind.DOUBLE), Optional.empty()));
    return c;
  }

  /** The number of non-null values of {@code ref} for which {@code condition} holds. */
  private static Column count(String condition, String ref) {
    return expr("CAST(coalesce(sum(CASE WHEN " + ref + " IS NOT NULL AND (" + condition + ") THEN 1 ELSE 0 END), 0) AS BIGINT)");
  }

  private static Inferred decide(List<Candidate> tried, long values, long[] misses, long notDecimal, long leadingZeros,
      int integerDigits, int fractionDigits) {
    if (values == 0) {
      return new Inferred(DataType.of(Kind.STRING), Optional.empty(), "every value is null: the type is unknown");
    }
    boolean code = leadingZeros > 0;
    List<Integer> passed = new ArrayList<>();
    for (int k = 0; k < misses.length; k++) {
      if (misses[k] == 0) {
        passed.add(k);
      }
    }
    for (int k : passed) {
      Candidate c = tried.get(k);
      Kind kind = c.type().kind();
      if (kind == Kind.BOOLEAN) {
        return new Inferred(c.type(), Optional.empty(), "every value is true or false");
      }
      if ((kind == Kind.INT || kind == Kind.LONG) && !code) {
        return new Inferred(c.type(), Optional.empty(), "every value is a whole number within " + c.type());
      }
    }
    if (notDecimal == 0 && !code && integerDigits + fractionDigits <= DataType.MAX_PRECISION) {
      int precision = Math.min(DataType.MAX_PRECISION, Math.max(DECIMAL_PRECISION, integerDigits + fractionDigits));
      return new Inferred(DataType.decimal(precision, fractionDigits), Optional.empty(), "every value is a decimal number with"
          + " at most " + integerDigits + " integer and " + fractionDigits + " fraction digits");
    }
    for (int k : passed) {
      Candidate c = tried.get(k);
      if (c.type().kind().isTemporal()) {
        if (c.format().isEmpty()) {
          return new Inferred(c.type(), Optional.empty(), "every value is an ISO-8601 " + c.type()
              + " (no single format reads them all)");
        }
        List<String> others = passed.stream().map(tried::get)
            .filter(o -> o.type().equals(c.type()) && o.format().isPresent())
            .map(o -> o.format().get()).filter(f -> !fields(f).equals(fields(c.format().get())))
            .collect(java.util.stream.Collectors.toMap(TypeInference::fields, f -> f, (a, b) -> a, java.util.LinkedHashMap::new))
            .values().stream().toList();
        return new Inferred(c.type(), c.format(), "every value parses with this format"
            + (others.isEmpty() ? "" : " (and with " + String.join(", ", others) + ": check which is meant)"));
      }
    }
    for (int k : passed) {
      if (tried.get(k).type().kind() == Kind.DOUBLE && !code) {
        return new Inferred(tried.get(k).type(), Optional.empty(), "every value is a number");
      }
    }
    if (code && (misses[INT] == 0 || misses[LONG] == 0 || notDecimal == 0)) {
      return new Inferred(DataType.of(Kind.STRING), Optional.empty(), "numbers with leading zeros: kept as text, a code");
    }
    // The nearest miss, to say what kept the column a string: the candidate most values pass.
    int best = -1;
    for (int k = 0; k < misses.length; k++) {
      if (misses[k] * 2 < values && (best < 0 || misses[k] < misses[best])) {
        best = k;
      }
    }
    long fewest = best < 0 ? values : misses[best];
    if (notDecimal * 2 < values && notDecimal <= fewest) {
      return new Inferred(DataType.of(Kind.STRING), Optional.empty(), String.format(Locale.ROOT,
          "%,d of %,d values are not decimal numbers", notDecimal, values));
    }
    if (best < 0) {
      return new Inferred(DataType.of(Kind.STRING), Optional.empty(), "text: no number, date or boolean type fits");
    }
    return new Inferred(DataType.of(Kind.STRING), Optional.empty(), String.format(Locale.ROOT,
        "%,d of %,d values do not read as %s", misses[best], values, tried.get(best).describe()));
  }
}
