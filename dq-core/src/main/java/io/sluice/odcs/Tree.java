package io.sluice.odcs;

import io.sluice.contract.Location;
import io.sluice.contract.Node;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the YAML trees the mapping writes. Every node carries the location of what it was made from, so a
 * problem found in the written text points back at its source.
 */
final class Tree {
  private Tree() {}

  static Node.Scalar scalar(Object value, Location at) {
    Object v = value instanceof Integer i ? Long.valueOf(i) : value;
    if (v != null && !(v instanceof String || v instanceof Long || v instanceof BigDecimal || v instanceof Boolean)) {
      throw new IllegalArgumentException("not a YAML scalar: " + v.getClass().getName());
    }
    return new Node.Scalar(v, at);
  }

  static Node.Sequence list(List<? extends Node> items, Location at) {
    return new Node.Sequence(List.copyOf(items), at);
  }

  static Builder map(Location at) {
    return new Builder(at);
  }

  /** A mapping in the order its entries are put. */
  static final class Builder {
    private final Location at;
    private final Map<String, Node> entries = new LinkedHashMap<>();

    private Builder(Location at) {
      this.at = at;
    }

    Builder put(String key, Node value) {
      entries.put(key, value);
      return this;
    }

    /** A scalar entry, located where the mapping is. */
    Builder put(String key, Object scalar) {
      return put(key, scalar(scalar, at));
    }

    boolean has(String key) {
      return entries.containsKey(key);
    }

    boolean isEmpty() {
      return entries.isEmpty();
    }

    Node.Mapping build() {
      Map<String, Location> keys = new LinkedHashMap<>();
      entries.forEach((k, v) -> keys.put(k, v.location()));
      return new Node.Mapping(entries, keys, at);
    }
  }

  /** A node without its locations: strings, numbers (scale-free), booleans, null, lists and maps. */
  static Object plain(Node node) {
    if (node instanceof Node.Scalar s) {
      return s.asNumber().<Object>map(n -> n.signum() == 0 ? BigDecimal.ZERO : n.stripTrailingZeros()).orElse(s.value());
    }
    if (node instanceof Node.Sequence seq) {
      return seq.items().stream().map(Tree::plain).toList();
    }
    Map<String, Object> map = new LinkedHashMap<>();
    ((Node.Mapping) node).entries().forEach((k, v) -> map.put(k, plain(v)));
    return map;
  }
}
