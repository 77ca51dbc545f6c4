package io.sluice.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import scala.collection.JavaConverters;

/**
 * Parquet, written as two outputs in one pass: every task routes each checked row either to a valid-rows
 * file or to a quarantine file ({@code q-} prefix, opened at the first failing row), each with its own
 * schema. This is how a transition writes its target and its quarantine without computing the checks
 * twice or caching the data: one scan, one projection, one write job.
 *
 * <p>The data written has a boolean column {@value #SIDE} (true: quarantine); the write options name, for
 * each side, which columns of the data it takes and under which names ({@link #columns}), so a column both
 * sides share is held once, and columns neither takes (the counted flags) are simply not written. A side
 * reads its columns through a view of the row, not a copy. The rows each side received are counted by the
 * writers themselves (accumulators), so conservation is checked against what was written.
 */
public final class SplitParquetFormat extends ParquetFileFormat {
  static final String SIDE = "__dq_side";
  static final String VALID_PREFIX = "__v";
  static final String QUARANTINE_PREFIX = "__q";
  static final String QUARANTINE_FILE_PREFIX = "q-";
  static final String OPT_RUN = "sluice.split.run";
  static final String OPT_VALID = "sluice.split.valid";
  static final String OPT_QUARANTINE = "sluice.split.quarantine";
  /** The flags whose true values the writers count (JSON list of column names), and the column of the warning verdict. */
  static final String OPT_COUNT = "sluice.split.count";
  static final String OPT_WARNING = "sluice.split.warning";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Object[]> COUNTERS = new ConcurrentHashMap<>();

  /**
   * Counters for one split write: the rows each side received, and how many rows had each counted flag
   * ({@link #OPT_COUNT}) among the quarantined rows and the valid rows with a warning; the key goes in
   * {@link #OPT_RUN}.
   */
  static String register(LongAccumulator valid, LongAccumulator quarantined, CountsAccumulator flags) {
    String key = UUID.randomUUID().toString();
    COUNTERS.put(key, new Object[] {valid, quarantined, flags});
    return key;
  }

  static void unregister(String key) {
    COUNTERS.remove(key);
  }

  /**
   * An output column that has the same value in every row (a run's id or time): the writer supplies it, so the
   * data written carries no column for it. {@code value} is a {@link String} or an {@link java.time.Instant}.
   */
  static String[] constant(String outputName, Object value) {
    if (value instanceof String text) {
      return new String[] {"", outputName, "string", text};
    }
    if (value instanceof java.time.Instant at) {
      long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
      return new String[] {"", outputName, "timestamp", Long.toString(micros)};
    }
    throw new IllegalArgumentException("a constant output column is a string or a timestamp, not " + value.getClass());
  }

