package io.sluice.check;

import io.sluice.contract.Column;
import io.sluice.contract.Contract;
import java.util.Optional;

/** What a check is bound to: its contract and, for a column check, its column. */
public record Binding(Contract contract, Optional<Column> column) {

  /** The column a column check belongs to; kinds placed only on columns may rely on it. */
  public Column requireColumn() {
    return column.orElseThrow(() -> new IllegalStateException("a column check was bound without its column"));
  }
}
