package io.sluice.check;

import io.sluice.diff.ArgumentChange;
import io.sluice.diff.CheckChanges;
import java.util.Optional;

/** Tells {@code sluice diff} how each kind of the rule catalog compares its changes ({@link CheckKind#argumentChange}). */
public final class RuleCatalogChanges implements CheckChanges {
  private final RuleCatalog catalog;

  public RuleCatalogChanges() {
    this(RuleCatalog.standard());
  }

  public RuleCatalogChanges(RuleCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public Optional<ArgumentChange> of(String kind) {
    return catalog.kind(kind).map(CheckKind::argumentChange);
  }
}
