package io.sluice.spark.internal;

import io.sluice.spark.Input;
import io.sluice.spark.source.DataFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFooterReader;
import org.apache.spark.sql.execution.datasources.parquet.ParquetReadSupport;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * The schema of a Parquet input read on the driver from one file's footer, without a Spark job.
 *
 * <p>Spark infers a Parquet input's schema with a job of its own (one task that reads footers), even for one
 * file, a fixed cost of every run that a footer read on the driver avoids (docs/benchmarks.md). When Spark wrote the files, the footer holds the exact schema Spark will read
 * them with (the {@code row.metadata} key), and one footer is a few milliseconds away. Spark itself reads one
 * file's footer in that case (merging is off by default) and trusts every file to agree. Anything less plain
 * (schema merging asked for, summary files, a glob, partition folders, files Spark did not write, a footer
 * that does not parse) is left to Spark's own inference, which then also gives its own error messages.
 */
public final class ParquetSchema {
  private ParquetSchema() {}

  /** The schema Spark would infer for {@code path}, or empty when only Spark's own inference can tell. */
  public static Optional<StructType> of(SparkSession spark, String path) {
    if (path.chars().anyMatch(ch -> "*?[]{}\\".indexOf(ch) >= 0)
        || Boolean.parseBoolean(spark.conf().get("spark.sql.parquet.mergeSchema", "false"))) {
      return Optional.empty();
    }
    try {
      Configuration conf = spark.sessionState().newHadoopConf();
      Path root = new Path(path);
      FileSystem fs = root.getFileSystem(conf);
      Optional<FileStatus> first = firstDataFile(fs, root);
      if (first.isEmpty()) {
        return Optional.empty();
      }
      var footer = ParquetFooterReader.readFooter(conf, first.get(), ParquetMetadataConverter.SKIP_ROW_GROUPS);
      String json = footer.getFileMetaData().getKeyValueMetaData().get(ParquetReadSupport.SPARK_METADATA_KEY());
      if (json == null) {
        return Optional.empty();
      }
      return DataType.fromJson(json) instanceof StructType s ? Optional.of(s.asNullable()) : Optional.empty();
    } catch (IOException | RuntimeException e) { // unreadable or not Spark's: Spark's inference says why
      return Optional.empty();
    }
  }

  /**
   * The first data file (by name) of a file or a folder of files, or empty when the folder holds partition
   * folders or Parquet summary files ({@code _metadata}, {@code _common_metadata}), which Spark reads first.
   * Hidden names ({@link Input#hidden}) are not data, as for Spark.
   */
  private static Optional<FileStatus> firstDataFile(FileSystem fs, Path root) throws IOException {
    FileStatus top = fs.getFileStatus(root);
    if (top.isFile()) {
      return Optional.of(top);
    }
    List<FileStatus> data = new ArrayList<>();
    for (FileStatus s : fs.listStatus(root)) {
      String name = s.getPath().getName();
      if (name.equals("_metadata") || name.equals("_common_metadata")) {
        return Optional.empty();
      }
      if (DataFiles.hidden(name)) {
        continue;
      }
      if (s.isDirectory()) { // partition folders (or nested data): Spark's partition discovery decides
        return Optional.empty();
      }
      data.add(s);
    }
    return data.stream().min(Comparator.comparing(s -> s.getPath().getName()));
  }
}
