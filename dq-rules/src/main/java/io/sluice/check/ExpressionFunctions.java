package io.sluice.check;

import io.sluice.contract.Excerpt;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an expression check may call: an allow-list of Spark SQL functions by function class (Spark's own
 * {@code ExpressionInfo} groups: predicates, conditionals, conversions, math, strings, dates, arrays, maps…),
 * read from {@code expression-functions.txt}. An expression is a predicate over the row's values and nothing
 * more: no code by reflection ({@code reflect}, {@code java_method}), no other table (a subquery, a table-valued
 * function), no aggregate, window or generator, and nothing non-deterministic ({@code rand}, {@code uuid}). A
 * contract from a pull request is run by {@code diff --impact} in CI, so its text must not be able to run code.
 *
 * <p>{@link #refusals} judges the text without Spark (for lint and the loader); the engine judges Spark's own
 * parse of it against the same list before it plans anything.
 */
public final class ExpressionFunctions {
  private static final Map<String, String> CLASS_OF = load();

  /** Words that may stand before {@code (} without being a function call. */
  private static final Set<String> KEYWORDS = Set.of("case", "when", "then", "else", "end", "is", "between", "and", "or",
      "not", "in", "like", "ilike", "rlike", "regexp", "any", "some", "all", "as", "distinct", "from", "for", "escape",
      "null", "true", "false", "interval", "try_cast", "cast", "extract", "position", "trim", "both", "leading",
      "trailing", "placing", "substring", "overlay", "div");

  /** Words that start a query: an expression that holds one reads a table. */
  private static final Set<String> QUERY_WORDS = Set.of("select", "values", "table", "with", "from");

  private ExpressionFunctions() {}

  /** The function class of an allowed function ({@code string_funcs}…), or empty when it may not be called. */
  public static Optional<String> classOf(String function) {
    return Optional.ofNullable(CLASS_OF.get(function.toLowerCase(Locale.ROOT)));
  }

  /** Every allowed function with its class, in the file's order. */
  public static Map<String, String> allowed() {
    return CLASS_OF;
  }

  /** The function classes an expression may call. */
  public static Set<String> classes() {
    return Set.copyOf(CLASS_OF.values());
  }

  /** Why an expression may not be run (empty when it may): each call of a function that is not allowed, each query. */
  public static List<String> refusals(String sql) {
    List<String> refusals = new ArrayList<>();
    List<Token> tokens = tokens(sql);
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      boolean call = i + 1 < tokens.size() && tokens.get(i + 1).text.equals("(");
      String lower = t.text.toLowerCase(Locale.ROOT);
      if (t.kind == Kind.WORD && QUERY_WORDS.contains(lower) && !(lower.equals("from") && !startsQuery(tokens, i))) {
        refusals.add("reads a table ('" + t.text + "' at character " + (t.at + 1) + " starts a query): an expression"
            + " sees only the row's own columns");
      } else if (call && (t.kind == Kind.QUOTED_WORD || t.kind == Kind.WORD && !KEYWORDS.contains(lower))) {
        String reason = refusal(t.text);
        if (reason != null) {
          refusals.add("calls " + Excerpt.of(t.text) + "() at character " + (t.at + 1) + ", " + reason);
        }
      }
    }
    return refusals;
  }

  /** Why calling {@code function} is refused, or null when it is allowed. */
  public static String refusal(String function) {
    if (function.contains(".")) {
      return "a function of a catalog or database, which an expression may not call";
    }
    if (classOf(function).isPresent()) {
      return null;
    }
    return "which is not a deterministic function of the row's values (allowed: Spark's "
        + String.join(", ", new java.util.TreeSet<>(classes())) + "; refused: reflection, aggregates, windows,"
        + " generators, misc and random functions, user functions)";
  }

  /** {@code FROM} is a query word only where it cannot belong to {@code extract}, {@code trim} or {@code substring}. */
  private static boolean startsQuery(List<Token> tokens, int from) {
    int depth = 0;
    for (int i = from - 1; i >= 0; i--) {
      String s = tokens.get(i).text;
      if (s.equals(")")) {
        depth++;
      } else if (s.equals("(")) {
        if (depth == 0) {
          String before = i > 0 ? tokens.get(i - 1).text.toLowerCase(Locale.ROOT) : "";
          return !Set.of("extract", "trim", "substring", "substr", "overlay", "position", "btrim").contains(before);
        }
        depth--;
      }
    }
    return true;
  }

  private enum Kind { WORD, QUOTED_WORD, STRING, PUNCT }

  private record Token(Kind kind, String text, int at) {}

  /**
   * Spark SQL's lexical structure, as far as a call needs: words, backquoted words, string literals (escaped with
   * backslashes, or raw with {@code r'…'}), comments skipped; anything else is one character of punctuation.
   */
  private static List<Token> tokens(String sql) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int depth = 0;
        do { // Spark's block comments nest
          if (sql.startsWith("/*", i)) {
            depth++;
            i += 2;
          } else if (sql.startsWith("*/", i)) {
            depth--;
            i += 2;
          } else {
            i++;
          }
        } while (depth > 0 && i < n);
      } else if (c == '`') {
        int start = i;
        StringBuilder name = new StringBuilder();
        i++;
        while (i < n) {
          if (sql.charAt(i) == '`') {
            if (i + 1 < n && sql.charAt(i + 1) == '`') {
              name.append('`');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          name.append(sql.charAt(i++));
        }
        tokens.add(qualified(tokens, new Token(Kind.QUOTED_WORD, name.toString(), start)));
      } else if (c == '\'' || c == '"') {
        boolean raw = !tokens.isEmpty() && tokens.get(tokens.size() - 1).kind == Kind.WORD
            && tokens.get(tokens.size() - 1).text.equalsIgnoreCase("r")
            && tokens.get(tokens.size() - 1).at + 1 == i;
        if (raw) {
          tokens.remove(tokens.size() - 1);
        }
        int start = i++;
        while (i < n && sql.charAt(i) != c) {
          i += !raw && sql.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
        tokens.add(new Token(Kind.STRING, sql.substring(start, Math.min(i, n)), start));
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
          i++;
        }
        tokens.add(qualified(tokens, new Token(Kind.WORD, sql.substring(start, i), start)));
      } else {
        tokens.add(new Token(Kind.PUNCT, String.valueOf(c), i++));
      }
    }
    return tokens;
  }

  /** {@code db.fn} or {@code `db`.fn}: a word after a word and a dot is one qualified name. */
  private static Token qualified(List<Token> tokens, Token word) {
    int k = tokens.size();
    if (k >= 2 && tokens.get(k - 1).text.equals(".") && tokens.get(k - 1).kind == Kind.PUNCT
        && (tokens.get(k - 2).kind == Kind.WORD || tokens.get(k - 2).kind == Kind.QUOTED_WORD)) {
      Token prefix = tokens.get(k - 2);
      tokens.remove(k - 1);
      tokens.remove(k - 2);
      return new Token(Kind.QUOTED_WORD, prefix.text + "." + word.text, prefix.at);
    }
    return word;
  }

  private static Map<String, String> load() {
    Map<String, String> classOf = new LinkedHashMap<>();
    try (InputStream in = ExpressionFunctions.class.getResourceAsStream("expression-functions.txt")) {
      if (in == null) {
        throw new IllegalStateException("expression-functions.txt is missing from the class path");
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        int colon = line.indexOf(':');
        if (line.startsWith("#") || colon < 0) {
          continue;
        }
        String group = line.substring(0, colon).trim();
        for (String name : line.substring(colon + 1).trim().split("\\s+")) {
          classOf.put(name, group);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return java.util.Collections.unmodifiableMap(classOf);
  }
}
