package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.ContractLoader;
import io.sluice.contract.DataType;
import io.sluice.report.CheckResult;
import io.sluice.report.RunReport;
import io.sluice.testkit.LocalSpark;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * DESIGN.md's invariants over generated contracts and data, on Spark: conservation ({@code rows_in = rows_valid +
 * rows_quarantined}), a row is quarantined iff it is malformed or fails some error-level check, it carries
 * every check it failed, and every count of the report is what an independent evaluation in Java of each check on
 * each row says. Contracts: one to four columns of six types, each with {@code required}, {@code unique} and up to
 * three of {@code range}, {@code allowed_values}, {@code length} and {@code pattern}, each error or warn. Data: up
 * to 25 rows of valid values, values out of bounds, nulls, texts that fail their cast, and malformed records.
 */
class ConservationPropertiesTest {
  private static final String MALFORMED = "_record.malformed";

  enum Type {
    STRING("string", DataType.Kind.STRING), INT("int", DataType.Kind.INT), DOUBLE("double", DataType.Kind.DOUBLE),
    DECIMAL("'decimal(6,2)'", DataType.Kind.DECIMAL), DATE("date", DataType.Kind.DATE), BOOLEAN("boolean", DataType.Kind.BOOLEAN);

    final String yaml;
    final DataType type;

    Type(String yaml, DataType.Kind kind) {
      this.yaml = yaml;
      this.type = kind == DataType.Kind.DECIMAL ? DataType.decimal(6, 2) : DataType.of(kind);
    }
  }

  /** A column check: its kind, its YAML, its severity, and when a (typed, non-null) value passes it. */
  record Check(String kind, String yaml, boolean warn, Predicate<Object> passes) {
    @Override
    public String toString() {
      return yaml + (warn ? " (warn)" : "");
    }
  }

  /** {@code required} and {@code unique}: absent, error or warn. */
  enum Flag { NONE, ERROR, WARN }

  record ColumnSpec(String name, Type type, Flag required, Flag unique, List<Check> checks) {
    String yaml() {
      StringBuilder b = new StringBuilder("  - name: " + name + "\n    type: " + type.yaml + "\n");
      if (required != Flag.NONE) {
        b.append("    required: ").append(required == Flag.ERROR ? "true" : "{ severity: warn }").append('\n');
      }
      if (unique != Flag.NONE) {
        b.append("    unique: ").append(unique == Flag.ERROR ? "true" : "{ severity: warn }").append('\n');
      }
      if (!checks.isEmpty()) {
        b.append("    checks:\n");
        for (Check c : checks) {
          b.append("      - ").append(c.yaml()).append('\n');
          if (c.warn()) {
            b.append("        severity: warn\n");
          }
        }
      }
      return b.toString();
    }
  }

  /** A row as it comes in: the raw text of each column, and the raw line when the record is malformed. */
  record Input(List<String> values, String corrupt) {}

  record Case(List<ColumnSpec> columns, List<Input> rows) {
    String yaml() {
      return "apiVersion: sluice/v1\nkind: DataContract\nid: generated\nversion: 1.0.0\nlayer: silver\ncolumns:\n"
          + columns.stream().map(ColumnSpec::yaml).collect(Collectors.joining());
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("\n" + yaml() + "rows:\n");
      for (int r = 0; r < rows.size(); r++) {
        b.append("  ").append(r).append(": ").append(rows.get(r).values())
            .append(rows.get(r).corrupt() == null ? "" : " malformed").append('\n');
      }
      return b.toString();
    }
  }

