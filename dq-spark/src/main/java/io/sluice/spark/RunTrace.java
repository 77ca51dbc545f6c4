package io.sluice.spark;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code -Dsluice.trace=true}: when each phase of a run was reached, logged at INFO (wall clock, milliseconds),
 * to see where a run's time goes. Never data.
 */
final class RunTrace {
  private static final boolean ON = Boolean.getBoolean("sluice.trace");
  private static final Logger LOG = LoggerFactory.getLogger(Transition.class);

  private RunTrace() {}

  static boolean on() {
    return ON;
  }

  static void at(String phase) {
    if (ON) {
      LOG.info(String.format(Locale.ROOT, "%d ms: %s", System.currentTimeMillis() % 1_000_000, phase));
    }
  }
}
