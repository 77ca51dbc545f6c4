package io.sluice.spark.source;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.sluice.check.Sql;
import io.sluice.contract.Excerpt;
import io.sluice.spark.Input;
import io.sluice.spark.InputException;
import io.sluice.spark.plan.CheckPlan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A CSV file or folder, read by each file's own header. Spark applies one schema to every file of a folder by
 * position, so a file whose header lists the columns in another order would have its values land in the wrong
 * columns, silently. The first non-blank line of every file (the line Spark takes for its header) is read on the
 * driver first: when they are all the same (the common case) the folder is read in one scan, as Spark reads it. Otherwise the files of each distinct header are
 * read apart and their columns selected by name into the order of the first file's header (files in path order),
 * names compared as Spark compares them ({@code spark.sql.caseSensitive}). A file whose header names other columns
 * (one missing, one more) cannot be matched by name and is not matched by position: each of its lines becomes a
 * malformed record (raw text, every column null), so the quarantine holds the file whole and
 * {@code rows_in = rows_valid + rows_quarantined} still counts it. Their reason in the quarantine is the one every
 * malformed record has; a warning in the log names the file and the columns its header lacks.
 *
 * <p>Every read is PERMISSIVE with a corrupt-record column and with Spark's per-read CSV option
 * {@code columnPruning} off (Spark 3.5: {@code CSVOptions.isColumnPruningEnabled}). With pruning, Spark tokenizes
 * only the columns a query uses, and a line with a wrong field count then passes as well-formed whenever some
 * column goes unused (a masked one, or one a count does not need) — even when the corrupt-record column is read.
 * As an option of the read it holds for this scan whenever it is planned, and the session's
 * {@code spark.sql.csv.parser.columnPruning.enabled} stays as the job set it.
 */