  @Property(tries = 30)
  void everyRowIsValidOrQuarantinedAsItsChecksSayAndTheCountsAddUp(@ForAll("cases") Case c) {
    SparkSession spark = LocalSpark.session();
    StructType schema = new StructType().add("id", DataTypes.LongType);
    for (ColumnSpec col : c.columns()) {
      schema = schema.add(col.name(), DataTypes.StringType);
    }
    schema = schema.add(Enforcer.DEFAULT_CORRUPT_RECORD_COLUMN, DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < c.rows().size(); r++) {
      List<Object> values = new ArrayList<>();
      values.add((long) r);
      values.addAll(c.rows().get(r).values());
      values.add(c.rows().get(r).corrupt());
      rows.add(RowFactory.create(values.toArray()));
    }
    Enforcement e = Sluice.enforce(ContractLoader.withDiscoveredValidators().parse(c.yaml(), "generated.yaml").orThrow())
        .on(spark.createDataFrame(rows, schema));
    List<Row> valid = e.valid().collectAsList();
    List<Row> quarantine = e.quarantine().collectAsList();
    RunReport report = e.report();

    Expected expected = Expected.of(c);
    Map<Long, Set<String>> quarantined = new TreeMap<>();
    for (Row q : quarantine) {
      quarantined.put(q.<Long>getAs("id"), q.<Row>getList(q.fieldIndex("_dq_errors")).stream()
          .map(reason -> reason.<String>getAs("check")).collect(Collectors.toCollection(TreeSet::new)));
    }
    assertThat(quarantined).as("quarantined rows and every check each failed").isEqualTo(expected.quarantined);
    Set<Long> validIds = valid.stream().map(v -> v.<Long>getAs("id")).collect(Collectors.toCollection(TreeSet::new));
    assertThat(validIds).as("valid rows").isEqualTo(expected.valid);
    for (Row v : valid) {
      Input in = c.rows().get((int) (long) v.<Long>getAs("id"));
      for (int k = 0; k < c.columns().size(); k++) {
        ColumnSpec col = c.columns().get(k);
        Object typed = typed(in.values().get(k), col.type());
        assertThat(comparable(v.getAs(col.name()))).as("typed value of %s in row %s", col.name(), v).isEqualTo(typed);
      }
    }

    assertThat(report.rowsIn()).isEqualTo(c.rows().size()).isEqualTo(report.rowsValid() + report.rowsQuarantined());
    assertThat(report.rowsValid()).isEqualTo(valid.size());
    assertThat(report.rowsQuarantined()).isEqualTo(quarantine.size());
    assertThat(report.rowsWarned()).as("valid rows that failed a warn-level check").isEqualTo(expected.warned);
    assertThat(report.rowsMalformed()).isEqualTo(c.rows().stream().filter(r -> r.corrupt() != null).count());
    assertThat(report.checks().stream().collect(Collectors.toMap(CheckResult::id, CheckResult::failedRows)))
        .as("failed rows of each check").isEqualTo(expected.failures);
  }

  /** The independent evaluation: each check on each row, in Java. */
  static final class Expected {
    final Map<Long, Set<String>> quarantined = new TreeMap<>();
    final Set<Long> valid = new TreeSet<>();
    final Map<String, Long> failures = new HashMap<>();
    long warned;

    static Expected of(Case c) {
      Expected x = new Expected();
      Map<String, Boolean> warnOf = new LinkedHashMap<>();
      for (ColumnSpec col : c.columns()) {
        if (col.type() != Type.STRING) {
          warnOf.put(col.name() + ".type", false);
        }
        if (col.required() != Flag.NONE) {
          warnOf.put(col.name() + ".required", col.required() == Flag.WARN);
        }
        if (col.unique() != Flag.NONE) {
          warnOf.put(col.name() + ".unique", col.unique() == Flag.WARN);
        }
        col.checks().forEach(k -> warnOf.put(col.name() + "." + k.kind(), k.warn()));
      }
      warnOf.keySet().forEach(id -> x.failures.put(id, 0L));
      // Uniqueness: typed, non-null values of well-formed rows that occur more than once.
      Map<String, Set<Object>> duplicates = new HashMap<>();
      for (int k = 0; k < c.columns().size(); k++) {
        ColumnSpec col = c.columns().get(k);
        Map<Object, Integer> seen = new HashMap<>();
        for (Input in : c.rows()) {
          Object v = in.corrupt() == null ? typed(in.values().get(k), col.type()) : null;
          if (v != null) {
            seen.merge(v, 1, Integer::sum);
          }
        }
        duplicates.put(col.name(), seen.entrySet().stream().filter(en -> en.getValue() > 1).map(Map.Entry::getKey)
            .collect(Collectors.toSet()));
      }
      for (int r = 0; r < c.rows().size(); r++) {
        Input in = c.rows().get(r);
        Set<String> failed = new TreeSet<>();
        if (in.corrupt() != null) {
          failed.add(MALFORMED);
        } else {
          for (int k = 0; k < c.columns().size(); k++) {
            ColumnSpec col = c.columns().get(k);
            String raw = in.values().get(k);
            Object v = typed(raw, col.type());
            if (col.type() != Type.STRING && raw != null && v == null) {
              failed.add(col.name() + ".type");
            }
            if (col.required() != Flag.NONE && raw == null) {
              failed.add(col.name() + ".required");
            }
            if (col.unique() != Flag.NONE && v != null && duplicates.get(col.name()).contains(v)) {
              failed.add(col.name() + ".unique");
            }
            for (Check check : col.checks()) {
              if (v != null && !check.passes().test(v)) {
                failed.add(col.name() + "." + check.kind());
              }
            }
          }
        }
        failed.stream().filter(x.failures::containsKey).forEach(id -> x.failures.merge(id, 1L, Long::sum));
        boolean error = failed.stream().anyMatch(id -> id.equals(MALFORMED) || !warnOf.get(id));
        if (error) {
          x.quarantined.put((long) r, failed);
        } else {
          x.valid.add((long) r);
          if (!failed.isEmpty()) {
            x.warned++;
          }
        }
      }
      return x;
    }
  }

