package io.sluice.spark.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.spark.plan.ColumnStats;
import io.sluice.spark.plan.CountsAccumulator;
import io.sluice.spark.plan.RowCounts;
import io.sluice.spark.plan.SummariesAccumulator;
import io.sluice.spark.plan.TopValues;
import io.sluice.spark.quarantine.OffendingColumn;
import io.sluice.spark.quarantine.Reason;
import io.sluice.spark.quarantine.SideColumn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.collection.JavaConverters;

/**
 * Parquet, written as two outputs in one pass: every task routes each checked row either to a valid-rows
 * file or to a quarantine file ({@code q-} prefix, opened when the first failing rows are written), each with
 * its own schema. This is how a transition writes its target and its quarantine without computing the checks
 * twice or caching the data: one scan, one projection, one write job.
 *
 * <p>The data written has a boolean column {@value #SIDE} (true: quarantine); the write options name, for
 * each side, which columns of the data it takes and under which names ({@link #columns}), so a column both
 * sides share is held once, and columns neither takes (the bits, values read only by dataset metrics) are
 * simply not written. The valid columns lead the data, so a valid row is the row itself, read as a row of fewer
 * fields ({@link #leads}); a quarantined row is built through a view ({@link SideRow}) into an
 * {@code UnsafeRow} of the quarantine's columns and reasons, held back, then written with a few thousand others. In the benchmark, 2% of the rows
 * written one by one among the valid ones slowed the whole pass by 0.10–0.13 CPU-s per million rows, batched
 * by 0.03; the profiles showed every part of the pass slower, none in particular, as when the quarantine's
 * buffers push the valid file's out of the CPU's caches.
 *
 * <p>The quarantine's columns are encoded plainly, without Parquet's dictionaries: a quarantine is a few rows
 * of mostly distinct values, and in the benchmark (1M rows, about 13,000 quarantined) its dictionaries' lookups,
 * growth and pages were about half of what writing the quarantine cost (52 of about 106 CPU-ms per run,
 * profiled). The price is a larger quarantine file: 675 KB instead of 473. The target keeps the job's settings.
 *
 * <p>Each row's failed checks come as bits ({@link #OPT_MASKS}): from them the writers count each check's
 * failures, and build the reasons of a quarantined row (the column {@link #reasons}), so no other pass and no
 * observed aggregate is needed for either. The rows each side received are counted by the writers themselves, so
 * conservation is checked against what was written.
 *
 * <p>The writers also count each failing check's offending values ({@link #OPT_OFFENDING}): the value of the
 * check's column as the row's side stores it (protected, for a protected column), in a bounded summary per check
 * ({@link TopValues}) that the driver merges.
 */
public final class SplitParquetFormat extends ParquetFileFormat {
  public static final String SIDE = "__dq_side";
  public static final String VALID_PREFIX = "__v";
  public static final String QUARANTINE_PREFIX = "__q";
  public static final String QUARANTINE_FILE_PREFIX = "q-";
  public static final String OPT_RUN = "sluice.split.run";
  /** The valid rows' columns ({@link SideColumn#encode}). */
  public static final String OPT_VALID = "sluice.split.valid";
  /** The quarantine's columns ({@link SideColumn#encode}). */
  public static final String OPT_QUARANTINE = "sluice.split.quarantine";
  /** The columns of the failed checks' bits (JSON list of names): bit b of mask b / 64 is check b's failure. */
  public static final String OPT_MASKS = "sluice.split.masks";
  /**
   * Per bit, the reason the quarantine gives for it ({@link Reason#encode}); the last
   * bit says the record is malformed, and is then the row's only reason.
   */
  public static final String OPT_REASONS = "sluice.split.reasons";
  /**
   * The checks whose offending values are counted (JSON list of [check's bit, column of the data a valid row stores
   * it in, column a quarantined row stores it in]); absent or empty: none.
   */
  public static final String OPT_OFFENDING = "sluice.split.offending";
  /**
   * The columns whose statistics the writers take (JSON list of [column of the data holding the values' hash, column
   * holding the values the writers hash themselves, column holding them when they are numbers], each possibly null),
   * in the order of the tally's profile; absent: none.
   */
  public static final String OPT_PROFILE = "sluice.split.profile";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Tally> COUNTERS = new ConcurrentHashMap<>();

