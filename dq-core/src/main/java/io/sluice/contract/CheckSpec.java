package io.sluice.contract;

import java.util.Optional;

/**
 * A check as the contract writes it: its kind, its arguments (kept as located YAML so the rule
 * catalog can validate them and point at mistakes), its severity and its id.
 *
 * <p>Ids follow DESIGN.md: {@code <column>.<kind>} for column checks, the {@code name} for expression
 * checks, {@code <column>.<kind>} or {@code dataset.<kind>} for dataset checks, and {@code <metric>.<kind>} for a
 * dataset check over a named {@code metric} ({@code row_count.anomaly}). A {@code name} given
 * on any check replaces the default id, so a column may carry two checks of one kind.
 */
public record CheckSpec(
    String id,
    String kind,
    Placement placement,
    Optional<String> column,
    Node args,
    Severity severity,
    Optional<String> description,
    Location location) {

  /** The id DESIGN.md gives a check that has no {@code name}. */
  public static String defaultId(String kind, Placement placement, Optional<String> column) {
    return column.map(c -> c + "." + kind).orElse(placement == Placement.DATASET ? "dataset." + kind : kind);
  }
}
