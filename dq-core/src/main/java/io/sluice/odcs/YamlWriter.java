package io.sluice.odcs;

import io.sluice.contract.Node;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a {@link Node} tree as YAML in the style of hand-written contracts: block mappings and lists, small
 * mappings and lists of scalars in flow style ({@code range: { min: 0, max: 10 }}), strings quoted only when
 * YAML would read them as something else. It remembers where each node landed, so that a problem Sluice finds
 * in the written text can be traced back to the node, and from the node to the text it was made from.
 */
final class YamlWriter {
  private static final int FLOW_WIDTH = 100;
  /** Strings YAML 1.1 or 1.2 reads as booleans, nulls or special numbers when they are not quoted. */
  private static final Set<String> RESERVED = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null",
      "nan", "inf", "infinity");
  private static final Pattern PLAIN_BLOCK = Pattern.compile("[A-Za-z_/][A-Za-z0-9_ ./()@+,-]*");
  private static final Pattern PLAIN_FLOW = Pattern.compile("[A-Za-z_/][A-Za-z0-9_ ./()@+-]*");
  /** A semantic version ({@code 1.4.0}) reads as text: it is no YAML number. */
  private static final Pattern VERSION = Pattern.compile("(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?");

  private final StringBuilder out = new StringBuilder();
  private final IdentityHashMap<Node, Span> spans = new IdentityHashMap<>();
  private int line = 1;
  private int column = 1;

  /** Where a node was written: from its first character to its last, both inclusive. */
  record Span(int startLine, int startColumn, int endLine, int endColumn) {
    boolean contains(int l, int c) {
      boolean afterStart = l > startLine || (l == startLine && c >= startColumn);
      boolean beforeEnd = l < endLine || (l == endLine && c <= endColumn);
      return afterStart && beforeEnd;
    }

    long size() {
      return (long) (endLine - startLine) * 10_000 + (endColumn - startColumn);
    }
  }

  /** The text, and where each node of the tree landed in it. */
  record Written(String text, Map<Node, Span> spans) {
    /** Every node written over {@code line:column}, innermost first. */
    List<Node> nodesAt(int line, int column) {
      List<Map.Entry<Node, Span>> hits = new ArrayList<>();
      spans.forEach((node, span) -> {
        if (span.contains(line, column)) {
          hits.add(Map.entry(node, span));
        }
      });
      hits.sort(Comparator.comparingLong(e -> e.getValue().size()));
      List<Node> nodes = new ArrayList<>();
      hits.forEach(e -> nodes.add(e.getKey()));
      if (nodes.isEmpty() && column > 1) {
        return nodesAt(line, 1); // a problem placed past a line's end, or before its first node
      }
      return nodes;
    }
  }

  private YamlWriter() {}

  /** {@code root} as a YAML document, after {@code comments} (each written as a {@code #} line). */
  static Written write(List<String> comments, Node.Mapping root) {
    YamlWriter w = new YamlWriter();
    for (String comment : comments) {
      w.append("# " + comment.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]", " "));
      w.newline();
    }
    w.mappingBlock(root, 0, false);
    w.newline();
    return new Written(w.out.toString(), spans(w.spans));
  }

  private static Map<Node, Span> spans(IdentityHashMap<Node, Span> spans) {
    return java.util.Collections.unmodifiableMap(new IdentityHashMap<>(spans));
  }

  private void mappingBlock(Node.Mapping map, int indent, boolean firstOnThisLine) {
    int startLine = line;
    int startColumn = column;
    boolean first = true;
    for (Map.Entry<String, Node> e : map.entries().entrySet()) {
      if (!(first && firstOnThisLine)) {
        if (column != 1) {
          newline();
        }
        append(" ".repeat(indent));
      }
      if (first) {
        startLine = line;
        startColumn = column;
      }
      first = false;
      append(key(e.getKey(), false) + ":");
      value(e.getValue(), indent);
    }
    if (map.entries().isEmpty()) {
      append("{}");
    }
    spans.put(map, new Span(startLine, startColumn, line, Math.max(startColumn, column - 1)));
  }

  /** The value of a block mapping's entry, after its key and colon. */
  private void value(Node node, int indent) {
    if (node instanceof Node.Scalar s) {
      append(" ");
      scalar(s, false);
    } else if (node instanceof Node.Mapping m) {
      if (m.entries().isEmpty() || flowable(m)) {
        append(" ");
        flow(m);
      } else {
        newline();
        append(" ".repeat(indent + 2));
        mappingBlock(m, indent + 2, true);
      }
    } else {
      Node.Sequence seq = (Node.Sequence) node;
      if (seq.items().isEmpty() || flowable(seq)) {
        append(" ");
        flow(seq);
      } else {
        sequenceBlock(seq, indent + 2);
      }
    }
  }

  private void sequenceBlock(Node.Sequence seq, int indent) {
    int startLine = line + 1;
    for (Node item : seq.items()) {
      newline();
      append(" ".repeat(indent) + "- ");
      if (item instanceof Node.Scalar s) {
        scalar(s, false);
      } else if (item instanceof Node.Mapping m && !m.entries().isEmpty()) {
        mappingBlock(m, indent + 2, true);
      } else {
        // a list in a list, or a small mapping: flow style keeps the item on its dash's line
        flowAnyway(item);
      }
    }
    spans.put(seq, new Span(startLine, indent + 1, line, Math.max(1, column - 1)));
  }

  private void flowAnyway(Node node) {
    if (node instanceof Node.Scalar s) {
      scalar(s, true);
    } else if (node instanceof Node.Mapping m) {
      flow(m);
    } else {
      flow((Node.Sequence) node);
    }
  }

  private void flow(Node.Mapping m) {
    int startLine = line;
    int startColumn = column;
    if (m.entries().isEmpty()) {
      append("{}");
    } else {
      append("{ ");
      boolean first = true;
      for (Map.Entry<String, Node> e : m.entries().entrySet()) {
        append(first ? "" : ", ");
        first = false;
        append(key(e.getKey(), true) + ": ");
        flowAnyway(e.getValue());
      }
      append(" }");
    }
    spans.put(m, new Span(startLine, startColumn, line, column - 1));
  }

  private void flow(Node.Sequence seq) {
    int startLine = line;
    int startColumn = column;
    append("[");
    boolean first = true;
    for (Node item : seq.items()) {
      append(first ? "" : ", ");
      first = false;
      flowAnyway(item);
    }
    append("]");
    spans.put(seq, new Span(startLine, startColumn, line, column - 1));
  }

  /** Short mappings of scalars, or of short lists of scalars, read best on one line. */
  private static boolean flowable(Node.Mapping m) {
    return width(m) <= FLOW_WIDTH;
  }

  private static boolean flowable(Node.Sequence seq) {
    return width(seq) <= FLOW_WIDTH;
  }

  /** The width of a node in flow style, or more than a line when it should not be written so. */
  private static int width(Node node) {
    if (node instanceof Node.Scalar s) {
      return text(s, true).length();
    }
    int width = 4;
    if (node instanceof Node.Sequence seq) {
      for (Node item : seq.items()) {
        if (!(item instanceof Node.Scalar)) {
          return Integer.MAX_VALUE;
        }
        width += width(item) + 2;
      }
      return width;
    }
    for (Map.Entry<String, Node> e : ((Node.Mapping) node).entries().entrySet()) {
      if (e.getValue() instanceof Node.Mapping) {
        return Integer.MAX_VALUE;
      }
      int w = width(e.getValue());
      if (w == Integer.MAX_VALUE) {
        return w;
      }
      width += key(e.getKey(), true).length() + 4 + w;
    }
    return width;
  }

  private void scalar(Node.Scalar s, boolean flow) {
    int startLine = line;
    int startColumn = column;
    append(text(s, flow));
    spans.put(s, new Span(startLine, startColumn, line, column - 1));
  }

  static String text(Node.Scalar s, boolean flow) {
    Object v = s.value();
    if (v == null) {
      return "null";
    } else if (v instanceof Boolean || v instanceof Long) {
      return v.toString();
    } else if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return string((String) v, flow);
  }

  private static String key(String key, boolean flow) {
    return string(key, flow);
  }

  /** A string as YAML reads it back unchanged: plain when that is safe, else single- or double-quoted. */
  static String string(String s, boolean flow) {
    if (((flow ? PLAIN_FLOW : PLAIN_BLOCK).matcher(s).matches() && !s.endsWith(" ")
        && !RESERVED.contains(s.toLowerCase(Locale.ROOT))) || VERSION.matcher(s).matches()) {
      return s;
    }
    if (s.codePoints().allMatch(YamlWriter::printable)) {
      // "it's" reads better than 'it''s'; a backslash in double quotes would need escaping (a regex, say)
      return s.contains("'") && !s.contains("\"") && !s.contains("\\") ? "\"" + s + "\"" : "'" + s.replace("'", "''") + "'";
    }
    StringBuilder b = new StringBuilder("\"");
    s.codePoints().forEach(cp -> {
      switch (cp) {
        case '\\' -> b.append("\\\\");
        case '"' -> b.append("\\\"");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (printable(cp)) {
            b.appendCodePoint(cp);
          } else if (cp > 0xFFFF) {
            b.append(String.format("\\U%08X", cp));
          } else {
            b.append(String.format("\\u%04X", cp));
          }
        }
      }
    });
    return b.append('"').toString();
  }

  private static boolean printable(int cp) {
    if (cp == ' ') {
      return true;
    }
    if (cp == 0xFFFD || cp == 0xFEFF || cp == 0x85) {
      return false;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR, Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED -> false;
      default -> true;
    };
  }

  private void append(String s) {
    out.append(s);
    column += s.codePointCount(0, s.length());
  }

  private void newline() {
    out.append('\n');
    line++;
    column = 1;
  }
}
