package io.sluice.contract;

import java.util.List;
import java.util.Optional;

/**
 * A check as the contract writes it: its kind, its arguments (kept as located YAML so the rule
 * catalog can validate them and point at mistakes), its severity and its id.
 *
 * <p>Ids follow DESIGN.md: {@code <column>.<kind>} for column checks, the {@code name} for expression
 * checks, {@code <column>.<kind>} or {@code dataset.<kind>} for dataset checks, {@code <metric>.<kind>} for a
 * dataset check over a named {@code metric} ({@code row_count.anomaly}), and {@code <kind>(a,b)} for a
 * row check over named columns (as a composite key's {@code unique(a,b)}). A {@code name} given on any check
 * replaces the default id, so a column may carry two checks of one kind.
 *
 * @param columns the columns a row check names with {@code columns: [a, b]} (a composite reference's key), in that
 *     order; empty for every other check
 */
public record CheckSpec(
    String id,
    String kind,
    Placement placement,
    Optional<String> column,
    List<String> columns,
    Node args,
    Severity severity,
    Optional<String> description,
    Location location) {

  public CheckSpec {
    columns = List.copyOf(columns);
  }

  /** A check that names no list of columns. */
  public CheckSpec(String id, String kind, Placement placement, Optional<String> column, Node args, Severity severity,
      Optional<String> description, Location location) {
    this(id, kind, placement, column, List.of(), args, severity, description, location);
  }

  /** The id DESIGN.md gives a check that has no {@code name}. */
  public static String defaultId(String kind, Placement placement, Optional<String> column) {
    return column.map(c -> c + "." + kind).orElse(placement == Placement.DATASET ? "dataset." + kind : kind);
  }

  /** The id DESIGN.md gives a row check over {@code columns} that has no {@code name}: {@code kind(a,b)}. */
  public static String defaultId(String kind, List<String> columns) {
    return kind + "(" + String.join(",", columns) + ")";
  }

  /** The default id of this check, whatever its name. */
  public String defaultId() {
    return columns.isEmpty() ? defaultId(kind, placement, column) : defaultId(kind, columns);
  }
}
