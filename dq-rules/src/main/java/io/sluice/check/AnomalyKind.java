package io.sluice.check;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.Column;
import io.sluice.contract.CompositeKey;
import io.sluice.contract.Contract;
import io.sluice.contract.Excerpt;
import io.sluice.contract.Node;
import io.sluice.contract.Placement;
import io.sluice.contract.Problem.Kind;
import io.sluice.contract.Problems;
import io.sluice.contract.Suggest;
import io.sluice.history.MetricName;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code anomaly: { metric, strategy, ...parameters }}: this run's {@code metric} judged against the same metric
 * over the contract's earlier runs, by one of Deequ's anomaly detection strategies. The check id is
 * {@code <metric>.anomaly}. With less history than the strategy needs, the check passes and says so.
 */
public final class AnomalyKind implements CheckKind {
  static final String EXAMPLE = "anomaly: { metric: row_count, strategy: relative_rate_of_change, max_decrease: 0.5 }";
  /** The id of malformed records' reason, which a {@code .failed} metric may name. */
  private static final String MALFORMED_ID = "_record.malformed";

  @Override
  public String name() {
    return "anomaly";
  }

  @Override
  public Set<Placement> placements() {
    return Set.of(Placement.DATASET);
  }

  @Override
  public io.sluice.diff.ArgumentChange argumentChange() {
    return io.sluice.diff.ArgumentChange.ANOMALY;
  }

  @Override
  public String summary() {
    return "a run's metric against its history (Deequ's relative_rate_of_change, absolute_change, online_normal, holt_winters)";
  }

  @Override
  public Optional<Rule> bind(CheckSpec spec, Binding binding, Problems problems) {
    Args args = new Args(spec, problems);
    if (!(spec.args() instanceof Node.Mapping raw)) {
      args.mapping(List.of(), EXAMPLE); // reports the shape
      return Optional.empty();
    }
    Optional<AnomalyStrategy.Kind> kind = raw.get("strategy").flatMap(n -> strategyKind(n, args));
    List<String> allowed = new ArrayList<>(List.of("metric", "strategy"));
    kind.ifPresent(k -> allowed.addAll(k.parameters()));
    boolean unknown = false;
    for (String key : raw.keys().keySet()) {
      if (kind.isPresent() && !allowed.contains(key)) { // without a strategy, its parameters cannot be judged
        String strategy = kind.get().word();
        args.problem(Kind.UNKNOWN_KEY, raw.keyLocation(key), "unknown parameter " + Excerpt.quoted(key) + " of anomaly strategy "
            + strategy + Suggest.didYouMean(key, kind.get().parameters()), strategy + " takes: "
            + String.join(", ", kind.get().parameters()));
        unknown = true;
      }
    }
    Optional<Node.Mapping> m = args.mapping(List.copyOf(raw.keys().keySet()), EXAMPLE);
    if (m.isEmpty() || !args.require(m.get(), "metric", "write '" + EXAMPLE + "'")
        | !args.require(m.get(), "strategy", "name one of " + String.join(", ", AnomalyStrategy.Kind.words()))) {
      return Optional.empty();
    }
    Optional<MetricName> metric = metric(m.get(), binding.contract(), args);
    if (kind.isEmpty() || metric.isEmpty()) {
      return Optional.empty();
    }
    if (unknown) {
      return Optional.empty();
    }
    Optional<AnomalyStrategy> strategy = switch (kind.get()) {
      case RELATIVE_RATE_OF_CHANGE -> change(m.get(), args, true);
      case ABSOLUTE_CHANGE -> change(m.get(), args, false);
      case ONLINE_NORMAL -> normal(m.get(), args);
      case HOLT_WINTERS -> holtWinters(m.get(), args);
    };
    Optional<String> column = metric.get() instanceof MetricName.ColumnStat c ? Optional.of(c.column()) : Optional.empty();
    return strategy.map(s -> new AnomalyRule(spec.id(), name(), column, spec.severity(), metric.get(), s));
  }

