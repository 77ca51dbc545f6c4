package io.sluice.check;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.Placement;
import io.sluice.contract.Problems;
import io.sluice.diff.ArgumentChange;
import java.util.Optional;
import java.util.Set;

/**
 * A kind of check: the service-provider interface of the rule catalog.
 *
 * <p>To add a kind from your own jar, implement this interface and list the class in
 * {@code META-INF/services/io.sluice.check.CheckKind}; contracts can then use its name as a check key.
 * {@link #bind} validates the arguments a contract gives and renders the check as Spark SQL:
 * a {@link RowRule} (a predicate that is TRUE for passing rows) or a {@link DatasetRule}.
 */
public interface CheckKind {

  /** The key contracts write, e.g. {@code range}. Lower case, {@code [a-z][a-z0-9_]*}. */
  String name();

  /** Where the kind may be written: under a column's checks, the row checks, or the dataset checks. */
  Set<Placement> placements();

  /**
   * Whether a row check of this kind may name the columns it reads ({@code columns: [a, b]} beside the kind): they are
   * then its key, in {@link CheckSpec#columns()}, and its default id is {@code kind(a,b)}.
   */
  default boolean takesColumns() {
    return false;
  }

  /** One line for docs and help. */
  String summary();

  /**
   * Validates {@code spec}'s arguments and renders the rule. Reports each problem with the location of
   * the offending argument and returns empty when the check cannot be rendered.
   */
  Optional<Rule> bind(CheckSpec spec, Binding binding, Problems problems);

  /**
   * How {@code sluice diff} judges a change to the arguments of a check of this kind between two versions of a
   * contract: as bounds (a wider {@code min}/{@code max} loosens, a narrower one tightens) unless the kind says
   * otherwise.
   */
  default ArgumentChange argumentChange() {
    return ArgumentChange.BOUNDS;
  }
}
