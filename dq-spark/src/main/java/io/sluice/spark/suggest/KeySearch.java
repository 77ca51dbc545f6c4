package io.sluice.spark.suggest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The unique keys of the data, counted exactly on the values as the contract types them (the engine checks
 * {@code unique} on typed values: {@code 007} and {@code 7} are one int). Only complete columns are looked at.
 *
 * <p>Single columns first: those Deequ finds approximately unique, or whose estimated distinct count is within
 * {@link #LOOSE} of the row count. When none is unique, the smallest composite key: <b>pairs, then triples, of the
 * {@value #KEY_COLUMNS} complete, non-floating columns with the most distinct values</b>, those whose estimated
 * distinct counts could multiply to the row count. A random sample of at most {@value #SAMPLE_ROWS} rows (all of
 * them when there are no more) rules out, on the driver, every candidate with a duplicate in it — a duplicate in part
 * of the data is one in the whole — and the rest are counted exactly in order of size: at most
 * {@value #MAX_EXACT_COUNTS} exact distinct counts in all, single columns and combinations together (one job for
 * the columns, one for the combinations). A key outside that search is not found; the contract's comment says so.
 */
final class KeySearch {
  private KeySearch() {}

  /** Columns a composite key is looked for among. */
  static final int KEY_COLUMNS = 8;
  /** The widest composite key looked for. */
  static final int MAX_KEY_SIZE = 3;
  /** Exact distinct counts at most, single columns and combinations together. */
  static final int MAX_EXACT_COUNTS = 10;
  /** Rows of the sample that rules candidates out on the driver. */
  static final int SAMPLE_ROWS = 20_000;
  /**
   * How far Deequ's estimate of distinct values may fall short of the row count for a column, or a product of them for a
   * combination, to be tried: four times its HyperLogLog's error, so that a unique column is not missed.
   */
  static final double LOOSE = 0.2;

  /** A column as the search sees it: its index among the typed columns ({@code c<index>}) and its profile. */
  record Candidate(int index, boolean complete, boolean nearlyUnique, long approxDistinct, boolean floating) {}

  /** The keys found: unique single columns, else the smallest composite key found. */
  record Keys(List<Integer> single, Optional<List<Integer>> composite) {
    Keys {
      single = List.copyOf(single);
      composite = composite.map(List::copyOf);
    }

    static Keys none() {
      return new Keys(List.of(), Optional.empty());
    }
  }

  /** The search, in words for the contract's comment. */
  static final String SEARCHED = "pairs and triples of the " + KEY_COLUMNS + " complete columns with the most distinct"
      + " values (at most " + MAX_EXACT_COUNTS + " candidate keys counted exactly)";

  /** Searches {@code typed}: the complete columns, named {@code c<index>} and typed as the contract will type them. */
  static Keys find(Dataset<Row> typed, long rows, List<Candidate> columns) {
    List<Candidate> complete = columns.stream().filter(Candidate::complete).toList();
    if (rows < 2 || complete.isEmpty()) {
      return Keys.none();
    }
    double fraction = Math.min(1.0, (double) SAMPLE_ROWS / rows);
    Dataset<Row> sampled = fraction < 1.0 ? typed.sample(false, fraction, 1L).limit(SAMPLE_ROWS) : typed;
    List<String> names = Arrays.asList(typed.columns());
    List<Row> sample = sampled.collectAsList();
    long near = (long) Math.ceil((1 - LOOSE) * rows);

    List<List<Integer>> singles = complete.stream()
        .filter(c -> c.nearlyUnique() || c.approxDistinct() >= near)
        .sorted(Comparator.comparingLong(Candidate::approxDistinct).reversed())
        .map(c -> List.of(c.index()))
        .filter(k -> uniqueIn(sample, names, k))
        .limit(MAX_EXACT_COUNTS).toList();
    List<List<Integer>> single = unique(typed, singles);
    if (!single.isEmpty()) {
      return new Keys(single.stream().map(k -> k.get(0)).toList(), Optional.empty());
    }
    List<Candidate> keyColumns = complete.stream().filter(c -> !c.floating() && c.approxDistinct() >= 2)
        .sorted(Comparator.comparingLong(Candidate::approxDistinct).reversed()).limit(KEY_COLUMNS).toList();
    List<List<Integer>> combinations = new ArrayList<>();
    for (int size = 2; size <= MAX_KEY_SIZE; size++) {
      List<List<Integer>> ofSize = new ArrayList<>();
      combine(keyColumns, size, 0, new ArrayList<>(), near, ofSize);
      // Likeliest first within a size: the combination whose columns have the most distinct values between them.
      ofSize.sort(Comparator.comparingDouble((List<Integer> k) -> product(k, columns)).reversed());
      combinations.addAll(ofSize);
    }
    List<List<Integer>> counted = combinations.stream().filter(k -> uniqueIn(sample, names, k))
        .limit(Math.max(0, MAX_EXACT_COUNTS - singles.size())).toList();
    // The first unique one in the order counted: the smallest key, and the likeliest among keys of its size.
    return new Keys(List.of(), unique(typed, counted).stream().findFirst());
  }

  /** The combinations of {@code size} columns whose estimated distinct counts could multiply to {@code near} rows. */
  private static void combine(List<Candidate> columns, int size, int from, List<Candidate> chosen, long near,
      List<List<Integer>> out) {
    if (chosen.size() == size) {
      List<Integer> key = chosen.stream().map(Candidate::index).sorted().toList();
      if (product(key, chosen) >= near) {
        out.add(key);
      }
      return;
    }
    for (int i = from; i < columns.size(); i++) {
      chosen.add(columns.get(i));
      combine(columns, size, i + 1, chosen, near, out);
      chosen.remove(chosen.size() - 1);
    }
  }

  private static double product(List<Integer> key, List<Candidate> columns) {
    double product = 1;
    for (Candidate c : columns) {
      if (key.contains(c.index())) {
        product *= c.approxDistinct();
      }
    }
    return product;
  }

  /** Whether no two rows of {@code sample} share the key: a duplicate there is one in the data. */
  private static boolean uniqueIn(List<Row> sample, List<String> names, List<Integer> key) {
    int[] at = key.stream().mapToInt(i -> names.indexOf(name(i))).toArray();
    Set<List<Object>> seen = new HashSet<>();
    for (Row r : sample) {
      Object[] values = new Object[at.length];
      for (int i = 0; i < at.length; i++) {
        values[i] = r.get(at[i]);
      }
      if (!seen.add(Arrays.asList(values))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The keys of {@code keys} under which no two rows with every part present share a value, the engine's
   * {@code unique}, in their order: one job (a distinct count and a count per key).
   */
  static List<List<Integer>> unique(Dataset<Row> typed, List<List<Integer>> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    List<Column> counts = new ArrayList<>();
    for (List<Integer> key : keys) {
      Column[] parts = key.stream().map(i -> col(name(i))).toArray(Column[]::new);
      Column present = parts[0].isNotNull();
      for (int i = 1; i < parts.length; i++) {
        present = present.and(parts[i].isNotNull());
      }
      counts.add(count_distinct(parts[0], Arrays.copyOfRange(parts, 1, parts.length)));
      counts.add(count(when(present, 1)));
    }
    Row r = typed.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).first();
    List<List<Integer>> unique = new ArrayList<>();
    for (int k = 0; k < keys.size(); k++) {
      if (r.getLong(2 * k) == r.getLong(2 * k + 1)) {
        unique.add(keys.get(k));
      }
    }
    return unique;
  }

  static String name(int index) {
    return "c" + index;
  }
}