  /**
   * What the writers of one split write count: {@code counts} ({@link RowCounts}), and in {@code files} the rows of
   * each file they wrote ({@link #rowsPerFile}), which a Delta commit records; in {@code offending}, when present,
   * the offending values of the checks {@link #OPT_OFFENDING} names; in {@code profile}, when present, the statistics
   * of the columns {@link #OPT_PROFILE} names.
   */
  public record Tally(CountsAccumulator counts, org.apache.spark.util.CollectionAccumulator<String> files,
      Optional<SummariesAccumulator<TopValues>> offending, Optional<SummariesAccumulator<ColumnStats>> profile) {}

  /** Registers the tally of one split write; the key goes in {@link #OPT_RUN}. */
  public static String register(Tally tally) {
    String key = UUID.randomUUID().toString();
    COUNTERS.put(key, tally);
    return key;
  }

  /**
   * The rows of each file a split write wrote, by file name. A task attempt that was not committed (a speculative
   * copy) names the same file with the same rows.
   */
  public static Map<String, Long> rowsPerFile(List<String> counted) {
    Map<String, Long> rows = new java.util.HashMap<>();
    for (String entry : counted) {
      int tab = entry.lastIndexOf('\t');
      rows.put(entry.substring(0, tab), Long.parseLong(entry.substring(tab + 1)));
    }
    return rows;
  }

  public static void unregister(String key) {
    COUNTERS.remove(key);
  }

  @Override
  public String shortName() {
    return "sluice-split-parquet";
  }

  @Override
  public OutputWriterFactory prepareWrite(SparkSession spark, Job job,
      scala.collection.immutable.Map<String, String> options, StructType dataSchema) {
    Map<String, String> opts = JavaConverters.mapAsJavaMap(options);
    Tally tally = COUNTERS.get(opts.get(OPT_RUN));
    if (tally == null) {
      throw new IllegalStateException("a split write needs the counts of its run (Enforcement registers them)");
    }
    List<SideColumn> valid = SideColumn.decode(opts.get(OPT_VALID));
    List<SideColumn> quarantine = SideColumn.decode(opts.get(OPT_QUARANTINE));
    int side = dataSchema.fieldIndex(SIDE);
    int[] masks = parse(opts.get(OPT_MASKS), String.class).stream().mapToInt(dataSchema::fieldIndex).toArray();
    int reasons = Reason.decode(opts.get(OPT_REASONS)).size();
    if (reasons > masks.length * 64 || tally.counts().value().length != RowCounts.size(reasons - 1)) {
      throw new IllegalStateException("a split write needs a bit per reason and a count per check");
    }
    int checks = reasons - 1;
    int[][] offending = {new int[checks], new int[checks]}; // per check: its value's ordinal on each side, or -1
    java.util.Arrays.fill(offending[0], -1);
    java.util.Arrays.fill(offending[1], -1);
    if (tally.offending().isPresent() && opts.containsKey(OPT_OFFENDING)) {
      for (OffendingColumn o : OffendingColumn.decode(opts.get(OPT_OFFENDING))) {
        offending[0][o.check()] = dataSchema.fieldIndex(o.valid());
        offending[1][o.check()] = dataSchema.fieldIndex(o.quarantined());
      }
    }
    Profile profile = Profile.of(tally.profile().isPresent() ? opts.get(OPT_PROFILE) : null, dataSchema);
    OutputWriterFactory parquet = super.prepareWrite(spark, job, options, dataSchema);
    int[] validOrdinals = ordinals(dataSchema, valid);
    return new Factory(parquet, side, validOrdinals, ordinals(dataSchema, quarantine),
        constants(quarantine), SideColumn.schema(dataSchema, valid), SideColumn.schema(dataSchema, quarantine), masks,
        opts.get(OPT_REASONS), reasonsAt(quarantine), tally.counts(), tally.files(), leads(validOrdinals, dataSchema.size()),
        tally.offending().orElse(null), offending, tally.profile().orElse(null), profile,
        spark.conf().get("spark.sql.session.timeZone"));
  }

