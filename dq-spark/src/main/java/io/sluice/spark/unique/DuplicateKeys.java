package io.sluice.spark.unique;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import io.sluice.check.Sql;
import io.sluice.spark.internal.KeyIn;
import io.sluice.spark.internal.LongRows;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The keys that more than one row shares: what a {@code unique} check fails. Exact, cheap where duplicates are
 * rare (the case a contract expects), and with nothing on the driver that grows with the data.
 *
 * <p>Counting every key (Spark's hash aggregation of N mostly distinct keys) costs more than copying the
 * data. Instead: every row's key becomes a 64-bit hash, the hashes are shuffled once (8 bytes a row), sorted
 * as primitive arrays, and those that repeat are kept. Equal keys have equal hashes, so every duplicate key is
 * among the rows whose hash repeats; their keys alone are then counted exactly, so a hash collision costs a
 * little work and never a wrong verdict.
 *
 * <p>Where the keys are counted depends on how many repeat, which the hash shuffle measures before anything
 * proportional to it leaves the executors: the number of (input partition, repeated hash) pairs, which is how
 * many (key, count) entries counting the candidates partition by partition would send to the driver. Up to the
 * limit, the repeated hashes and then the candidates' counted keys are collected (a hot key is one entry per
 * partition, however many rows carry it) and the result is a small local relation. Past it, or when the keys
 * would take more bytes than the driver should receive, nothing more is collected: the keys are counted by Spark's distributed aggregation (partial counts per partition, so a hot
 * key is again one row per partition) and joined back by the caller.
 */
public final class DuplicateKeys {
  /**
   * The most (input partition, repeated key hash) pairs whose keys are collected to the driver; past it, the
   * keys are counted distributed. A duplicate key of two rows is one pair, or two if its rows are in two partitions.
   */
  public static final int COLLECTED_LIMIT = 100_000;

  private static final String HASH = "__dq_h";
  private static final long[] NONE = new long[0];

  private DuplicateKeys() {}

  /**
   * The keys ({@code key} columns) that occur in more than one row of {@code rows}, whose key columns are
   * all non-null: one row per duplicate key. Runs the hash job now, and unless the hashes that repeat are in more
   * than {@code limit} (input partition, hash) pairs, the candidates' scan: the result is then a small local
   * relation, else a distributed aggregation.
   */
  public static Dataset<Row> of(Dataset<Row> rows, List<String> key, int limit) {
    return of(rows, key, limit, resultBudget(rows));
  }

  /** As {@link #of(Dataset, List, int)}, collecting at most about {@code resultBytes} of counted keys. */
  public static Dataset<Row> of(Dataset<Row> rows, List<String> key, int limit, long resultBytes) {
    Column[] keys = key.stream().map(k -> col(Sql.ident(k))).toArray(Column[]::new);
    Dataset<Row> keyed = rows.select(keys);
    long[] repeated = repeatedHashes(keyed.select(xxhash64(keys).as(HASH)), limit);
    if (repeated == null) {
      return distributed(keyed, keys);
    }
    StructType schema = keyed.schema();
    if (repeated.length == 0) {
      return rows.sparkSession().createDataFrame(List.of(), schema);
    }
    // The candidates: a membership test in the scan (a primitive set of the repeated hashes), not a join, so
    // no broadcast job and no join to plan. Each partition counts its candidates' keys; the driver adds them up.
    JavaRDD<Row> candidates = keyed.where(KeyIn.of(xxhash64(keys), repeated)).javaRDD();
    long bytesPerPartition = resultBytes / Math.max(1, candidates.getNumPartitions());
    Map<Row, Long> seen = new HashMap<>();
    for (Counted counted : candidates.mapPartitions(it -> countKeys(it, bytesPerPartition)).collect()) {
      if (counted.keys() == null) { // wider keys than the driver should receive: count them distributed after all
        return distributed(keyed, keys);
      }
      for (int i = 0; i < counted.keys().length; i++) {
        seen.merge(counted.keys()[i], counted.counts()[i], Long::sum);
      }
    }
    List<Row> duplicates = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    return rows.sparkSession().createDataFrame(duplicates, schema);
  }

  /** The duplicate keys by Spark's aggregation: partial counts in each partition, then a shuffle of those. */
  private static Dataset<Row> distributed(Dataset<Row> keyed, Column[] keys) {
    return keyed.groupBy(keys).agg(count(lit(1)).as("__dq_n")).where(col("__dq_n").gt(1)).select(keys);
  }

