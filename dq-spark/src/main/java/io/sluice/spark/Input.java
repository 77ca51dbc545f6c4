package io.sluice.spark;

import io.sluice.contract.Contract;
import io.sluice.contract.Excerpt;
import io.sluice.contract.Remedy;
import io.sluice.spark.commit.Staging;
import io.sluice.spark.internal.ParquetSchema;
import io.sluice.spark.source.CsvInput;
import io.sluice.spark.source.DataFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A dataset to read: a path (any Hadoop filesystem) and its format. Text formats are read with every
 * column as a string, so the contract's strict casts decide what a value is (Spark's own inference
 * would turn {@code "12abc"} into null or a string column silently), and in PERMISSIVE mode with a
 * corrupt-record column, so a CSV line with a wrong field count or a JSON line that does not parse
 * comes through as a malformed record instead of failing the job or vanishing.
 */
public record Input(String path, Format format, List<String> files) implements Source {
  /**
   * @param files when not empty, the only files of the folder {@code path} to read (fully qualified), as an
   *     incremental run reads the files no earlier run committed; partition folders keep {@code path} as their base
   */
  public Input {
    files = List.copyOf(files);
  }

  public Input(String path, Format format) {
    this(path, format, List.of());
  }

  /** This input restricted to {@code files} of its folder. */
  Input only(List<String> files) {
    if (format == Format.DELTA) {
      throw new IllegalArgumentException("a Delta table is read by version, not by files");
    }
    return new Input(path, format, files);
  }

  /** The input at {@code path}, its format inferred from the extension or the folder's content. */
  public static Input of(String path) {
    return new Input(path, infer(path).orElseThrow(() -> new InputException("cannot tell the format of " + path
        + " from its name: give its format (csv, json, parquet, orc or delta)", Remedy.INPUT_FORMAT)));
  }

