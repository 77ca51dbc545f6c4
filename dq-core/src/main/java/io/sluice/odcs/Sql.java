package io.sluice.odcs;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one shape of ODCS {@code sql} quality rule that is a Sluice check: a count of the rows that break a row
 * predicate, which must be zero. {@code SELECT COUNT(*) FROM {object} WHERE NOT (p)} with {@code mustBe: 0} is
 * the expression check {@code p}: a row fails when {@code p} is FALSE, and a NULL passes both ways.
 */
final class Sql {
  private static final Pattern COUNT = Pattern.compile(
      "(?is)\\s*select\\s+count\\s*\\(\\s*(?:\\*|1)\\s*\\)\\s+from\\s+(\\S+)\\s+where\\s+(.+?)\\s*;?\\s*");
  private static final Pattern TABLE = Pattern.compile("\\$?\\{(?:object|table)}");
  private static final Pattern COLUMN = Pattern.compile("\\$?\\{(?:property|column)}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$?\\{[A-Za-z_]+}");
  private static final Pattern NOT = Pattern.compile("(?is)not\\s*\\(");

  private Sql() {}

  /** The query export writes for a Sluice expression check. */
  static String countOfRowsBreaking(String predicate) {
    return "SELECT COUNT(*) FROM {object} WHERE NOT (" + predicate + ")";
  }

  /**
   * The predicate each row must meet, when {@code query} counts the rows that break one in this object:
   * {@code {object}} (or the object's own name) after FROM, {@code {property}} standing for {@code column}.
   */
  static Optional<String> predicate(String query, String objectName, Optional<String> column) {
    Matcher m = COUNT.matcher(query);
    if (!m.matches()) {
      return Optional.empty();
    }
    String table = m.group(1).replaceAll("^[`\"\\[]|[`\"\\]]$", "");
    if (!TABLE.matcher(table).matches() && !table.equalsIgnoreCase(objectName)) {
      return Optional.empty();
    }
    String where = m.group(2);
    if (column.isPresent()) {
      where = COLUMN.matcher(where).replaceAll(Matcher.quoteReplacement(ident(column.get())));
    }
    if (PLACEHOLDER.matcher(where).find()) {
      return Optional.empty();
    }
    String failing = where.strip();
    return Optional.of(negated(failing).orElse("NOT (" + failing + ")"));
  }

  /** {@code p} when {@code condition} is {@code NOT (p)} as a whole. */
  private static Optional<String> negated(String condition) {
    Matcher m = NOT.matcher(condition);
    if (!m.lookingAt()) {
      return Optional.empty();
    }
    int open = m.end() - 1;
    int close = closing(condition, open);
    return close == condition.length() - 1 ? Optional.of(condition.substring(open + 1, close).strip()) : Optional.empty();
  }

  /** The index of the parenthesis that closes the one at {@code open}, skipping quoted text; -1 when none does. */
  private static int closing(String s, int open) {
    int depth = 0;
    char quote = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote != '`') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** A column as Spark SQL names it: backticks, with a backtick inside doubled. */
  static String ident(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  /** A string literal for Spark SQL's default parser: backslashes and quotes escaped. */
  static String string(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
