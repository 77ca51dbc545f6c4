package io.sluice.odcs;

import io.sluice.contract.Excerpt;
import io.sluice.contract.Node;
import io.sluice.contract.Problems;
import io.sluice.contract.Suggest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** One mapping of an ODCS document, read field by field; a field of the wrong shape is a located problem. */
final class Section {
  final Node.Mapping map;
  final String what;
  private final Problems problems;

  Section(Node.Mapping map, String what, Problems problems) {
    this.map = map;
    this.what = what;
    this.problems = problems;
  }

  /** Reports every key ODCS v3.1 does not define here, suggesting the closest one it does. */
  void allow(List<String> known) {
    for (String key : map.keys().keySet()) {
      if (!known.contains(key)) {
        problems.add(map.keyLocation(key), "unknown key " + Excerpt.quoted(key) + " in " + what
                + Suggest.didYouMean(key, known),
            "ODCS v3.1 defines here: " + String.join(", ", known) + "; put anything else under customProperties");
      }
    }
  }

  boolean has(String key) {
    return map.get(key).filter(n -> !(n instanceof Node.Scalar s && s.isNull())).isPresent();
  }

  Optional<Node> node(String key) {
    return map.get(key).filter(n -> !(n instanceof Node.Scalar s && s.isNull()));
  }

  Optional<String> string(String key) {
    Optional<Node> node = node(key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get() instanceof Node.Scalar s && s.value() instanceof String text) {
      return Optional.of(text);
    }
    problems.add(node.get().location(), Excerpt.quoted(key) + " in " + what + " must be a string, not "
        + node.get().describe(), "quote the value: " + Excerpt.of(key) + ": \"...\"");
    return Optional.empty();
  }

  Optional<Boolean> bool(String key) {
    Optional<Node> node = node(key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get() instanceof Node.Scalar s && s.value() instanceof Boolean b) {
      return Optional.of(b);
    }
    problems.add(node.get().location(), Excerpt.quoted(key) + " in " + what + " must be true or false, not "
        + describe(node.get()), "write '" + key + ": true' or '" + key + ": false'");
    return Optional.empty();
  }

  Optional<BigDecimal> number(String key) {
    Optional<Node> node = node(key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get() instanceof Node.Scalar s && s.asNumber().isPresent()) {
      return s.asNumber();
    }
    problems.add(node.get().location(), Excerpt.quoted(key) + " in " + what + " must be a number, not "
        + describe(node.get()), "write a plain number, e.g. '" + key + ": 0'");
    return Optional.empty();
  }

  Optional<Node.Sequence> list(String key) {
    Optional<Node> node = node(key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get() instanceof Node.Sequence seq) {
      return Optional.of(seq);
    }
    problems.add(node.get().location(), Excerpt.quoted(key) + " in " + what + " must be a list, not "
        + describe(node.get()), "write one item per line, each starting with '- '");
    return Optional.empty();
  }

  Optional<Node.Mapping> mapping(String key) {
    Optional<Node> node = node(key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get() instanceof Node.Mapping m) {
      return Optional.of(m);
    }
    problems.add(node.get().location(), Excerpt.quoted(key) + " in " + what + " must be a mapping, not "
        + describe(node.get()), "write 'key: value' pairs indented under " + Excerpt.quoted(key + ":"));
    return Optional.empty();
  }

  /** "a string ('yes')": what a wrong value is, with the value when it is short. */
  static String describe(Node node) {
    return node instanceof Node.Scalar s && s.value() != null ? s.describe() + " (" + Excerpt.quoted(s.text()) + ")"
        : node.describe();
  }
}
