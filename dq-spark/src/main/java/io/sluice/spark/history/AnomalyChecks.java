package io.sluice.spark.history;

import com.amazon.deequ.anomalydetection.AbsoluteChangeStrategy;
import com.amazon.deequ.anomalydetection.AnomalyDetectionStrategy;
import com.amazon.deequ.anomalydetection.AnomalyDetector;
import com.amazon.deequ.anomalydetection.DataPoint;
import com.amazon.deequ.anomalydetection.DetectionResult;
import com.amazon.deequ.anomalydetection.OnlineNormalStrategy;
import com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy;
import com.amazon.deequ.anomalydetection.seasonal.HoltWinters;
import io.sluice.check.AnomalyRule;
import io.sluice.check.AnomalyStrategy;
import io.sluice.history.MetricsHistory;
import io.sluice.history.MetricsRecord;
import io.sluice.report.DatasetCheckResult;
import io.sluice.report.DatasetCheckResult.Expected;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Judges a run's anomaly checks against the contract's metrics history with Deequ's anomaly detection
 * ({@code AnomalyDetector.isNewPointAnomalous}): the baseline is the earlier runs whose data was accepted, in the order
 * they ran. The range a value was expected in is worked out as Deequ's strategy bounds it, so the report can say it;
 * Deequ decides the verdict.
 */
public final class AnomalyChecks {
  private AnomalyChecks() {}

  /**
   * The results of {@code rules} for the run {@code now}.
   *
   * @param history the contract's metrics history before this run; empty when the run keeps none
   */
  public static List<DatasetCheckResult> judge(List<AnomalyRule> rules, Optional<MetricsHistory> history, MetricsRecord now) {
    List<DatasetCheckResult> results = new ArrayList<>();
    for (AnomalyRule r : rules) {
      results.add(judge(r, history, now));
    }
    return results;
  }

  private static DatasetCheckResult judge(AnomalyRule r, Optional<MetricsHistory> history, MetricsRecord now) {
    Optional<Double> value = r.metric().valueIn(now);
    if (history.isEmpty()) {
      return pass(r, value, "no metrics history (the run has no audit folder, or keeps no history): nothing to compare with");
    }
    if (value.isEmpty()) {
      return pass(r, value, "this run did not measure " + r.metric().text() + ": nothing to compare");
    }
    List<Double> before = history.get().series(now.contractId(), r.metric()).accepted().points().stream()
        .filter(p -> !p.runId().equals(now.runId())).map(MetricsHistory.Point::value).toList();
    int need = r.strategy().minimumHistory();
    if (before.size() < need) {
      return pass(r, value, "too little history: " + before.size() + " earlier accepted run" + (before.size() == 1 ? "" : "s")
          + " of " + r.metric().text() + ", " + r.strategy().kind().word() + " needs " + need + "; the check passes until then");
    }
    boolean anomalous = anomalous(strategy(r.strategy()), before, value.get());
    Optional<Expected> expected = expected(r.strategy(), before);
    String compared = "compared with " + before.size() + " earlier run" + (before.size() == 1 ? "" : "s");
    String note = anomalous ? r.metric().text() + " " + number(value.get()) + " is an anomaly"
        + expected.map(e -> " (expected " + show(e) + ")").orElse("") + ", " + compared
        : compared;
    return new DatasetCheckResult(r.id(), r.kind(), r.column(), r.severity(), value, !anomalous,
        expected.map(e -> "value within " + show(e)), expected, Optional.of(note));
  }

  private static DatasetCheckResult pass(AnomalyRule r, Optional<Double> value, String note) {
    return new DatasetCheckResult(r.id(), r.kind(), r.column(), r.severity(), value, true, Optional.empty(), Optional.empty(),
        Optional.of(note));
  }

  private static Option<Object> some(Optional<Double> v) {
    return v.isPresent() ? Option.apply((Object) v.get()) : Option.empty();
  }

  static AnomalyDetectionStrategy strategy(AnomalyStrategy s) {
    if (s instanceof AnomalyStrategy.RelativeRateOfChange c) {
      return new RelativeRateOfChangeStrategy(some(c.maxDecrease()), some(c.maxIncrease()), c.order());
    } else if (s instanceof AnomalyStrategy.AbsoluteChange c) {
      return new AbsoluteChangeStrategy(some(c.maxDecrease()), some(c.maxIncrease()), c.order());
    } else if (s instanceof AnomalyStrategy.OnlineNormal n) {
      return new OnlineNormalStrategy(some(n.lowerDeviationFactor()), some(n.upperDeviationFactor()),
          n.ignoreStartPercentage(), n.ignoreAnomalies());
    }
    return new HoltWinters(((AnomalyStrategy.HoltWinters) s).periodicity());
  }

  private static boolean anomalous(AnomalyDetectionStrategy strategy, List<Double> before, double value) {
    return !detect(strategy, before, value).anomalies().isEmpty();
  }

