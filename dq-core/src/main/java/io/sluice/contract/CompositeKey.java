package io.sluice.contract;

import java.util.List;

/** A multi-column uniqueness key, from the contract's top-level {@code unique} list. */
public record CompositeKey(List<String> columns, Severity severity, Location location) {
  public CompositeKey {
    columns = List.copyOf(columns);
  }

  /** {@code unique(customer_id,ordered_at)}, per DESIGN.md. */
  public String id() {
    return "unique(" + String.join(",", columns) + ")";
  }
}
