package io.sluice.contract;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A data contract ({@code sluice/v1}): what a dataset must be to enter a layer, and how its sensitive
 * columns are protected. Immutable; load one with {@link ContractLoader}.
 *
 * @param customProperties what the contract says for other tools (an ODCS catalog, say): kept and carried, never
 *     interpreted by Sluice
 * @param file where it was loaded from, as given
 * @param sha256 hex SHA-256 of the file's bytes, recorded by every audit record
 * @param keyLocations where the value of each top-level key was written ({@code schema.extra_columns} for
 *     the one nested key), so that a change of it can point there; empty for a contract not read from YAML
 */
public record Contract(
    String apiVersion,
    String id,
    SemanticVersion version,
    Optional<String> owner,
    Optional<String> description,
    Layer layer,
    Optional<Layer> source,
    ExtraColumns extraColumns,
    List<Column> columns,
    List<CompositeKey> keys,
    List<CheckSpec> checks,
    List<CheckSpec> datasetChecks,
    Access access,
    Map<String, Node> customProperties,
    String file,
    String sha256,
    Map<String, Location> keyLocations) {

  public static final String API_VERSION = "sluice/v1";
  public static final String KIND = "DataContract";

  public Contract {
    columns = List.copyOf(columns);
    keys = List.copyOf(keys);
    checks = List.copyOf(checks);
    datasetChecks = List.copyOf(datasetChecks);
    customProperties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(customProperties));
    keyLocations = Map.copyOf(keyLocations);
  }

  /** A contract that knows no key's location: one built in code rather than read from YAML. */
  public Contract(String apiVersion, String id, SemanticVersion version, Optional<String> owner,
      Optional<String> description, Layer layer, Optional<Layer> source, ExtraColumns extraColumns, List<Column> columns,
      List<CompositeKey> keys, List<CheckSpec> checks, List<CheckSpec> datasetChecks, Access access,
      Map<String, Node> customProperties, String file, String sha256) {
    this(apiVersion, id, version, owner, description, layer, source, extraColumns, columns, keys, checks, datasetChecks,
        access, customProperties, file, sha256, Map.of());
  }

  /** A contract built in code, with no custom properties and no key locations. */
  public Contract(String apiVersion, String id, SemanticVersion version, Optional<String> owner,
      Optional<String> description, Layer layer, Optional<Layer> source, ExtraColumns extraColumns, List<Column> columns,
      List<CompositeKey> keys, List<CheckSpec> checks, List<CheckSpec> datasetChecks, Access access, String file,
      String sha256) {
    this(apiVersion, id, version, owner, description, layer, source, extraColumns, columns, keys, checks, datasetChecks,
        access, Map.of(), file, sha256, Map.of());
  }

  /** Where the value of top-level {@code key} was written, if the contract was read from YAML and has it. */
  public Optional<Location> locationOf(String key) {
    return Optional.ofNullable(keyLocations.get(key));
  }

  public Optional<Column> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** Column-level, row-level and dataset-level checks as written, in that order. */
  public List<CheckSpec> allChecks() {
    var all = new java.util.ArrayList<CheckSpec>();
    columns.forEach(c -> all.addAll(c.checks()));
    all.addAll(checks);
    all.addAll(datasetChecks);
    return List.copyOf(all);
  }

  /** {@code bronze->silver}, or just the layer when the contract names no source. */
  public String transition() {
    return source.map(s -> s.word() + "->" + layer.word()).orElse(layer.word());
  }
}
