package io.sluice.history;

import java.util.Locale;
import java.util.Optional;

/**
 * A metric of the history, as a contract's {@code anomaly} check and {@code sluice history --metric} name it:
 * a run's count ({@code row_count}, {@code error_rate}, {@code rows_valid}, {@code rows_quarantined}), the
 * failing rows of one check ({@code <check id>.failed}) or a column's statistic
 * ({@code <column>.completeness|distinct|min|max|mean}).
 */
public sealed interface MetricName permits MetricName.Run, MetricName.CheckFailures, MetricName.ColumnStat {

  /** The name as written: {@code row_count}, {@code amount.range.failed}, {@code amount.mean}. */
  String text();

  /** The metric's value in one run's record; empty when that run did not measure it. */
  Optional<Double> valueIn(MetricsRecord record);

  /** What a contract may write, for error messages. */
  String SYNTAX = "row_count, error_rate, rows_valid, rows_quarantined, <check id>.failed or "
      + "<column>.completeness|distinct|min|max|mean";

  /** Reads a metric's name; empty when it is none of {@link #SYNTAX}. */
  static Optional<MetricName> parse(String text) {
    for (Run r : Run.values()) {
      if (r.text().equals(text)) {
        return Optional.of(r);
      }
    }
    int dot = text.lastIndexOf('.');
    if (dot <= 0 || dot == text.length() - 1) {
      return Optional.empty();
    }
    String head = text.substring(0, dot);
    String tail = text.substring(dot + 1);
    if (tail.equals(CheckFailures.SUFFIX)) {
      return Optional.of(new CheckFailures(head));
    }
    return Stat.named(tail).map(s -> new ColumnStat(head, s));
  }

  /** A count of the whole run. */
  enum Run implements MetricName {
    ROW_COUNT("row_count"), ERROR_RATE("error_rate"), ROWS_VALID("rows_valid"), ROWS_QUARANTINED("rows_quarantined");

    private final String text;

    Run(String text) {
      this.text = text;
    }

    @Override
    public String text() {
      return text;
    }

    @Override
    public Optional<Double> valueIn(MetricsRecord r) {
      return Optional.of(switch (this) {
        case ROW_COUNT -> (double) r.rowsIn();
        case ERROR_RATE -> r.errorRate();
        case ROWS_VALID -> (double) r.rowsValid();
        case ROWS_QUARANTINED -> (double) r.rowsQuarantined();
      });
    }
  }

  /** The rows one row check failed in a run. */
  record CheckFailures(String checkId) implements MetricName {
    static final String SUFFIX = "failed";

    @Override
    public String text() {
      return checkId + "." + SUFFIX;
    }

    @Override
    public Optional<Double> valueIn(MetricsRecord r) {
      return Optional.ofNullable(r.failedRows().get(checkId)).map(Long::doubleValue);
    }
  }

  /** A statistic of one column's values in a run. */
  record ColumnStat(String column, Stat stat) implements MetricName {
    @Override
    public String text() {
      return column + "." + stat.word();
    }

    @Override
    public Optional<Double> valueIn(MetricsRecord r) {
      return Optional.ofNullable(r.columns().get(column)).flatMap(c -> c.value(stat));
    }
  }

  /**
   * A column statistic: the share of non-null values, an estimate of the distinct values (HyperLogLog++, as
   * Spark's {@code approx_count_distinct}), and for numbers the minimum, maximum and mean.
   */
  enum Stat {
    COMPLETENESS, DISTINCT, MIN, MAX, MEAN;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the statistic is measured only for numeric columns. */
    public boolean numeric() {
      return switch (this) {
        case COMPLETENESS, DISTINCT -> false;
        case MIN, MAX, MEAN -> true;
      };
    }

    static Optional<Stat> named(String word) {
      for (Stat s : values()) {
        if (s.word().equals(word)) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }
}
