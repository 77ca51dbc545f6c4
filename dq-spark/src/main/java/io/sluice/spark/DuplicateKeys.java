package io.sluice.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import io.sluice.check.Sql;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * The keys that more than one row shares: what a {@code unique} check fails. Exact, and cheap where
 * duplicates are rare, which is the case a contract expects.
 *
 * <p>Counting every key (Spark's hash aggregation of N mostly distinct keys) costs more than copying
 * the data. Instead: every row's key becomes a 64-bit hash, the hashes are shuffled once (8 bytes a
 * row) and each partition sorts its hashes as a primitive array and keeps those that repeat. Equal keys
 * have equal hashes, so every duplicate key is among the few rows whose hash repeats; the keys of those
 * rows alone are then collected and counted exactly on the driver, so a hash collision costs a little work
 * and never a wrong verdict.
 *
 * <p>When many rows are candidates (a dataset that is mostly duplicates), they are no longer few: the keys
 * are then counted by an ordinary distributed aggregation instead. Jobs: the hash shuffle, then either a
 * scan that collects the candidates' keys or the aggregation.
 */
final class DuplicateKeys {
  /** Above this many candidate rows (rows whose key hash repeats), the keys are counted by a distributed aggregation. */
  static final int COLLECTED_LIMIT = 1_000_000;

  private static final String HASH = "__dq_h";

  private DuplicateKeys() {}

  /**
   * The keys ({@code key} columns) that occur in more than one row of {@code rows}, whose key columns are
   * all non-null: one row per duplicate key. Runs the hash job and the candidates' scan now; the result is a
   * small local relation (or, past {@code limit} candidate rows, a distributed aggregation).
   */
  static Dataset<Row> of(Dataset<Row> rows, List<String> key, int limit) {
    Column[] keys = key.stream().map(k -> col(Sql.ident(k))).toArray(Column[]::new);
    Dataset<Row> keyed = rows.select(keys);
    long[] repeated = repeatedHashes(keyed.select(xxhash64(keys).as(HASH)));
    // repeated = {hash, rows, hash, rows, ...}: how many rows the candidates are decides where to count them.
    long candidateRows = 0;
    List<Long> hashes = new ArrayList<>(repeated.length / 2);
    for (int i = 0; i < repeated.length; i += 2) {
      hashes.add(repeated[i]);
      candidateRows += repeated[i + 1];
    }
    if (candidateRows > limit) {
      return keyed.groupBy(keys).agg(count(lit(1)).as("__dq_n")).where(col("__dq_n").gt(1)).select(keys);
    }
    StructType schema = keyed.schema();
    if (hashes.isEmpty()) {
      return rows.sparkSession().createDataFrame(List.of(), schema);
    }
    Dataset<Row> repeatedHashes = rows.sparkSession().createDataset(hashes, Encoders.LONG()).toDF(HASH);
    List<Row> candidates = keyed.withColumn(HASH, xxhash64(keys))
        .join(broadcast(repeatedHashes), scala.collection.JavaConverters.asScalaBuffer(List.of(HASH)).toSeq(), "left_semi")
        .select(keys).collectAsList();
    // The exact count, on the driver: the candidates are the few rows whose hash repeats.
    Map<Row, Integer> seen = new HashMap<>();
    candidates.forEach(r -> seen.merge(r, 1, Integer::sum));
    List<Row> duplicates = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    return rows.sparkSession().createDataFrame(duplicates, schema);
  }

  /**
   * The hashes that occur more than once, each with its number of rows, as {hash, rows, hash, rows, ...}:
   * one shuffle of the hashes into as many partitions as the input has, and a primitive sort per partition.
   */
  private static long[] repeatedHashes(Dataset<Row> hashes) {
    // Spark's default of 200 shuffle partitions costs more than the hashes themselves on small inputs; the
    // input's own partitioning bounds each partition's array by what one input split holds.
    int partitions = Math.max(hashes.sparkSession().sparkContext().defaultParallelism(), hashes.rdd().getNumPartitions());
    JavaRDD<InternalRow> spread = hashes.repartition(partitions, col(HASH)).queryExecution().toRdd().toJavaRDD();
    List<long[]> repeated = spread.mapPartitions(DuplicateKeys::repeatedIn).collect();
    return repeated.stream().flatMapToLong(java.util.Arrays::stream).toArray();
  }

  /** One partition's repeated hashes with their row counts, as one array {hash, rows, ...}. */
  private static Iterator<long[]> repeatedIn(Iterator<InternalRow> rows) {
    long[] h = new long[1 << 12];
    int n = 0;
    while (rows.hasNext()) {
      if (n == h.length) {
        h = Arrays.copyOf(h, n * 2);
      }
      h[n++] = rows.next().getLong(0);
    }
    Arrays.sort(h, 0, n);
    long[] out = new long[16];
    int m = 0;
    for (int i = 0; i < n; ) {
      int j = i + 1;
      while (j < n && h[j] == h[i]) {
        j++;
      }
      if (j - i > 1) {
        if (m + 2 > out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        out[m++] = h[i];
        out[m++] = j - i;
      }
      i = j;
    }
    return List.of(Arrays.copyOf(out, m)).iterator();
  }
}
