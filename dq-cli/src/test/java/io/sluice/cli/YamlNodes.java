package io.sluice.cli;

import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where the nodes of a YAML text start, read with SnakeYAML's composer (not with Sluice's own reader),
 * so that tests can check the places Sluice reports against the text.
 */
final class YamlNodes {
  /** A 1-based line and column. */
  record Place(int line, int column) {
    static Place of(Mark mark) {
      return new Place(mark.getLine() + 1, mark.getColumn() + 1);
    }
  }

  private final Node root;

  YamlNodes(String yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true);
    root = new Yaml(options).compose(new StringReader(yaml));
  }

  /** The node at {@code path}: mapping keys (strings) and list indexes (integers); the first of duplicate keys. */
  Place value(Object... path) {
    return Place.of(at(path).getStartMark());
  }

  /** The key {@code key} of the mapping at {@code path}; {@code nth} counts duplicates of it from 0. */
  Place key(String key, int nth, Object... path) {
    int seen = 0;
    for (NodeTuple t : ((MappingNode) at(path)).getValue()) {
      if (((ScalarNode) t.getKeyNode()).getValue().equals(key) && seen++ == nth) {
        return Place.of(t.getKeyNode().getStartMark());
      }
    }
    throw new IllegalArgumentException("no key " + key + " at " + java.util.Arrays.toString(path));
  }

  Place key(String key, Object... path) {
    return key(key, 0, path);
  }

  /** Where SnakeYAML stops reading {@code yaml}, which is not well-formed. */
  static Place syntaxError(String yaml) {
    try {
      new Yaml().compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      return Place.of(e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark());
    }
    throw new IllegalArgumentException("well-formed YAML: " + yaml);
  }

  private Node at(Object... path) {
    Node n = root;
    for (Object step : path) {
      if (step instanceof Integer i) {
        n = ((SequenceNode) n).getValue().get(i);
      } else {
        Node found = null;
        for (NodeTuple t : ((MappingNode) n).getValue()) {
          if (((ScalarNode) t.getKeyNode()).getValue().equals(step)) {
            found = t.getValueNode();
            break;
          }
        }
        if (found == null) {
          throw new IllegalArgumentException("no " + step + " in " + java.util.Arrays.toString(path));
        }
        n = found;
      }
    }
    return n;
  }
}
