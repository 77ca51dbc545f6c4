package io.sluice.contract;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML value with the place it was written. The loader keeps check arguments as nodes so that the
 * rule catalog (dq-rules), which validates them, can still point at the exact line and column.
 */
public sealed interface Node permits Node.Scalar, Node.Sequence, Node.Mapping {

  Location location();

  /** What the node is, in words for error messages: "a string", "a list", "a mapping". */
  String describe();

  /** A scalar: {@code value} is a String, Long, BigDecimal, Boolean, or null for YAML null. */
  record Scalar(Object value, Location location) implements Node {
    private static final int PLAIN_DIGITS = 100;

    public boolean isNull() {
      return value == null;
    }

    public Optional<String> asString() {
      return value instanceof String s ? Optional.of(s) : Optional.empty();
    }

    public Optional<BigDecimal> asNumber() {
      if (value instanceof Long l) {
        return Optional.of(BigDecimal.valueOf(l));
      }
      return value instanceof BigDecimal d ? Optional.of(d) : Optional.empty();
    }

    /**
     * The value as it reads, for messages and for literals: numbers unscientific unless that would take more
     * than {@value #PLAIN_DIGITS} digits ({@code 1e100000000} stays short), strings raw.
     */
    public String text() {
      if (value instanceof BigDecimal d) {
        long digits = Math.max(1L, (long) d.precision() - d.scale()) + Math.max(0, d.scale());
        return digits <= PLAIN_DIGITS ? d.toPlainString() : d.toString();
      }
      return String.valueOf(value);
    }

    @Override
    public String describe() {
      if (value == null) {
        return "null";
      } else if (value instanceof String) {
        return "a string";
      } else if (value instanceof Boolean) {
        return "a boolean";
      }
      return "a number";
    }
  }

  record Sequence(List<Node> items, Location location) implements Node {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A mapping in document order; {@code keys} holds where each key was written. */
  record Mapping(Map<String, Node> entries, Map<String, Location> keys, Location location) implements Node {
    public Mapping {
      entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
      keys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    public Optional<Node> get(String key) {
      return Optional.ofNullable(entries.get(key));
    }

    public Location keyLocation(String key) {
      return keys.getOrDefault(key, location);
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }
}
