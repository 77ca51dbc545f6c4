package io.sluice.spark.plan;

import io.sluice.report.ValueCount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The most frequent values of a stream in bounded memory: a Misra-Gries summary of at most {@link #CAPACITY}
 * counters, mergeable across tasks (Agarwal et al., "Mergeable summaries", 2012). While the stream holds at most
 * {@code CAPACITY} distinct values the counts are exact; past that a count is an under-estimate by at most
 * {@code n / (CAPACITY + 1)} of the {@code n} values added, so any value more frequent than that is kept.
 *
 * <p>How a check's offending values are counted in the pass that checks the rows: one summary per check and task,
 * merged on the driver. A value longer than {@link #MAX_VALUE_CHARS} characters is counted by its beginning, so
 * that a summary's memory is bounded by its capacity alone.
 */
public final class TopValues implements Summary<TopValues> {
  private static final long serialVersionUID = 1L;
  /** Counters per summary: well above the ten a report keeps, so that those ten are found among many. */
  public static final int CAPACITY = 100;
  public static final int MAX_VALUE_CHARS = 1024;

  // A boxed key may be null (the column was null in the failing row); long[] holds a count updated in place.
  private final HashMap<String, long[]> counters = new HashMap<>();
  private boolean exact = true;

  /** Counts one occurrence of {@code value} (null allowed). */
  public void add(String value) {
    String v = value != null && value.length() > MAX_VALUE_CHARS ? value.substring(0, MAX_VALUE_CHARS) : value;
    long[] c = counters.get(v);
    if (c != null) {
      c[0]++;
    } else if (counters.size() < CAPACITY) {
      counters.put(v, new long[] {1});
    } else {
      // Full: this value and one occurrence of every counted value cancel out (Misra-Gries).
      exact = false;
      Iterator<long[]> it = counters.values().iterator();
      while (it.hasNext()) {
        if (--it.next()[0] == 0) {
          it.remove();
        }
      }
    }
  }

  /** Adds {@code other}'s counts to this summary; past {@link #CAPACITY} values, the smallest cancel out. */
  @Override
  public void merge(TopValues other) {
    exact &= other.exact;
    for (Map.Entry<String, long[]> e : other.counters.entrySet()) {
      counters.computeIfAbsent(e.getKey(), k -> new long[1])[0] += e.getValue()[0];
    }
    if (counters.size() > CAPACITY) {
      long[] sorted = counters.values().stream().mapToLong(c -> c[0]).sorted().toArray();
      long cut = sorted[sorted.length - CAPACITY - 1]; // the (CAPACITY + 1)-th largest count
      exact = false;
      Iterator<long[]> it = counters.values().iterator();
      while (it.hasNext()) {
        long[] c = it.next();
        c[0] -= cut;
        if (c[0] <= 0) {
          it.remove();
        }
      }
    }
  }

  /** The {@code n} most frequent values, most frequent first (ties: null first, then by value). */
  public List<ValueCount> top(int n) {
    List<ValueCount> all = new ArrayList<>(counters.size());
    counters.forEach((v, c) -> all.add(new ValueCount(v, c[0])));
    all.sort(java.util.Comparator.comparingLong(ValueCount::count).reversed()
        .thenComparing(ValueCount::value, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
    return List.copyOf(all.subList(0, Math.min(n, all.size())));
  }

  /** Whether every count is exact: no value was ever cancelled out. */
  public boolean exact() {
    return exact;
  }

  @Override
  public boolean isEmpty() {
    return counters.isEmpty();
  }

  @Override
  public TopValues copy() {
    TopValues copy = new TopValues();
    copy.exact = exact;
    counters.forEach((v, c) -> copy.counters.put(v, new long[] {c[0]}));
    return copy;
  }

  /** Never the values: they are data, and an accumulator's text may reach a log. */
  @Override
  public String toString() {
    return "TopValues[" + counters.size() + " values" + (exact ? "" : ", estimated") + "]";
  }
}