  /**
   * How many bytes of counted keys the driver may receive: half of {@code spark.driver.maxResultSize}
   * (the rest is for Spark), or 512 MiB when that is unlimited.
   */
  private static long resultBudget(Dataset<Row> rows) {
    long max = rows.sparkSession().sparkContext().getConf().getSizeAsBytes("spark.driver.maxResultSize", "1g");
    return max <= 0 ? 512L << 20 : max / 2;
  }

  /** One partition's candidate keys, each once, with its number of rows; no keys if they would take too many bytes. */
  public record Counted(Row[] keys, long[] counts) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private static Iterator<Counted> countKeys(Iterator<Row> rows, long maxBytes) {
    Map<Row, long[]> counts = new HashMap<>();
    long bytes = 0;
    while (rows.hasNext()) {
      Row r = rows.next();
      long[] n = counts.get(r);
      if (n == null) {
        counts.put(r, new long[] {1});
        bytes += approximateSize(r);
        if (bytes > maxBytes) {
          return List.of(new Counted(null, null)).iterator();
        }
      } else {
        n[0]++;
      }
    }
    Row[] keys = new Row[counts.size()];
    long[] n = new long[keys.length];
    int i = 0;
    for (Map.Entry<Row, long[]> e : counts.entrySet()) {
      keys[i] = e.getKey();
      n[i++] = e.getValue()[0];
    }
    return List.of(new Counted(keys, n)).iterator();
  }

  /** A key's serialized size, roughly: its strings' characters and a few bytes of framing per value. */
  private static long approximateSize(Row r) {
    long size = 24;
    for (int i = 0; i < r.length(); i++) {
      Object v = r.get(i);
      size += 16 + (v instanceof String s ? s.length() : 0);
    }
    return size;
  }

  /**
   * The hashes that occur in more than one row, or null when they are in more than {@code limit} (input
   * partition, hash) pairs: then no more than two numbers per reduce partition were collected.
   *
   * <p>Each input partition sorts its hashes into one primitive array per reduce partition and keeps each hash
   * once (with a note of those it had more than once), so a hot key is one hash per input partition; those
   * arrays are what is shuffled — a few large records instead of a row per hash. Each reduce partition merges
   * the sorted arrays it received and keeps the hashes that repeat. It sends them to the driver only if they
   * are at most its share of {@code limit}, else only their number and pairs: the limit is checked before
   * anything that grows with the duplicates is collected. (Hashes spread evenly over reduce partitions; pairs
   * need not, since a hot key's pairs are all in its hash's partition: so the share bounds hashes, the limit
   * all pairs.) As many reduce partitions as the input has, rounded up to a multiple of the cores (Spark's
   * default of 200 costs more than the hashes themselves on small inputs).
   */
  private static long[] repeatedHashes(Dataset<Row> hashes, int limit) {
    LongRows rows = LongRows.of(hashes);
    // A multiple of the cores, so that the last wave of reduce tasks leaves none idle.
    int cores = Math.max(1, hashes.sparkSession().sparkContext().defaultParallelism());
    int partitions = (Math.max(cores, rows.partitions()) + cores - 1) / cores * cores;
    long share = Math.max(0, limit) / partitions;
    List<long[]> found = rows.mapPartitionsToPair(it -> runs(it, partitions))
        .partitionBy(new org.apache.spark.HashPartitioner(partitions))
        .mapPartitions(it -> repeatedIn(it, share)).collect();
    int collected = 0;
    long pairs = 0;
    for (long[] f : found) {
      if (f[0] > share) {
        return null;
      }
      collected += f.length - 2;
      pairs += f[1];
    }
    if (pairs > limit) {
      return null;
    }
    long[] all = new long[collected];
    int at = 0;
    for (long[] f : found) {
      System.arraycopy(f, 2, all, at, f.length - 2);
      at += f.length - 2;
    }
    return all;
  }

