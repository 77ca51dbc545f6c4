package io.sluice.spark.reference;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.sluice.check.Reference;
import io.sluice.check.Reference.CatalogTable;
import io.sluice.check.Reference.DatasetPath;
import io.sluice.check.RowRule;
import io.sluice.check.Sql;
import io.sluice.contract.Excerpt;
import io.sluice.spark.Format;
import io.sluice.spark.Input;
import io.sluice.spark.InputException;
import io.sluice.spark.internal.KeyIn;
import io.sluice.spark.internal.PlanSize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The keys a {@code references} check looks rows up in, and the flag it sets on the checked rows: TRUE for a row
 * whose key has no null part and is not among them (such a row fails), FALSE otherwise.
 *
 * <p>The referenced dataset is read when the checked rows are first planned, once per run: its distinct keys with no
 * null part, cast to the checked key's types (the comparison is in the checked data's types, as the contract
 * declares them; a referenced value that does not cast is no key). How they meet the rows is decided from Spark's
 * size estimate of those keys ({@link PlanSize}, no job): up to {@value #DEFAULT_BROADCAST_BYTES} bytes
 * ({@link #BROADCAST_BYTES}) they are collected, at most {@link #COLLECT_LIMIT} of them, and tested in the one pass
 * over the rows, by membership for a key of one string, int or long column of up to {@value #KEY_SET_LIMIT} keys,
 * else by a broadcast join. Larger, or more keys than the limit, they are joined: Spark plans that join (a
 * sort-merge join, which shuffles the rows once) with the referenced dataset read as part of the run's job.
 */
public final class ReferencedKeys {
  /** Spark conf: the largest size estimate, in bytes, of the referenced keys that are collected and broadcast. */
  public static final String BROADCAST_BYTES = "sluice.references.broadcastBytes";
  public static final long DEFAULT_BROADCAST_BYTES = 64L << 20;
  /** Spark conf: the most referenced keys collected to the driver; with more, they are joined after all. */
  public static final String COLLECT_LIMIT = "sluice.references.collectLimit";
  public static final int DEFAULT_COLLECT_LIMIT = 2_000_000;
  /** Up to this many keys of one column are a membership test in the pass; more a broadcast join. */
  static final int KEY_SET_LIMIT = 100_000;

  /** How the keys met the rows. */
  public enum Strategy {
    /** Collected, and tested as a set in the pass over the rows. */
    MEMBERSHIP,
    /** Collected, and broadcast to a join with the rows. */
    BROADCAST,
    /** Joined with the rows as Spark plans it. */
    JOIN
  }

  /** The rows with the check's flag, and how it was computed. */
  public record Flagged(Dataset<Row> rows, Strategy strategy) {}

  private ReferencedKeys() {}

  /**
   * {@code rows} with column {@code flag}: TRUE where the key of {@code rule} has no null part and is not in its
   * referenced dataset.
   *
   * @throws InputException when the referenced dataset is missing, unreadable, or lacks a referenced column
   */
  public static Flagged flag(Dataset<Row> rows, RowRule rule, String flag) {
    return flag(rows, rule, flag, c -> col(Sql.ident(c)));
  }

  /**
   * As {@link #flag(Dataset, RowRule, String)}, looking up each key column as {@code stored} gives it: as its layer
   * stores it (a deterministically encrypted column as its token, which a dataset Sluice wrote with the same key and
   * domain holds), rather than in clear.
   */
  public static Flagged flag(Dataset<Row> rows, RowRule rule, String flag, Function<String, Column> stored) {
    Reference reference = rule.reference().orElseThrow(() -> new IllegalArgumentException(rule.id() + " is no reference"));
    SparkSession spark = rows.sparkSession();
    List<String> key = rule.columns();
    String[] original = rows.columns();
    Dataset<Row> valued = rows;
    Column keyPresent = lit(true);
    for (int j = 0; j < key.size(); j++) {
      valued = valued.withColumn(flag + "_v" + j, stored.apply(key.get(j)));
      keyPresent = keyPresent.and(col(Sql.ident(key.get(j))).isNotNull());
    }
    Dataset<Row> source = read(spark, rule, reference);
    List<Column> keys = new ArrayList<>();
    Column present = lit(true);
    for (int j = 0; j < key.size(); j++) {
      String referenced = column(source, rule, reference, reference.columns().get(j));
      keys.add(col(Sql.ident(referenced)).cast(valued.schema().apply(flag + "_v" + j).dataType()).as(flag + "_k" + j));
      present = present.and(col(flag + "_k" + j).isNotNull());
    }
    Dataset<Row> found = source.select(keys.toArray(Column[]::new)).where(present).distinct();
    long limit = conf(spark, COLLECT_LIMIT, DEFAULT_COLLECT_LIMIT);
    Flagged flagged = null;
    if (PlanSize.bytes(found) <= conf(spark, BROADCAST_BYTES, DEFAULT_BROADCAST_BYTES)) {
      List<Row> collected = collect(found, rule, reference, limit);
      if (collected.size() <= limit) {
        DataType type = found.schema().fields()[0].dataType();
        if (key.size() == 1 && collected.size() <= KEY_SET_LIMIT
            && (type == DataTypes.StringType || type == DataTypes.IntegerType || type == DataTypes.LongType)) {
          List<Object> values = collected.stream().map(r -> r.get(0)).toList();
          Column in = values.isEmpty() ? lit(false) : KeyIn.of(col(flag + "_v0"), type, values);
          flagged = new Flagged(valued.withColumn(flag, keyPresent.and(not(in))), Strategy.MEMBERSHIP);
        } else {
          Dataset<Row> local = spark.createDataFrame(collected, found.schema());
          flagged = new Flagged(join(valued, org.apache.spark.sql.functions.broadcast(local), key.size(), flag, keyPresent),
              Strategy.BROADCAST);
        }
      }
    }
    if (flagged == null) {
      flagged = new Flagged(join(valued, found, key.size(), flag, keyPresent), Strategy.JOIN);
    }
    List<Column> keep = new ArrayList<>();
    for (String c : original) {
      keep.add(col(Sql.ident(c)));
    }
    keep.add(col(flag));
    return new Flagged(flagged.rows().select(keep.toArray(Column[]::new)), flagged.strategy());
  }

  private static Dataset<Row> join(Dataset<Row> rows, Dataset<Row> keys, int width, String flag, Column keyPresent) {
    Dataset<Row> marked = keys.withColumn(flag + "_found", lit(true));
    Column on = lit(true);
    for (int j = 0; j < width; j++) {
      on = on.and(rows.col(flag + "_v" + j).equalTo(marked.col(flag + "_k" + j)));
    }
    Dataset<Row> joined = rows.join(marked, on, "left");
    List<Column> keep = new ArrayList<>();
    for (String c : rows.columns()) {
      keep.add(rows.col(Sql.ident(c)));
    }
    keep.add(keyPresent.and(marked.col(flag + "_found").isNull()).as(flag));
    return joined.select(keep.toArray(Column[]::new));
  }

  private static List<Row> collect(Dataset<Row> found, RowRule rule, Reference reference, long limit) {
    try {
      return found.limit((int) Math.min(Integer.MAX_VALUE - 1, limit) + 1).collectAsList();
    } catch (Exception e) { // a file that vanished or does not parse is found only when read (SparkException)
      throw unreadable(rule, reference, e);
    }
  }

  private static Dataset<Row> read(SparkSession spark, RowRule rule, Reference reference) {
    try {
      if (reference.data() instanceof DatasetPath p) {
        Format format = p.format().flatMap(Format::named).or(() -> Input.infer(p.path()))
            .orElseThrow(() -> new InputException("Cannot check reference " + Excerpt.quoted(rule.id()) + ": the format of "
                + p.path() + " cannot be told from its files; give it in the contract, e.g. 'format: delta'"));
        return new Input(p.path(), format).read(spark);
      }
      return spark.table(((CatalogTable) reference.data()).name());
    } catch (InputException e) {
      if (e.getMessage().startsWith("Cannot check reference")) {
        throw e;
      }
      throw new InputException("Cannot check reference " + Excerpt.quoted(rule.id()) + ": " + e.getMessage()
          + "; fix the reference's path and format in the contract, or create the referenced dataset first");
    } catch (Exception e) { // AnalysisException (no such table, undeclared), a file system that refuses the path
      throw unreadable(rule, reference, e);
    }
  }

  private static InputException unreadable(RowRule rule, Reference reference, Exception e) {
    return new InputException("Cannot check reference " + Excerpt.quoted(rule.id()) + ": " + reference.data().describe()
        + " cannot be read (" + Input.firstLineOf(e) + "); fix the reference in the contract, or create the referenced"
        + " dataset first");
  }

  /** The referenced dataset's own name for {@code name}, which Spark matches ignoring case. */
  private static String column(Dataset<Row> source, RowRule rule, Reference reference, String name) {
    Optional<String> found = Arrays.stream(source.schema().fields()).map(StructField::name)
        .filter(n -> n.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))).findFirst();
    return found.orElseThrow(() -> new InputException("Cannot check reference " + Excerpt.quoted(rule.id()) + ": "
        + reference.data().describe() + " has no column " + Excerpt.quoted(name) + "; its columns: "
        + Excerpt.list(Arrays.asList(source.columns())) + ". Fix the referenced column in the contract"));
  }

  private static long conf(SparkSession spark, String key, long fallback) {
    return Long.parseLong(spark.conf().get(key, String.valueOf(fallback)));
  }
}
