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
 * <p>Nor may an expression hang a job: a pattern is a string literal that runs in linear time. {@code RLIKE},
 * {@code REGEXP}, {@code rlike()}, {@code regexp()} and {@code regexp_like()} take a literal that {@link LinearRegex}
 * accepts (the engine evaluates them with RE2/J); {@code LIKE}, {@code ILIKE} and {@code like()}/{@code ilike()}
 * take literal patterns (the engine evaluates those with wildcards in linear time too); the delimiters of
 * {@code split} and {@code str_to_map} and the key of {@code parse_url}, which Spark runs with
 * {@code java.util.regex}, are literals of fixed width ({@link LinearRegex#fixedWidth}). The other
 * {@code regexp_*} functions run {@code java.util.regex} on any pattern and are not on the list.
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

  /** Spark functions that run {@code java.util.regex} on any pattern: not on the list (see the class comment). */
  private static final Set<String> JAVA_REGEX_FUNCTIONS = Set.of("regexp_count", "regexp_extract", "regexp_extract_all",
      "regexp_instr", "regexp_replace", "regexp_substr");

  /** Functions whose pattern (the second argument) {@link LinearRegex} runs. */
  private static final Set<String> RLIKE_FUNCTIONS = Set.of("rlike", "regexp", "regexp_like");
  private static final Set<String> LIKE_FUNCTIONS = Set.of("like", "ilike");
  /** Functions that run {@code java.util.regex} on the arguments at these (0-based) places. */
  private static final Map<String, List<Integer>> FIXED_REGEX_ARGUMENTS =
      Map.of("split", List.of(1), "str_to_map", List.of(1, 2), "parse_url", List.of(2));

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
    refusals.addAll(patternRefusals(tokens));
    return refusals;
  }

  /** Why a regular expression literal cannot run in linear time, as a refusal of the expression (null: it can). */
  public static String regexRefusal(String regex) {
    return LinearRegex.refusal(regex).map(r -> "has pattern '" + regex + "', which cannot run in linear time: "
        + r.message() + "; " + r.fix()).orElse(null);
  }

  /** Why a delimiter or key that Spark runs with {@code java.util.regex} is refused (null: it is not). */
  public static String fixedRegexRefusal(String function, String regex) {
    return LinearRegex.fixedWidth(regex) ? null : "calls " + function + "() with regular expression '" + regex
        + "', which java.util.regex may take exponential time on: use characters, escapes and classes only"
        + " (no repetition, group or alternation), e.g. ',' or '[,;]'";
  }

  /** Why a LIKE pattern is refused (null: it is not). */
  public static String likeRefusal(String pattern, char escape) {
    return LinearRegex.fromLike(pattern, escape).isPresent() ? null : "has LIKE pattern '" + pattern
        + "', whose escape character '" + escape + "' must come before '_', '%' or itself";
  }

  /** Patterns: literals that run in linear time (see the class comment). */
  private static List<String> patternRefusals(List<Token> tokens) {
    List<String> refusals = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind != Kind.WORD) {
        continue;
      }
      String lower = t.text.toLowerCase(Locale.ROOT);
      boolean call = !infix(tokens, i);
      String where = " at character " + (t.at + 1);
      if (!call && (lower.equals("rlike") || lower.equals("regexp"))) {
        Optional<String> regex = operand(tokens, i + 1);
        if (regex.isEmpty()) {
          refusals.add("matches " + t.text.toUpperCase(Locale.ROOT) + where + " against something other than a string"
              + " literal: a pattern must be a literal, checked here and run in linear time");
        } else if (regexRefusal(regex.get()) != null) {
          refusals.add(regexRefusal(regex.get()));
        }
      } else if (!call && (lower.equals("like") || lower.equals("ilike"))) {
        refusals.addAll(likeRefusals(tokens, i, where));
      } else if (call && (RLIKE_FUNCTIONS.contains(lower) || LIKE_FUNCTIONS.contains(lower)
          || FIXED_REGEX_ARGUMENTS.containsKey(lower))) {
        List<List<Token>> args = arguments(tokens, i + 1);
        List<Integer> patterns = RLIKE_FUNCTIONS.contains(lower) || LIKE_FUNCTIONS.contains(lower) ? List.of(1)
            : FIXED_REGEX_ARGUMENTS.get(lower);
        for (int a : patterns) {
          if (a >= args.size()) {
            continue;
          }
          Optional<String> literal = literal(args.get(a));
          if (literal.isEmpty()) {
            refusals.add("calls " + t.text + "()" + where + " with a pattern that is not a string literal: a pattern"
                + " must be a literal, checked here and run in linear time");
          } else if (RLIKE_FUNCTIONS.contains(lower)) {
            String reason = regexRefusal(literal.get());
            if (reason != null) {
              refusals.add(reason);
            }
          } else if (LIKE_FUNCTIONS.contains(lower)) {
            Optional<String> escape = args.size() > 2 ? literal(args.get(2)) : Optional.of("\\");
            String reason = escape.isPresent() && escape.get().length() == 1
                ? likeRefusal(literal.get(), escape.get().charAt(0)) : null;
            if (reason != null) {
              refusals.add(reason);
            }
          } else {
            String reason = fixedRegexRefusal(t.text, literal.get());
            if (reason != null) {
              refusals.add(reason + where);
            }
          }
        }
      }
    }
    return refusals;
  }

  /**
   * Whether the word at {@code i} is an operator ({@code x RLIKE …}, {@code x NOT LIKE …}) rather than a call: it is
   * not followed by a parenthesis, or it follows the end of an operand.
   */
  private static boolean infix(List<Token> tokens, int i) {
    if (i + 1 >= tokens.size() || !tokens.get(i + 1).text.equals("(") || tokens.get(i + 1).kind != Kind.PUNCT) {
      return true;
    }
    int k = i - 1;
    if (k >= 0 && tokens.get(k).text.equalsIgnoreCase("not")) {
      k--;
    }
    if (k < 0) {
      return false;
    }
    Token prev = tokens.get(k);
    return switch (prev.kind) {
      case STRING, QUOTED_WORD -> true;
      case PUNCT -> prev.text.equals(")") || prev.text.equals("]");
      case WORD -> !Set.of("and", "or", "not", "when", "then", "else", "case", "in", "like", "ilike", "rlike", "regexp",
          "is", "between", "distinct", "from").contains(prev.text.toLowerCase(Locale.ROOT));
    };
  }

  /** {@code x LIKE 'p' [ESCAPE 'c']} or {@code x LIKE ANY ('p', …)} after the LIKE at {@code at}. */
  private static List<String> likeRefusals(List<Token> tokens, int at, String where) {
    String op = tokens.get(at).text.toUpperCase(Locale.ROOT);
    int k = at + 1;
    String quantifier = k < tokens.size() ? tokens.get(k).text.toLowerCase(Locale.ROOT) : "";
    if (Set.of("any", "some", "all").contains(quantifier) && tokens.get(k).kind == Kind.WORD) {
      List<List<Token>> list = arguments(tokens, k + 1);
      for (List<Token> item : list) {
        Optional<String> p = literal(item);
        if (p.isEmpty()) {
          return List.of("matches " + op + " " + quantifier.toUpperCase(Locale.ROOT) + where + " against something other"
              + " than string literals: a pattern must be a literal, run in linear time");
        }
        String reason = likeRefusal(p.get(), '\\');
        if (reason != null) {
          return List.of(reason);
        }
      }
      return List.of();
    }
    Optional<String> pattern = operand(tokens, k);
    if (pattern.isEmpty()) {
      return List.of("matches " + op + where + " against something other than a string literal: a pattern must be a"
          + " literal, run in linear time");
    }
    while (k < tokens.size() && tokens.get(k).kind == Kind.STRING) {
      k++;
    }
    char escape = '\\';
    if (k + 1 < tokens.size() && tokens.get(k).text.equalsIgnoreCase("escape") && tokens.get(k + 1).kind == Kind.STRING) {
      String e = unescape(tokens.get(k + 1));
      if (e.length() == 1) {
        escape = e.charAt(0);
      }
    }
    String reason = likeRefusal(pattern.get(), escape);
    return reason == null ? List.of() : List.of(reason);
  }

  /**
   * The string literal (adjacent literals are one, as in Spark) that starts at {@code from} and is the whole
   * operand: what follows it is nothing, a closing parenthesis, a comma or a word ({@code AND}, {@code THEN}…),
   * not an operator that would make it part of a larger expression.
   */
  private static Optional<String> operand(List<Token> tokens, int from) {
    if (from < tokens.size() && tokens.get(from).text.equals("(") && tokens.get(from).kind == Kind.PUNCT) {
      List<List<Token>> inner = arguments(tokens, from);
      int close = from + 1 + (inner.isEmpty() ? 0 : inner.get(0).size());
      boolean alone = inner.size() == 1 && close < tokens.size() && tokens.get(close).text.equals(")");
      return alone && literal(inner.get(0)).isPresent() && operandEnds(tokens, close + 1)
          ? literal(inner.get(0)) : Optional.empty();
    }
    int k = from;
    StringBuilder value = new StringBuilder();
    while (k < tokens.size() && tokens.get(k).kind == Kind.STRING) {
      value.append(unescape(tokens.get(k)));
      k++;
    }
    return k == from || !operandEnds(tokens, k) ? Optional.empty() : Optional.of(value.toString());
  }

  private static boolean operandEnds(List<Token> tokens, int k) {
    if (k >= tokens.size()) {
      return true;
    }
    Token next = tokens.get(k);
    return next.kind != Kind.PUNCT || next.text.equals(")") || next.text.equals(",");
  }

  /** The value of an argument that is one string literal (or adjacent ones), else empty. */
  private static Optional<String> literal(List<Token> argument) {
    if (argument.isEmpty() || argument.stream().anyMatch(t -> t.kind != Kind.STRING)) {
      return Optional.empty();
    }
    StringBuilder value = new StringBuilder();
    argument.forEach(t -> value.append(unescape(t)));
    return Optional.of(value.toString());
  }

  /** The arguments of the parenthesized list that opens at {@code open}: each a list of tokens. */
  private static List<List<Token>> arguments(List<Token> tokens, int open) {
    List<List<Token>> args = new ArrayList<>();
    if (open >= tokens.size() || !tokens.get(open).text.equals("(")) {
      return args;
    }
    List<Token> current = new ArrayList<>();
    int depth = 0;
    for (int k = open + 1; k < tokens.size(); k++) {
      Token t = tokens.get(k);
      if (t.kind == Kind.PUNCT && (t.text.equals("(") || t.text.equals("["))) {
        depth++;
      } else if (t.kind == Kind.PUNCT && (t.text.equals(")") || t.text.equals("]"))) {
        if (depth == 0) {
          break;
        }
        depth--;
      } else if (t.kind == Kind.PUNCT && t.text.equals(",") && depth == 0) {
        args.add(current);
        current = new ArrayList<>();
        continue;
      }
      current.add(t);
    }
    if (!current.isEmpty() || !args.isEmpty()) {
      args.add(current);
    }
    return args;
  }

  /** A string literal token's value, as Spark's {@code ParserUtils.unescapeSQLString} reads it. */
  private static String unescape(Token t) {
    String b = t.text;
    int end = b.length() > 1 && b.charAt(b.length() - 1) == b.charAt(0) ? b.length() - 1 : b.length();
    if (t.raw) {
      return b.substring(1, end);
    }
    StringBuilder sb = new StringBuilder();
    int i = 1;
    while (i < end) {
      char c = b.charAt(i);
      if (c != '\\' || i + 1 == end) {
        sb.append(c);
        i++;
        continue;
      }
      char e = b.charAt(++i);
      if (e == 'u' && i + 5 <= end && b.substring(i + 1, i + 5).matches("[0-9a-fA-F]{4}")) {
        sb.append((char) Integer.parseInt(b.substring(i + 1, i + 5), 16));
        i += 5;
      } else if (e == 'U' && i + 9 <= end && b.substring(i + 1, i + 9).matches("[0-9a-fA-F]{8}")) {
        sb.appendCodePoint((int) Long.parseLong(b.substring(i + 1, i + 9), 16));
        i += 9;
      } else if (e >= '0' && e <= '3' && i + 3 <= end && b.substring(i + 1, i + 3).matches("[0-7]{2}")) {
        sb.append((char) (((e - '0') << 6) + ((b.charAt(i + 1) - '0') << 3) + (b.charAt(i + 2) - '0')));
        i += 3;
      } else {
        switch (e) {
          case '0' -> sb.append((char) 0);
          case 'b' -> sb.append('\b');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'Z' -> sb.append((char) 0x1A);
          case '%' -> sb.append("\\%");
          case '_' -> sb.append("\\_");
          default -> sb.append(e);
        }
        i++;
      }
    }
    return sb.toString();
  }

  /** Why calling {@code function} is refused, or null when it is allowed. */
  public static String refusal(String function) {
    if (function.contains(".")) {
      return "a function of a catalog or database, which an expression may not call";
    }
    if (JAVA_REGEX_FUNCTIONS.contains(function.toLowerCase(Locale.ROOT))) {
      return "which runs java.util.regex, whose backtracking can take exponential time on one value: test the"
          + " value with RLIKE, which runs in linear time";
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

  /** {@code raw}: a string literal written {@code r'…'}, whose backslashes are itself. */
  private record Token(Kind kind, String text, int at, boolean raw) {
    Token(Kind kind, String text, int at) {
      this(kind, text, at, false);
    }
  }

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
        tokens.add(new Token(Kind.STRING, sql.substring(start, Math.min(i, n)), start, raw));
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
