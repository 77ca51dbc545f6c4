package io.sluice.spark.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.delta.actions.SetTransaction;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * Commits Parquet files that are already in a Delta table's folder into its transaction log: one atomic Delta
 * commit of their {@code AddFile}s, a {@code SetTransaction} that makes it idempotent, the table's metadata when the
 * table is new or gains columns, and — for a replacement — a {@code RemoveFile} for each file it replaces.
 *
 * <p>Delta's public API writes only DataFrames; committing files someone else wrote takes its log's classes
 * ({@code DeltaLog}, {@code OptimisticTransaction}, the actions), which are Delta's Scala internals. They are used
 * here and nowhere else: the one class a Delta upgrade has to touch. The transaction is Delta's own, so its checks
 * (protocol, column names, conflicts with concurrent commits and their retries, checkpoints) are the same as for
 * {@code df.write().format("delta")}; what Delta's writer does on the way from a DataFrame to files — partitioning,
 * column mapping's physical names, constraints, generated and identity columns, statistics beyond the row count —
 * is not done, so a table that needs any of it is refused ({@link #problems}) before anything is written.
 */
public final class DeltaCommit {
  private DeltaCommit() {}

  /**
   * A data file in the table's folder: its path relative to the table's root (not escaped), its size and
   * modification time as the file system reports them, and its rows (negative when not known).
   */
  public record DataFile(String path, long size, long modificationTime, long rows) {}

  /** What a commit did. */
  public enum Outcome {
    /** The files are in the table now. */
    COMMITTED,
    /** The table had seen this transaction (application id and version): nothing was committed. */
    ALREADY_COMMITTED
  }

  /** A table whose state or schema a direct commit cannot take; the message says why. */
  public static final class RefusedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    RefusedException(String message) {
      super(message);
    }
  }

  /** The table's latest version, or -1 when {@code table} holds no Delta table. */
  public static long version(SparkSession spark, String table) {
    return log(spark, table).update(false, Option.empty()).version();
  }

  /** The files a table holds at a version: their paths as its log names them. */
  public record Live(long version, List<String> paths) {
    public Live {
      paths = List.copyOf(paths);
    }
  }

  /**
   * The files the table holds now. A replacement removes exactly these: files that a concurrent run adds later are
   * not what it replaces.
   */
  public static Live liveFiles(SparkSession spark, String table) {
    OptimisticTransaction txn = log(spark, table).startTransaction();
    List<String> paths = new ArrayList<>();
    if (txn.readVersion() >= 0) {
      for (AddFile f : JavaConverters.seqAsJavaList(txn.filterFiles())) {
        paths.add(f.path());
      }
    }
    return new Live(txn.readVersion(), paths);
  }

  /**
   * Every reason {@code schema} cannot be committed to {@code table} as files Spark wrote with it (empty when it
   * can): what the table needs that this commit cannot do, a column whose type would change, or what Delta itself
   * refuses in the table's new metadata (a column name it does not allow, say). Nothing is committed.
   */
  public static List<String> problems(SparkSession spark, String table, StructType schema, boolean replace) {
    return prepare(log(spark, table).startTransaction(), schema, replace);
  }

  /**
   * Commits {@code files} (already in the table's folder) as one Delta commit, unless the table has seen the
   * transaction {@code appId} at {@code version} or later. With {@code replace}, the files of {@code replaced}
   * that are still in the table are removed in the same commit and the table takes {@code schema} as it is;
   * otherwise columns {@code schema} adds are merged into the table's schema.
   *
   * @throws RefusedException when the table cannot take the files ({@link #problems})
   */
  public static Outcome commit(SparkSession spark, String table, List<DataFile> files, StructType schema,
      String appId, long version, boolean replace, Set<String> replaced, Map<String, String> tags) {
    DeltaLog log = log(spark, table);
    OptimisticTransaction txn = log.startTransaction();
    if (txn.txnVersion(appId) >= version) {
      return Outcome.ALREADY_COMMITTED;
    }
    List<String> problems = prepare(txn, schema, replace);
    if (!problems.isEmpty()) {
      throw new RefusedException("Cannot commit to the Delta table " + table + ": " + String.join("; ", problems));
    }
    if (txn.readVersion() < 0) {
      log.createLogDirectory();
    }
    long now = System.currentTimeMillis();
    List<Action> actions = new ArrayList<>();
    for (DataFile f : files) {
      actions.add(new AddFile(escaped(f.path()), scala.collection.immutable.Map$.MODULE$.empty(), f.size(),
          f.modificationTime(), true, f.rows() >= 0 ? "{\"numRecords\":" + f.rows() + "}" : null,
          AddFile.apply$default$7(), AddFile.apply$default$8(), AddFile.apply$default$9(),
          AddFile.apply$default$10(), AddFile.apply$default$11()));
    }
    if (replace && txn.readVersion() >= 0) {
      // Reads the whole table: a concurrent commit that changes it makes this one fail rather than half replace it.
      for (AddFile live : JavaConverters.seqAsJavaList(txn.filterFiles())) {
        if (replaced.contains(live.path())) {
          actions.add(live.removeWithTimestamp(now, true));
        }
      }
    }
    actions.add(new SetTransaction(appId, version, Option.apply(now)));
    DeltaOperations.Write operation = new DeltaOperations.Write(replace ? SaveMode.Overwrite : SaveMode.Append,
        Option.apply(JavaConverters.asScalaBuffer(List.<String>of()).toList()), Option.empty(),
        Option.apply(spark.conf().get("spark.databricks.delta.commitInfo.userMetadata", null)));
    txn.commit(JavaConverters.asScalaBuffer(actions).toList(), operation, scalaMap(tags));
    return Outcome.COMMITTED;
  }

  /**
   * Whether a commit after {@code afterVersion} added any of {@code paths} (as {@link DataFile#path()} names them);
   * empty when the log no longer holds those commits (Delta removed them after its log retention).
   */
  public static Optional<Boolean> added(SparkSession spark, String table, Set<String> paths, long afterVersion) {
    DeltaLog log = log(spark, table);
    if (!log.tableExists()) {
      return Optional.of(false);
    }
    java.util.Set<String> escaped = new java.util.HashSet<>();
    paths.forEach(p -> escaped.add(escaped(p)));
    try {
      var changes = log.getChanges(Math.max(0, afterVersion + 1), true);
      while (changes.hasNext()) {
        for (Action a : JavaConverters.seqAsJavaList(changes.next()._2())) {
          if (a instanceof AddFile add && escaped.contains(add.path())) {
            return Optional.of(true);
          }
        }
      }
      return Optional.of(false);
    } catch (RuntimeException e) { // a commit file gone: what it held cannot be told
      return Optional.empty();
    }
  }

  private static DeltaLog log(SparkSession spark, String table) {
    return DeltaLog.forTable(spark, new Path(table));
  }

  /** How the log names a file: its relative path as a URI, as Delta's own writer escapes it. */
  private static String escaped(String relative) {
    try {
      return new URI(null, null, relative, null).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("not a relative path: " + relative, e);
    }
  }

  /**
   * Checks the table against {@code schema} and records, in {@code txn}, the metadata the commit needs: a new
   * table's, or the table's with the columns {@code schema} adds, or {@code schema} itself for a replacement.
   */
  private static List<String> prepare(OptimisticTransaction txn, StructType schema, boolean replace) {
    StructType written = nullable(schema);
    List<String> problems = new ArrayList<>();
    Metadata proposed;
    if (txn.readVersion() < 0) {
      proposed = new Metadata(Metadata.apply$default$1(), Metadata.apply$default$2(), Metadata.apply$default$3(),
          Metadata.apply$default$4(), written.json(), JavaConverters.asScalaBuffer(List.<String>of()).toList(),
          Metadata.apply$default$7(), Option.apply(System.currentTimeMillis()));
    } else {
      Metadata current = txn.metadata();
      problems.addAll(unsupported(current, replace));
      StructType now = current.schema();
      StructType next = replace ? written : merged(now, written, problems);
      proposed = next.equals(now) ? null : current.copy(current.id(), current.name(), current.description(),
          current.format(), next.json(), current.partitionColumns(), current.configuration(), current.createdTime());
    }
    if (problems.isEmpty() && proposed != null) {
      try {
        if (replace && txn.readVersion() >= 0) {
          txn.updateMetadataForTableOverwrite(proposed);
        } else {
          txn.updateMetadata(proposed, false);
        }
      } catch (RuntimeException e) { // Delta's own refusal of the metadata (an AnalysisException, usually)
        problems.add(firstLine(e));
      }
    }
    return problems;
  }

  /** What in the table's metadata Delta's writer would do for a write and a direct commit cannot. */
  private static List<String> unsupported(Metadata m, boolean replace) {
    List<String> problems = new ArrayList<>();
    if (!m.partitionColumns().isEmpty()) {
      problems.add("it is partitioned by " + JavaConverters.seqAsJavaList(m.partitionColumns())
          + " and Sluice writes unpartitioned Delta tables");
    }
    Map<String, String> conf = JavaConverters.mapAsJavaMap(m.configuration());
    String mapping = conf.getOrDefault("delta.columnMapping.mode", "none");
    if (!mapping.equalsIgnoreCase("none")) {
      problems.add("it uses column mapping (mode " + mapping + "), whose files hold physical column names");
    }
    List<String> constraints = conf.keySet().stream().filter(k -> k.startsWith("delta.constraints.")).sorted().toList();
    if (!constraints.isEmpty()) {
      problems.add("it has CHECK constraints (" + String.join(", ", constraints) + ") that only Delta's writer checks");
    }
    if (replace && Boolean.parseBoolean(conf.getOrDefault("delta.appendOnly", "false"))) {
      problems.add("it is append-only (delta.appendOnly) and replacing its contents removes files");
    }
    for (StructField f : m.schema().fields()) {
      fieldProblems(f.name(), f, problems);
    }
    return problems;
  }

  private static void fieldProblems(String path, StructField f, List<String> problems) {
    if (!f.nullable()) {
      problems.add("column '" + path + "' is NOT NULL, which only Delta's writer checks");
    }
    for (String key : List.of("delta.generationExpression", "delta.identity.start", "delta.invariants",
        "__CHAR_VARCHAR_TYPE_STRING")) {
      if (f.metadata().contains(key)) {
        problems.add("column '" + path + "' is " + switch (key) {
          case "delta.generationExpression" -> "generated";
          case "delta.identity.start" -> "an identity column";
          case "delta.invariants" -> "checked by an invariant";
          default -> "a char or varchar column";
        } + ", which only Delta's writer fills in or checks");
      }
    }
    DataType t = f.dataType();
    while (t instanceof ArrayType a) {
      t = a.elementType();
    }
    if (t instanceof StructType s) {
      for (StructField inner : s.fields()) {
        fieldProblems(path + "." + inner.name(), inner, problems);
      }
    }
  }

  /**
   * The table's schema with the columns {@code written} adds at its end; a column of both whose type differs is a
   * problem (added to {@code problems}).
   */
  private static StructType merged(StructType table, StructType written, List<String> problems) {
    Map<String, StructField> byName = new HashMap<>();
    for (StructField f : written.fields()) {
      byName.put(f.name().toLowerCase(Locale.ROOT), f);
    }
    StructType merged = new StructType();
    for (StructField old : table.fields()) {
      StructField now = byName.remove(old.name().toLowerCase(Locale.ROOT));
      if (now != null && !now.dataType().catalogString().equals(old.dataType().catalogString())) {
        problems.add("column '" + old.name() + "' would change from " + old.dataType().catalogString() + " to "
            + now.dataType().catalogString());
      }
      merged = merged.add(old);
    }
    for (StructField f : written.fields()) {
      if (byName.containsKey(f.name().toLowerCase(Locale.ROOT))) {
        merged = merged.add(f);
      }
    }
    return merged;
  }

  /** {@code schema} with every field nullable, at every depth: how Spark writes Parquet, and how Delta stores it. */
  static StructType nullable(StructType schema) {
    StructField[] fields = new StructField[schema.fields().length];
    for (int i = 0; i < fields.length; i++) {
      StructField f = schema.fields()[i];
      fields[i] = new StructField(f.name(), nullable(f.dataType()), true, f.metadata());
    }
    return new StructType(fields);
  }

  private static DataType nullable(DataType t) {
    if (t instanceof StructType s) {
      return nullable(s);
    }
    if (t instanceof ArrayType a) {
      return new ArrayType(nullable(a.elementType()), true);
    }
    if (t instanceof MapType m) {
      return new MapType(nullable(m.keyType()), nullable(m.valueType()), true);
    }
    return t;
  }

  private static scala.collection.immutable.Map<String, String> scalaMap(Map<String, String> map) {
    scala.collection.immutable.Map<String, String> out = scala.collection.immutable.Map$.MODULE$.empty();
    for (Map.Entry<String, String> e : map.entrySet()) {
      out = out.$plus(new Tuple2<>(e.getKey(), e.getValue()));
    }
    return out;
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
