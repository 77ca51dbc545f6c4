package io.sluice.spark.history;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.sluice.check.Sql;
import io.sluice.contract.Column;
import io.sluice.history.ColumnMetrics;
import io.sluice.spark.internal.DistinctSketch;
import io.sluice.spark.plan.ColumnStats;
import io.sluice.spark.plan.TypedValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The statistics of each contract column that the metrics history keeps, taken in the run's one pass: by the tasks
 * that write (or, validating, count) the rows ({@link ColumnStats}, merged on the driver), or as aggregates observed
 * with the pass's other counts when the caller computes the outputs itself. Either way no second read. They read the
 * typed values, after the strict casts: a value that failed its cast counts as null. A protected column gets only its completeness and distinct
 * count: its minimum, maximum and mean would be aggregates of values the contract keeps from readers.
 */
public final class ColumnProfile {
  private static final String PREFIX = "__dq_p";

  private record Measured(String column, org.apache.spark.sql.types.DataType type, boolean clear, String nonNull,
      String distinct, Optional<String[]> minMaxMean) {}

  private final List<Measured> measured;
  private final List<org.apache.spark.sql.Column> aggregates;

  private ColumnProfile(List<Measured> measured, List<org.apache.spark.sql.Column> aggregates) {
    this.measured = List.copyOf(measured);
    this.aggregates = List.copyOf(aggregates);
  }

  /** The profile of {@code columns}, read by their names among the checked rows. */
  public static ColumnProfile of(List<Column> columns) {
    List<Measured> measured = new ArrayList<>();
    List<org.apache.spark.sql.Column> aggregates = new ArrayList<>();
    int i = 0;
    for (Column c : columns) {
      String base = PREFIX + i++;
      org.apache.spark.sql.Column value = col(Sql.ident(c.name()));
      aggregates.add(count(value).as(base + "_n"));
      aggregates.add(approx_count_distinct(value).as(base + "_d"));
      Optional<String[]> numbers = Optional.empty();
      if (c.type().kind().isNumeric() && c.protect().isEmpty()) {
        org.apache.spark.sql.Column number = value.cast(DataTypes.DoubleType);
        aggregates.add(min(number).as(base + "_min"));
        aggregates.add(max(number).as(base + "_max"));
        aggregates.add(avg(number).as(base + "_mean"));
        numbers = Optional.of(new String[] {base + "_min", base + "_max", base + "_mean"});
      }
      measured.add(new Measured(c.name(), TypedValues.sparkType(c.type()), c.protect().isEmpty(), base + "_n", base + "_d", numbers));
    }
    return new ColumnProfile(measured, aggregates);
  }

  /**
   * A column as the tasks profile it: the frame's column holding its values' {@link DistinctSketch#hash} (null for
   * null), or else the column of the checked rows holding the value, which a task hashes itself
   * ({@link DistinctSketch#hashOf}); and for a number the column of the checked rows holding it (tasks read it as a
   * double, as a cast would).
   */
  public record Profiled(Optional<String> hash, Optional<String> value, Optional<String> number) {}

  /**
   * What tasks profile, in order: element {@code i} of {@link #read(ColumnStats[], long)}'s statistics is column
   * {@code i}'s. With {@code tasksHash}, a task that reads rows as Spark holds them (a writer's) hashes the values of
   * an unprotected column itself where it can: the frame carries no hash column for it.
   */
  public List<Profiled> profiled(boolean tasksHash) {
    List<Profiled> profiled = new ArrayList<>();
    for (int i = 0; i < measured.size(); i++) {
      Measured m = measured.get(i);
      Optional<String> number = m.minMaxMean().map(n -> m.column());
      profiled.add(tasksHash && m.clear() && DistinctSketch.kind(m.type()) != DistinctSketch.OTHER
          ? new Profiled(Optional.empty(), Optional.of(m.column()), number)
          : new Profiled(Optional.of(PREFIX + "h" + i), Optional.empty(), number));
    }
    return profiled;
  }

  /**
   * The columns {@link #profiled(boolean)} names, by name, over the checked rows: to add to the frame the tasks read
   * (a value or a number is a column the frame may have already).
   */
  public Map<String, org.apache.spark.sql.Column> frameColumns(boolean tasksHash) {
    Map<String, org.apache.spark.sql.Column> frame = new LinkedHashMap<>();
    List<Profiled> profiled = profiled(tasksHash);
    for (int i = 0; i < measured.size(); i++) {
      Measured m = measured.get(i);
      Profiled p = profiled.get(i);
      org.apache.spark.sql.Column value = col(Sql.ident(m.column()));
      p.hash().ifPresent(h -> frame.put(h, DistinctSketch.hash(value, m.type()).as(h)));
      p.value().ifPresent(v -> frame.put(v, value));
      p.number().ifPresent(n -> frame.put(n, value));
    }
    return frame;
  }

  /** Each column's statistics as tasks took them ({@link #profiled(boolean)}'s order; null: no value), {@code rowsIn} the rows read. */
  public Map<String, ColumnMetrics> read(ColumnStats[] stats, long rowsIn) {
    Map<String, ColumnMetrics> columns = new LinkedHashMap<>();
    for (int i = 0; i < measured.size(); i++) {
      Measured m = measured.get(i);
      ColumnStats s = stats[i] != null ? stats[i] : new ColumnStats();
      Optional<Double> completeness = rowsIn == 0 ? Optional.empty() : Optional.of((double) s.nonNull() / rowsIn);
      boolean numbers = m.minMaxMean().isPresent();
      columns.put(m.column(), new ColumnMetrics(completeness, Optional.of(s.distinct()),
          numbers ? s.min() : Optional.empty(), numbers ? s.max() : Optional.empty(),
          numbers ? s.mean() : Optional.empty()));
    }
    return columns;
  }

  /** The aggregates to observe, each named. */
  public List<org.apache.spark.sql.Column> aggregates() {
    return aggregates;
  }

  /** Each column's statistics from the observed row, {@code rowsIn} the rows the pass read. */
  public Map<String, ColumnMetrics> read(Row observed, long rowsIn) {
    Map<String, ColumnMetrics> columns = new LinkedHashMap<>();
    for (Measured m : measured) {
      long nonNull = observed.<Long>getAs(m.nonNull());
      Optional<Double> completeness = rowsIn == 0 ? Optional.empty() : Optional.of((double) nonNull / rowsIn);
      Optional<Long> distinct = Optional.of(observed.<Long>getAs(m.distinct()));
      Optional<Double> min = m.minMaxMean().flatMap(n -> number(observed, n[0]));
      Optional<Double> max = m.minMaxMean().flatMap(n -> number(observed, n[1]));
      Optional<Double> mean = m.minMaxMean().flatMap(n -> number(observed, n[2]));
      columns.put(m.column(), new ColumnMetrics(completeness, distinct, min, max, mean));
    }
    return columns;
  }

  private static Optional<Double> number(Row row, String name) {
    Object v = row.getAs(name);
    return v == null ? Optional.empty() : Optional.of(((Number) v).doubleValue());
  }
}
