package io.sluice.spark.commit;

import io.sluice.contract.Remedy;
import io.sluice.spark.Format;
import io.sluice.spark.Input;
import io.sluice.spark.InputException;
import io.sluice.spark.SchemaMismatchException;
import io.sluice.spark.internal.ParquetSchema;
import io.sluice.spark.source.DataFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A target keeps one schema. A run may write into an existing Parquet or Delta target only what its readers can
 * read as before: every column it has, with the same type. New columns are additive (older rows read them as null:
 * Delta merges them into the table's schema; a Parquet folder's readers set {@code mergeSchema}); anything else — a
 * column gone, a type changed — is refused before anything is written, with every difference listed.
 */
public final class TargetSchema {
  private TargetSchema() {}

  /** The schema the target holds now, if it holds data. */
  public static Optional<StructType> existing(SparkSession spark, String target, Format format) {
    try {
      Path p = new Path(target);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (format == Format.DELTA) {
        return fs.exists(new Path(p, "_delta_log"))
            ? Optional.of(spark.read().format("delta").load(target).schema()) : Optional.empty();
      }
      if (!fs.exists(p) || DataFiles.list(fs, p).isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(ParquetSchema.of(spark, target).orElseGet(() -> spark.read().parquet(target).schema()));
    } catch (IOException e) {
      throw new InputException("cannot read the schema of the target " + target + ": " + e.getMessage());
    }
  }

  /** Every way {@code written} would break {@code existing} (empty when it only adds columns). */
  public static List<String> differences(StructType existing, StructType written) {
    Map<String, StructField> byName = new HashMap<>();
    for (StructField f : written.fields()) {
      byName.put(f.name().toLowerCase(Locale.ROOT), f);
    }
    List<String> differences = new ArrayList<>();
    for (StructField old : existing.fields()) {
      StructField now = byName.get(old.name().toLowerCase(Locale.ROOT));
      if (now == null) {
        differences.add("column '" + old.name() + "' (" + old.dataType().catalogString() + ") would no longer be written");
      } else if (!now.dataType().catalogString().equals(old.dataType().catalogString())) {
        differences.add("column '" + old.name() + "' would change from " + old.dataType().catalogString() + " to "
            + now.dataType().catalogString());
      }
    }
    return differences;
  }

  /** Refuses {@code written} when it breaks the target's schema. */
  public static void check(SparkSession spark, String target, Format format, StructType written, String contractFile) {
    Optional<StructType> existing = existing(spark, target, format);
    if (existing.isEmpty()) {
      return;
    }
    List<String> differences = differences(existing.get(), written);
    if (!differences.isEmpty()) {
      throw new SchemaMismatchException("Cannot append to " + target + ": its schema differs from what contract "
          + contractFile + " writes: " + String.join("; ", differences) + ". Nothing was written. Keep the target's"
          + " columns and types (add columns instead), or write to a new target, or reprocess the source into this one",
          Remedy.REPROCESS);
    }
  }
}
