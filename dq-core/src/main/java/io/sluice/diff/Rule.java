package io.sluice.diff;

/**
 * The rules {@code sluice diff} classifies changes by. The names are stable ids: reports, CI logs and
 * suppressions refer to them. Whom a change breaks is decided per finding (a dropped warn-level check
 * promised consumers nothing, so it breaks nobody), not per rule; each rule's description says when.
 */
public enum Rule {
  CONTRACT_ADDED("A contract was added",
      "A new contract file. It promises nothing yet to anyone, so it breaks nobody; it is checked as lint checks it."),
  CONTRACT_REMOVED("A contract was removed",
      "A contract file that existed in the old version is gone. Its consumers lose their promise: keep it, deprecated in "
          + "its description, until no consumer reads it, and approve its removal by hand."),
  ID_CHANGED("The contract's id changed",
      "Consumers find a contract by its id: a new id breaks them. Keep the id, or add a new contract beside the old one."),
  LAYER_CHANGED("The contract's layer changed",
      "The layer (bronze, silver, gold) says where the data is read: moving it breaks consumers."),
  SOURCE_CHANGED("The contract's source layer changed",
      "The layer the data comes from changed: data that passed may now fail, so it concerns producers."),
  EXTRA_COLUMNS_CHANGED("What happens to columns the contract does not name changed",
      "schema.extra_columns changed. keep -> drop breaks consumers (columns they read disappear); -> fail concerns "
          + "producers (data with extra columns now stops the run); other changes break nobody."),
  OWNER_CHANGED(true, "The contract's owner changed", "Documentation only: a patch bump is enough."),
  DESCRIPTION_CHANGED(true, "A description changed",
      "The description of the contract, a column or a check changed. Documentation only: a patch bump is enough."),
  CUSTOM_PROPERTIES_CHANGED(true, "Custom properties changed",
      "custom_properties carry what the contract says for other tools (an ODCS catalog, say); Sluice reads none of it, "
          + "so a change breaks nobody: a patch bump is enough."),
  CLASSIFICATION_CHANGED(true, "A column's classification changed",
      "The classification (pii, confidential...) documents the column; a patch bump is enough. Its protection is "
          + "compared separately (PROTECTION_CHANGED)."),
  COLUMN_REMOVED("A column was removed",
      "Consumers that read the column break; a rename is a removal for them. Keep the old column, or bump the major "
          + "version."),
  COLUMN_ADDED("A column was added",
      "An optional column breaks nobody. A required one concerns producers: they must now supply it."),
  TYPE_WIDENED("A column's type was widened",
      "int -> long, float -> double, or decimal precision up at the same scale: every old value still fits, so it breaks "
          + "nobody."),
  TYPE_NARROWED("A column's type was narrowed",
      "The reverse of a widening: readers see a new type, and values that fitted may no longer. Breaks consumers."),
  TYPE_CHANGED("A column's type changed",
      "A change of type that is neither a widening nor a narrowing: readers see a new type. Breaks consumers."),
  FORMAT_CHANGED("A date or timestamp column's format changed",
      "How text is parsed into the column changed: values that parsed may no longer. Concerns producers."),
  REQUIRED_DROPPED("A column is no longer required",
      "Consumers may now meet nulls where the contract promised none. Breaks consumers when it was error-level."),
  REQUIRED_ADDED("A column became required",
      "Rows with a null there now fail: concerns producers when error-level."),
  UNIQUE_DROPPED("A column is no longer unique",
      "Consumers may now meet repeated values. Breaks consumers when it was error-level."),
  UNIQUE_ADDED("A column became unique",
      "Rows that repeat a value now fail: concerns producers when error-level."),
  KEY_DROPPED("A unique key was dropped",
      "Rows may now repeat the key. Breaks consumers when it was error-level."),
  KEY_ADDED("A unique key was added",
      "Rows that repeat the key now fail: concerns producers when error-level."),
  CHECK_ADDED("A check was added",
      "Rows that passed may now fail: concerns producers when error-level; a warn-level check quarantines nothing."),
  CHECK_REMOVED("A check was removed",
      "Consumers lose the check's promise. Breaks consumers when it was error-level; a warn-level check promised "
          + "nothing."),
  CHECK_TIGHTENED("A check was tightened",
      "Its bounds let less through: rows that passed may now fail. Concerns producers when error-level."),
  CHECK_LOOSENED("A check was loosened",
      "Its bounds let more through: consumers may meet values it refused. Breaks consumers when it was error-level."),
  CHECK_CHANGED("A check's arguments changed",
      "A change that is neither a tightening nor a loosening: consumers cannot rely on the old promise. Breaks consumers "
          + "when it was error-level."),
  RANGE_WIDENED("A range was widened",
      "The range lets values through that it refused (bounds are inclusive; a bound removed widens it): consumers may "
          + "meet them. Breaks consumers when it was error-level."),
  RANGE_TIGHTENED("A range was tightened",
      "Values that passed may now fail. Concerns producers when error-level. A range moved both ways gives both "
          + "findings."),
  LENGTH_CHANGED("A length check was widened or moved",
      "Lengths the old check refused now pass: consumers may meet them. Breaks consumers when it was error-level."),
  LENGTH_TIGHTENED("A length check was tightened",
      "Lengths that passed may now fail. Concerns producers when error-level."),
  ALLOWED_VALUES_ADDED("Allowed values were added",
      "Consumers may meet values they do not handle. Breaks consumers when the check was error-level."),
  ALLOWED_VALUES_REMOVED("Allowed values were removed",
      "Rows with the removed values now fail. Concerns producers when error-level."),
  PATTERN_CHANGED("A pattern changed",
      "Values the old pattern refused may now pass. Breaks consumers when it was error-level."),
  EXPRESSION_CHANGED("A row check's expression changed",
      "What the check promises changed. Breaks consumers when it was error-level."),
  REFERENCE_CHANGED("A reference now looks its keys up elsewhere",
      "A references check names another dataset, table, format or referenced column: keys the old one held may be "
          + "missing, so rows that passed may now fail. Concerns producers when error-level. Removing a reference is "
          + "CHECK_REMOVED (consumers lose the promise); adding one is CHECK_ADDED (producers)."),
  SEVERITY_LOWERED("A check was lowered from error to warn",
      "Failing rows now reach consumers instead of the quarantine. Breaks consumers."),
  SEVERITY_RAISED("A check was raised from warn to error",
      "Failing rows are now quarantined. Concerns producers."),
  PROTECTION_CHANGED("A column's protection changed",
      "Mask and encryption, the mask type, the mode, the key or the domain changed: stored values change, so old and new "
          + "values no longer compare or join. Breaks consumers."),
  ACCESS_NARROWED("A role now reads a column less openly",
      "clear -> masked -> denied: readers in that role lose what they read. Breaks consumers."),
  ACCESS_WIDENED("A role now reads a column more openly",
      "Readers in that role gain access. Breaks nobody; review it as an access decision."),
  ACCESS_CHANGED("A role reads a column differently",
      "The access changed to another of the same openness (one mask for another): readers see other values. Breaks "
          + "consumers.");

  private final boolean documentation;
  private final String title;
  private final String description;

  Rule(String title, String description) {
    this(false, title, description);
  }

  Rule(boolean documentation, String title, String description) {
    this.documentation = documentation;
    this.title = title;
    this.description = description;
  }

  /** True for changes of what the contract says about the data, not of the data: a patch bump is enough. */
  public boolean documentation() {
    return documentation;
  }

  /** One line: what the change is. */
  public String title() {
    return title;
  }

  /** What the change is and whom it breaks, for help texts. */
  public String description() {
    return description;
  }
}
