package io.sluice.spark.plan;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.sluice.check.RowRule;
import io.sluice.spark.plan.CheckPlan.Check;
import io.sluice.spark.quarantine.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Why a checked row is quarantined, as its {@code _dq_errors} says: every check it failed, in the contract's order,
 * or the one reason of a malformed record.
 */
final class Reasons {
  /** A malformed record's one reason. */
  static final Reason MALFORMED = new Reason(CheckPlan.MALFORMED_ID, Optional.empty(), "the record could not be parsed");

  private Reasons() {}

  static Reason of(RowRule r) {
    return new Reason(r.id(), r.column(), r.failure());
  }

  /** Per bit of the masks, its reason: the checks', then the malformed record's. */
  static List<Reason> perBit(List<Check> checks) {
    List<Reason> reasons = new ArrayList<>();
    checks.forEach(c -> reasons.add(of(c.rule())));
    reasons.add(MALFORMED);
    return reasons;
  }

  /**
   * The {@code _dq_errors} of a checked row. Each failed check contributes a constant one-element array; concat joins
   * them. (array_compact over an array of nullable structs would read the same, but it is a higher-order function
   * that Spark cannot compile: it would take the whole output projection out of whole-stage code generation.)
   */
  static Column errors(List<Check> checks) {
    List<Column> reasons = new ArrayList<>();
    Column none = array().cast(Reason.ERRORS_TYPE);
    for (Check c : checks) {
      reasons.add(when(c.failed(), column(of(c.rule()))).otherwise(none));
    }
    Column errors = reasons.isEmpty() ? none : functions.concat(reasons.toArray(Column[]::new));
    return when(col(CheckPlan.MALFORMED), column(MALFORMED)).otherwise(errors);
  }

  /** A reason as the one-element {@code _dq_errors} it contributes (the split writer builds the same from bits). */
  private static Column column(Reason reason) {
    return array(struct(lit(reason.check()).as("check"), lit(reason.column().orElse(null)).cast(DataTypes.StringType)
        .as("column"), lit(reason.message()).as("message"))).cast(Reason.ERRORS_TYPE);
  }
}