  /**
   * The option value that names one side's columns: pairs of (column of the data written, name in the output),
   * or {@link #constant constants}.
   */
  static String columns(List<String[]> columns) {
    try {
      return JSON.writeValueAsString(columns);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String shortName() {
    return "sluice-split-parquet";
  }

  @Override
  public OutputWriterFactory prepareWrite(SparkSession spark, Job job,
      scala.collection.immutable.Map<String, String> options, StructType dataSchema) {
    Map<String, String> opts = JavaConverters.mapAsJavaMap(options);
    Object[] counters = COUNTERS.get(opts.get(OPT_RUN));
    if (counters == null) {
      throw new IllegalStateException("a split write needs the counters of its run (Enforcement registers them)");
    }
    List<String[]> valid = parse(opts.get(OPT_VALID));
    List<String[]> quarantine = parse(opts.get(OPT_QUARANTINE));
    int side = dataSchema.fieldIndex(SIDE);
    int[] counted = parse(opts.getOrDefault(OPT_COUNT, "[]"), String.class).stream().mapToInt(dataSchema::fieldIndex).toArray();
    int warning = opts.containsKey(OPT_WARNING) ? dataSchema.fieldIndex(opts.get(OPT_WARNING)) : -1;
    OutputWriterFactory parquet = super.prepareWrite(spark, job, options, dataSchema);
    return new Factory(parquet, side, ordinals(dataSchema, valid), ordinals(dataSchema, quarantine),
        constants(quarantine), schema(dataSchema, valid), schema(dataSchema, quarantine), (LongAccumulator) counters[0],
        (LongAccumulator) counters[1], counted, warning, (CountsAccumulator) counters[2]);
  }

  private static boolean isConstant(String[] column) {
    return column.length == 4;
  }

  /** Per output column: its ordinal in the data written, or -1 for a constant. */
  private static int[] ordinals(StructType data, List<String[]> columns) {
    return columns.stream().mapToInt(c -> isConstant(c) ? -1 : data.fieldIndex(c[0])).toArray();
  }

  /** Per output column: the constant's value as Spark holds it internally (null for a column of the data). */
  private static Object[] constants(List<String[]> columns) {
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      String[] c = columns.get(i);
      if (isConstant(c)) {
        values[i] = c[2].equals("timestamp") ? (Object) Long.parseLong(c[3]) : org.apache.spark.unsafe.types.UTF8String.fromString(c[3]);
      }
    }
    return values;
  }

  private static StructType schema(StructType data, List<String[]> columns) {
    StructType s = new StructType();
    for (String[] c : columns) {
      if (isConstant(c)) {
        s = s.add(c[1], c[2].equals("timestamp") ? org.apache.spark.sql.types.DataTypes.TimestampType
            : org.apache.spark.sql.types.DataTypes.StringType, true);
      } else {
        StructField f = data.apply(c[0]);
        s = s.add(c[1], f.dataType(), true, f.metadata());
      }
    }
    return s;
  }

  private static List<String[]> parse(String json) {
    try {
      return JSON.readValue(json, new TypeReference<List<String[]>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> List<T> parse(String json, Class<T> element) {
    try {
      return JSON.readValue(json, JSON.getTypeFactory().constructCollectionType(List.class, element));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The option value of {@link #OPT_COUNT}. */
  static String names(List<String> names) {
    try {
      return JSON.writeValueAsString(names);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Serialized to the executors: opens one split writer per task. */
  static final class Factory extends OutputWriterFactory {
    private static final long serialVersionUID = 1L;
    private final OutputWriterFactory parquet;
    private final int side;
    private final int[] valid;
    private final int[] quarantine;
    private final Object[] quarantineConstants;
    private final String validSchema;
    private final String quarantineSchema;
    private final LongAccumulator validRows;
    private final LongAccumulator quarantinedRows;
    private final int[] counted;
    private final int warning;
    private final CountsAccumulator flags;

    Factory(OutputWriterFactory parquet, int side, int[] valid, int[] quarantine, Object[] quarantineConstants,
        StructType validSchema, StructType quarantineSchema, LongAccumulator validRows, LongAccumulator quarantinedRows,
        int[] counted, int warning, CountsAccumulator flags) {
      this.counted = counted;
      this.warning = warning;
      this.flags = flags;
      this.parquet = parquet;
      this.side = side;
      this.valid = valid;
      this.quarantine = quarantine;
      this.quarantineConstants = quarantineConstants;
      this.validSchema = validSchema.json();
      this.quarantineSchema = quarantineSchema.json();
      this.validRows = validRows;
      this.quarantinedRows = quarantinedRows;
    }

    @Override
    public String getFileExtension(TaskAttemptContext context) {
      return parquet.getFileExtension(context);
    }

    @Override
    public OutputWriter newInstance(String path, StructType dataSchema, TaskAttemptContext context) {
      return new SplitWriter(this, path, context);
    }

    OutputWriter open(String path, String schemaJson, TaskAttemptContext context) {
      StructType schema = (StructType) StructType.fromJson(schemaJson);
      Configuration conf = new Configuration(context.getConfiguration());
      ParquetWriteSupport.setSchema(schema, conf);
      return parquet.newInstance(path, schema, new TaskAttemptContextImpl(conf, context.getTaskAttemptID()));
    }

  }

  /** One task's writer: valid rows to its own file, quarantined rows to a {@code q-} file beside it. */
  static final class SplitWriter extends OutputWriter {
    private final Factory f;
    private final String path;
    private final TaskAttemptContext context;
    private final OutputWriter valid;
    private final SideRow toValid;
    private OutputWriter quarantine;
    private SideRow toQuarantine;
    private long validRows;
    private long quarantinedRows;
    private final long[] flagged;

    SplitWriter(Factory f, String path, TaskAttemptContext context) {
      this.f = f;
      this.path = path;
      this.context = context;
      this.valid = f.open(path, f.validSchema, context); // always: the target gets a schema even when empty
      this.flagged = new long[f.counted.length];
      this.toValid = new SideRow((StructType) StructType.fromJson(f.validSchema), f.valid, new Object[f.valid.length]);
    }

    @Override
    public void write(InternalRow row) {
      if (row.getBoolean(f.side)) {
        if (quarantine == null) {
          Path p = new Path(path);
          quarantine = f.open(new Path(p.getParent(), QUARANTINE_FILE_PREFIX + p.getName()).toString(),
              f.quarantineSchema, context);
          toQuarantine = new SideRow((StructType) StructType.fromJson(f.quarantineSchema), f.quarantine, f.quarantineConstants);
        }
        quarantine.write(toQuarantine.of(row));
        quarantinedRows++;
        count(row);
      } else {
        valid.write(toValid.of(row));
        validRows++;
        if (f.warning >= 0 && !row.isNullAt(f.warning) && row.getBoolean(f.warning)) {
          count(row);
        }
      }
    }

    /** A quarantined row, or a valid row with a warning: the only rows with a failed check. */
    private void count(InternalRow row) {
      int[] counted = f.counted;
      for (int i = 0; i < counted.length; i++) {
        if (!row.isNullAt(counted[i]) && row.getBoolean(counted[i])) {
          flagged[i]++;
        }
      }
    }

    @Override
    public void close() {
      valid.close();
      if (quarantine != null) {
        quarantine.close();
      }
      f.validRows.add(validRows);
      f.quarantinedRows.add(quarantinedRows);
      f.flags.add(flagged);
    }

    @Override
    public String path() {
      return path;
    }
  }
}