  /** The typed value of a raw text (StrictCastPropertiesTest's reference parser), in a form equal values share. */
  static Object typed(String raw, Type type) {
    if (raw == null) {
      return null;
    }
    return StrictCastPropertiesTest.Reference.parse(raw, type.type, Optional.empty()).map(v -> switch (type) {
      case DECIMAL -> ((BigDecimal) v).setScale(2);
      case DATE -> LocalDate.ofEpochDay((Integer) v);
      default -> v;
    }).orElse(null);
  }

  private static Object comparable(Object sparkValue) {
    if (sparkValue instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (sparkValue instanceof BigDecimal b) {
      return b.setScale(2);
    }
    return sparkValue;
  }

  // ---- generated contracts and data ----

  @Provide
  Arbitrary<Case> cases() {
    return Arbitraries.integers().between(1, 4).flatMap(n -> {
      List<Arbitrary<ColumnSpec>> columns = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        columns.add(column("c" + k));
      }
      return Combinators.combine(columns).as(List::copyOf);
    }).flatMap(columns -> Combinators.combine(row(columns).list().ofMaxSize(25), Arbitraries.just(columns))
        .as((rows, cols) -> new Case(cols, rows)));
  }

  private static Arbitrary<ColumnSpec> column(String name) {
    return Arbitraries.of(Type.class).flatMap(type -> Combinators.combine(flag(), type == Type.DOUBLE || type == Type.BOOLEAN
            ? Arbitraries.just(Flag.NONE) : flag(), checks(type))
        .as((required, unique, checks) -> new ColumnSpec(name, type, required, unique, checks)));
  }

