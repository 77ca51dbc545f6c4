package io.sluice.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
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
 * <p>The data written has a boolean column {@value #SIDE} (true: quarantine) and the columns of each side
 * under the names {@code __v<i>} and {@code __q<i>}; the real names travel in the write options. The rows
 * each side received are counted by the writers themselves (accumulators), so conservation is checked
 * against what was written.
 */
public final class SplitParquetFormat extends ParquetFileFormat {
  static final String SIDE = "__dq_side";
  static final String VALID_PREFIX = "__v";
  static final String QUARANTINE_PREFIX = "__q";
  static final String QUARANTINE_FILE_PREFIX = "q-";
  static final String OPT_RUN = "sluice.split.run";
  static final String OPT_VALID_NAMES = "sluice.split.valid";
  static final String OPT_QUARANTINE_NAMES = "sluice.split.quarantine";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, LongAccumulator[]> COUNTERS = new ConcurrentHashMap<>();

  /** Counters for one split write: {valid, quarantined}; the key goes in {@link #OPT_RUN}. */
  static String register(LongAccumulator valid, LongAccumulator quarantined) {
    String key = UUID.randomUUID().toString();
    COUNTERS.put(key, new LongAccumulator[] {valid, quarantined});
    return key;
  }

  static void unregister(String key) {
    COUNTERS.remove(key);
  }

  static String names(List<String> names) {
    try {
      return JSON.writeValueAsString(names);
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
    LongAccumulator[] counters = COUNTERS.get(opts.get(OPT_RUN));
    if (counters == null) {
      throw new IllegalStateException("a split write needs the counters of its run (Enforcement registers them)");
    }
    List<String> validNames = parse(opts.get(OPT_VALID_NAMES));
    List<String> quarantineNames = parse(opts.get(OPT_QUARANTINE_NAMES));
    int side = dataSchema.fieldIndex(SIDE);
    List<Integer> valid = new ArrayList<>();
    List<Integer> quarantine = new ArrayList<>();
    StructField[] fields = dataSchema.fields();
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].name().startsWith(VALID_PREFIX)) {
        valid.add(i);
      } else if (fields[i].name().startsWith(QUARANTINE_PREFIX)) {
        quarantine.add(i);
      }
    }
    StructType validSchema = schema(dataSchema, valid, validNames);
    StructType quarantineSchema = schema(dataSchema, quarantine, quarantineNames);
    OutputWriterFactory parquet = super.prepareWrite(spark, job, options, dataSchema);
    return new Factory(parquet, side, ints(valid), ints(quarantine), validSchema, quarantineSchema, counters[0], counters[1]);
  }

  private static StructType schema(StructType all, List<Integer> ordinals, List<String> names) {
    if (names.size() != ordinals.size()) {
      throw new IllegalStateException("a split write names " + names.size() + " columns for " + ordinals.size());
    }
    StructType s = new StructType();
    for (int k = 0; k < ordinals.size(); k++) {
      StructField f = all.fields()[ordinals.get(k)];
      s = s.add(names.get(k), f.dataType(), true, f.metadata());
    }
    return s;
  }

  private static List<String> parse(String json) {
    try {
      return JSON.readValue(json, new TypeReference<List<String>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int[] ints(List<Integer> xs) {
    return xs.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Serialized to the executors: opens one split writer per task. */
  static final class Factory extends OutputWriterFactory {
    private static final long serialVersionUID = 1L;
    private final OutputWriterFactory parquet;
    private final int side;
    private final int[] valid;
    private final int[] quarantine;
    private final String validSchema;
    private final String quarantineSchema;
    private final LongAccumulator validRows;
    private final LongAccumulator quarantinedRows;

    Factory(OutputWriterFactory parquet, int side, int[] valid, int[] quarantine, StructType validSchema,
        StructType quarantineSchema, LongAccumulator validRows, LongAccumulator quarantinedRows) {
      this.parquet = parquet;
      this.side = side;
      this.valid = valid;
      this.quarantine = quarantine;
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

    static UnsafeProjection projection(int[] ordinals, String schemaJson) {
      StructType schema = (StructType) StructType.fromJson(schemaJson);
      List<Expression> refs = new ArrayList<>();
      for (int k = 0; k < ordinals.length; k++) {
        refs.add(new BoundReference(ordinals[k], schema.fields()[k].dataType(), true));
      }
      return UnsafeProjection.create(JavaConverters.asScalaBuffer(refs).toSeq());
    }
  }

  /** One task's writer: valid rows to its own file, quarantined rows to a {@code q-} file beside it. */
  static final class SplitWriter extends OutputWriter {
    private final Factory f;
    private final String path;
    private final TaskAttemptContext context;
    private final OutputWriter valid;
    private final UnsafeProjection toValid;
    private OutputWriter quarantine;
    private UnsafeProjection toQuarantine;
    private long validRows;
    private long quarantinedRows;

    SplitWriter(Factory f, String path, TaskAttemptContext context) {
      this.f = f;
      this.path = path;
      this.context = context;
      this.valid = f.open(path, f.validSchema, context); // always: the target gets a schema even when empty
      this.toValid = Factory.projection(f.valid, f.validSchema);
    }

    @Override
    public void write(InternalRow row) {
      if (row.getBoolean(f.side)) {
        if (quarantine == null) {
          Path p = new Path(path);
          quarantine = f.open(new Path(p.getParent(), QUARANTINE_FILE_PREFIX + p.getName()).toString(),
              f.quarantineSchema, context);
          toQuarantine = Factory.projection(f.quarantine, f.quarantineSchema);
        }
        quarantine.write(toQuarantine.apply(row));
        quarantinedRows++;
      } else {
        valid.write(toValid.apply(row));
        validRows++;
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
    }

    @Override
    public String path() {
      return path;
    }
  }
}
