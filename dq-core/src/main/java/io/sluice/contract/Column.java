package io.sluice.contract;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A column the contract names. {@code required} and {@code unique} are present when the contract asks
 * for them, with the severity it gave ({@code true} means error). {@code format} says how strings parse
 * into dates and timestamps. {@code customProperties} are carried for other tools and never interpreted.
 */
public record Column(
    String name,
    DataType type,
    Optional<String> format,
    Optional<Severity> required,
    Optional<Severity> unique,
    List<CheckSpec> checks,
    Optional<String> classification,
    Optional<Protect> protect,
    Optional<String> description,
    Map<String, Node> customProperties,
    Location location) {

  /** The name Spark reads a malformed record's raw text into; the engine's own column, never the data's. */
  public static final String CORRUPT_RECORD = "_corrupt_record";

  public Column {
    checks = List.copyOf(checks);
    customProperties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(customProperties));
  }

  /**
   * True for a name the engine keeps for its own columns, compared as Spark compares names (ignoring case):
   * what starts with {@code _dq_} (the quarantine's {@code _dq_errors}, {@code _dq_run_id}…) or {@code __dq_}
   * (the plan's working columns), and {@link #CORRUPT_RECORD}. A column of the data under such a name would be
   * ambiguous in the plan or overwritten in the outputs.
   */
  public static boolean reserved(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return n.startsWith("_dq_") || n.startsWith("__dq_") || n.equals(CORRUPT_RECORD);
  }
}
