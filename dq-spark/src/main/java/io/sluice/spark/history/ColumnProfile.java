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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The statistics of each contract column that the metrics history keeps, as aggregates observed in the run's one
 * pass (they join the pass's other observed counts: no second read). They read the typed values, after the strict
 * casts: a value that failed its cast counts as null. A protected column gets only its completeness and distinct
 * count: its minimum, maximum and mean would be aggregates of values the contract keeps from readers.
 */
public final class ColumnProfile {
  private static final String PREFIX = "__dq_p";

  private record Measured(String column, String nonNull, String distinct, Optional<String[]> minMaxMean) {}

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
      measured.add(new Measured(c.name(), base + "_n", base + "_d", numbers));
    }
    return new ColumnProfile(measured, aggregates);
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
