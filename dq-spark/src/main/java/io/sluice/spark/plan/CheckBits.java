package io.sluice.spark.plan;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.sluice.check.Sql;
import io.sluice.contract.Severity;
import io.sluice.spark.internal.Interpreted;
import io.sluice.spark.plan.CheckPlan.Check;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The checks' failures as the bits of a few masks (the malformed bit last), and the verdict read from them: stages 2
 * and 3 of the plan. Bits, not a boolean column per check: a row carries one long per 64 checks through the plan,
 * so its width (and the work of each projection that copies it) barely grows with them.
 *
 * @param masks the columns carried over, then the masks
 * @param verdict the columns carried over (the masks among them), then whether the row is quarantined and whether it
 *     is warned of
 */
record CheckBits(List<Column> masks, List<Column> verdict) {

  /**
   * @param carried the columns of the rows below that the checked rows keep
   * @param outOfStage whether the checks are computed out of whole-stage generated code (see {@link Interpreted})
   */
  static CheckBits of(List<String> carried, CheckFailures failures, boolean outOfStage) {
    List<Check> checks = failures.checks();
    List<Column> masks = new ArrayList<>();
    List<String> flaggedNames = new ArrayList<>(carried);
    for (String c : flaggedNames) {
      masks.add(col(Sql.ident(c)));
    }
    List<Column> fails = new ArrayList<>(failures.conditions());
    fails.add(col(CheckPlan.MALFORMED));
    int maskCount = (fails.size() + 63) / 64;
    long[] errorBits = new long[maskCount];
    long[] warningBits = new long[maskCount];
    for (Check c : checks) {
      (c.rule().severity() == Severity.ERROR ? errorBits : warningBits)[c.bit() / 64] |= 1L << (c.bit() % 64);
    }
    errorBits[checks.size() / 64] |= 1L << (checks.size() % 64); // a malformed record is quarantined
    for (int m = 0; m < maskCount; m++) {
      List<Column> set = new ArrayList<>();
      for (int b = m * 64; b < Math.min(fails.size(), m * 64 + 64); b++) {
        set.add(when(fails.get(b), lit(1L << (b % 64))).otherwise(lit(0L)));
      }
      if (outOfStage && m == maskCount - 1) {
        set.add(Interpreted.of(lit(0L)));
      }
      masks.add(bitsOf(set).as(mask(m)));
      flaggedNames.add(mask(m));
    }
    List<Column> verdict = new ArrayList<>();
    for (String c : flaggedNames) {
      verdict.add(col(Sql.ident(c)));
    }
    verdict.add(anyBit(errorBits).as(CheckPlan.HAS_ERROR));
    verdict.add(not(col(CheckPlan.MALFORMED)).and(anyBit(warningBits)).as(CheckPlan.HAS_WARNING));
    return new CheckBits(List.copyOf(masks), List.copyOf(verdict));
  }

  /** The name of the {@code m}th mask: bit {@code b % 64} of mask {@code b / 64} is check {@code b}'s failure. */
  static String mask(int m) {
    return "__dq_mask" + m;
  }

  /**
   * The bitwise OR of {@code bits}, as a balanced tree: its depth grows with the log of their number (Spark's
   * analysis recurses over an expression's depth, and a chain of thousands overflows its stack).
   */
  static Column bitsOf(List<Column> bits) {
    if (bits.size() == 1) {
      return bits.get(0);
    }
    int half = bits.size() / 2;
    return bitsOf(bits.subList(0, half)).bitwiseOR(bitsOf(bits.subList(half, bits.size())));
  }

  /** Whether any of {@code bits} (per mask) is set in a checked row's masks. */
  private static Column anyBit(long[] bits) {
    Column any = null;
    for (int m = 0; m < bits.length; m++) {
      if (bits[m] != 0) {
        Column set = col(mask(m)).bitwiseAND(lit(bits[m])).notEqual(lit(0L));
        any = any == null ? set : any.or(set);
      }
    }
    return any == null ? lit(false) : any;
  }
}