  private static DetectionResult detect(AnomalyDetectionStrategy strategy, List<Double> before, double value) {
    List<DataPoint<Object>> points = new ArrayList<>();
    for (int i = 0; i < before.size(); i++) {
      points.add(new DataPoint<>(i, Option.apply((Object) before.get(i))));
    }
    DataPoint<Object> point = new DataPoint<>(before.size(), Option.apply((Object) value));
    AnomalyDetector detector = new AnomalyDetector(strategy);
    // Deequ's Holt-Winters prints its fitted parameters to Scala's console: a library keeps standard output clean.
    DetectionResult result = scala.Console$.MODULE$.withOut(java.io.OutputStream.nullOutputStream(),
        new scala.runtime.AbstractFunction0<DetectionResult>() {
          @Override
          public DetectionResult apply() {
            return detector.isNewPointAnomalous(JavaConverters.asScalaBuffer(points).toSeq(), point);
          }
        });
    return result;
  }

  /** The range Deequ's strategy accepts the next value in, given the values before it. */
  static Optional<Expected> expected(AnomalyStrategy s, List<Double> before) {
    int n = before.size();
    if (s instanceof AnomalyStrategy.RelativeRateOfChange c) {
      double base = before.get(n - c.order());
      if (base == 0) {
        return Optional.empty(); // any value over 0 is an infinite rate
      }
      Optional<Double> a = c.maxDecrease().map(d -> d * base);
      Optional<Double> b = c.maxIncrease().map(i -> i * base);
      return Optional.of(base > 0 ? new Expected(a, b) : new Expected(b, a));
    } else if (s instanceof AnomalyStrategy.AbsoluteChange c) {
      // The difference of order k at the new value v is v plus a sum over the k values before it.
      double rest = 0;
      long binomial = 1;
      for (int j = 1; j <= c.order(); j++) {
        binomial = binomial * (c.order() - j + 1) / j;
        rest += (j % 2 == 1 ? -1 : 1) * binomial * before.get(n - j);
      }
      double d0 = rest;
      return Optional.of(new Expected(c.maxDecrease().map(d -> d - d0), c.maxIncrease().map(i -> i - d0)));
    } else if (s instanceof AnomalyStrategy.OnlineNormal o) {
      return normalRange(o, before);
    }
    return holtWintersRange((AnomalyStrategy.HoltWinters) s, before);
  }

  private static final java.util.regex.Pattern FORECAST = java.util.regex.Pattern.compile("^Forecasted (\\S+) for ");

  /**
   * Deequ's Holt-Winters accepts the next value within 1.96 deviations of the residuals from its forecast, and fits
   * its model on the earlier values alone. It says neither number, only the forecast of a value it finds anomalous:
   * so a value far off gives the forecast, and halving the distance (each probe a detection on the same fit) finds
   * the half-width of the range, to a ten-millionth of it (a report shows six digits).
   */
  private static Optional<Expected> holtWintersRange(AnomalyStrategy.HoltWinters h, List<Double> before) {
    AnomalyDetectionStrategy strategy = strategy(h);
    double scale = 1;
    for (double v : before) {
      scale = Math.max(scale, Math.abs(v));
    }
    // The nearest of a few values far off that Deequ finds anomalous: each probe fits the model anew.
    double far = 2 * scale;
    DetectionResult result = detect(strategy, before, far);
    for (int tries = 0; result.anomalies().isEmpty() && tries < 20; tries++) {
      far *= 8;
      result = detect(strategy, before, far);
    }
    if (result.anomalies().isEmpty()) {
      return Optional.empty();
    }
    Option<String> detail = result.anomalies().head()._2().detail();
    java.util.regex.Matcher m = FORECAST.matcher(detail.isDefined() ? detail.get() : "");
    if (!m.find()) {
      return Optional.empty();
    }
    double forecast;
    try {
      forecast = Double.parseDouble(m.group(1));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    double low = 0; // a value this far from the forecast is accepted
    double high = Math.abs(far - forecast); // and this far is an anomaly
    while (high - low > high * 1e-7 && high > Double.MIN_NORMAL) {
      double mid = (low + high) / 2;
      if (anomalous(strategy, before, forecast + mid)) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return Optional.of(new Expected(Optional.of(forecast - low), Optional.of(forecast + low)));
  }

  /** Deequ's running mean and deviation over the earlier values, as its strategy uses them for the next one. */
  private static Optional<Expected> normalRange(AnomalyStrategy.OnlineNormal o, List<Double> before) {
    OnlineNormalStrategy deequ = (OnlineNormalStrategy) strategy(o);
    List<Object> values = new ArrayList<>(before);
    var stats = JavaConverters.seqAsJavaList(deequ.computeStatsAndAnomalies(
        JavaConverters.asScalaBuffer(values).toVector(), deequ.computeStatsAndAnomalies$default$2()));
    OnlineNormalStrategy.OnlineCalculationResult last = stats.get(stats.size() - 1);
    double mean = last.mean();
    double sd = last.stdDev();
    return Optional.of(new Expected(o.lowerDeviationFactor().map(f -> mean - f * sd),
        o.upperDeviationFactor().map(f -> mean + f * sd)));
  }

  private static String show(Expected e) {
    return "[" + e.min().map(AnomalyChecks::number).orElse("-inf") + ", " + e.max().map(AnomalyChecks::number).orElse("+inf") + "]";
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
        : String.format(Locale.ROOT, "%.6g", v).replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
