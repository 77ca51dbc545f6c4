package io.sluice.spark.suggest;

import io.sluice.contract.Layer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Writes a suggestion as contract YAML ({@code sluice/v1}, docs/contracts.md), each suggestion with a comment
 * saying what was observed. Names and values are quoted whenever YAML could read them as anything but the text
 * they are ({@code yes}, {@code 1}, {@code null}, a colon), with every control character escaped, and comments
 * hold no data text: whatever a column is called or holds, the file loads as written.
 */
final class ContractYaml {
  private ContractYaml() {}

  static final String VERSION = "0.1.0";

  /** A plain YAML scalar that reads back as the same string. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** Plain words YAML 1.1 reads as booleans or null. */
  private static final java.util.Set<String> RESERVED = java.util.Set.of("y", "n", "yes", "no", "on", "off", "true",
      "false", "null");

  /** What the header says: where the data came from and how much of it was read. */
  record Source(String description, long rows, long malformed) {}

  static String render(String id, Layer layer, Source source, List<ColumnDraft> columns, Optional<List<String>> compositeKey,
      String keyNote) {
    StringBuilder y = new StringBuilder();
    y.append("# A starter contract Sluice suggested from ").append(comment(source.description())).append(": ")
        .append(number(source.rows())).append(source.rows() == 1 ? " row" : " rows").append(" profiled with Deequ");
    if (source.malformed() > 0) {
      y.append(",\n# besides ").append(number(source.malformed())).append(" malformed ")
          .append(source.malformed() == 1 ? "record" : "records")
          .append(" (they fail _record.malformed, whatever the contract says)");
    }
    y.append(".\n");
    y.append("# Every type and check below holds for every one of those rows. Review each one: the data shows\n");
    y.append("# what it held, not what it must hold.\n");
    y.append("apiVersion: sluice/v1\n");
    y.append("kind: DataContract\n");
    y.append("id: ").append(id).append('\n');
    y.append("version: ").append(VERSION).append('\n');
    y.append("layer: ").append(layer.word()).append('\n');
    y.append("columns:\n");
    for (ColumnDraft c : columns) {
      column(y, c);
    }
    if (compositeKey.isPresent()) {
      y.append("unique:\n");
      y.append("  - [").append(String.join(", ", compositeKey.get().stream().map(ContractYaml::scalar).toList()))
          .append("]  # no single column is unique; the smallest unique key among ").append(keyNote).append('\n');
    } else if (columns.stream().noneMatch(c -> c.unique) && source.rows() >= 2) {
      y.append("# No unique key: no single column is, nor any of the ").append(keyNote).append(".\n");
    }
    return y.toString();
  }

  private static void column(StringBuilder y, ColumnDraft c) {
    y.append("  # ").append(observed(c)).append('\n');
    y.append("  - name: ").append(scalar(c.name)).append('\n');
    if (c.format.isPresent()) {
      y.append("    type: ").append(c.type).append('\n');
      line(y, "    format: " + quoted(c.format.get()), c.typeNote);
    } else {
      line(y, "    type: " + c.type, c.typeNote);
    }
    if (c.required) {
      line(y, "    required: true", "no nulls");
    }
    if (c.unique) {
      line(y, "    unique: true", number(c.distinct) + " distinct values in " + number(c.rows) + " rows");
    }
    if (!c.hasRange() && c.allowedValues.isEmpty() && c.pattern.isEmpty()) {
      return;
    }
    y.append("    checks:\n");
    if (c.hasRange()) {
      String bounds = c.rangeMin.map(m -> "min: " + m).orElse("")
          + (c.rangeMin.isPresent() && c.rangeMax.isPresent() ? ", " : "") + c.rangeMax.map(m -> "max: " + m).orElse("");
      line(y, "      - range: { " + bounds + " }", "the smallest and largest values seen");
    }
    if (!c.allowedValues.isEmpty()) {
      line(y, "      - allowed_values: [" + String.join(", ", c.allowedValues.stream().map(ContractYaml::quoted).toList()) + "]",
          c.allowedValues.size() + (c.allowedValues.size() == 1 ? " value" : " values") + " in " + number(c.rows)
              + " rows (Deequ: low cardinality)");
    }
    c.pattern.ifPresent(p -> line(y, "      - pattern: " + singleQuoted(p.regex()),
        "Deequ's " + p.name() + " pattern is found in every value"));
  }

  /** What the column held, for the comment above it: rows, nulls, distinct values, smallest and largest. */
  private static String observed(ColumnDraft c) {
    StringBuilder s = new StringBuilder(number(c.rows)).append(c.rows == 1 ? " row: " : " rows: ");
    s.append(c.nulls == 0 ? "no nulls" : number(c.nulls) + (c.nulls == 1 ? " null" : " nulls"));
    if (c.rows > c.nulls) {
      s.append(", ").append(c.exactDistinct ? "" : "~").append(number(c.distinct)).append(" distinct");
    }
    if (c.observedMin.isPresent() && c.observedMax.isPresent()) {
      s.append(c.lengths ? ", lengths " : ", min ").append(c.observedMin.get())
          .append(c.lengths ? " to " : ", max ").append(c.observedMax.get());
    }
    return s.toString();
  }

  private static void line(StringBuilder y, String text, String comment) {
    y.append(text);
    y.append(" ".repeat(Math.max(2, 40 - text.length()))).append("# ").append(comment(comment)).append('\n');
  }

  /** A comment's text on one line: a line break in it would end the comment and start YAML. */
  private static String comment(String text) {
    return io.sluice.contract.Excerpt.of(text, 300);
  }

  static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A name or value: plain when YAML reads it back as that same text, else double-quoted. */
  static String scalar(String text) {
    return PLAIN.matcher(text).matches() && !RESERVED.contains(text.toLowerCase(Locale.ROOT)) ? text : quoted(text);
  }

  /** A YAML double-quoted scalar: backslash escapes for quotes, backslashes and every non-printable character. */
  static String quoted(String text) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '"' || ch == '\\') {
        b.append('\\').append(ch);
      } else if (printable(text, i)) {
        b.append(ch);
      } else {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
      }
    }
    return b.append('"').toString();
  }

  /** A regular expression as docs/contracts.md writes them, single-quoted (only {@code '} doubles), when it can be. */
  static String singleQuoted(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (!printable(text, i)) {
        return quoted(text);
      }
    }
    return "'" + text.replace("'", "''") + "'";
  }

  /** Whether the character at {@code i} can stand for itself in a YAML scalar. */
  private static boolean printable(String text, int i) {
    char ch = text.charAt(i);
    if (Character.isHighSurrogate(ch)) {
      return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
    }
    if (Character.isLowSurrogate(ch)) {
      return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
    return ch >= 0x20 && ch != 0x7f && !(ch >= 0x80 && ch <= 0x9f) && ch != 0x2028 && ch != 0x2029 && ch != 0xfeff
        && ch != 0xfffe && ch != 0xffff;
  }
}
