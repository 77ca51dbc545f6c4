package io.sluice.contract;

import io.sluice.contract.Problem.Kind;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads the fields of one YAML mapping, reporting wrong shapes and unknown keys as located problems. */
final class Fields {
  private final Node.Mapping map;
  private final String what;
  private final Problems problems;

  Fields(Node.Mapping map, String what, Problems problems) {
    this.map = map;
    this.what = what;
    this.problems = problems;
  }

  Node.Mapping mapping() {
    return map;
  }

  /** Reports every key not in {@code known}, suggesting the closest known key. */
  void allow(List<String> known) {
    Set<String> set = Set.copyOf(known);
    for (String key : map.keys().keySet()) {
      if (!set.contains(key)) {
        problems.add(Kind.UNKNOWN_KEY, map.keyLocation(key), "unknown key " + Excerpt.quoted(key) + " in " + what + Suggest.didYouMean(key, known),
            "allowed keys here: " + String.join(", ", known));
      }
    }
  }

  boolean has(String key) {
    return map.entries().containsKey(key);
  }

  Optional<Node> node(String key) {
    return map.get(key);
  }

  Optional<String> string(String key) {
    Optional<Node> node = map.get(key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get() instanceof Node.Scalar s && s.value() instanceof String text) {
      return Optional.of(text);
    }
    problems.add(Kind.WRONG_SHAPE, node.get().location(), Excerpt.quoted(key) + " in " + what + " must be a string, not " + node.get().describe(),
        "quote the value: " + Excerpt.of(key) + ": \"...\"");
    return Optional.empty();
  }

  Optional<String> requiredString(String key, String hint) {
    if (!has(key)) {
      problems.add(Kind.MISSING_KEY, map.location(), what + " has no '" + key + "'", hint);
      return Optional.empty();
    }
    return string(key);
  }

  Optional<Node.Sequence> list(String key) {
    Optional<Node> node = map.get(key);
    if (node.isEmpty() || node.get() instanceof Node.Scalar s && s.isNull()) {
      return Optional.empty();
    }
    if (node.get() instanceof Node.Sequence seq) {
      return Optional.of(seq);
    }
    problems.add(Kind.WRONG_SHAPE, node.get().location(), Excerpt.quoted(key) + " in " + what + " must be a list, not " + node.get().describe(),
        "write one item per line, each starting with '- '");
    return Optional.empty();
  }

  Optional<Node.Mapping> mapping(String key) {
    Optional<Node> node = map.get(key);
    if (node.isEmpty() || node.get() instanceof Node.Scalar s && s.isNull()) {
      return Optional.empty();
    }
    if (node.get() instanceof Node.Mapping m) {
      return Optional.of(m);
    }
    problems.add(Kind.WRONG_SHAPE, node.get().location(), Excerpt.quoted(key) + " in " + what + " must be a mapping, not " + node.get().describe(),
        "write 'key: value' pairs indented under " + Excerpt.quoted(key + ":"));
    return Optional.empty();
  }

  /** An enum-like word: one of {@code words}, reported with a suggestion otherwise. */
  Optional<String> word(String key, List<String> words) {
    return string(key).flatMap(value -> {
      if (words.contains(value)) {
        return Optional.of(value);
      }
      problems.add(Kind.INVALID_VALUE, map.get(key).orElseThrow().location(),
          Excerpt.quoted(key) + " in " + what + " is " + Excerpt.quoted(value) + Suggest.didYouMean(value, words),
          "use one of: " + String.join(", ", words));
      return Optional.empty();
    });
  }
}
