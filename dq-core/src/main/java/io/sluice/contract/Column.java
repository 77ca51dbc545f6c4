package io.sluice.contract;

import java.util.List;
import java.util.Optional;

/**
 * A column the contract names. {@code required} and {@code unique} are present when the contract asks
 * for them, with the severity it gave ({@code true} means error). {@code format} says how strings parse
 * into dates and timestamps.
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
    Location location) {

  public Column {
    checks = List.copyOf(checks);
  }
}
