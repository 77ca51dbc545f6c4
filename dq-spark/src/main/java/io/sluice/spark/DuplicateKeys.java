package io.sluice.spark;

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
    // The candidates: a membership test in the scan (a primitive set of the repeated hashes), not a join, so
    // no broadcast job and no join to plan.
    List<Row> candidates = keyed.where(KeyIn.of(xxhash64(keys), org.apache.spark.sql.types.DataTypes.LongType, hashes))
        .collectAsList();
    // The exact count, on the driver: the candidates are the few rows whose hash repeats.
    Map<Row, Integer> seen = new HashMap<>();
    candidates.forEach(r -> seen.merge(r, 1, Integer::sum));
    List<Row> duplicates = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    return rows.sparkSession().createDataFrame(duplicates, schema);
  }

  /**
   * The hashes that occur more than once, each with its number of rows, as {hash, rows, hash, rows, ...}.
   * Each input partition sorts its hashes into one primitive array per reduce partition, and those arrays are
   * what is shuffled — a few large records instead of a row per hash — then each reduce partition sorts what it
   * received and keeps the hashes that repeat. As many reduce partitions as the input has, rounded up to a
   * multiple of the cores (Spark's default of 200 costs more than the hashes themselves on small inputs).
   */
  private static long[] repeatedHashes(Dataset<Row> hashes) {
    JavaRDD<InternalRow> rows = hashes.queryExecution().toRdd().toJavaRDD();
    // A multiple of the cores, so that the last wave of reduce tasks leaves none idle.
    int cores = Math.max(1, hashes.sparkSession().sparkContext().defaultParallelism());
    int partitions = (Math.max(cores, rows.getNumPartitions()) + cores - 1) / cores * cores;
    List<long[]> repeated = rows.mapPartitionsToPair(it -> buckets(it, partitions))
        .partitionBy(new org.apache.spark.HashPartitioner(partitions))
        .mapPartitions(DuplicateKeys::repeatedIn).collect();
    return repeated.stream().flatMapToLong(java.util.Arrays::stream).toArray();
  }

  /** One input partition's hashes, one array per reduce partition: (reduce partition, hashes). */
  private static Iterator<scala.Tuple2<Integer, long[]>> buckets(Iterator<InternalRow> rows, int partitions) {
    long[][] b = new long[partitions][64];
    int[] n = new int[partitions];
    while (rows.hasNext()) {
      long h = rows.next().getLong(0);
      int p = (int) Long.remainderUnsigned(h, partitions);
      if (n[p] == b[p].length) {
        b[p] = Arrays.copyOf(b[p], n[p] * 2);
      }
      b[p][n[p]++] = h;
    }
    List<scala.Tuple2<Integer, long[]>> out = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      if (n[p] > 0) {
        out.add(new scala.Tuple2<>(p, Arrays.copyOf(b[p], n[p])));
      }
    }
    return out.iterator();
  }

  /** One reduce partition's repeated hashes with their row counts, as one array {hash, rows, ...}. */
  private static Iterator<long[]> repeatedIn(Iterator<scala.Tuple2<Integer, long[]>> parts) {
    List<long[]> received = new ArrayList<>();
    int n = 0;
    while (parts.hasNext()) {
      long[] part = parts.next()._2();
      received.add(part);
      n += part.length;
    }
    long[] h = new long[n];
    int at = 0;
    for (long[] part : received) {
      System.arraycopy(part, 0, h, at, part.length);
      at += part.length;
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