  private static Optional<AnomalyStrategy.Kind> strategyKind(Node n, Args args) {
    if (n instanceof Node.Scalar s && s.value() instanceof String word) {
      Optional<AnomalyStrategy.Kind> k = AnomalyStrategy.Kind.named(word);
      if (k.isEmpty()) {
        args.problem(Kind.INVALID_VALUE, n.location(), "unknown anomaly strategy " + Excerpt.quoted(word)
            + Suggest.didYouMean(word, AnomalyStrategy.Kind.words()), "name one of " + String.join(", ", AnomalyStrategy.Kind.words()));
      }
      return k;
    }
    args.problem(Kind.WRONG_SHAPE, n.location(), "'strategy' of anomaly must be a string, not " + n.describe(),
        "name one of " + String.join(", ", AnomalyStrategy.Kind.words()));
    return Optional.empty();
  }

  private static Optional<MetricName> metric(Node.Mapping m, Contract contract, Args args) {
    Optional<String> text = args.string(m, "metric");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Node where = m.get("metric").orElseThrow();
    Optional<MetricName> metric = MetricName.parse(text.get());
    if (metric.isEmpty()) {
      args.problem(Kind.INVALID_VALUE, where.location(), "metric " + Excerpt.quoted(text.get()) + " is not a metric of the history",
          "write one of " + MetricName.SYNTAX);
      return Optional.empty();
    }
    if (metric.get() instanceof MetricName.CheckFailures f) {
      Set<String> ids = rowCheckIds(contract);
      if (!ids.contains(f.checkId())) {
        args.problem(Kind.INVALID_VALUE, where.location(), "metric " + Excerpt.quoted(text.get()) + " names check "
            + Excerpt.quoted(f.checkId()) + ", which is not a row check of this contract" + Suggest.didYouMean(f.checkId(), ids),
            "name a row check's id followed by '.failed', such as 'amount.range.failed'");
        return Optional.empty();
      }
    } else if (metric.get() instanceof MetricName.ColumnStat c) {
      Optional<Column> column = contract.column(c.column());
      if (column.isEmpty()) {
        args.problem(Kind.UNKNOWN_COLUMN, where.location(), "metric " + Excerpt.quoted(text.get()) + " names column "
            + Excerpt.quoted(c.column()) + ", which the contract does not declare"
            + Suggest.didYouMean(c.column(), contract.columns().stream().map(Column::name).toList()),
            "declare the column under 'columns', or fix the name");
        return Optional.empty();
      }
      if (c.stat().numeric() && !column.get().type().kind().isNumeric()) {
        args.problem(Kind.CHECK_KIND, where.location(), c.stat().word() + " is measured for numeric columns; column "
            + Excerpt.quoted(c.column()) + " is " + column.get().type(), "use " + c.column() + ".completeness or "
            + c.column() + ".distinct");
        return Optional.empty();
      }
    }
    return metric;
  }

  /** The ids of the contract's row checks: the ones a run counts failing rows for. */
  static Set<String> rowCheckIds(Contract contract) {
    Set<String> ids = new LinkedHashSet<>();
    for (Column c : contract.columns()) {
      ids.add(c.name() + ".type");
      c.required().ifPresent(s -> ids.add(c.name() + ".required"));
      c.unique().ifPresent(s -> ids.add(c.name() + ".unique"));
      c.checks().forEach(s -> ids.add(s.id()));
    }
    contract.keys().stream().map(CompositeKey::id).forEach(ids::add);
    contract.checks().forEach(s -> ids.add(s.id()));
    ids.add(MALFORMED_ID);
    return ids;
  }

