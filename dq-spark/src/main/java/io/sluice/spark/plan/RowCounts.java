package io.sluice.spark.plan;

/**
 * One task's tally of the rows it saw and of each check's failures among them, from each row's side and the
 * bits of its failed checks ({@link CheckPlan.Planned#masks}): how a split write's writers and a validation
 * count without an observed aggregate per check (Spark updates every observed aggregate for every row, without
 * generated code, so a contract of many checks would pay for each one on every row). The tasks' tallies are
 * added up by a {@link CountsAccumulator}.
 */
public final class RowCounts {
  /** The counts by index: rows of each side, valid rows with a warning, malformed rows. */
  public static final int VALID = 0;
  public static final int QUARANTINED = 1;
  public static final int WARNED = 2;
  public static final int MALFORMED = 3;
  /** Index of the first check's failures among the counts; check c's is {@code FIRST_CHECK + c}. */
  public static final int FIRST_CHECK = 4;

  private final int checks;
  private final long[] counts;

  /** A tally for a plan of {@code checks} checks: bit {@code checks} of the masks says the record is malformed. */
  public RowCounts(int checks) {
    this.checks = checks;
    this.counts = new long[FIRST_CHECK + checks];
  }

  /** The size of the counts of a plan of {@code checks} checks. */
  public static int size(int checks) {
    return FIRST_CHECK + checks;
  }

  /** Counts one row: quarantined or valid, and the checks it failed ({@code bits}, as the masks hold them). */
  public void add(boolean quarantined, long[] bits) {
    if (quarantined) {
      counts[QUARANTINED]++;
      if ((bits[checks / 64] >>> (checks % 64) & 1L) != 0) {
        counts[MALFORMED]++;
      }
      failed(bits);
    } else {
      counts[VALID]++;
      if (any(bits)) { // a valid row fails warning checks only
        counts[WARNED]++;
        failed(bits);
      }
    }
  }

  private static boolean any(long[] bits) {
    for (long b : bits) {
      if (b != 0) {
        return true;
      }
    }
    return false;
  }

  private void failed(long[] bits) {
    for (int m = 0; m < bits.length; m++) {
      for (long set = bits[m]; set != 0; set &= set - 1) {
        int b = m * 64 + Long.numberOfTrailingZeros(set);
        if (b < checks) {
          counts[FIRST_CHECK + b]++;
        }
      }
    }
  }

  public long[] values() {
    return counts;
  }
}