  /**
   * One input partition's hashes, for each reduce partition: the distinct hashes sorted, and (sorted) those
   * that more than one of the partition's rows have.
   */
  public record Run(long[] hashes, long[] repeated) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private static Iterator<Tuple2<Integer, Run>> runs(PrimitiveIterator.OfLong rows, int partitions) {
    long[][] b = new long[partitions][64];
    int[] n = new int[partitions];
    while (rows.hasNext()) {
      long h = rows.nextLong();
      int p = (int) Long.remainderUnsigned(h, partitions);
      if (n[p] == b[p].length) {
        b[p] = Arrays.copyOf(b[p], n[p] * 2);
      }
      b[p][n[p]++] = h;
    }
    long[] scratch = new long[Arrays.stream(n).max().orElse(0)];
    List<Tuple2<Integer, Run>> out = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      if (n[p] > 0) {
        out.add(new Tuple2<>(p, run(b[p], n[p], scratch)));
        b[p] = null;
      }
    }
    return out.iterator();
  }

  /** Sorts {@code h[0..n)} and keeps each hash once. */
  private static Run run(long[] h, int n, long[] scratch) {
    sort(h, n, scratch);
    long[] repeated = NONE;
    int d = 0;
    int r = 0;
    for (int i = 0; i < n; ) {
      int j = i + 1;
      while (j < n && h[j] == h[i]) {
        j++;
      }
      if (j - i > 1) {
        if (r == repeated.length) {
          repeated = Arrays.copyOf(repeated, Math.max(16, r * 2));
        }
        repeated[r++] = h[i];
      }
      h[d++] = h[i];
      i = j;
    }
    return new Run(Arrays.copyOf(h, d), Arrays.copyOf(repeated, r));
  }

  private static final int DIGIT = 11;
  private static final int RADIX = 1 << DIGIT;

  /**
   * Sorts {@code a[0..n)} as signed longs, as {@link Arrays#sort(long[])} does, by an LSD radix sort of six 11-bit
   * digits: key hashes are uniformly random, where a radix sort takes a fraction of a comparison sort's time
   * (the sort is most of this job's CPU). {@code scratch} holds at least {@code n}.
   */
  public static void sort(long[] a, int n, long[] scratch) {
    if (n < 4096) {
      Arrays.sort(a, 0, n);
      return;
    }
    int passes = (Long.SIZE + DIGIT - 1) / DIGIT;
    int[][] count = new int[passes][RADIX + 1];
    for (int i = 0; i < n; i++) {
      long v = a[i] ^ Long.MIN_VALUE; // unsigned order of v is signed order of a[i]
      for (int p = 0; p < passes; p++) {
        count[p][((int) (v >>> (p * DIGIT)) & (RADIX - 1)) + 1]++;
      }
    }
    long[] from = a;
    long[] to = scratch;
    for (int p = 0; p < passes; p++) {
      int[] c = count[p];
      boolean oneDigit = false;
      for (int d = 1; d <= RADIX && !oneDigit; d++) {
        oneDigit = c[d] == n;
      }
      if (oneDigit) {
        continue; // every value has the same digit here: the pass would not move anything
      }
      for (int d = 0; d < RADIX; d++) {
        c[d + 1] += c[d];
      }
      int shift = p * DIGIT;
      for (int i = 0; i < n; i++) {
        long v = from[i];
        to[c[(int) ((v ^ Long.MIN_VALUE) >>> shift) & (RADIX - 1)]++] = v;
      }
      long[] t = from;
      from = to;
      to = t;
    }
    if (from != a) {
      System.arraycopy(from, 0, a, 0, n);
    }
  }

  /**
   * One reduce partition's repeated hashes, as one array {hashes, pairs, hash, hash, ...}: how many hashes
   * repeat, in how many (input partition, hash) pairs, and the hashes themselves only if there are at most
   * {@code share} of them.
   */
  private static Iterator<long[]> repeatedIn(Iterator<Tuple2<Integer, Run>> received, long share) {
    List<Run> runs = new ArrayList<>();
    int n = 0;
    int m = 0;
    while (received.hasNext()) {
      Run run = received.next()._2();
      runs.add(run);
      n += run.hashes().length;
      m += run.repeated().length;
    }
    long[] h = new long[n];
    long[] within = new long[m]; // hashes that repeat inside one input partition
    int at = 0;
    int wat = 0;
    for (Run run : runs) {
      System.arraycopy(run.hashes(), 0, h, at, run.hashes().length);
      at += run.hashes().length;
      System.arraycopy(run.repeated(), 0, within, wat, run.repeated().length);
      wat += run.repeated().length;
    }
    runs.clear();
    // Sorted runs one after the other: Java's sort merges them rather than sorting from scratch.
    Arrays.sort(h);
    Arrays.sort(within);
    long count = 0;
    long pairs = 0;
    long[] out = new long[18];
    int o = 2;
    int w = 0;
    for (int i = 0; i < n; ) {
      int j = i + 1;
      while (j < n && h[j] == h[i]) {
        j++;
      }
      while (w < m && within[w] < h[i]) {
        w++;
      }
      // A hash repeats if more than one input partition has it (each sent it once) or one had it twice.
      if (j - i > 1 || (w < m && within[w] == h[i])) {
        count++;
        pairs += j - i;
        if (count <= share) {
          if (o == out.length) {
            out = Arrays.copyOf(out, o * 2);
          }
          out[o++] = h[i];
        }
      }
      i = j;
    }
    out[0] = count;
    out[1] = pairs;
    return List.of(count <= share ? Arrays.copyOf(out, o) : new long[] {count, pairs}).iterator();
  }
}
