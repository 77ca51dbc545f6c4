package io.sluice.diff;

/**
 * The rules {@code sluice diff} classifies changes by. The names are stable ids: reports, CI logs and
 * suppressions refer to them. Whom a change breaks is decided per finding (a dropped warn-level check
 * promised consumers nothing, so it breaks nobody), not per rule.
 */
public enum Rule {
  CONTRACT_ADDED, CONTRACT_REMOVED, ID_CHANGED, LAYER_CHANGED, SOURCE_CHANGED, EXTRA_COLUMNS_CHANGED,
  OWNER_CHANGED(true), DESCRIPTION_CHANGED(true), CLASSIFICATION_CHANGED(true), CUSTOM_PROPERTIES_CHANGED(true),
  COLUMN_REMOVED, COLUMN_ADDED, TYPE_WIDENED, TYPE_NARROWED, TYPE_CHANGED, FORMAT_CHANGED,
  REQUIRED_DROPPED, REQUIRED_ADDED, UNIQUE_DROPPED, UNIQUE_ADDED, KEY_DROPPED, KEY_ADDED,
  CHECK_ADDED, CHECK_REMOVED, CHECK_TIGHTENED, CHECK_LOOSENED, CHECK_CHANGED,
  RANGE_WIDENED, RANGE_TIGHTENED, LENGTH_CHANGED, LENGTH_TIGHTENED,
  ALLOWED_VALUES_ADDED, ALLOWED_VALUES_REMOVED, PATTERN_CHANGED, EXPRESSION_CHANGED,
  SEVERITY_LOWERED, SEVERITY_RAISED,
  PROTECTION_CHANGED, ACCESS_NARROWED, ACCESS_WIDENED, ACCESS_CHANGED;

  private final boolean documentation;

  Rule() {
    this(false);
  }

  Rule(boolean documentation) {
    this.documentation = documentation;
  }

  /** True for changes of what the contract says about the data, not of the data: a patch bump is enough. */
  public boolean documentation() {
    return documentation;
  }
}