  private static Optional<AnomalyStrategy> change(Node.Mapping m, Args args, boolean relative) {
    String strategy = relative ? "relative_rate_of_change" : "absolute_change";
    if (m.get("max_decrease").isEmpty() && m.get("max_increase").isEmpty()) {
      args.problem(Kind.MISSING_KEY, m.location(), strategy + " needs 'max_decrease', 'max_increase' or both",
          relative ? "write the new value over the previous one that may pass: 'max_decrease: 0.5, max_increase: 2.0'"
              : "write how far the value may move from the previous one: 'max_decrease: -100, max_increase: 100'");
      return Optional.empty();
    }
    Optional<BigDecimal> dec = args.number(m, "max_decrease");
    Optional<BigDecimal> inc = args.number(m, "max_increase");
    boolean ok = (m.get("max_decrease").isEmpty() || dec.isPresent()) && (m.get("max_increase").isEmpty() || inc.isPresent());
    if (relative) {
      for (String key : List.of("max_decrease", "max_increase")) {
        Optional<BigDecimal> v = key.equals("max_decrease") ? dec : inc;
        if (v.isPresent() && v.get().signum() <= 0) {
          args.problem(Kind.INVALID_VALUE, m.get(key).orElseThrow().location(), "'" + key + "' of relative_rate_of_change is a"
              + " ratio of the new value to the previous one, so above 0, not " + v.get().toPlainString(),
              "write 0.5 for 'at most halved', 2.0 for 'at most doubled'");
          ok = false;
        }
      }
    }
    if (ok && dec.isPresent() && inc.isPresent() && dec.get().compareTo(inc.get()) > 0) {
      args.problem(Kind.INVALID_VALUE, m.get("max_decrease").orElseThrow().location(), "max_decrease "
          + dec.get().toPlainString() + " is greater than max_increase " + inc.get().toPlainString() + " in " + strategy,
          relative ? "max_decrease is the smallest ratio that passes (0.5), max_increase the largest (2.0)"
              : "max_decrease is the lowest change that passes, negative for a drop (-100); max_increase the highest (100)");
      ok = false;
    }
    Optional<Integer> order = order(m, args, relative ? 1 : 0);
    if (!ok || order.isEmpty()) {
      return Optional.empty();
    }
    Optional<Double> d = dec.map(BigDecimal::doubleValue);
    Optional<Double> i = inc.map(BigDecimal::doubleValue);
    return Optional.of(relative ? new AnomalyStrategy.RelativeRateOfChange(d, i, order.get())
        : new AnomalyStrategy.AbsoluteChange(d, i, order.get()));
  }

  private static Optional<Integer> order(Node.Mapping m, Args args, int least) {
    if (m.get("order").isEmpty()) {
      return Optional.of(1);
    }
    Optional<Long> n = args.count(m, "order");
    if (n.isPresent() && (n.get() < least || n.get() > 100)) {
      args.problem(Kind.INVALID_VALUE, m.get("order").orElseThrow().location(), "'order' must be between " + least
          + " and 100, not " + n.get(), "write 'order: 1' to compare with the previous run (the default)");
      return Optional.empty();
    }
    return n.map(Long::intValue);
  }

