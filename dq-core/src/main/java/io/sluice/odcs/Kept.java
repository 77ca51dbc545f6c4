package io.sluice.odcs;

import io.sluice.contract.Location;
import io.sluice.contract.Node;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ODCS content that has no Sluice key, kept in the contract's {@code custom_properties} under
 * {@code odcs.<field>} so that an export puts it back where it was. A field is kept whole, or one list item
 * at a time (a quality rule among mapped ones), or one mapping entry at a time (a {@code logicalTypeOptions}
 * key among mapped ones).
 */
record Kept(String field, Shape shape, Optional<String> entry, Node value) {

  enum Shape { WHOLE, ITEM, ENTRY }

  static Kept whole(String field, Node value) {
    return new Kept(field, Shape.WHOLE, Optional.empty(), value);
  }

  static Kept item(String field, Node value) {
    return new Kept(field, Shape.ITEM, Optional.empty(), value);
  }

  static Kept entry(String field, String key, Node value) {
    return new Kept(field, Shape.ENTRY, Optional.of(key), value);
  }

  /** The custom property name it is kept under, with {@code prefix} ({@code odcs.} or {@code odcs.contract.}). */
  String property(String prefix) {
    return prefix + field;
  }

  /** Adds {@code kept} to {@code custom}: whole fields as they were, items as lists, entries as mappings. */
  static void into(Map<String, Node> custom, String prefix, List<Kept> kept, Location at) {
    Map<String, List<Node>> items = new LinkedHashMap<>();
    Map<String, Tree.Builder> entries = new LinkedHashMap<>();
    for (Kept k : kept) {
      String name = k.property(prefix);
      switch (k.shape()) {
        case WHOLE -> custom.put(name, k.value());
        case ITEM -> {
          items.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(k.value());
          custom.putIfAbsent(name, Tree.list(List.of(), at));
        }
        case ENTRY -> {
          entries.computeIfAbsent(name, n -> Tree.map(at)).put(k.entry().orElseThrow(), k.value());
          custom.putIfAbsent(name, Tree.map(at).build());
        }
      }
    }
    items.forEach((name, values) -> custom.put(name, Tree.list(values, values.get(0).location())));
    entries.forEach((name, b) -> custom.put(name, b.build()));
  }
}
