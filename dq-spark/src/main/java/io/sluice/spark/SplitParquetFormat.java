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
import org.apache.spark.sql.catalyst.ProjectingInternalRow;
import org.apache.spark.sql.catalyst.ProjectingInternalRow$;
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

  /** The option value that names one side's columns: pairs of (column of the data written, name in the output). */
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
    LongAccumulator[] counters = COUNTERS.get(opts.get(OPT_RUN));
    if (counters == null) {
      throw new IllegalStateException("a split write needs the counters of its run (Enforcement registers them)");
    }
    List<String[]> valid = parse(opts.get(OPT_VALID));
    List<String[]> quarantine = parse(opts.get(OPT_QUARANTINE));
    int side = dataSchema.fieldIndex(SIDE);
    OutputWriterFactory parquet = super.prepareWrite(spark, job, options, dataSchema);
    return new Factory(parquet, side, ordinals(dataSchema, valid), ordinals(dataSchema, quarantine),
        schema(dataSchema, valid), schema(dataSchema, quarantine), counters[0], counters[1]);
  }

  private static int[] ordinals(StructType data, List<String[]> columns) {
    return columns.stream().mapToInt(c -> data.fieldIndex(c[0])).toArray();
  }

  private static StructType schema(StructType data, List<String[]> columns) {
    StructType s = new StructType();
    for (String[] c : columns) {
      StructField f = data.apply(c[0]);
      s = s.add(c[1], f.dataType(), true, f.metadata());
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

    /** A view of one side's columns of a row: no copy, the Parquet writer reads through it. */
    static ProjectingInternalRow view(int[] ordinals, String schemaJson) {
      List<Object> refs = new ArrayList<>();
      for (int o : ordinals) {
        refs.add(o);
      }
      return ProjectingInternalRow$.MODULE$.apply((StructType) StructType.fromJson(schemaJson),
          JavaConverters.asScalaBuffer(refs).toIndexedSeq());
    }
  }

  /** One task's writer: valid rows to its own file, quarantined rows to a {@code q-} file beside it. */
  static final class SplitWriter extends OutputWriter {
    private final Factory f;
    private final String path;
    private final TaskAttemptContext context;
    private final OutputWriter valid;
    private final ProjectingInternalRow toValid;
    private OutputWriter quarantine;
    private ProjectingInternalRow toQuarantine;
    private long validRows;
    private long quarantinedRows;

    SplitWriter(Factory f, String path, TaskAttemptContext context) {
      this.f = f;
      this.path = path;
      this.context = context;
      this.valid = f.open(path, f.validSchema, context); // always: the target gets a schema even when empty
      this.toValid = Factory.view(f.valid, f.validSchema);
    }

    @Override
    public void write(InternalRow row) {
      if (row.getBoolean(f.side)) {
        if (quarantine == null) {
          Path p = new Path(path);
          quarantine = f.open(new Path(p.getParent(), QUARANTINE_FILE_PREFIX + p.getName()).toString(),
              f.quarantineSchema, context);
          toQuarantine = Factory.view(f.quarantine, f.quarantineSchema);
        }
        toQuarantine.project(row);
        quarantine.write(toQuarantine);
        quarantinedRows++;
      } else {
        toValid.project(row);
        valid.write(toValid);
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
