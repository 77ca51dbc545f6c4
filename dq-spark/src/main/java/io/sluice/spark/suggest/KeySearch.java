package io.sluice.spark.suggest;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The unique keys of the data, counted exactly on the values as the contract types them (the engine checks
 * {@code unique} on typed values: {@code 007} and {@code 7} are one int). Only complete columns are looked at.
 *
 * <p>Single columns first: those Deequ finds approximately unique, or whose distinct count (HyperLogLog, 2%
 * error) is within {@link #TOLERANCE} of the row count. When none is unique, the smallest composite key:
 * <b>pairs, then triples, of the {@value #KEY_COLUMNS} complete, non-floating columns with the most distinct
 * values</b>, those whose distinct counts could multiply to the row count, their combinations' distinct counts
 * estimated in one pass, then counted exactly in order of size and estimate: at most {@value #MAX_EXACT_COUNTS}
 * exact distinct counts in all, single columns and combinations together (one job for the columns, one for the
 * combinations). A key outside that search is not found; the contract's comment says so.
 */
final class KeySearch {
  private KeySearch() {}

  /** Columns a composite key is looked for among. */
  static final int KEY_COLUMNS = 8;
  /** The widest composite key looked for. */
  static final int MAX_KEY_SIZE = 3;
  /** Exact distinct counts at most, single columns and combinations together. */
  static final int MAX_EXACT_COUNTS = 10;
  /** How far an estimated distinct count may fall short of the row count for a key to be counted: Deequ's own. */
  static final double TOLERANCE = 0.08;
  private static final double RSD = 0.02;

  /** A column as the search sees it: its index among the typed columns ({@code c<index>}) and its profile. */
  record Candidate(int index, boolean complete, boolean nearlyUnique, long approxDistinct, boolean floating) {}

  /** The keys found: unique single columns, else the smallest composite key found, and what was searched. */
  record Keys(List<Integer> single, Optional<List<Integer>> composite, String searched) {
    Keys {
      single = List.copyOf(single);
      composite = composite.map(List::copyOf);
    }
  }

  static final String SEARCHED = "pairs and triples of the " + KEY_COLUMNS + " complete columns with the most distinct"
      + " values, at most " + MAX_EXACT_COUNTS + " counted exactly";

  /** Searches {@code typed} (columns {@code c0}, {@code c1}…, typed as the contract will type them). */
  static Keys find(Dataset<Row> typed, long rows, List<Candidate> columns) {
    if (rows < 2) {
      return new Keys(List.of(), Optional.empty(), SEARCHED);
    }
    List<Candidate> complete = columns.stream().filter(Candidate::complete).toList();
    List<Candidate> keyColumns = complete.stream().filter(c -> !c.floating() && c.approxDistinct() >= 2)
        .sorted(Comparator.comparingLong(Candidate::approxDistinct).reversed()).limit(KEY_COLUMNS).toList();
    List<List<Integer>> combinations = new ArrayList<>();
    for (int size = 2; size <= MAX_KEY_SIZE; size++) {
      combine(keyColumns, size, 0, new ArrayList<>(), rows, combinations);
    }
    List<Column> estimates = new ArrayList<>();
    complete.forEach(c -> estimates.add(approx_count_distinct(col(name(c.index())), RSD)));
    combinations.forEach(k -> estimates.add(approx_count_distinct(xxhash64(columnsOf(k)), RSD)));
    if (estimates.isEmpty()) {
      return new Keys(List.of(), Optional.empty(), SEARCHED);
    }
    Row estimated = typed.agg(estimates.get(0), estimates.subList(1, estimates.size()).toArray(Column[]::new)).first();
    long near = (long) Math.ceil((1 - TOLERANCE) * rows);

    List<List<Integer>> singles = new ArrayList<>();
    for (int i = 0; i < complete.size(); i++) {
      if (complete.get(i).nearlyUnique() || estimated.getLong(i) >= near) {
        singles.add(List.of(complete.get(i).index()));
      }
    }
    List<List<Integer>> single = unique(typed, singles.subList(0, Math.min(singles.size(), MAX_EXACT_COUNTS)));
    if (!single.isEmpty()) {
      return new Keys(single.stream().map(k -> k.get(0)).toList(), Optional.empty(), SEARCHED);
    }
    record Estimate(List<Integer> key, long distinct) {}
    List<Estimate> likely = new ArrayList<>();
    for (int k = 0; k < combinations.size(); k++) {
      long d = estimated.getLong(complete.size() + k);
      if (d >= near) {
        likely.add(new Estimate(combinations.get(k), d));
      }
    }
    likely.sort(Comparator.comparingInt((Estimate e) -> e.key().size())
        .thenComparing(Comparator.comparingLong(Estimate::distinct).reversed()));
    List<List<Integer>> counted = likely.stream().limit(Math.max(0, MAX_EXACT_COUNTS - singles.size()))
        .map(Estimate::key).toList();
    // The first unique one in the order counted: the smallest key, and the likeliest among keys of its size.
    return new Keys(List.of(), unique(typed, counted).stream().findFirst(), SEARCHED);
  }

  /** The combinations of {@code size} columns whose distinct counts could multiply to {@code rows}. */
  private static void combine(List<Candidate> columns, int size, int from, List<Candidate> chosen, long rows,
      List<List<Integer>> out) {
    if (chosen.size() == size) {
      double product = 1;
      for (Candidate c : chosen) {
        product *= c.approxDistinct();
      }
      if (product >= (1 - TOLERANCE) * rows) {
        out.add(chosen.stream().map(Candidate::index).sorted().toList());
      }
      return;
    }
    for (int i = from; i < columns.size(); i++) {
      chosen.add(columns.get(i));
      combine(columns, size, i + 1, chosen, rows, out);
      chosen.remove(chosen.size() - 1);
    }
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
      Column[] parts = columnsOf(key);
      Column present = parts[0].isNotNull();
      for (int i = 1; i < parts.length; i++) {
        present = present.and(parts[i].isNotNull());
      }
      counts.add(count_distinct(parts[0], java.util.Arrays.copyOfRange(parts, 1, parts.length)));
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

  private static Column[] columnsOf(List<Integer> key) {
    return key.stream().map(i -> col(name(i))).toArray(Column[]::new);
  }

  static String name(int index) {
    return "c" + index;
  }
}