  private static Arbitrary<Flag> flag() {
    return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(Flag.NONE)), Tuple.of(1, Arbitraries.just(Flag.ERROR)),
        Tuple.of(1, Arbitraries.just(Flag.WARN)));
  }

  private static Arbitrary<List<Check>> checks(Type type) {
    List<Arbitrary<Check>> kinds = switch (type) {
      case STRING -> List.of(allowedStrings(), length(), pattern());
      case INT -> List.of(range(type, Arbitraries.integers().between(-5, 25).map(BigDecimal::valueOf)),
          allowedNumbers(Arbitraries.integers().between(-5, 25).map(BigDecimal::valueOf)));
      case DOUBLE -> List.of(range(type, Arbitraries.of("-1.5", "0", "0.1", "2.5", "10.25", "1e1").map(BigDecimal::new)));
      case DECIMAL -> List.of(range(type, Arbitraries.of("-1.5", "0", "0.1", "2.5", "10.25", "100").map(BigDecimal::new)),
          allowedNumbers(Arbitraries.of("1.5", "2", "10.25", "0", "-0.01").map(BigDecimal::new)));
      case DATE -> List.of(dateRange());
      case BOOLEAN -> List.of(Arbitraries.of(true, false).map(b -> new Check("allowed_values", "allowed_values: [" + b + "]",
          false, v -> v.equals(b))));
    };
    return Arbitraries.subsetOf(kinds).flatMap(chosen -> chosen.isEmpty() ? Arbitraries.just(List.<Check>of())
        : Combinators.combine(List.copyOf(chosen)).as(List::copyOf))
        .flatMap(list -> Arbitraries.of(true, false).list().ofSize(list.size()).map(warns -> {
          List<Check> out = new ArrayList<>();
          for (int k = 0; k < list.size(); k++) {
            Check c = list.get(k);
            out.add(new Check(c.kind(), c.yaml(), warns.get(k), c.passes()));
          }
          return out;
        }));
  }

  private static final List<String> STRINGS = List.of("A", "B", "C", "a b", "É", "ab", "AB", "x1", "B\n", "", " ", "日本語",
      "😀😀", "ABCDEF");

  private static Arbitrary<Check> allowedStrings() {
    return Arbitraries.of(STRINGS.subList(0, 5)).set().ofMinSize(1).ofMaxSize(3).map(set -> new Check("allowed_values",
        "allowed_values: [" + set.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ")) + "]", false,
        v -> set.contains(v)));
  }

  private static Arbitrary<Check> length() {
    return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 3)).as((min, extra) ->
        new Check("length", "length: { min: " + min + ", max: " + (min + extra) + " }", false, v -> {
          int n = ((String) v).codePointCount(0, ((String) v).length());
          return n >= min && n <= min + extra;
        }));
  }

  private static Arbitrary<Check> pattern() {
    return Arbitraries.of("^[A-Z]+$", "^[a-z ]*$", "[0-9]", "^A", "B$", "^.{2}$", "\\s").map(p -> new Check("pattern",
        "pattern: '" + p + "'", false, v -> Pattern.compile(p).matcher((String) v).find()));
  }

  private static Arbitrary<Check> range(Type type, Arbitrary<BigDecimal> bound) {
    return Combinators.combine(bound.optional(), bound.optional()).as((a, b) -> {
      Optional<BigDecimal> min = a.isEmpty() && b.isEmpty() ? Optional.of(BigDecimal.ZERO) : a;
      Optional<BigDecimal> max = b.filter(x -> min.isEmpty() || x.compareTo(min.get()) >= 0);
      String yaml = "range: { " + min.map(m -> "min: " + m.toPlainString()).orElse("")
          + (min.isPresent() && max.isPresent() ? ", " : "") + max.map(m -> "max: " + m.toPlainString()).orElse("") + " }";
      // A double compares with a double bound (Spark casts the literal); int and decimal compare exactly.
      Predicate<Object> passes = type == Type.DOUBLE
          ? v -> min.map(m -> (Double) v >= m.doubleValue()).orElse(true) && max.map(m -> (Double) v <= m.doubleValue()).orElse(true)
          : v -> min.map(m -> number(v).compareTo(m) >= 0).orElse(true) && max.map(m -> number(v).compareTo(m) <= 0).orElse(true);
      return new Check("range", yaml, false, passes);
    });
  }

  private static BigDecimal number(Object v) {
    return v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
  }

  private static Arbitrary<Check> allowedNumbers(Arbitrary<BigDecimal> values) {
    return values.set().ofMinSize(1).ofMaxSize(3).map(set -> new Check("allowed_values", "allowed_values: ["
        + set.stream().map(BigDecimal::toPlainString).collect(Collectors.joining(", ")) + "]", false,
        v -> set.stream().anyMatch(s -> s.compareTo(number(v)) == 0)));
  }

  private static Arbitrary<Check> dateRange() {
    Arbitrary<LocalDate> day = Arbitraries.integers().between(0, 3000).map(d -> LocalDate.of(2018, 1, 1).plusDays(d));
    return Combinators.combine(day, Arbitraries.integers().between(0, 1500)).as((min, span) -> {
      LocalDate max = min.plusDays(span);
      return new Check("range", "range: { min: \"" + min + "\", max: \"" + max + "\" }", false,
          v -> !((LocalDate) v).isBefore(min) && !((LocalDate) v).isAfter(max));
    });
  }

  private static Arbitrary<Input> row(List<ColumnSpec> columns) {
    List<Arbitrary<String>> values = columns.stream().map(c -> value(c.type())).toList();
    Arbitrary<String> corrupt = Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just((String) null)),
        Tuple.of(1, Arbitraries.of("a,b,c,d,e", "\"unclosed", "{\"not\": json")));
    return Combinators.combine(Combinators.combine(values).as(ArrayList::new), corrupt) // values may be null
        .as((v, bad) -> new Input(java.util.Collections.unmodifiableList(v), bad));
  }

  private static Arbitrary<String> value(Type type) {
    Arbitrary<String> typical = switch (type) {
      // Whole code points: a lone surrogate is no text a file can hold (Spark's UTF-8 turns it into '?').
      case STRING -> Arbitraries.oneOf(Arbitraries.of(STRINGS), Arbitraries.strings().all().ofMaxLength(4)
          .filter(s -> s.chars().noneMatch(ch -> Character.isSurrogate((char) ch))));
      case INT -> Arbitraries.oneOf(Arbitraries.integers().between(-8, 28).map(String::valueOf),
          Arbitraries.of(" 7 ", "+3", "007", "1.5", "x", "99999999999", "", "1e1"));
      case DOUBLE -> Arbitraries.oneOf(Arbitraries.of("-3.5", "-1.5", "0", "0.1", "2.5", "10.25", "10.250001", "1e1", "100"),
          Arbitraries.of("NaN", "1d", "x", "Infinity", "1e400", " 2.5 "));
      case DECIMAL -> Arbitraries.oneOf(Arbitraries.of("1.5", "2", "2.00", "10.25", "100", "100.01", "-0.01", "0", "9999.99"),
          Arbitraries.of("100.555", "1e2", "10000", "x", "0.001"));
      case DATE -> Arbitraries.oneOf(Arbitraries.integers().between(0, 4000).map(d -> LocalDate.of(2017, 6, 1).plusDays(d).toString()),
          Arbitraries.of("2026-02-30", "20240101", "2024-1-5", "x", " 2024-01-05 "));
      case BOOLEAN -> Arbitraries.of("true", "false", "TRUE", "False", "yes", "1", "t", "");
    };
    return Arbitraries.frequencyOf(Tuple.of(8, typical), Tuple.of(2, Arbitraries.just((String) null)));
  }
}