  /** The format of a path: a Delta table's {@code _delta_log}, or the extension of the path or its files. */
  public static Optional<Format> infer(String path) {
    Optional<Format> byName = byExtension(path);
    if (byName.isPresent()) {
      return byName;
    }
    java.nio.file.Path local = localPath(path);
    if (local != null && java.nio.file.Files.isDirectory(local)) {
      if (java.nio.file.Files.isDirectory(local.resolve("_delta_log"))) {
        return Optional.of(Format.DELTA);
      }
      try (var files = java.nio.file.Files.walk(local, 3)) {
        // Hidden and underscore names anywhere below the folder are not data (Spark skips them too): a
        // transition's target holds its state in _sluice/*.json, which must not make a Parquet table "json".
        return files.filter(java.nio.file.Files::isRegularFile)
            .filter(p -> {
              for (java.nio.file.Path part : local.relativize(p)) {
                if (DataFiles.hidden(part.toString())) {
                  return false;
                }
              }
              return true;
            })
            .map(p -> p.getFileName().toString())
            .map(Input::byExtension).flatMap(Optional::stream).findFirst();
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    return local == null ? inferThroughHadoop(path) : Optional.empty();
  }

  /** {@link #infer} for a folder on another file system (HDFS, an object store): through Hadoop, a few levels down. */
  private static Optional<Format> inferThroughHadoop(String path) {
    try {
      Path dir = new Path(path);
      org.apache.hadoop.conf.Configuration conf = org.apache.spark.sql.SparkSession.getActiveSession().isDefined()
          ? org.apache.spark.sql.SparkSession.getActiveSession().get().sparkContext().hadoopConfiguration()
          : new org.apache.hadoop.conf.Configuration();
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.getFileStatus(dir).isDirectory()) {
        return Optional.empty();
      }
      if (fs.exists(new Path(dir, "_delta_log"))) {
        return Optional.of(Format.DELTA);
      }
      java.util.ArrayDeque<Path> level = new java.util.ArrayDeque<>(List.of(dir));
      for (int depth = 0; depth < 3 && !level.isEmpty(); depth++) {
        java.util.ArrayDeque<Path> next = new java.util.ArrayDeque<>();
        for (Path d : level) {
          for (FileStatus f : fs.listStatus(d)) {
            if (DataFiles.hidden(f.getPath().getName())) {
              continue;
            }
            if (f.isDirectory()) {
              next.add(f.getPath());
            } else {
              Optional<Format> format = byExtension(f.getPath().getName());
              if (format.isPresent()) {
                return format;
              }
            }
          }
        }
        level = next;
      }
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) { // no such folder, or a scheme without a file system here
      return Optional.empty();
    }
  }

  private static Optional<Format> byExtension(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (String suffix : List.of(".gz", ".bz2", ".snappy", ".zstd", ".lz4")) {
      if (n.endsWith(suffix) && !n.endsWith(".snappy.parquet")) {
        n = n.substring(0, n.length() - suffix.length());
      }
    }
    int dot = n.lastIndexOf('.');
    int slash = n.lastIndexOf('/');
    if (dot < 0 || dot < slash) {
      return Optional.empty();
    }
    return Format.named(n.substring(dot + 1));
  }

  static java.nio.file.Path localPath(String path) {
    if (path.startsWith("file:")) {
      return java.nio.file.Path.of(java.net.URI.create(path));
    }
    return path.contains("://") ? null : java.nio.file.Path.of(path);
  }

  /**
   * Reads the input as {@code contract} expects it (text formats as strings, malformed records kept).
   *
   * @throws InputException when it is missing or unreadable
   */
  public Dataset<Row> read(SparkSession spark, Contract contract) {
    return read(spark, contract, Enforcer.DEFAULT_CORRUPT_RECORD_COLUMN);
  }

  /** Reads the input for {@code contract}; {@code corruptColumn} receives the raw text of malformed records. */
  @Override
  public Dataset<Row> read(SparkSession spark, Contract contract, String corruptColumn) {
    return read(spark, () -> contract.columns().stream().map(io.sluice.contract.Column::name).toList(), corruptColumn);
  }

  /**
   * Reads the input as it is, with no contract to go by (to write one from it): text formats as strings,
   * malformed records' raw text in {@link Enforcer#DEFAULT_CORRUPT_RECORD_COLUMN}, as {@link #read(SparkSession, Contract)}
   * reads them.
   *
   * @throws InputException when it is missing or unreadable
   */
  public Dataset<Row> read(SparkSession spark) {
    return read(spark, List::of, Enforcer.DEFAULT_CORRUPT_RECORD_COLUMN);
  }

  /** {@code columns}: what a JSON input whose every line is malformed is read as (it names none itself). */
  private Dataset<Row> read(SparkSession spark, java.util.function.Supplier<List<String>> columns, String corruptColumn) {
    mustExist(spark);
    try {
      return switch (format) {
        case CSV -> CsvInput.read(spark, path, files, corruptColumn); // each file by its own header
        case JSON -> readJson(spark, columns, corruptColumn);
        // A Parquet input's schema from one footer when Spark wrote it (ParquetSchema): no inference job.
        case PARQUET -> ParquetSchema.of(spark, files.isEmpty() ? path : files.get(0))
            .map(s -> reader(spark).schema(s).parquet(paths())).orElseGet(() -> reader(spark).parquet(paths()));
        case ORC -> reader(spark).format(format.sparkName()).load(paths());
        case DELTA -> spark.read().format(format.sparkName()).load(path);
      };
    } catch (InputException e) {
      throw e;
    } catch (Exception e) { // SparkException is checked, and Scala throws it undeclared
      throw new InputException("cannot read " + path + " as " + format.sparkName() + ": " + firstLine(e));
    }
  }

  /** A reader of the whole path, or of the chosen files with the path as their base (partition columns kept). */
  private org.apache.spark.sql.DataFrameReader reader(SparkSession spark) {
    return files.isEmpty() ? spark.read() : spark.read().option("basePath", path);
  }

  private String[] paths() {
    return files.isEmpty() ? new String[] {path} : files.toArray(String[]::new);
  }

  private Dataset<Row> readJson(SparkSession spark, java.util.function.Supplier<List<String>> columns, String corruptColumn) {
    // Field names from the data (so missing and extra columns are seen), every value kept as its JSON text.
    StructType inferred = reader(spark).option("primitivesAsString", "true").json(paths()).schema();
    StructType schema = new StructType();
    for (String name : inferred.fieldNames()) {
      if (!name.equals(corruptColumn)) {
        schema = schema.add(name, DataTypes.StringType, true);
      }
    }
    if (schema.isEmpty()) {
      for (String c : columns.get()) {
        schema = schema.add(c, DataTypes.StringType, true); // nothing parsed: every line is malformed
      }
    }
    schema = schema.add(corruptColumn, DataTypes.StringType, true);
    return reader(spark).schema(schema)
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", corruptColumn)
        .json(paths());
  }

  @Override
  public void mustExist(SparkSession spark) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        throw new InputException("no such file or folder: " + path);
      }
    } catch (IOException e) {
      throw new InputException("cannot reach " + path + ": " + Excerpt.of(String.valueOf(e.getMessage()), DataFiles.MESSAGE_CHARS));
    }
  }

  @Override
  public String describe() {
    return path;
  }

  /**
   * The identity of this input as a batch: SHA-256 over its files' relative names, sizes and
   * modification times. The same files give the same id, so a re-run is recognised and not written twice.
   */
  @Override
  public String batchId(SparkSession spark) {
    try {
      Path root = new Path(path);
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus top = fs.getFileStatus(root);
      List<String> entries = new ArrayList<>();
      String base = top.getPath().toUri().getPath();
      if (!files.isEmpty()) {
        for (String f : files) {
          FileStatus st = fs.getFileStatus(new Path(f));
          entries.add(st.getPath().toUri().getPath().substring(base.length()) + "|" + st.getLen() + "|"
              + st.getModificationTime());
        }
      } else if (top.isFile()) {
        entries.add(top.getPath().getName() + "|" + top.getLen() + "|" + top.getModificationTime());
      } else {
        for (FileStatus f : Staging.filesUnder(fs, root)) {
          String rel = f.getPath().toUri().getPath().substring(base.length());
          entries.add(rel + "|" + f.getLen() + "|" + f.getModificationTime());
        }
      }
      entries.sort(Comparator.naturalOrder());
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(format.sparkName().getBytes(StandardCharsets.UTF_8));
      for (String e : entries) {
        sha.update((e + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What went wrong, in one line: the first line of the innermost message (Spark wraps the cause of a
   * failed task in job and stage errors, and puts plans and stack traces after the first line), as a short
   * printable {@link Excerpt}.
   */
  public static String firstLineOf(Throwable e) {
    return firstLine(e);
  }

  static String firstLine(Throwable e) {
    Throwable root = e;
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        root = t;
      }
    }
    String m = String.valueOf(root.getMessage());
    int nl = m.indexOf('\n');
    return Excerpt.of(nl < 0 ? m : m.substring(0, nl), DataFiles.MESSAGE_CHARS); // Spark's messages may quote the data
  }
}
