package io.sluice.diff;

import java.util.Map;
import java.util.Optional;

/**
 * What the rule catalog (dq-rules, which dq-core's tests cannot see) says of the built-in kinds' changes, registered
 * for dq-core's tests; {@code RuleCatalogChangesTest} in dq-rules checks the catalog says the same.
 */
public final class BuiltInKindChanges implements CheckChanges {
  static final Map<String, ArgumentChange> BUILT_IN = Map.of("range", ArgumentChange.RANGE, "length", ArgumentChange.LENGTH,
      "allowed_values", ArgumentChange.VALUE_SET, "pattern", ArgumentChange.PATTERN, "expression", ArgumentChange.EXPRESSION,
      "anomaly", ArgumentChange.ANOMALY,
      "references", ArgumentChange.REFERENCE);

  @Override
  public Optional<ArgumentChange> of(String kind) {
    return Optional.ofNullable(BUILT_IN.get(kind));
  }
}