  /**
   * Whether the columns are the first ones of the data written, in order, with a null bit set as wide as the
   * data's: then an {@link UnsafeRow} of the data, read as a row of fewer fields, is a row of just these columns
   * (a field's slot and its variable-length bytes sit where they are; only the fields beyond go unread).
   */
  public static boolean leads(int[] ordinals, int dataFields) {
    for (int i = 0; i < ordinals.length; i++) {
      if (ordinals[i] != i) {
        return false;
      }
    }
    return UnsafeRow.calculateBitSetWidthInBytes(ordinals.length) == UnsafeRow.calculateBitSetWidthInBytes(dataFields);
  }

  /** Where the reasons are among a side's columns, or -1. */
  private static int reasonsAt(List<SideColumn> columns) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i) instanceof SideColumn.Reasons) {
        return i;
      }
    }
    return -1;
  }

  /** Per output column: its ordinal in the data written, or -1 for one the writer supplies. */
  private static int[] ordinals(StructType data, List<SideColumn> columns) {
    return columns.stream().mapToInt(c -> c instanceof SideColumn.Copied copied ? data.fieldIndex(copied.data()) : -1).toArray();
  }

  /** Per output column: the constant's value as Spark holds it internally (null for a column of the data). */
  private static Object[] constants(List<SideColumn> columns) {
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      SideColumn c = columns.get(i);
      if (c instanceof SideColumn.Text t) {
        values[i] = UTF8String.fromString(t.value());
      } else if (c instanceof SideColumn.Time t) {
        values[i] = t.micros();
      }
    }
    return values;
  }

  private static <T> List<T> parse(String json, Class<T> element) {
    try {
      return JSON.readValue(json, JSON.getTypeFactory().constructCollectionType(List.class, element));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The option value of {@link #OPT_MASKS}. */
  public static String names(List<String> names) {
    try {
      return JSON.writeValueAsString(names);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The columns a writer profiles: per column, the ordinal in the data of its values' hash, or else of the values it
   * hashes itself (-1: the other) with their {@link DistinctSketch#kind}, and of its values when they are numbers (-1:
   * not a number) with their {@link #NUMBER kind}; a decimal's precision and scale. Kinds are worked out once: asking a
   * Spark type what it is, for every value, costs more than the rest of the profile.
   */
  record Profile(int[] hashAt, int[] valueAt, int[] valueKinds, int[] numberAt, int[] numberKinds, int[] precisions,
      int[] scales) implements java.io.Serializable {
    /** The kinds of number. */
    private static final int NUMBER = 0;
    private static final int INT = 1;
    private static final int LONG = 2;
    private static final int FLOAT = 3;
    private static final int SHORT = 4;
    private static final int BYTE = 5;
    private static final int COMPACT_DECIMAL = 6;
    private static final int WIDE_DECIMAL = 7;
    /** The powers of ten a double holds exactly: 1e0 to 1e22. */
    private static final double[] POWERS_OF_TEN = java.util.stream.IntStream.rangeClosed(0, 22)
        .mapToDouble(e -> Double.parseDouble("1e" + e)).toArray();

    static Profile of(String option, StructType data) {
      List<List<String>> columns;
      try {
        columns = option == null ? List.of() : JSON.readValue(option, new TypeReference<List<List<String>>>() { });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      int n = columns.size();
      Profile p = new Profile(new int[n], new int[n], new int[n], new int[n], new int[n], new int[n], new int[n]);
      for (int i = 0; i < n; i++) {
        p.hashAt[i] = ordinal(data, columns.get(i).get(0));
        p.valueAt[i] = ordinal(data, columns.get(i).get(1));
        p.numberAt[i] = ordinal(data, columns.get(i).get(2));
        DataType value = p.valueAt[i] < 0 ? null : data.fields()[p.valueAt[i]].dataType();
        p.valueKinds[i] = value == null ? DistinctSketch.OTHER : DistinctSketch.kind(value);
        if (p.valueAt[i] >= 0 && p.valueKinds[i] == DistinctSketch.OTHER) {
          throw new IllegalArgumentException("a writer cannot hash values of " + value.simpleString());
        }
        DataType number = p.numberAt[i] < 0 ? null : data.fields()[p.numberAt[i]].dataType();
        p.numberKinds[i] = number == null ? -1 : numberKind(number);
        DataType decimal = number != null ? number : value;
        if (decimal instanceof DecimalType d) {
          p.precisions[i] = d.precision();
          p.scales[i] = d.scale();
        }
      }
      return p;
    }

    private static int numberKind(DataType type) {
      if (type instanceof DecimalType d) {
        return d.precision() <= org.apache.spark.sql.types.Decimal.MAX_LONG_DIGITS() ? COMPACT_DECIMAL : WIDE_DECIMAL;
      }
      return type.equals(DataTypes.IntegerType) ? INT : type.equals(DataTypes.LongType) ? LONG
          : type.equals(DataTypes.FloatType) ? FLOAT : type.equals(DataTypes.ShortType) ? SHORT
          : type.equals(DataTypes.ByteType) ? BYTE : NUMBER;
    }

    private static int ordinal(StructType data, String column) {
      return column == null ? -1 : data.fieldIndex(column);
    }

    /** Column {@code i}'s number as a cast to double gives it, read without boxing (a decimal: without Scala's BigDecimal). */
    double number(InternalRow row, int i) {
      int at = numberAt[i];
      switch (numberKinds[i]) {
        case INT:
          return row.getInt(at);
        case LONG:
          return row.getLong(at);
        case FLOAT:
          return row.getFloat(at);
        case SHORT:
          return row.getShort(at);
        case BYTE:
          return row.getByte(at);
        case COMPACT_DECIMAL: {
          long unscaled = DistinctSketch.unscaled(row, at, precisions[i], scales[i]);
          // What BigDecimal.doubleValue gives (Spark's cast goes through it): exact operands, one rounding.
          return Math.abs(unscaled) < 1L << 52 && scales[i] < POWERS_OF_TEN.length
              ? unscaled / POWERS_OF_TEN[scales[i]] : java.math.BigDecimal.valueOf(unscaled, scales[i]).doubleValue();
        }
        case WIDE_DECIMAL:
          return row.getDecimal(at, precisions[i], scales[i]).toJavaBigDecimal().doubleValue();
        default:
          return row.getDouble(at);
      }
    }
  }

  /** The option value of {@link #OPT_PROFILE}: per profiled column, the data's columns the writers read. */
  public static String profile(List<io.sluice.spark.history.ColumnProfile.Profiled> columns) {
    List<List<String>> option = new ArrayList<>();
    for (var c : columns) {
      option.add(java.util.Arrays.asList(c.hash().orElse(null), c.value().orElse(null), c.number().orElse(null)));
    }
    try {
      return JSON.writeValueAsString(option);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Serialized to the executors: opens one split writer per task. */
  public static final class Factory extends OutputWriterFactory {
    private static final long serialVersionUID = 1L;
    private final OutputWriterFactory parquet;
    private final int side;
    private final int[] valid;
    private final int[] quarantine;
    private final Object[] quarantineConstants;
    private final String validSchema;
    private final String quarantineSchema;
    private final int[] masks;
    /** The reasons as {@link Reason#encode} wrote them: each writer reads them (a {@link Reason} is not serializable). */
    private final String reasons;
    private final int reasonsAt;
    private final CountsAccumulator counts;
    private final org.apache.spark.util.CollectionAccumulator<String> files;
    private final boolean validLeads;
    private final SummariesAccumulator<TopValues> offending; // null: no offending values counted
    private final int[][] offendingAt;
    private final SummariesAccumulator<ColumnStats> profiled; // null: no column profiled
    private final Profile profile;
    private final String timeZone;

    Factory(OutputWriterFactory parquet, int side, int[] valid, int[] quarantine, Object[] quarantineConstants,
        StructType validSchema, StructType quarantineSchema, int[] masks, String reasons, int reasonsAt,
        CountsAccumulator counts, org.apache.spark.util.CollectionAccumulator<String> files, boolean validLeads,
        SummariesAccumulator<TopValues> offending, int[][] offendingAt, SummariesAccumulator<ColumnStats> profiled,
        Profile profile, String timeZone) {
      this.parquet = parquet;
      this.side = side;
      this.valid = valid;
      this.quarantine = quarantine;
      this.quarantineConstants = quarantineConstants;
      this.validSchema = validSchema.json();
      this.quarantineSchema = quarantineSchema.json();
      this.masks = masks;
      this.reasons = reasons;
      this.reasonsAt = reasonsAt;
      this.counts = counts;
      this.files = files;
      this.validLeads = validLeads;
      this.offending = offending;
      this.offendingAt = offendingAt;
      this.profiled = profiled;
      this.profile = profile;
      this.timeZone = timeZone;
    }

    @Override
    public String getFileExtension(TaskAttemptContext context) {
      return parquet.getFileExtension(context);
    }

    @Override
    public OutputWriter newInstance(String path, StructType dataSchema, TaskAttemptContext context) {
      return new SplitWriter(this, path, context, dataSchema);
    }

    /**
     * A Parquet writer of {@code schemaJson}'s rows at {@code path}. {@code dictionary} false: every column plainly
     * encoded (then compressed), whatever the job's settings.
     */
    OutputWriter open(String path, String schemaJson, TaskAttemptContext context, boolean dictionary) {
      StructType schema = (StructType) StructType.fromJson(schemaJson);
      Configuration conf = new Configuration(context.getConfiguration());
      ParquetWriteSupport.setSchema(schema, conf);
      if (!dictionary) {
        conf.setBoolean(org.apache.parquet.hadoop.ParquetOutputFormat.ENABLE_DICTIONARY, false);
      }
      return parquet.newInstance(path, schema, new TaskAttemptContextImpl(conf, context.getTaskAttemptID()));
    }
  }

  /**
   * Per quarantine schema (as JSON), the projections of writers that have closed, for the next tasks: generating
   * one (its code is compiled once per JVM, but generated anew each time) is a fixed cost of every task, whatever its
   * size. One writer uses one at a time; at most {@link #POOLED_SCHEMAS} schemas are kept.
   */
  private static final Map<String, java.util.concurrent.ConcurrentLinkedQueue<
      org.apache.spark.sql.catalyst.expressions.UnsafeProjection>> PROJECTIONS = new ConcurrentHashMap<>();
  public static final int POOLED_SCHEMAS = 64;

  private static org.apache.spark.sql.catalyst.expressions.UnsafeProjection projection(String schemaJson, StructType schema) {
    var pooled = PROJECTIONS.get(schemaJson);
    var p = pooled == null ? null : pooled.poll();
    return p != null ? p : org.apache.spark.sql.catalyst.expressions.UnsafeProjection.create(schema);
  }

  private static void giveBack(String schemaJson, org.apache.spark.sql.catalyst.expressions.UnsafeProjection p) {
    if (PROJECTIONS.containsKey(schemaJson) || PROJECTIONS.size() < POOLED_SCHEMAS) {
      PROJECTIONS.computeIfAbsent(schemaJson, k -> new java.util.concurrent.ConcurrentLinkedQueue<>()).offer(p);
    }
  }

  /** How many projections are pooled for quarantine schemas with a column of this name (for tests). */
  public static int pooledWith(String column) {
    String field = "\"name\":" + JSON.valueToTree(column).toString() + ",";
    return PROJECTIONS.entrySet().stream().filter(e -> e.getKey().contains(field)).mapToInt(e -> e.getValue().size()).sum();
  }

  /** A writer holds back at most this many quarantined rows, or this many bytes of them, before writing them. */
  public static final int HELD_ROWS = 4096;
  public static final long HELD_BYTES = 4L << 20;

  /** One task's writer: valid rows to its own file, quarantined rows to a {@code q-} file beside it. */
  public static final class SplitWriter extends OutputWriter {
    private final Factory f;
    private final String path;
    private final TaskAttemptContext context;
    private final OutputWriter valid;
    private final SideRow toValid;
    /** When the valid columns {@link SplitParquetFormat#leads lead} the data: the row itself, read as fewer fields. */
    private final UnsafeRow leading;
    private OutputWriter quarantine;
    private final SideRow toQuarantine;
    /**
     * The quarantine's rows, made {@code UnsafeRow}s before Parquet reads them. Parquet's write code is shared by
     * both files. With the view reaching it too (2% of the rows in the benchmark), a profile of the valid rows'
     * writes showed a {@code UTF8String} made for every string value read; with one row class, none: the JIT
     * inlines the reads and makes no object (docs/architecture.md, section 3).
     */
    private final org.apache.spark.sql.catalyst.expressions.UnsafeProjection unsafeQuarantine;
    private boolean closed;
    private final RowCounts counts;
    private final ArrayList<UnsafeRow> held = new ArrayList<>();
    private long heldBytes;
    private final long[] bits;
    private final int checks;
    /** Per bit, its reason as the quarantine holds it (a struct), and the reasons of a malformed record. */
    private final InternalRow[] reasons;
    private final ArrayData malformed;
    /** Per check, its offending value on the valid side and on the quarantine's (null: not counted), and its summary. */
    private final ValueText[][] offendingText;
    private final TopValues[] offending;
    private final boolean countsOffending;
    /** The profiled columns' statistics in this task; null when no column is profiled. */
    private final ProfileBatch stats;

    SplitWriter(Factory f, String path, TaskAttemptContext context, StructType dataSchema) {
      this.f = f;
      this.path = path;
      this.context = context;
      this.valid = f.open(path, f.validSchema, context, true); // always: the target gets a schema even when empty
      this.toValid = new SideRow((StructType) StructType.fromJson(f.validSchema), f.valid, new Object[f.valid.length]);
      this.leading = f.validLeads ? new UnsafeRow(f.valid.length) : null;
      StructType quarantineSchema = (StructType) StructType.fromJson(f.quarantineSchema);
      this.toQuarantine = new SideRow(quarantineSchema, f.quarantine, f.quarantineConstants);
      this.unsafeQuarantine = projection(f.quarantineSchema, quarantineSchema);
      List<Reason> perBit = Reason.decode(f.reasons);
      this.checks = perBit.size() - 1;
      this.counts = new RowCounts(checks);
      this.bits = new long[f.masks.length];
      this.reasons = new InternalRow[perBit.size()];
      for (int b = 0; b < reasons.length; b++) {
        Reason r = perBit.get(b);
        reasons[b] = new GenericInternalRow(new Object[] {UTF8String.fromString(r.check()),
            r.column().map(UTF8String::fromString).orElse(null), UTF8String.fromString(r.message())});
      }
      this.malformed = new GenericArrayData(new Object[] {reasons[checks]});
      this.offendingText = new ValueText[2][checks];
      boolean any = false;
      for (int side = 0; side < 2; side++) {
        for (int c = 0; f.offending != null && c < checks; c++) {
          int at = f.offendingAt[side][c];
          if (at >= 0) {
            offendingText[side][c] = new ValueText(at, dataSchema.fields()[at].dataType(), f.timeZone);
            any = true;
          }
        }
      }
      this.countsOffending = any;
      this.offending = new TopValues[checks];
      this.stats = f.profiled == null || f.profile.hashAt().length == 0 ? null : new ProfileBatch(f.profile);
    }

    @Override
    public void write(InternalRow row) {
      boolean quarantined = row.getBoolean(f.side);
      readBits(row);
      counts.add(quarantined, bits);
      if (countsOffending) {
        countOffending(row, quarantined);
      }
      if (stats != null) {
        stats.add(row);
      }
      if (quarantined) {
        // Held back and written in batches: a quarantine file written row by row, among the valid rows, slows
        // the whole pass (see the class comment). What is held is the quarantine's row, reasons included.
        if (f.reasonsAt >= 0) {
          boolean isMalformed = (bits[checks / 64] >>> (checks % 64) & 1L) != 0;
          toQuarantine.set(f.reasonsAt, isMalformed ? malformed : reasons());
        }
        UnsafeRow copy = unsafeQuarantine.apply(toQuarantine.of(row)).copy();
        held.add(copy);
        heldBytes += copy.getSizeInBytes();
        if (held.size() >= HELD_ROWS || heldBytes >= HELD_BYTES) {
          writeHeld();
        }
      } else {
        valid.write(leading != null && row instanceof UnsafeRow r ? lead(r) : toValid.of(row));
      }
    }

    /** Counts the value of each check the row failed, as the side it goes to stores it. */
    private void countOffending(InternalRow row, boolean quarantined) {
      ValueText[] texts = offendingText[quarantined ? 1 : 0];
      for (int m = 0; m < bits.length; m++) {
        for (long set = bits[m]; set != 0; set &= set - 1) {
          int b = m * 64 + Long.numberOfTrailingZeros(set);
          if (b < checks && texts[b] != null) {
            if (offending[b] == null) {
              offending[b] = new TopValues();
            }
            offending[b].add(texts[b].of(row));
          }
        }
      }
    }

    /** Reads the row's failed checks into {@link #bits}. */
    private void readBits(InternalRow row) {
      for (int m = 0; m < bits.length; m++) {
        bits[m] = row.getLong(f.masks[m]);
      }
    }

    /** Writes the quarantined rows held back. */
    private void writeHeld() {
      if (held.isEmpty()) {
        return;
      }
      openQuarantine();
      for (UnsafeRow row : held) {
        quarantine.write(row);
      }
      held.clear();
      heldBytes = 0;
    }

    private UnsafeRow lead(UnsafeRow r) {
      leading.pointTo(r.getBaseObject(), r.getBaseOffset(), r.getSizeInBytes());
      return leading;
    }

    /** The row's failed checks, in the contract's order, as the quarantine's reasons. */
    private ArrayData reasons() {
      int n = 0;
      for (long m : bits) {
        n += Long.bitCount(m);
      }
      Object[] failed = new Object[n];
      int k = 0;
      for (int m = 0; m < bits.length; m++) {
        for (long set = bits[m]; set != 0; set &= set - 1) {
          failed[k++] = reasons[m * 64 + Long.numberOfTrailingZeros(set)];
        }
      }
      return new GenericArrayData(failed);
    }

    private void openQuarantine() {
      if (quarantine == null) {
        Path p = new Path(path);
        quarantine = f.open(new Path(p.getParent(), QUARANTINE_FILE_PREFIX + p.getName()).toString(),
            f.quarantineSchema, context, false);
      }
    }

    @Override
    public void close() {
      writeHeld();
      if (context.getTaskAttemptID().getTaskID().getId() == 0) {
        // The first task's quarantine file is written even with no rows: the quarantine gets its schema when no
        // row of the run was quarantined, without a job of its own. (Spark runs a first task even over no data.)
        openQuarantine();
      }
      valid.close();
      if (quarantine != null) {
        quarantine.close();
      }
      if (!closed) { // given back once: two writers must never share it
        closed = true;
        giveBack(f.quarantineSchema, unsafeQuarantine);
      }
      long[] counted = counts.values();
      f.counts.add(counted);
      if (countsOffending) {
        f.offending.add(offending);
      }
      if (stats != null) {
        f.profiled.add(stats.finish());
      }
      String name = new Path(path).getName();
      f.files.add(name + "\t" + counted[RowCounts.VALID]);
      if (quarantine != null) {
        f.files.add(QUARANTINE_FILE_PREFIX + name + "\t" + counted[RowCounts.QUARANTINED]);
      }
    }

    @Override
    public String path() {
      return path;
    }
  }
}
