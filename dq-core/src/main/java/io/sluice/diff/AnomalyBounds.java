package io.sluice.diff;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How two versions of one {@code anomaly} check compare. Only the same metric and strategy compare; then each bound
 * moves one way: a lower {@code max_decrease}, a higher {@code max_increase}, larger deviation factors or a larger
 * ignored start let more runs pass. An absent bound is no bound (online_normal with neither factor has Deequ's 3 on
 * both sides). Any other parameter changed ({@code order}, {@code ignore_anomalies}, {@code season},
 * {@code interval}) makes the two incomparable.
 */
final class AnomalyBounds {
  private static final BigDecimal DEFAULT_FACTOR = new BigDecimal("3");
  private static final BigDecimal DEFAULT_IGNORE_START = new BigDecimal("0.1");

  /** A bound and the way it lets more through: +1 when a higher value is looser, -1 when a lower one is. */
  private record Bound(String key, int looserWhenHigher, Optional<BigDecimal> orElse) {}

  private static final List<Bound> CHANGE = List.of(new Bound("max_decrease", -1, Optional.empty()),
      new Bound("max_increase", 1, Optional.empty()));
  private static final List<Bound> NORMAL = List.of(new Bound("lower_deviation_factor", 1, Optional.empty()),
      new Bound("upper_deviation_factor", 1, Optional.empty()),
      new Bound("ignore_start_percentage", 1, Optional.of(DEFAULT_IGNORE_START)));

  private AnomalyBounds() {}

  /** True when the new version only loosens, false when it only tightens; empty when it does neither or both. */
  static Optional<Boolean> looser(Object before, Object after) {
    if (!(before instanceof Map<?, ?> b) || !(after instanceof Map<?, ?> a)
        || !Objects.equals(b.get("metric"), a.get("metric")) || !Objects.equals(b.get("strategy"), a.get("strategy"))) {
      return Optional.empty();
    }
    List<Bound> bounds = switch (String.valueOf(a.get("strategy"))) {
      case "relative_rate_of_change", "absolute_change" -> CHANGE;
      case "online_normal" -> NORMAL;
      default -> List.of();
    };
    Set<Object> keys = new HashSet<>(b.keySet());
    keys.addAll(a.keySet());
    for (Object k : keys) {
      if (bounds.stream().noneMatch(x -> x.key().equals(k)) && !Objects.equals(b.get(k), a.get(k))) {
        return Optional.empty();
      }
    }
    boolean looser = false;
    boolean tighter = false;
    boolean neitherFactor = bounds == NORMAL;
    for (Bound x : bounds) {
      Optional<BigDecimal> vb = value(b, x, neitherFactor && noFactor(b));
      Optional<BigDecimal> va = value(a, x, neitherFactor && noFactor(a));
      if (vb.isEmpty() && va.isEmpty() || vb.isPresent() && va.isPresent() && vb.get().compareTo(va.get()) == 0) {
        continue;
      }
      if (va.isEmpty() || vb.isEmpty()) { // a bound removed lets more through, one added less
        looser |= va.isEmpty();
        tighter |= vb.isEmpty();
        continue;
      }
      int c = Integer.signum(va.get().compareTo(vb.get())) * x.looserWhenHigher();
      looser |= c > 0;
      tighter |= c < 0;
    }
    return looser == tighter ? Optional.empty() : Optional.of(looser);
  }

  private static boolean noFactor(Map<?, ?> m) {
    return !m.containsKey("lower_deviation_factor") && !m.containsKey("upper_deviation_factor");
  }

  private static Optional<BigDecimal> value(Map<?, ?> m, Bound x, boolean defaultFactors) {
    Object v = m.get(x.key());
    if (v instanceof BigDecimal d) {
      return Optional.of(d);
    }
    if (defaultFactors && x.key().endsWith("_deviation_factor")) {
      return Optional.of(DEFAULT_FACTOR);
    }
    return x.orElse();
  }
}