  private static Optional<AnomalyStrategy> normal(Node.Mapping m, Args args) {
    Optional<BigDecimal> lower = args.number(m, "lower_deviation_factor");
    Optional<BigDecimal> upper = args.number(m, "upper_deviation_factor");
    Optional<BigDecimal> ignoreStart = args.number(m, "ignore_start_percentage");
    boolean ok = (m.get("lower_deviation_factor").isEmpty() || lower.isPresent())
        && (m.get("upper_deviation_factor").isEmpty() || upper.isPresent())
        && (m.get("ignore_start_percentage").isEmpty() || ignoreStart.isPresent());
    for (String key : List.of("lower_deviation_factor", "upper_deviation_factor")) {
      Optional<BigDecimal> v = key.startsWith("lower") ? lower : upper;
      if (v.isPresent() && v.get().signum() < 0) {
        args.problem(Kind.INVALID_VALUE, m.get(key).orElseThrow().location(), "'" + key + "' of online_normal counts standard"
            + " deviations, so it cannot be negative: " + v.get().toPlainString(), "write a factor such as '" + key + ": 3'");
        ok = false;
      }
    }
    if (ignoreStart.isPresent() && (ignoreStart.get().signum() < 0 || ignoreStart.get().compareTo(BigDecimal.ONE) > 0)) {
      args.problem(Kind.INVALID_VALUE, m.get("ignore_start_percentage").orElseThrow().location(), "'ignore_start_percentage'"
          + " of online_normal is a share between 0 and 1, not " + ignoreStart.get().toPlainString(),
          "write 10% as 'ignore_start_percentage: 0.1'");
      ok = false;
    }
    Optional<Boolean> ignoreAnomalies = Optional.of(true);
    if (m.get("ignore_anomalies").isPresent()) {
      Node n = m.get("ignore_anomalies").get();
      ignoreAnomalies = n instanceof Node.Scalar s && s.value() instanceof Boolean b ? Optional.of(b) : Optional.empty();
      if (ignoreAnomalies.isEmpty()) {
        args.problem(Kind.WRONG_SHAPE, n.location(), "'ignore_anomalies' of online_normal must be true or false, not "
            + n.describe(), "write 'ignore_anomalies: false' to let anomalies move the mean");
        ok = false;
      }
    }
    if (!ok) {
      return Optional.empty();
    }
    // Deequ bounds both sides by 3 deviations by default; a contract that names one side means that side only.
    boolean neither = lower.isEmpty() && upper.isEmpty();
    Optional<Double> lo = neither ? Optional.of(AnomalyStrategy.OnlineNormal.DEFAULT_FACTOR) : lower.map(BigDecimal::doubleValue);
    Optional<Double> hi = neither ? Optional.of(AnomalyStrategy.OnlineNormal.DEFAULT_FACTOR) : upper.map(BigDecimal::doubleValue);
    return Optional.of(new AnomalyStrategy.OnlineNormal(lo, hi,
        ignoreStart.map(BigDecimal::doubleValue).orElse(AnomalyStrategy.OnlineNormal.DEFAULT_IGNORE_START), ignoreAnomalies.get()));
  }

  private static Optional<AnomalyStrategy> holtWinters(Node.Mapping m, Args args) {
    if (!args.require(m, "season", "write 'season: weekly' for daily runs with a weekly pattern")) {
      return Optional.empty();
    }
    Optional<AnomalyStrategy.Season> season = word(m, "season", AnomalyStrategy.Season.values(), AnomalyStrategy.Season::word, args);
    Optional<AnomalyStrategy.Interval> interval = m.get("interval").isEmpty() ? season.map(AnomalyStrategy.Season::defaultInterval)
        : word(m, "interval", AnomalyStrategy.Interval.values(), AnomalyStrategy.Interval::word, args);
    if (season.isEmpty() || interval.isEmpty()) {
      return Optional.empty();
    }
    if (season.get().runsPer(interval.get()).isEmpty()) {
      args.problem(Kind.INVALID_VALUE, m.get("interval").orElseThrow().location(), "holt_winters cannot model a "
          + season.get().word() + " season of " + interval.get().word() + " runs",
          "Deequ models daily seasons of hourly runs, weekly seasons of hourly or daily runs, and yearly seasons of monthly runs");
      return Optional.empty();
    }
    return Optional.of(new AnomalyStrategy.HoltWinters(season.get(), interval.get()));
  }

  private static <E> Optional<E> word(Node.Mapping m, String key, E[] values, java.util.function.Function<E, String> word,
      Args args) {
    List<String> words = java.util.Arrays.stream(values).map(word).toList();
    Optional<String> text = args.string(m, key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    for (E v : values) {
      if (word.apply(v).equals(text.get().toLowerCase(Locale.ROOT))) {
        return Optional.of(v);
      }
    }
    args.problem(Kind.INVALID_VALUE, m.get(key).orElseThrow().location(), "'" + key + "' of holt_winters is "
        + String.join(", ", words) + ", not " + Excerpt.quoted(text.get()) + Suggest.didYouMean(text.get(), words),
        "write '" + key + ": " + words.get(words.size() > 1 ? 1 : 0) + "'");
    return Optional.empty();
  }
}
