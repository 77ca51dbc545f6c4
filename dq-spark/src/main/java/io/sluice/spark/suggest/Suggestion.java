package io.sluice.spark.suggest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.sluice.check.Sql;
import io.sluice.contract.Column;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.contract.DataType.Kind;
import io.sluice.contract.DataType;
import io.sluice.contract.Excerpt;
import io.sluice.contract.Layer;
import io.sluice.report.CheckResult;
import io.sluice.report.RunReport;
import io.sluice.spark.Enforcer;
import io.sluice.spark.Input;
import io.sluice.spark.InputException;
import io.sluice.spark.SchemaMismatchException;
import io.sluice.spark.Sluice;
import io.sluice.spark.plan.CheckPlan;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * A starter contract made from data, for a dataset that has none yet:
 *
 * <pre>{@code
 * SuggestedContract s = Suggestion.of(Input.of("landing/orders.csv")).id("bronze_orders").layer(Layer.BRONZE).run(spark);
 * Files.writeString(Path.of("contracts/bronze/orders.yaml"), s.yaml());
 * }</pre>
 *
 * <p>The data is read as the engine reads it ({@link Input}: text as text, malformed records apart) and profiled
 * with Deequ ({@link DeequProfile}). The contract names every column with the strictest type every value casts to
 * ({@link TypeInference}; a {@code format} for dates and timestamps in text that one format reads), {@code required}
 * where Deequ finds no null, {@code unique} for columns, or the smallest composite key, that {@link KeySearch}
 * counts unique, a {@code range} from the smallest to the largest value of numbers, dates and timestamps,
 * {@code allowed_values} for text columns of low cardinality, and a {@code pattern} where one of Deequ's patterns is
 * found in every value; each with a comment saying what was observed.
 *
 * <p>The contract is then loaded as {@code sluice lint} loads it, and the engine validates the same data with it:
 * a check that fails a row (the profile and the engine disagree: a bug) is left out and named in
 * {@link SuggestedContract#dropped()}, so the contract returned always accepts the data. Malformed records are
 * quarantined by any contract; they are counted, not profiled.
 */
public final class Suggestion {
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]*");
  private static final String DEFAULT_ID = "dataset";
  /** Rounds of validation and dropping before a disagreement is reported as a bug rather than worked around. */
  private static final int ROUNDS = 3;

  private final Optional<Input> input;
  private final Optional<Dataset<Row>> frame;
  private final String id;
  private final Layer layer;

  private Suggestion(Optional<Input> input, Optional<Dataset<Row>> frame, String id, Layer layer) {
    this.input = input;
    this.frame = frame;
    this.id = id;
    this.layer = layer;
  }

  /** A suggestion for the files of {@code input}; its id is the file or folder name until {@link #id} says otherwise. */
  public static Suggestion of(Input input) {
    return new Suggestion(Optional.of(input), Optional.empty(), idOf(input.path()), Layer.BRONZE);
  }

  /**
   * A suggestion for a DataFrame a job has (its id {@code dataset} until {@link #id} says otherwise). A column
   * named {@value Enforcer#DEFAULT_CORRUPT_RECORD_COLUMN} marks malformed records, as it does for the engine.
   */
  public static Suggestion of(Dataset<Row> data) {
    return new Suggestion(Optional.empty(), Optional.of(data), DEFAULT_ID, Layer.BRONZE);
  }

  /** The contract's id: lower-case letters, digits, {@code _} and {@code -}, starting with a letter. */
  public Suggestion id(String id) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("Invalid contract id " + Excerpt.quoted(id)
          + ": use lower-case letters, digits, '_' and '-', starting with a letter (e.g. bronze_orders)");
    }
    return new Suggestion(input, frame, id, layer);
  }

  /** The layer the contract guards; {@code bronze} unless said. */
  public Suggestion layer(Layer layer) {
    return new Suggestion(input, frame, id, layer);
  }

  /** The contract id a path suggests: its last name without extensions, as an id ({@code Orders 2024.csv}: {@code orders_2024}). */
  static String idOf(String path) {
    String p = path.replaceAll("[/\\\\]+$", "");
    String name = p.substring(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
    int dot = name.indexOf('.');
    if (dot > 0) {
      name = name.substring(0, dot);
    }
    String id = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_").replaceAll("^[^a-z]+", "");
    return id.isEmpty() ? DEFAULT_ID : id;
  }

  /**
   * Reads and profiles the data (several Spark jobs over it, cached meanwhile) and validates it with the contract made.
   *
   * @throws InputException when the input cannot be read or has no column
   * @throws SchemaMismatchException when a column cannot be named by a contract (a name the engine keeps, or two names
   *     that differ only in case)
   */
  public SuggestedContract run(SparkSession spark) {
    Dataset<Row> data = input.map(i -> i.read(spark)).orElseGet(frame::get);
    String where = input.map(Input::path).orElse("the DataFrame");
    String corrupt = Enforcer.DEFAULT_CORRUPT_RECORD_COLUMN;
    List<StructField> fields = new ArrayList<>();
    boolean hasCorrupt = false;
    Map<String, String> seen = new HashMap<>();
    for (StructField f : data.schema().fields()) {
      if (f.name().equalsIgnoreCase(corrupt)) {
        hasCorrupt = true;
        continue;
      }
      if (Column.reserved(f.name())) {
        throw new SchemaMismatchException("Cannot suggest a contract for " + where + ": column " + Excerpt.quoted(f.name())
            + " has a name the engine keeps for its own columns (_dq_…, __dq_…); rename or drop it first");
      }
      String other = seen.put(f.name().toLowerCase(Locale.ROOT), f.name());
      if (other != null) {
        throw new SchemaMismatchException("Cannot suggest a contract for " + where + ": columns " + Excerpt.quoted(other)
            + " and " + Excerpt.quoted(f.name()) + " differ only in case, which Spark does not tell apart; rename one");
      }
      fields.add(f);
    }
    if (fields.isEmpty()) {
      throw new InputException("Cannot suggest a contract for " + where + ": no column could be read"
          + (hasCorrupt ? " (every record is malformed)" : "") + "; check the path and its format");
    }
    Dataset<Row> cached = data.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return suggest(cached, fields, hasCorrupt, input.map(Input::describe).orElse("a DataFrame"));
    } finally {
      cached.unpersist();
    }
  }

  private SuggestedContract suggest(Dataset<Row> data, List<StructField> fields, boolean hasCorrupt, String source) {
    String corrupt = Sql.ident(Enforcer.DEFAULT_CORRUPT_RECORD_COLUMN);
    Row counts = data.agg(count(lit(1)), hasCorrupt ? count(col(corrupt)) : lit(0L)).first();
    long malformed = counts.getLong(1);
    long rows = counts.getLong(0) - malformed;
    Dataset<Row> wellFormed = (hasCorrupt ? data.where(col(corrupt).isNull()) : data)
        .select(fields.stream().map(f -> col(Sql.ident(f.name()))).toArray(org.apache.spark.sql.Column[]::new));

    List<TypeInference.Inferred> inferred = TypeInference.infer(wellFormed);
    List<ColumnDraft> drafts = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      TypeInference.Inferred t = inferred.get(i);
      ColumnDraft d = new ColumnDraft(fields.get(i).name(), t.type(), t.note());
      d.format = t.format();
      d.rows = rows;
      drafts.add(d);
    }
    List<org.apache.spark.sql.Column> renamed = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      org.apache.spark.sql.Column c = col(Sql.ident(fields.get(i).name()));
      renamed.add((deequReads(fields.get(i).dataType()) ? c : c.cast(DataTypes.StringType)).as(KeySearch.name(i)));
    }
    Dataset<Row> profiled = wellFormed.select(renamed.toArray(org.apache.spark.sql.Column[]::new));
    List<DeequProfile.Profile> profiles = rows == 0 ? List.of() : DeequProfile.of(profiled);

    observe(wellFormed, fields, drafts);
    if (rows > 0) {
      List<String> textColumns = new ArrayList<>();
      for (int i = 0; i < drafts.size(); i++) {
        ColumnDraft d = drafts.get(i);
        DeequProfile.Profile p = profiles.get(i);
        d.distinct = p.approxDistinct();
        d.required = p.complete();
        boolean text = d.type.kind() == Kind.STRING && fields.get(i).dataType().equals(DataTypes.StringType);
        if (text) {
          d.allowedValues = p.allowedValues();
          if (d.allowedValues.isEmpty() && d.nulls < rows) {
            textColumns.add(KeySearch.name(i));
          }
        }
      }
      DeequProfile.patterns(profiled, textColumns).forEach((c, p) -> drafts.get(Integer.parseInt(c.substring(1))).pattern = Optional.of(p));
    }

    Optional<List<String>> composite = Optional.empty();
    if (rows > 0) {
      List<org.apache.spark.sql.Column> typed = new ArrayList<>();
      List<KeySearch.Candidate> candidates = new ArrayList<>();
      for (int i = 0; i < drafts.size(); i++) {
        ColumnDraft d = drafts.get(i);
        DeequProfile.Profile p = profiles.get(i);
        if (p.complete()) { // keys are looked for among complete columns only
          typed.add(typedValue(fields.get(i), d.type, d.format).as(KeySearch.name(i)));
        }
        candidates.add(new KeySearch.Candidate(i, p.complete(), p.nearlyUnique(), p.approxDistinct(),
            d.type.kind() == Kind.FLOAT || d.type.kind() == Kind.DOUBLE));
      }
      KeySearch.Keys keys = KeySearch.Keys.none();
      if (!typed.isEmpty()) {
        // Cast once: the search aggregates over many combinations of these columns, each of which would cast again.
        Dataset<Row> keyColumns = wellFormed.select(typed.toArray(org.apache.spark.sql.Column[]::new))
            .persist(StorageLevel.MEMORY_AND_DISK());
        try {
          keys = KeySearch.find(keyColumns, rows, candidates);
        } finally {
          keyColumns.unpersist();
        }
      }
      for (int i : keys.single()) {
        drafts.get(i).unique = true;
        drafts.get(i).distinct = rows - drafts.get(i).nulls;
        drafts.get(i).exactDistinct = true;
      }
      composite = keys.composite().map(k -> k.stream().map(i -> drafts.get(i).name).toList());
    }

    ContractYaml.Source from = new ContractYaml.Source(source, rows, malformed);
    List<String> dropped = new ArrayList<>();
    for (int round = 1; ; round++) {
      String yaml = ContractYaml.render(id, layer, from, drafts, composite, KeySearch.SEARCHED);
      ContractLoader.Result loaded = ContractLoader.withDiscoveredValidators().parse(yaml, id + ".yaml");
      if (!loaded.ok()) {
        throw new IllegalStateException("Cannot suggest a contract for " + source + ": the suggestion does not load ("
            + loaded.problems().get(0).render() + "); this is a bug, please report it");
      }
      Contract contract = loaded.contract().orElseThrow();
      RunReport report = Sluice.enforce(contract).on(data).validate();
      List<CheckResult> failing = report.checks().stream().filter(c -> c.failedRows() > 0).toList();
      if (failing.isEmpty()) {
        return new SuggestedContract(yaml, contract, rows, malformed, dropped);
      }
      if (round == ROUNDS) {
        throw new IllegalStateException("Cannot suggest a contract for " + source + ": the engine still finds rows failing "
            + Excerpt.list(failing.stream().map(CheckResult::id).toList()) + "; this is a bug, please report it");
      }
      Map<String, Runnable> drops = drops(drafts);
      for (CheckResult c : failing) {
        Runnable drop = drops.get(c.id());
        if (drop == null && composite.isPresent() && c.id().equals("unique(" + String.join(",", composite.get()) + ")")) {
          composite = Optional.empty();
        } else if (drop != null) {
          drop.run();
        } else {
          throw new IllegalStateException("Cannot suggest a contract for " + source + ": the engine finds rows failing "
              + Excerpt.quoted(c.id()) + ", which was not suggested; this is a bug, please report it");
        }
        dropped.add(c.id() + " (" + ContractYaml.number(c.failedRows()) + " rows failed it)");
      }
    }
  }

  /** By the id the engine gives each suggested check, how to leave it out. */
  private static Map<String, Runnable> drops(List<ColumnDraft> drafts) {
    Map<String, Runnable> drops = new LinkedHashMap<>();
    for (ColumnDraft d : drafts) {
      drops.put(d.name + ".type", () -> d.asText("text: the engine's cast refused some values"));
      drops.put(d.name + ".required", () -> d.required = false);
      drops.put(d.name + ".unique", () -> d.unique = false);
      drops.put(d.name + ".range", () -> {
        d.rangeMin = Optional.empty();
        d.rangeMax = Optional.empty();
      });
      drops.put(d.name + ".allowed_values", () -> d.allowedValues = List.of());
      drops.put(d.name + ".pattern", () -> d.pattern = Optional.empty());
    }
    return drops;
  }

  /** Whether Deequ's profiler reads a column of this type as it is (others are given to it as their text). */
  private static boolean deequReads(org.apache.spark.sql.types.DataType t) {
    return t.equals(DataTypes.StringType) || t instanceof org.apache.spark.sql.types.NumericType
        || t.equals(DataTypes.BooleanType) || t.equals(DataTypes.DateType) || t.equals(DataTypes.TimestampType);
  }

  /**
   * One pass over the typed values: non-null counts, values the cast refuses (none, as the types were chosen; a column
   * with one goes back to text), the smallest and largest value, and text lengths.
   */
  private static void observe(Dataset<Row> wellFormed, List<StructField> fields, List<ColumnDraft> drafts) {
    List<org.apache.spark.sql.Column> aggs = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      org.apache.spark.sql.Column raw = col(Sql.ident(fields.get(i).name()));
      ColumnDraft d = drafts.get(i);
      org.apache.spark.sql.Column typed = typedValue(fields.get(i), d.type, d.format);
      org.apache.spark.sql.Column length = org.apache.spark.sql.functions.length(raw.cast(DataTypes.StringType));
      aggs.add(count(raw));
      aggs.add(org.apache.spark.sql.functions.sum(when(raw.isNotNull().and(typed.isNull()), 1L).otherwise(0L)));
      aggs.add(shown(org.apache.spark.sql.functions.min(typed), d.type));
      aggs.add(shown(org.apache.spark.sql.functions.max(typed), d.type));
      aggs.add(org.apache.spark.sql.functions.min(length));
      aggs.add(org.apache.spark.sql.functions.max(length));
    }
    Row r = wellFormed.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(org.apache.spark.sql.Column[]::new)).first();
    for (int i = 0; i < drafts.size(); i++) {
      ColumnDraft d = drafts.get(i);
      int at = i * 6;
      long values = r.getLong(at);
      d.nulls = d.rows - values;
      long refused = r.isNullAt(at + 1) ? 0 : r.getLong(at + 1);
      if (refused > 0) {
        d.asText(String.format(Locale.ROOT, "%,d values do not cast to %s: read as text", refused, d.type));
      }
      Kind kind = d.type.kind();
      if (values > 0 && (kind.isNumeric() || kind.isTemporal()) && !r.isNullAt(at + 2)) {
        d.observedMin = Optional.of(plain(r.get(at + 2)));
        d.observedMax = Optional.of(plain(r.get(at + 3)));
        d.rangeMin = bound(r.get(at + 2), d.type, true);
        d.rangeMax = bound(r.get(at + 3), d.type, false);
      } else if (values > 0 && kind == Kind.STRING) {
        d.lengths = true;
        d.observedMin = Optional.of(String.valueOf(r.getInt(at + 4)));
        d.observedMax = Optional.of(String.valueOf(r.getInt(at + 5)));
      }
    }
  }

  /** An aggregate of typed values as it is compared: numbers as they are, dates and timestamps as Spark writes them. */
  private static org.apache.spark.sql.Column shown(org.apache.spark.sql.Column aggregate, DataType type) {
    return switch (type.kind()) {
      case DATE -> aggregate.cast(DataTypes.StringType);
      case TIMESTAMP -> org.apache.spark.sql.functions.date_format(aggregate, "yyyy-MM-dd HH:mm:ss.SSSSSS");
      case INT, LONG, FLOAT, DOUBLE, DECIMAL -> aggregate;
      case STRING, BOOLEAN -> lit(null);
    };
  }

  private static String plain(Object v) {
    if (v instanceof BigDecimal b) {
      return b.toPlainString();
    }
    return v instanceof String s ? trimFraction(s) : String.valueOf(v);
  }

  /** {@code 2026-01-02 03:04:05.120000} as {@code 2026-01-02 03:04:05.12}, and no fraction at all when it is zero. */
  private static String trimFraction(String timestamp) {
    return timestamp.contains(".") ? timestamp.replaceFirst("0+$", "").replaceFirst("[.]$", "") : timestamp;
  }

  /**
   * A bound of {@code range} that the value it comes from passes, as YAML: numbers exact; floats and doubles as the
   * shortest decimal when Spark reads it back as the same double (at most 15 digits), else rounded outwards to 15
   * digits (Spark compares a double with a decimal literal as doubles); dates and timestamps quoted. Empty when no
   * bound can be written (a double beyond the 38 digits of a literal, a date past year 9999).
   */
  static Optional<String> bound(Object value, DataType type, boolean lower) {
    return switch (type.kind()) {
      case INT, LONG -> Optional.of(value.toString());
      case DECIMAL -> Optional.of(((BigDecimal) value).toPlainString());
      case FLOAT, DOUBLE -> floating(((Number) value).doubleValue(), lower);
      case DATE -> temporal((String) value, true);
      case TIMESTAMP -> temporal(trimFraction((String) value), false);
      case STRING, BOOLEAN -> Optional.empty();
    };
  }

  private static Optional<String> floating(double d, boolean lower) {
    if (!Double.isFinite(d)) {
      return Optional.empty();
    }
    BigDecimal shortest = new BigDecimal(Double.toString(d));
    BigDecimal b = shortest.precision() <= 15 ? shortest
        : new BigDecimal(d).round(new MathContext(15, lower ? RoundingMode.FLOOR : RoundingMode.CEILING));
    b = b.stripTrailingZeros();
    if (b.scale() > 22 || !Sql.fits(b)) {
      return Optional.empty();
    }
    return Optional.of(b.toPlainString());
  }

  private static Optional<String> temporal(String text, boolean date) {
    try {
      if (date) {
        java.time.LocalDate.parse(text);
      } else {
        java.time.LocalDateTime.parse(text.replace(' ', 'T'));
      }
      return Optional.of(ContractYaml.quoted(text));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * The value the engine checks for a column of {@code type}: as it is when the data already has that type (NaN and
   * infinities refused), else the strict cast of its text. As {@code CheckPlan} computes it.
   */
  static org.apache.spark.sql.Column typedValue(StructField f, DataType type, Optional<String> format) {
    return io.sluice.spark.plan.TypedValues.typed(f, type, format, cast -> cast);
  }
}
