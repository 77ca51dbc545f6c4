package io.sluice.contract;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.sluice.contract.Problem.Kind;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a {@link Node} tree that remembers where every value was written.
 *
 * <p>Uses Jackson's streaming YAML parser, which reports aliases as events instead of expanding
 * them. Contracts refuse aliases outright: that makes "billion laughs" documents fail at their first
 * alias, in microseconds, and keeps every value visible where it is used. Size and nesting are
 * bounded too, so a hostile file cannot exhaust memory or the stack. Public for the other YAML formats Sluice
 * reads (ODCS contracts), which get the same bounds and the same located errors.
 */
public final class YamlTree {
  /** Far above any real contract: 1,000 rules take about 100 KiB. */
  public static final int MAX_CHARS = 4 * 1024 * 1024;

  static final int MAX_DEPTH = 64;

  /** As Jackson's own default for JSON: longer numbers are not data, and parsing them costs seconds. */
  static final int MAX_NUMBER_CHARS = 1000;
  /** Digits a number may have before, and after, its point: beyond any column type (a double reaches 1e308). */
  static final int MAX_DIGITS = 1000;

  private static final YAMLFactory FACTORY = YAMLFactory.builder().loaderOptions(loaderOptions()).build();

  private final String file;
  private final Problems problems;
  private Location firstAlias;
  private String firstAliasName;
  private int aliases;