public final class CsvInput {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CsvInput.class);
  /** The one column a malformed file's lines are read into. */
  private static final String LINE = "__dq_line";
  /**
   * The delimiter that reads a line as one field: the ASCII unit separator, which text data does not hold. A line
   * that does hold it has more fields than one, so Spark gives its raw text in the corrupt-record column instead.
   */
  private static final String ONE_FIELD = "\u001F";
  /** How many files' first lines are read at once. */
  private static final int READERS = 16;

  private final SparkSession spark;
  private final String path;
  /** The files of the folder to read (fully qualified), or empty for all of them. */
  private final List<String> only;
  private final String corruptColumn;
  private final boolean caseSensitive;

  private CsvInput(SparkSession spark, String path, List<String> only, String corruptColumn) {
    this.spark = spark;
    this.path = path;
    this.only = List.copyOf(only);
    this.corruptColumn = corruptColumn;
    this.caseSensitive = Boolean.parseBoolean(spark.conf().get("spark.sql.caseSensitive", "false"));
  }

  /** The CSV at {@code path}: every column a string, malformed records' raw text in {@code corruptColumn}. */
  public static Dataset<Row> read(SparkSession spark, String path, String corruptColumn) {
    return read(spark, path, List.of(), corruptColumn);
  }

  /** The CSV files {@code only} of the folder {@code path} (all of them when empty). */
  public static Dataset<Row> read(SparkSession spark, String path, List<String> only, String corruptColumn) {
    return new CsvInput(spark, path, only, corruptColumn).read();
  }

  private Dataset<Row> read() {
    Map<String, List<String>> byFirstLine = filesByFirstLine();
    if (byFirstLine.size() <= 1) {
      if (!only.isEmpty()) {
        return reader(schema(header(only.get(0)))).option("basePath", path).csv(only.toArray(String[]::new));
      }
      return reader(schema(header(path))).csv(path);
    }
    // One small Spark job per distinct header line, not per file: Spark parses the header (quotes, BOM, empty names).
    Map<List<String>, List<String>> byHeader = new LinkedHashMap<>();
    for (List<String> files : byFirstLine.values()) {
      byHeader.computeIfAbsent(header(files.get(0)), h -> new ArrayList<>()).addAll(files);
    }
    List<String> reference = byHeader.keySet().iterator().next();
    String referenceFile = byHeader.values().iterator().next().get(0);
    Dataset<Row> all = null;
    for (Map.Entry<List<String>, List<String>> group : byHeader.entrySet()) {
      List<String> header = group.getKey();
      String[] files = group.getValue().toArray(String[]::new);
      Dataset<Row> part;
      if (keys(header).equals(keys(reference))) {
        part = byName(readFiles(schema(header), files, r -> r), header, reference);
      } else {
        LOG.warn("Cannot match the header of {} to the header of {} by name: it {}; every record of {} is quarantined"
            + " as a malformed record ({})", String.join(", ", files), referenceFile, difference(header, reference),
            files.length == 1 ? "the file" : "these files", CheckPlan.MALFORMED_ID);
        part = asMalformed(files, reference);
      }
      all = all == null ? part : all.union(part);
    }
    return all;
  }

  /** The options of every CSV read. */
  private DataFrameReader reader(StructType schema) {
    return spark.read().schema(schema)
        .option("header", "true")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", corruptColumn)
        .option("multiLine", "false")
        .option("columnPruning", "false");
  }

  /** Rows read from files named one by one, and the partition columns Spark added to the read's own. */
  private record Read(Dataset<Row> rows, List<String> partitions) {}

  /**
   * Files of the folder, named one by one. They keep the folder as their base path, so partition folders
   * ({@code day=01/}) still give their columns; and those columns are strings ({@code "01"}), as when the folder is
   * read whole with the schema of its header, which names them.
   */
  private Read readFiles(StructType schema, String[] files, UnaryOperator<DataFrameReader> options) {
    Dataset<Row> df = options.apply(reader(schema).option("basePath", path)).csv(files);
    Set<String> own = new HashSet<>(List.of(schema.fieldNames()));
    List<String> partitions = java.util.Arrays.stream(df.columns()).filter(c -> !own.contains(c)).toList();
    if (partitions.isEmpty()) {
      return new Read(df, partitions);
    }
    StructType withPartitions = schema;
    for (String p : partitions) {
      withPartitions = withPartitions.add(p, DataTypes.StringType, true);
    }
    return new Read(options.apply(reader(withPartitions).option("basePath", path)).csv(files), partitions);
  }

  /** The header of a file or folder as Spark reads it; the folder's when every file has the same first line. */
  private List<String> header(String file) {
    String[] names = spark.read().option("header", "true").option("inferSchema", "false").csv(file).columns();
    if (names.length == 0) {
      throw new InputException(file + " has no header row: a CSV input needs one naming its columns");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String h : names) {
      if (!seen.add(h.toLowerCase(Locale.ROOT))) {
        throw new InputException(file + " names column " + Excerpt.quoted(h) + " twice in its header");
      }
    }
    return List.of(names);
  }

  private StructType schema(List<String> header) {
    StructType schema = new StructType();
    for (String h : header) {
      schema = schema.add(h, DataTypes.StringType, true);
    }
    return schema.add(corruptColumn, DataTypes.StringType, true);
  }

  /** The rows' columns in the reference order and names, then the corrupt-record and partition columns. */
  private Dataset<Row> byName(Read read, List<String> header, List<String> reference) {
    Map<String, String> named = new HashMap<>();
    header.forEach(h -> named.put(key(h), h));
    List<org.apache.spark.sql.Column> columns = new ArrayList<>();
    for (String r : reference) {
      columns.add(col(Sql.ident(named.get(key(r)))).as(r));
    }
    columns.add(col(Sql.ident(corruptColumn)));
    read.partitions().forEach(p -> columns.add(col(Sql.ident(p))));
    return read.rows().select(columns.toArray(org.apache.spark.sql.Column[]::new));
  }

  /**
   * The files' lines as malformed records: every column null, the raw line in the corrupt-record column. Read by
   * Spark's CSV reader as one field per line (no delimiter, no quotes), so it drops each file's header line and
   * skips blank lines exactly as when the file is read as CSV: the same lines become records.
   */
  private Dataset<Row> asMalformed(String[] files, List<String> reference) {
    StructType lineSchema = new StructType().add(LINE, DataTypes.StringType, true)
        .add(corruptColumn, DataTypes.StringType, true);
    Read read = readFiles(lineSchema, files, r -> r.option("sep", ONE_FIELD).option("quote", ""));
    List<org.apache.spark.sql.Column> columns = new ArrayList<>();
    for (String r : reference) {
      columns.add(lit(null).cast(DataTypes.StringType).as(r));
    }
    columns.add(coalesce(col(Sql.ident(corruptColumn)), col(LINE)).as(corruptColumn));
    read.partitions().forEach(p -> columns.add(col(Sql.ident(p))));
    return read.rows().select(columns.toArray(org.apache.spark.sql.Column[]::new));
  }

  private String key(String name) {
    return caseSensitive ? name : name.toLowerCase(Locale.ROOT);
  }

  private Set<String> keys(List<String> header) {
    Set<String> keys = new HashSet<>();
    header.forEach(h -> keys.add(key(h)));
    return keys;
  }

  /**
   * Why a header does not match the reference: the reference's names it lacks, and how many names it adds. Not
   * those names: a file without a header row has data in its first line, which no log line may show.
   */
  private String difference(List<String> header, List<String> reference) {
    List<String> lacks = reference.stream().filter(r -> !keys(header).contains(key(r))).toList();
    long adds = header.stream().filter(h -> !keys(reference).contains(key(h))).count();
    String added = adds + (adds == 1 ? " column" : " columns");
    return lacks.isEmpty() ? "adds " + added
        : "lacks " + Excerpt.list(lacks) + (adds == 0 ? "" : " and adds " + added);
  }


  /**
   * The data files of a folder grouped by their first non-blank line (the line Spark takes for the header), in
   * path order; empty for a single file. Empty and blank files are left out: Spark reads no record from them.
   */
  private Map<String, List<String>> filesByFirstLine() {
    try {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      Path root = new Path(path);
      FileSystem fs = root.getFileSystem(conf);
      FileStatus top = fs.getFileStatus(root);
      Map<String, List<String>> groups = new LinkedHashMap<>();
      if (top.isFile()) {
        return groups;
      }
      List<FileStatus> files = DataFiles.list(fs, top.getPath());
      if (!only.isEmpty()) {
        Set<String> chosen = new HashSet<>();
        for (String f : only) {
          chosen.add(fs.makeQualified(new Path(f)).toString());
        }
        files.removeIf(f -> !chosen.contains(fs.makeQualified(f.getPath()).toString()));
      }
      List<Optional<String>> firstLines = firstLines(fs, files, new CompressionCodecFactory(conf));
      for (int i = 0; i < files.size(); i++) {
        String file = files.get(i).getPath().toString();
        firstLines.get(i).ifPresent(line -> groups.computeIfAbsent(line, l -> new ArrayList<>()).add(file));
      }
      return groups;
    } catch (IOException e) {
      throw new InputException("cannot read the headers of " + path + ": "
          + Excerpt.of(String.valueOf(e.getMessage()), DataFiles.MESSAGE_CHARS));
    }
  }

  /**
   * The first non-blank line of each file, read by a few threads at once: on an object store each open is a round
   * trip, and a folder may hold thousands of files.
   */
  private static List<Optional<String>> firstLines(FileSystem fs, List<FileStatus> files, CompressionCodecFactory codecs)
      throws IOException {
    ExecutorService readers = Executors.newFixedThreadPool(Math.max(1, Math.min(READERS, files.size())), r -> {
      Thread t = new Thread(r, "sluice-csv-header");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Optional<String>>> pending = new ArrayList<>();
      for (FileStatus f : files) {
        pending.add(readers.submit(() -> firstLine(fs, f.getPath(), codecs)));
      }
      List<Optional<String>> lines = new ArrayList<>();
      for (Future<Optional<String>> p : pending) {
        lines.add(p.get());
      }
      return lines;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      readers.shutdownNow();
    }
  }

  /** The first non-blank line of a file, decompressed as Spark would by its extension ({@code .gz}, {@code .bz2}…). */
  private static Optional<String> firstLine(FileSystem fs, Path file, CompressionCodecFactory codecs) throws IOException {
    CompressionCodec codec = codecs.getCodec(file);
    Decompressor decompressor = codec == null ? null : CodecPool.getDecompressor(codec);
    try (InputStream raw = fs.open(file);
        InputStream in = codec == null ? raw : codec.createInputStream(raw, decompressor);
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.trim().isEmpty()) { // Spark's own test for a blank line (Scala's trim is Java's)
          return Optional.of(line);
        }
      }
      return Optional.empty();
    } finally {
      if (decompressor != null) {
        CodecPool.returnDecompressor(decompressor);
      }
    }
  }
}
