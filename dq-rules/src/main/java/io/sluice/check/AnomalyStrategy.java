package io.sluice.check;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How an {@code anomaly} check judges a metric against its history: the strategies of Deequ's
 * {@code com.amazon.deequ.anomalydetection} package, with Deequ's parameters and defaults (in the contract's
 * snake case).
 */
public sealed interface AnomalyStrategy {

  Kind kind();

  /** The accepted runs of history the strategy needs before it judges; with fewer the check passes and says so. */
  int minimumHistory();

  /** The strategies a contract may name, and the parameters each takes. */
  enum Kind {
    RELATIVE_RATE_OF_CHANGE(List.of("max_decrease", "max_increase", "order")),
    ABSOLUTE_CHANGE(List.of("max_decrease", "max_increase", "order")),
    ONLINE_NORMAL(List.of("lower_deviation_factor", "upper_deviation_factor", "ignore_start_percentage", "ignore_anomalies")),
    HOLT_WINTERS(List.of("season", "interval"));

    private final List<String> parameters;

    Kind(List<String> parameters) {
      this.parameters = parameters;
    }

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    public List<String> parameters() {
      return parameters;
    }

    public static Optional<Kind> named(String word) {
      for (Kind k : values()) {
        if (k.word().equals(word)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }

    public static List<String> words() {
      return java.util.Arrays.stream(values()).map(Kind::word).toList();
    }
  }

  /**
   * Deequ's {@code RelativeRateOfChangeStrategy}: the new value divided by the value {@code order} runs before
   * lies within [{@code maxDecrease}, {@code maxIncrease}] (0.5 and 2.0: at most halved, at most doubled).
   */
  record RelativeRateOfChange(Optional<Double> maxDecrease, Optional<Double> maxIncrease, int order)
      implements AnomalyStrategy {
    @Override
    public Kind kind() {
      return Kind.RELATIVE_RATE_OF_CHANGE;
    }

    @Override
    public int minimumHistory() {
      return order;
    }
  }

  /**
   * Deequ's {@code AbsoluteChangeStrategy}: the change from the previous value ({@code order}: the difference of
   * that order) lies within [{@code maxDecrease}, {@code maxIncrease}]; a decrease is negative ({@code -100}).
   */
  record AbsoluteChange(Optional<Double> maxDecrease, Optional<Double> maxIncrease, int order) implements AnomalyStrategy {
    @Override
    public Kind kind() {
      return Kind.ABSOLUTE_CHANGE;
    }

    @Override
    public int minimumHistory() {
      return Math.max(1, order);
    }
  }

  /**
   * Deequ's {@code OnlineNormalStrategy}: the value lies within the running mean plus or minus its factors times the
   * running standard deviation; the first {@code ignoreStartPercentage} of the series is never an anomaly, and
   * anomalies do not move the mean when {@code ignoreAnomalies}. An absent factor leaves that side unbounded.
   */
  record OnlineNormal(Optional<Double> lowerDeviationFactor, Optional<Double> upperDeviationFactor,
      double ignoreStartPercentage, boolean ignoreAnomalies) implements AnomalyStrategy {
    /** Deequ's defaults. */
    public static final double DEFAULT_FACTOR = 3.0;
    public static final double DEFAULT_IGNORE_START = 0.1;
    /** A mean and a deviation of fewer runs say nothing. */
    static final int MINIMUM_HISTORY = 3;

    @Override
    public Kind kind() {
      return Kind.ONLINE_NORMAL;
    }

    @Override
    public int minimumHistory() {
      return MINIMUM_HISTORY;
    }
  }

  /**
   * Deequ's {@code HoltWinters}: additive Holt-Winters forecasting over a seasonal series, one run per
   * {@code interval} and a season of {@code season}; it needs two full seasons of history.
   */
  record HoltWinters(Season season, Interval interval) implements AnomalyStrategy {
    @Override
    public Kind kind() {
      return Kind.HOLT_WINTERS;
    }

    /** Runs per season, as Deequ counts them. */
    public int periodicity() {
      return season.runsPer(interval).orElseThrow();
    }

    @Override
    public int minimumHistory() {
      return 2 * periodicity();
    }
  }

  /** Deequ's {@code SeriesSeasonality}. */
  enum Season {
    DAILY, WEEKLY, YEARLY;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Runs per season at {@code interval}, for the combinations Deequ models. */
    public Optional<Integer> runsPer(Interval interval) {
      return switch (this) {
        case DAILY -> interval == Interval.HOURLY ? Optional.of(24) : Optional.empty();
        case WEEKLY -> switch (interval) {
          case HOURLY -> Optional.of(24 * 7);
          case DAILY -> Optional.of(7);
          case MONTHLY -> Optional.empty();
        };
        case YEARLY -> interval == Interval.MONTHLY ? Optional.of(12) : Optional.empty();
      };
    }

    /** The interval a season is read at when the contract names none. */
    public Interval defaultInterval() {
      return switch (this) {
        case DAILY -> Interval.HOURLY;
        case WEEKLY -> Interval.DAILY;
        case YEARLY -> Interval.MONTHLY;
      };
    }
  }

  /** Deequ's {@code MetricInterval}: how often the contract's runs happen. */
  enum Interval {
    HOURLY, DAILY, MONTHLY;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