  private YamlTree(String file, Problems problems) {
    this.file = file;
    this.problems = problems;
  }

  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_CHARS + 1);
    options.setMaxAliasesForCollections(0);
    options.setAllowDuplicateKeys(true); // we report duplicates ourselves, with both places
    return options;
  }

  /** The root node, or empty when the text is not YAML at all (the problems say why). */
  public static Optional<Node> read(String text, String file, Problems problems) {
    if (text.length() > MAX_CHARS) {
      problems.add(Kind.FILE_UNREADABLE, Location.of(file),
          "the file has " + text.length() + " characters; a contract may have at most " + MAX_CHARS,
          "split it into several contracts, or check that this is the file you meant");
      return Optional.empty();
    }
    YamlTree tree = new YamlTree(file, problems);
    try (YAMLParser parser = (YAMLParser) FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        problems.add(Kind.FILE_UNREADABLE, Location.of(file), "the file is empty",
            "start from an example contract: apiVersion, kind, id, version, layer, columns");
        return Optional.empty();
      }
      Node root = tree.value(parser, 0);
      tree.reportAliases();
      if (root == null) {
        return Optional.empty();
      }
      if (parser.nextToken() != null) {
        problems.add(Kind.YAML_REFUSED, tree.at(parser.currentTokenLocation()), "the file holds more than one YAML document",
            "keep one contract per file; remove the '---' separator and what follows it");
      }
      return Optional.of(root);
    } catch (JsonProcessingException e) {
      tree.syntaxError(e);
      return Optional.empty();
    } catch (IOException e) {
      problems.add(Kind.YAML_REFUSED, Location.of(file), "cannot read YAML: " + Excerpt.of(e.getMessage(), 160), "check the file's encoding (UTF-8)");
      return Optional.empty();
    }
  }

  private Node value(YAMLParser p, int depth) throws IOException {
    Location where = at(p.currentTokenLocation());
    if (depth > MAX_DEPTH) {
      problems.add(Kind.YAML_REFUSED, where, "the document nests deeper than " + MAX_DEPTH + " levels",
          "contracts are at most a few levels deep; check the indentation");
      p.skipChildren();
      return null;
    }
    if (p.isCurrentAlias()) {
      if (aliases++ == 0) {
        firstAlias = where;
        firstAliasName = Excerpt.of(p.getText());
      }
      return null;
    }
    JsonToken token = p.currentToken();
    return switch (token) {
      case START_OBJECT -> mapping(p, depth, where);
      case START_ARRAY -> sequence(p, depth, where);
      case VALUE_STRING -> new Node.Scalar(p.getText(), where);
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getTextLength() > MAX_NUMBER_CHARS ? longNumber(p, where)
          : token == JsonToken.VALUE_NUMBER_INT ? integer(p, where) : decimal(p, where);
      case VALUE_TRUE -> new Node.Scalar(Boolean.TRUE, where);
      case VALUE_FALSE -> new Node.Scalar(Boolean.FALSE, where);
      case VALUE_NULL -> new Node.Scalar(null, where);
      default -> new Node.Scalar(p.getText(), where);
    };
  }

  /** One problem for all aliases of a file: a bomb has thousands, and one line says it all. */
  private void reportAliases() {
    if (aliases > 0) {
      problems.add(Kind.YAML_REFUSED, firstAlias, "YAML aliases (*" + firstAliasName + ") are not allowed in contracts"
              + (aliases > 1 ? " (" + aliases + " aliases in this file)" : ""),
          "write the value out where it is used; aliases hide what a contract says and can expand without bound");
    }
  }

  private Node longNumber(YAMLParser p, Location where) throws IOException {
    problems.add(Kind.YAML_REFUSED, where, "a number of " + p.getTextLength() + " characters (" + Excerpt.of(p.getText(), 20) + ")",
        "a contract's numbers have at most " + MAX_NUMBER_CHARS + " characters; check the value");
    return new Node.Scalar(null, where);
  }

  private static Node integer(YAMLParser p, Location where) throws IOException {
    return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
        ? new Node.Scalar(new BigDecimal(p.getBigIntegerValue()), where)
        : new Node.Scalar(p.getLongValue(), where);
  }

  /**
   * A number with a point or an exponent, or null (reported) when no contract could mean it: {@code .nan},
   * {@code .inf}, or an exponent such as {@code 1e999999999}, whose digits written out would fill the memory
   * wherever the value is shown or rendered as SQL.
   */
  private Node decimal(YAMLParser p, Location where) throws IOException {
    String text = p.getText();
    String shown = text.length() > 24 ? text.substring(0, 24) + "…" : text;
    BigDecimal d;
    try {
      d = new BigDecimal(text.replace("_", ""));
    } catch (NumberFormatException e) {
      problems.add(Kind.INVALID_VALUE, where, "'" + shown + "' is not a finite number",
          "contracts take finite numbers; quote the value if it is text");
      return null;
    }
    if (d.precision() - d.scale() > MAX_DIGITS || d.scale() > MAX_DIGITS) {
      problems.add(Kind.INVALID_VALUE, where, "the number " + shown + " has more than " + MAX_DIGITS + " digits before or after the point",
          "write a number of the column's range; quote the value if it is text");
      return null;
    }
    return new Node.Scalar(d, where);
  }

  private Node mapping(YAMLParser p, int depth, Location where) throws IOException {
    Map<String, Node> entries = new LinkedHashMap<>();
    Map<String, Location> keys = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      Location keyAt = at(p.currentTokenLocation());
      p.nextToken();
      Node value = value(p, depth + 1);
      if (keys.containsKey(key)) {
        problems.add(Kind.DUPLICATE, keyAt, "duplicate key " + Excerpt.quoted(key) + " (first written at line " + keys.get(key).line() + ")",
            "keep one of them in this mapping");
        continue;
      }
      keys.put(key, keyAt);
      if (value != null) {
        entries.put(key, value);
      }
    }
    return new Node.Mapping(entries, keys, where);
  }

  private Node sequence(YAMLParser p, int depth, Location where) throws IOException {
    List<Node> items = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      Node item = value(p, depth + 1);
      if (item != null) {
        items.add(item);
      }
    }
    return new Node.Sequence(items, where);
  }

  private Location at(JsonLocation loc) {
    return loc == null ? Location.of(file) : new Location(file, Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
  }

  private void syntaxError(JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException m) {
        Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
        Location where = mark == null ? Location.of(file) : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
        // SnakeYAML quotes the text it stopped at: a binary file's bytes, say.
        String what = Excerpt.of(m.getProblem() != null ? m.getProblem() : m.getMessage(), 160);
        String context = m.getContext() != null ? " (" + Excerpt.of(m.getContext(), 80) + ")" : "";
        problems.add(Kind.YAML_REFUSED, where, "YAML syntax error: " + what + context,
            "check indentation and quoting near this place; quote values that contain ': ' or start with a special character");
        return;
      }
      if (t instanceof org.yaml.snakeyaml.error.YAMLException y && y.getMessage() != null
          && y.getMessage().contains("code point")) {
        problems.add(Kind.FILE_UNREADABLE, Location.of(file), "the document is too large for a contract",
            "a contract may have at most " + MAX_CHARS + " characters");
        return;
      }
    }
    problems.add(Kind.YAML_REFUSED, at(e.getLocation()), "YAML syntax error: " + Excerpt.of(e.getOriginalMessage(), 160),
        "check indentation and quoting near this place");
  }
}
