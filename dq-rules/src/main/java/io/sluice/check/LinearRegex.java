package io.sluice.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Java regular expression run in time linear in the text: translated into RE2/J's syntax so that
 * {@link #find} answers what {@code java.util.regex.Matcher.find()} (Spark's {@code rlike}) answers, or refused
 * with the reason. Java's engine backtracks, so a pattern such as {@code (a|a)+?b} takes exponential time on a
 * value that almost matches; RE2/J runs an automaton and cannot.
 *
 * <p>Refused: what needs backtracking (back-references, lookaround, atomic groups, possessive quantifiers) and
 * the little Java syntax that has no exact RE2 form — {@code (?m)}, {@code (?x)}, {@code (?u)}, {@code (?U)},
 * {@code \b}, {@code \B}, {@code \X}, nested classes and class intersections, {@code $} anywhere but at the end
 * of the pattern, repeat counts above 1000 and patterns whose automaton would exceed {@link #MAX_SIZE}
 * instructions. Everything else keeps Java's meaning: {@code .} stops at Java's line terminators, {@code $}
 * also matches before a final line terminator, {@code \s}, {@code \h}, {@code \v}, {@code \R} and POSIX classes
 * ({@code \p{Alpha}}) are Java's, {@code (?i)} folds ASCII only, and Unicode properties use this JVM's
 * character data. Character classes are translated into explicit code point ranges, so no RE2 flag is used.
 */
public final class LinearRegex implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** At most this many automaton instructions (repeat counts multiply what they repeat): the work per character. */
  public static final int MAX_SIZE = 10_000;
  /** RE2's largest repeat count. */
  static final int MAX_REPEAT = 1000;
  private static final int MAX_DEPTH = 100;
  private static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;

  private final String regex;
  /** The translation for texts that do not end with {@code \r\n}, and for those that do (Java's {@code $} differs). */
  private final String translated;
  private final String translatedCrlf;
  private final boolean crlfDiffers;
  private transient volatile com.google.re2j.Pattern compiled;
  private transient volatile com.google.re2j.Pattern compiledCrlf;

  /** Why a pattern cannot run (at a 0-based character of it), and what to do. */
  public record Refusal(int at, String reason, String fix) {
    /** The reason with its place: {@code back-references ... (\1 at character 8)}. */
    public String message() {
      return reason + " (at character " + (at + 1) + ")";
    }
  }

  private LinearRegex(String regex, String translated, String translatedCrlf) {
    this.regex = regex;
    this.translated = translated;
    this.translatedCrlf = translatedCrlf;
    this.crlfDiffers = !translated.equals(translatedCrlf);
  }

  /** Why {@code regex} cannot be run in linear time with Java's answers; empty when it can. */
  public static Optional<Refusal> refusal(String regex) {
    try {
      translate(regex);
      return Optional.empty();
    } catch (Refused r) {
      return Optional.of(r.refusal);
    }
  }

  /** {@code regex}, ready to run; refused patterns throw ({@link #refusal} says why first). */
  public static LinearRegex compile(String regex) {
    try {
      return translate(regex);
    } catch (Refused r) {
      throw new IllegalArgumentException("Cannot run pattern '" + regex + "': " + r.refusal.message() + "; "
          + r.refusal.fix());
    }
  }

  /** The Java regular expression. */
  public String regex() {
    return regex;
  }

  /** RE2/J's form of it, for texts that do not end with a CR LF. */
  String translated() {
    return translated;
  }

  /** Whether the pattern is found in {@code text}, as {@code java.util.regex.Matcher.find()} would answer. */
  public boolean find(CharSequence text) {
    return pattern(crlf(text)).matcher(text).find();
  }

  /** A matcher to reuse for many texts in one thread (a task's generated code keeps one). */
  public Finder finder() {
    return new Finder(this);
  }

  /** {@link LinearRegex#find} without a new matcher per text; not thread-safe. */
  public static final class Finder {
    private final LinearRegex regex;
    private com.google.re2j.Matcher matcher;
    private com.google.re2j.Matcher matcherCrlf;

    private Finder(LinearRegex regex) {
      this.regex = regex;
    }

    public boolean find(CharSequence text) {
      if (regex.crlfDiffers && crlf(text)) {
        if (matcherCrlf == null) {
          matcherCrlf = regex.pattern(true).matcher(text);
          return matcherCrlf.find();
        }
        return matcherCrlf.reset(text).find();
      }
      if (matcher == null) {
        matcher = regex.pattern(false).matcher(text);
        return matcher.find();
      }
      return matcher.reset(text).find();
    }
  }

  private static boolean crlf(CharSequence text) {
    int n = text.length();
    return n >= 2 && text.charAt(n - 1) == '\n' && text.charAt(n - 2) == '\r';
  }

  private com.google.re2j.Pattern pattern(boolean crlf) {
    if (crlf && crlfDiffers) {
      if (compiledCrlf == null) {
        compiledCrlf = com.google.re2j.Pattern.compile(translatedCrlf);
      }
      return compiledCrlf;
    }
    if (compiled == null) {
      compiled = com.google.re2j.Pattern.compile(translated);
    }
    return compiled;
  }

  /**
   * The Java regular expression that matches a whole value as Spark's {@code LIKE} does ({@code %} any
   * characters, {@code _} one, {@code escape} before either or before itself makes it literal); empty when Spark
   * refuses the pattern (an escape before anything else, or at the end).
   */
  public static Optional<String> fromLike(String pattern, char escape) {
    StringBuilder out = new StringBuilder("(?s)\\A(?:");
    for (int i = 0; i < pattern.length(); ) {
      int c = pattern.codePointAt(i);
      i += Character.charCount(c);
      if (c == escape) {
        if (i >= pattern.length()) {
          return Optional.empty();
        }
        int next = pattern.codePointAt(i);
        i += Character.charCount(next);
        if (next != '_' && next != '%' && next != escape) {
          return Optional.empty();
        }
        literal(out, next);
      } else if (c == '_') {
        out.append('.');
      } else if (c == '%') {
        out.append(".*");
      } else {
        literal(out, c);
      }
    }
    return Optional.of(out.append(")\\z").toString());
  }

  private static void literal(StringBuilder out, int c) {
    if (c < 128 && !Character.isLetterOrDigit(c)) {
      out.append(String.format(Locale.ROOT, "\\x{%x}", c));
    } else {
      out.appendCodePoint(c);
    }
  }

  /**
   * Whether {@code java.util.regex} itself runs {@code regex} in time linear in the text's length times the
   * pattern's: a fixed sequence of single characters, escapes and classes (no repetition, group, alternation,
   * anchor or flag), so it tries each position once without backtracking. Spark's {@code split} and
   * {@code str_to_map} delimiters and {@code parse_url}'s key are such regexes.
   */
  public static boolean fixedWidth(String regex) {
    try {
      java.util.regex.Pattern.compile(regex);
      Parser p = new Parser(regex);
      Node n = p.parse();
      List<Node> items = n instanceof Seq s ? s.items : List.of(n);
      return p.groups == 0 && items.stream().allMatch(i -> i instanceof Chars);
    } catch (RuntimeException | StackOverflowError e) {
      return false;
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Translation: Java's syntax parsed into a small tree, then written out in RE2's.

  private static LinearRegex translate(String regex) {
    try {
      java.util.regex.Pattern.compile(regex);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new Refused(Math.max(e.getIndex(), 0), "it is not a valid regular expression: " + e.getDescription(),
          "escape special characters with '\\' (docs/contracts.md, pattern)");
    } catch (StackOverflowError e) {
      throw new Refused(0, "it nests groups too deeply", "nest at most " + MAX_DEPTH + " groups");
    }
    Node tree;
    try {
      tree = new Parser(regex).parse();
    } catch (Refused r) {
      throw r;
    } catch (RuntimeException e) { // a construct this reader does not know: refused, never guessed
      throw new Refused(0, "it uses Java syntax that has no RE2 translation here", "simplify the pattern");
    }
    checkDollars(tree, true);
    long size = size(tree);
    if (size > MAX_SIZE) {
      throw new Refused(0, "it would take " + (size >= Integer.MAX_VALUE ? "billions of" : String.valueOf(size))
          + " automaton steps per character (repeat counts multiply what they repeat; at most " + MAX_SIZE + ")",
          "use smaller repeat counts, e.g. '+' instead of '{1,500}'");
    }
    StringBuilder plain = new StringBuilder();
    emit(tree, false, plain);
    StringBuilder crlf = new StringBuilder();
    emit(tree, true, crlf);
    LinearRegex linear = new LinearRegex(regex, plain.toString(), crlf.toString());
    try { // what the engine will run: RE2/J must take both translations
      linear.pattern(false);
      linear.pattern(true);
    } catch (com.google.re2j.PatternSyntaxException e) {
      throw new Refused(0, "it has no RE2 translation here (" + e.getDescription() + ")", "simplify the pattern");
    }
    return linear;
  }

  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Refusal refusal;

    Refused(int at, String reason, String fix) {
      super(reason, null, false, false);
      this.refusal = new Refusal(at, reason, fix);
    }
  }

  private sealed interface Node permits Chars, Seq, Alt, Repeat, Anchor {}

  /** A set of code points: sorted, disjoint, inclusive ranges {@code lo0, hi0, lo1, hi1…}. */
  private record Chars(int[] ranges) implements Node {}

  private record Seq(List<Node> items) implements Node {}

  private record Alt(List<Node> branches) implements Node {}

  /** {@code max} -1: unbounded. */
  private record Repeat(Node body, int min, int max) implements Node {}

  private enum AnchorKind { BEGIN, END, DOLLAR, UNIX_DOLLAR }

  private record Anchor(AnchorKind kind, int at) implements Node {}

  /** A {@code $} (or {@code \Z}) may only end the pattern: what follows it would read the terminator it skipped. */
  private static void checkDollars(Node n, boolean atEnd) {
    if (n instanceof Anchor a && (a.kind == AnchorKind.DOLLAR || a.kind == AnchorKind.UNIX_DOLLAR) && !atEnd) {
      throw new Refused(a.at, "'$' is supported only at the end of the pattern (or of an alternative that ends it)",
          "end the pattern with '$', or use \\z (the very end of the value) where something follows");
    } else if (n instanceof Seq s) {
      for (int i = 0; i < s.items.size(); i++) {
        checkDollars(s.items.get(i), atEnd && i == s.items.size() - 1);
      }
    } else if (n instanceof Alt alt) {
      alt.branches.forEach(b -> checkDollars(b, atEnd));
    } else if (n instanceof Repeat r) {
      checkDollars(r.body, atEnd && r.max >= 0 && r.max <= 1);
    }
  }

  private static long size(Node n) {
    if (n instanceof Seq s) {
      long total = 0;
      for (Node i : s.items) {
        total = Math.min(Integer.MAX_VALUE, total + size(i));
      }
      return total;
    }
    if (n instanceof Alt a) {
      long total = a.branches.size();
      for (Node b : a.branches) {
        total = Math.min(Integer.MAX_VALUE, total + size(b));
      }
      return total;
    }
    if (n instanceof Repeat r) {
      long body = size(r.body) + 1;
      long copies = r.max < 0 ? r.min + 1L : r.max;
      return Math.min(Integer.MAX_VALUE, body * Math.max(copies, 1) + 1);
    }
    return 1;
  }

  private static void emit(Node n, boolean crlf, StringBuilder out) {
    if (n instanceof Chars c) {
      emitChars(c.ranges, out);
    } else if (n instanceof Seq s) {
      for (Node i : s.items) {
        boolean wrap = i instanceof Alt;
        out.append(wrap ? "(?:" : "");
        emit(i, crlf, out);
        out.append(wrap ? ")" : "");
      }
    } else if (n instanceof Alt a) {
      for (int i = 0; i < a.branches.size(); i++) {
        out.append(i > 0 ? "|" : "");
        emit(a.branches.get(i), crlf, out);
      }
    } else if (n instanceof Repeat r) {
      out.append("(?:");
      emit(r.body, crlf, out);
      out.append(')');
      if (r.min == 0 && r.max == 1) {
        out.append('?');
      } else if (r.min == 0 && r.max < 0) {
        out.append('*');
      } else if (r.min == 1 && r.max < 0) {
        out.append('+');
      } else if (r.max < 0) {
        out.append('{').append(r.min).append(",}");
      } else if (r.min == r.max) {
        out.append('{').append(r.min).append('}');
      } else {
        out.append('{').append(r.min).append(',').append(r.max).append('}');
      }
    } else if (n instanceof Anchor a) {
      out.append(switch (a.kind) {
        case BEGIN -> "\\A";
        case END -> "\\z";
        // Java's $: the end, or before a line terminator that ends the value, but not between \r and \n
        case DOLLAR -> crlf ? "(?:\\r\\n)?\\z" : "[\\n\\r\\x{85}\\x{2028}\\x{2029}]?\\z";
        case UNIX_DOLLAR -> "\\n?\\z";
      });
    }
  }

  private static void emitChars(int[] r, StringBuilder out) {
    if (r.length == 2 && r[0] == r[1]) {
      emitCodePoint(r[0], out);
      return;
    }
    if (r.length == 0) {
      out.append("[^\\x00-\\x{10ffff}]");
      return;
    }
    out.append('[');
    for (int i = 0; i < r.length; i += 2) {
      emitCodePoint(r[i], out);
      if (r[i + 1] != r[i]) {
        out.append('-');
        emitCodePoint(r[i + 1], out);
      }
    }
    out.append(']');
  }

  private static void emitCodePoint(int c, StringBuilder out) {
    if (c < 128 && Character.isLetterOrDigit(c)) {
      out.append((char) c);
    } else {
      out.append(String.format(Locale.ROOT, "\\x{%x}", c));
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Code point sets.

  private static int[] single(int c) {
    return new int[] {c, c};
  }

  private static int[] range(int lo, int hi) {
    return new int[] {lo, hi};
  }

  private static int[] union(int[] a, int[] b) {
    int[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return normalize(all);
  }

  /** Sorted and merged ranges from any list of pairs. */
  private static int[] normalize(int[] pairs) {
    int n = pairs.length / 2;
    long[] sorted = new long[n];
    for (int i = 0; i < n; i++) {
      sorted[i] = ((long) pairs[2 * i] << 32) | (pairs[2 * i + 1] & 0xffffffffL);
    }
    Arrays.sort(sorted);
    int[] out = new int[pairs.length];
    int k = 0;
    for (long s : sorted) {
      int lo = (int) (s >>> 32);
      int hi = (int) s;
      if (k > 0 && lo <= out[k - 1] + 1) {
        out[k - 1] = Math.max(out[k - 1], hi);
      } else {
        out[k++] = lo;
        out[k++] = hi;
      }
    }
    return Arrays.copyOf(out, k);
  }

  private static int[] complement(int[] r) {
    List<Integer> out = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < r.length; i += 2) {
      if (r[i] > next) {
        out.add(next);
        out.add(r[i] - 1);
      }
      next = r[i + 1] + 1;
    }
    if (next <= MAX_CODE_POINT) {
      out.add(next);
      out.add(MAX_CODE_POINT);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[] of(String chars) {
    int[] pairs = new int[chars.length() * 2];
    for (int i = 0; i < chars.length(); i++) {
      pairs[2 * i] = chars.charAt(i);
      pairs[2 * i + 1] = chars.charAt(i);
    }
    return normalize(pairs);
  }

  /** With Java's ASCII-only case folding ({@code (?i)} without {@code u}): each ASCII letter in both cases. */
  private static int[] withAsciiCases(int[] r) {
    List<Integer> add = new ArrayList<>();
    for (int i = 0; i < r.length; i += 2) {
      int lo = Math.max(r[i], 'A');
      int hi = Math.min(r[i + 1], 'Z');
      if (lo <= hi) {
        add.add(lo + 32);
        add.add(hi + 32);
      }
      lo = Math.max(r[i], 'a');
      hi = Math.min(r[i + 1], 'z');
      if (lo <= hi) {
        add.add(lo - 32);
        add.add(hi - 32);
      }
    }
    return add.isEmpty() ? r : union(r, add.stream().mapToInt(Integer::intValue).toArray());
  }

  private static final int[] DIGITS = range('0', '9');
  private static final int[] WORD = normalize(new int[] {'0', '9', 'A', 'Z', 'a', 'z', '_', '_'});
  private static final int[] SPACE = of(" \t\n\u000B\f\r");
  private static final int[] HORIZONTAL = normalize(new int[] {' ', ' ', '\t', '\t', 0xA0, 0xA0, 0x1680, 0x1680,
      0x180e, 0x180e, 0x2000, 0x200a, 0x202f, 0x202f, 0x205f, 0x205f, 0x3000, 0x3000});
  private static final int[] LINE_TERMINATORS = of("\n\r\u0085\u2028\u2029");
  private static final String PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  /** Java's POSIX classes (ASCII, as without {@code (?U)}). */
  private static final Map<String, int[]> POSIX = Map.ofEntries(
      Map.entry("Lower", range('a', 'z')), Map.entry("Upper", range('A', 'Z')), Map.entry("ASCII", range(0, 127)),
      Map.entry("Alpha", normalize(new int[] {'a', 'z', 'A', 'Z'})), Map.entry("Digit", DIGITS),
      Map.entry("Alnum", normalize(new int[] {'a', 'z', 'A', 'Z', '0', '9'})), Map.entry("Punct", of(PUNCT)),
      Map.entry("Graph", union(normalize(new int[] {'a', 'z', 'A', 'Z', '0', '9'}), of(PUNCT))),
      Map.entry("Print", union(normalize(new int[] {'a', 'z', 'A', 'Z', '0', '9', ' ', ' '}), of(PUNCT))),
      Map.entry("Blank", of(" \t")), Map.entry("Cntrl", normalize(new int[] {0, 0x1f, 0x7f, 0x7f})),
      Map.entry("XDigit", normalize(new int[] {'0', '9', 'a', 'f', 'A', 'F'})), Map.entry("Space", SPACE));
  private static final String CATEGORIES = "Cn Lu Ll Lt Lm Lo Mn Me Mc Nd Nl No Zs Zl Zp Cc Cf -- Co Cs Pd Ps Pe Pc Po Sm Sc"
      + " Sk So Pi Pf";
  private static final Map<String, int[]> PROPERTIES = new ConcurrentHashMap<>();

  /**
   * The code points of {@code \p{name}}: POSIX classes and general categories from their definitions, anything else
   * (scripts, blocks, binary properties, {@code java*}, and every property under {@code (?i)}) by asking
   * {@code java.util.regex} about each code point, once per JVM.
   */
  private static int[] property(String escape, String name, boolean caseInsensitive) {
    if (!caseInsensitive && POSIX.containsKey(name)) {
      return POSIX.get(name);
    }
    String category = name.startsWith("Is") ? name.substring(2) : name;
    if (!caseInsensitive && category.matches("[A-Z][a-z]?") && (category.length() == 1
        ? "LMNZCPS".contains(category) : CATEGORIES.contains(category))) {
      return PROPERTIES.computeIfAbsent("category " + category, k -> {
        long mask = 0;
        String[] codes = CATEGORIES.split(" ");
        for (int t = 0; t < codes.length; t++) {
          if (codes[t].equals(category) || category.length() == 1 && codes[t].charAt(0) == category.charAt(0)) {
            mask |= 1L << t;
          }
        }
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c <= MAX_CODE_POINT; c++) {
          if ((mask >>> Character.getType(c) & 1L) != 0) {
            int lo = c;
            while (c + 1 <= MAX_CODE_POINT && (mask >>> Character.getType(c + 1) & 1L) != 0) {
              c++;
            }
            out.add(lo);
            out.add(c);
          }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
      });
    }
    return PROPERTIES.computeIfAbsent((caseInsensitive ? "(?i)" : "") + escape, k -> {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile(escape,
          caseInsensitive ? java.util.regex.Pattern.CASE_INSENSITIVE : 0).matcher("");
      List<Integer> out = new ArrayList<>();
      char[] buf = new char[2];
      java.nio.CharBuffer one = java.nio.CharBuffer.wrap(buf);
      boolean in = false;
      for (int c = 0; c <= MAX_CODE_POINT; c++) {
        int n = Character.toChars(c, buf, 0);
        boolean match = m.reset(one.limit(n).position(0)).matches();
        if (match && !in) {
          out.add(c);
        } else if (!match && in) {
          out.add(c - 1);
        }
        in = match;
      }
      if (in) {
        out.add(MAX_CODE_POINT);
      }
      return out.stream().mapToInt(Integer::intValue).toArray();
    });
  }

  // ---------------------------------------------------------------------------------------------------------

  /** A reader of Java's regex syntax (already known valid: java.util.regex compiled it) into a {@link Node}. */
  private static final class Parser {
    /** The pattern's code points after Java's own removal of {@code \Q…\E}; {@code at} maps back to characters. */
    private final int[] p;
    private final int[] at;
    private int i;
    private boolean caseInsensitive;
    private boolean dotAll;
    private boolean unixLines;
    private int depth;
    /** Groups read, flag groups included. */
    int groups;

    Parser(String regex) {
      int[] cps = regex.codePoints().toArray();
      int[] where = new int[cps.length];
      for (int k = 0, c = 0; k < cps.length; c += Character.charCount(cps[k]), k++) {
        where[k] = c;
      }
      int[][] unquoted = removeQuoting(cps, where);
      this.p = unquoted[0];
      this.at = unquoted[1];
    }

    Node parse() {
      Node n = alternation();
      if (i < p.length) {
        throw new Refused(pos(), "it has an unmatched ')'", "balance the parentheses");
      }
      return n;
    }

    private int pos() {
      return i < at.length ? at[i] : at.length == 0 ? 0 : at[at.length - 1] + 1;
    }

    private boolean more() {
      return i < p.length;
    }

    private int peek() {
      return i < p.length ? p[i] : -1;
    }

    private int peek(int ahead) {
      return i + ahead < p.length ? p[i + ahead] : -1;
    }

    private Node alternation() {
      List<Node> branches = new ArrayList<>();
      branches.add(sequence());
      while (peek() == '|') {
        i++;
        branches.add(sequence());
      }
      return branches.size() == 1 ? branches.get(0) : new Alt(branches);
    }

    private Node sequence() {
      List<Node> items = new ArrayList<>();
      while (more() && peek() != '|' && peek() != ')') {
        Node atom = atom();
        if (atom == null) {
          continue; // a group of flags only
        }
        items.add(quantified(atom));
      }
      return items.size() == 1 ? items.get(0) : new Seq(items);
    }

    private Node quantified(Node atom) {
      int c = peek();
      int min;
      int max;
      if (c == '?') {
        min = 0;
        max = 1;
      } else if (c == '*') {
        min = 0;
        max = -1;
      } else if (c == '+') {
        min = 1;
        max = -1;
      } else if (c == '{') {
        int close = i;
        while (p[close] != '}') {
          close++;
        }
        String body = new String(p, i + 1, close - i - 1);
        String[] parts = body.split(",", -1);
        long lo = Long.parseLong(parts[0]);
        long hi = parts.length == 1 ? lo : parts[1].isEmpty() ? -1 : Long.parseLong(parts[1]);
        if (lo > MAX_REPEAT || hi > MAX_REPEAT) {
          throw new Refused(pos(), "repeat count {" + body + "} is above " + MAX_REPEAT,
              "use a count of at most " + MAX_REPEAT + ", or '+' / '*'");
        }
        min = (int) lo;
        max = (int) hi;
        i = close;
      } else {
        return atom;
      }
      i++;
      if (peek() == '+') {
        throw new Refused(pos(), "possessive quantifiers ('" + new String(p, i - 1, 2)
            + "') need backtracking, which can take exponential time", "drop the '+' after the quantifier");
      }
      if (peek() == '?') {
        i++; // lazy: the same answer to whether the pattern is found
      }
      return new Repeat(atom, min, max);
    }

    private Node atom() {
      int c = p[i];
      switch (c) {
        case '(':
          return group();
        case '[':
          return new Chars(charClass());
        case '.':
          i++;
          return new Chars(dotAll ? range(0, MAX_CODE_POINT) : complement(unixLines ? single('\n') : LINE_TERMINATORS));
        case '^':
          i++;
          return new Anchor(AnchorKind.BEGIN, pos());
        case '$':
          i++;
          return new Anchor(unixLines ? AnchorKind.UNIX_DOLLAR : AnchorKind.DOLLAR, at[i - 1]);
        case '\\':
          return escapeOutside();
        case '{', '*', '+', '?':
          // Java accepts a count right after a quantifier (a{2}{3}) and then ignores it
          throw new Refused(pos(), "it has a quantifier right after another one", "keep one quantifier");
        default:
          i++;
          return literal(c);
      }
    }

    private Node literal(int c) {
      if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
        throw new Refused(pos() - 1, "it holds half of a surrogate pair", "write the whole character");
      }
      return new Chars(caseInsensitive ? withAsciiCases(single(c)) : single(c));
    }

    private Node group() {
      int start = pos();
      i++; // '('
      groups++;
      if (++depth > MAX_DEPTH) {
        throw new Refused(start, "it nests groups more than " + MAX_DEPTH + " deep", "nest fewer groups");
      }
      boolean saveCi = caseInsensitive;
      boolean saveDot = dotAll;
      boolean saveUnix = unixLines;
      if (peek() == '?') {
        i++;
        int k = peek();
        if (k == '=' || k == '!' || k == '<' && (peek(1) == '=' || peek(1) == '!')) {
          throw new Refused(start, "lookaround ('(?" + (k == '<' ? "<" + (char) peek(1) : String.valueOf((char) k))
              + "') needs backtracking, which can take exponential time",
              "rewrite it without lookahead or lookbehind (e.g. test two patterns in an expression)");
        }
        if (k == '>') {
          throw new Refused(start, "atomic groups ('(?>') need backtracking, which can take exponential time",
              "use a plain group '(?:'");
        }
        if (k == '<') { // a named group
          while (p[i] != '>') {
            i++;
          }
        } else if (k != ':') {
          boolean on = true;
          while (peek() != ')' && peek() != ':') {
            int f = p[i];
            if (f == '-') {
              on = false;
            } else if (f == 'i') {
              caseInsensitive = on;
            } else if (f == 's') {
              dotAll = on;
            } else if (f == 'd') {
              unixLines = on;
            } else if (on) {
              throw new Refused(pos(), flagRefusal(f), flagFix(f));
            }
            i++;
          }
          if (p[i] == ')') { // flags for the rest of the enclosing group
            i++;
            depth--;
            return null;
          }
        }
        i++; // ':' or the '>' that ends a group's name
      }
      Node body = alternation();
      i++; // ')'
      depth--;
      caseInsensitive = saveCi;
      dotAll = saveDot;
      unixLines = saveUnix;
      return body;
    }

    private static String flagRefusal(int f) {
      return switch (f) {
        case 'm' -> "multiline mode (?m) has no exact RE2 form (Java's ^ and $ see every line terminator)";
        case 'x' -> "comments mode (?x) is not supported";
        case 'u' -> "Unicode case folding (?u) is not supported";
        case 'U' -> "Unicode character classes (?U) are not supported";
        default -> "flag '" + (char) f + "' is not supported";
      };
    }

    private static String flagFix(int f) {
      return switch (f) {
        case 'm' -> "match line breaks explicitly, e.g. (^|\\n)";
        case 'x' -> "remove the whitespace and comments";
        case 'u' -> "list both cases in a class, e.g. [éÉ]";
        case 'U' -> "use \\p{L}, \\p{Nd} and other Unicode properties explicitly";
        default -> "remove the flag";
      };
    }

    private Node escapeOutside() {
      int start = pos();
      int e = peek(1);
      switch (e) {
        case 'b', 'B' -> throw new Refused(start, "word boundaries (\\" + (char) e + ") differ between Java (Unicode"
            + " letters and digits) and RE2 (ASCII)", "anchor with ^ and $, or test the neighbouring characters with a class");
        case 'X' -> throw new Refused(start, "grapheme clusters (\\X) are not supported", "use . or a class");
        case 'k' -> throw new Refused(start, backReference("\\k<…>"), backReferenceFix("\\k<…>"));
        case 'A', 'G' -> {
          i += 2;
          return new Anchor(AnchorKind.BEGIN, start); // \G: where find() starts, the beginning
        }
        case 'z' -> {
          i += 2;
          return new Anchor(AnchorKind.END, start);
        }
        case 'Z' -> {
          i += 2;
          return new Anchor(unixLines ? AnchorKind.UNIX_DOLLAR : AnchorKind.DOLLAR, start);
        }
        case 'R' -> {
          i += 2;
          return new Alt(List.of(new Seq(List.of(new Chars(single('\r')), new Chars(single('\n')))),
              new Chars(normalize(new int[] {'\n', '\r', 0x85, 0x85, 0x2028, 0x2029, 0x0B, 0x0C}))));
        }
        default -> {
          if (e >= '1' && e <= '9') {
            throw new Refused(start, backReference("\\" + (char) e), backReferenceFix("\\" + (char) e));
          }
          Object v = escape(false);
          return v instanceof int[] set ? new Chars(set) : literal((Integer) v);
        }
      }
    }

    private static String backReference(String what) {
      return "back-references (" + what + ") need backtracking, which can take exponential time";
    }

    private static String backReferenceFix(String what) {
      return "rewrite the pattern without " + what + " (a check can compare two columns in an expression)";
    }

    /**
     * The escape at {@code i} (a backslash): a code point (an Integer) or a set of them (an int[]), as Java's
     * {@code Pattern.escape} reads it.
     */
    private Object escape(boolean inClass) {
      int start = pos();
      i++; // '\'
      int c = p[i++];
      switch (c) {
        case '0': {
          int n = p[i++] - '0';
          if (more() && peek() >= '0' && peek() <= '7') {
            int m = p[i++] - '0';
            if (more() && peek() >= '0' && peek() <= '7' && n <= 3) {
              return n * 64 + m * 8 + (p[i++] - '0');
            }
            return n * 8 + m;
          }
          return n;
        }
        case 'a': return 7;
        case 'e': return 0x1B;
        case 'f': return (int) '\f';
        case 'n': return (int) '\n';
        case 'r': return (int) '\r';
        case 't': return (int) '\t';
        case 'c': return p[i++] ^ 64;
        case 'x': {
          if (peek() == '{') {
            int close = i;
            while (p[close] != '}') {
              close++;
            }
            int v = Integer.parseInt(new String(p, i + 1, close - i - 1), 16);
            i = close + 1;
            return v;
          }
          int v = Integer.parseInt(new String(p, i, 2), 16);
          i += 2;
          return v;
        }
        case 'u': {
          int v = Integer.parseInt(new String(p, i, 4), 16);
          i += 4;
          if (Character.isHighSurrogate((char) v) && peek() == '\\' && peek(1) == 'u' && i + 5 < p.length) {
            int low = Integer.parseInt(new String(p, i + 2, 4), 16);
            if (Character.isLowSurrogate((char) low)) {
              i += 6;
              return Character.toCodePoint((char) v, (char) low);
            }
          }
          return v;
        }
        case 'N': {
          int close = i;
          while (p[close] != '}') {
            close++;
          }
          int v = Character.codePointOf(new String(p, i + 1, close - i - 1));
          i = close + 1;
          return v;
        }
        case 'd': return DIGITS;
        case 'D': return complement(DIGITS);
        case 'w': return WORD;
        case 'W': return complement(WORD);
        case 's': return SPACE;
        case 'S': return complement(SPACE);
        case 'h': return HORIZONTAL;
        case 'H': return complement(HORIZONTAL);
        case 'v': return VERTICAL_ALL;
        case 'V': return complement(VERTICAL_ALL);
        case 'p':
        case 'P': {
          String name;
          int from = i - 2;
          if (peek() == '{') {
            int close = i;
            while (p[close] != '}') {
              close++;
            }
            name = new String(p, i + 1, close - i - 1);
            i = close + 1;
          } else {
            name = new String(p, i, 1);
            i++;
          }
          int[] set = property("\\p{" + name + "}", name, caseInsensitive);
          return c == 'P' ? complement(set) : set;
        }
        default:
          if (Character.isLetterOrDigit(c) && c < 128) {
            throw new Refused(start, "escape \\" + (char) c + " is not supported" + (inClass ? " in a class" : ""),
                "write the character or class it stands for");
          }
          return c;
      }
    }

    /** {@code \v} in Java: vertical whitespace (in RE2 it is only the vertical tab). */
    private static final int[] VERTICAL_ALL = normalize(new int[] {'\n', '\r', 0x0B, 0x0C, 0x85, 0x85, 0x2028, 0x2029});

    /** A class {@code […]} at {@code i}, as Java's {@code Pattern.clazz} reads one without nesting or {@code &&}. */
    private int[] charClass() {
      int start = pos();
      i++; // '['
      boolean negated = false;
      if (peek() == '^') {
        negated = true;
        i++;
      }
      int[] set = new int[0];
      int items = 0;
      while (true) {
        int c = peek();
        if (c == '[') {
          throw new Refused(pos(), "nested classes ([a[b]]) have no RE2 form", "list the characters in one class");
        }
        if (c == '&' && peek(1) == '&') {
          throw new Refused(pos(), "class intersections (&&) have no RE2 form", "list the characters the intersection holds");
        }
        if (c == ']' && items > 0) {
          i++;
          break;
        }
        if (c < 0) {
          throw new Refused(start, "it has an unclosed class", "close it with ']'");
        }
        set = union(set, classItem());
        items++;
      }
      return negated ? complement(set) : set;
    }

    /** One item of a class: a character, a range or an escaped class (Java's {@code Pattern.range}). */
    private int[] classItem() {
      int from;
      if (peek() == '\\') {
        Object v = escapeInClass();
        if (v instanceof int[] set) {
          return set;
        }
        from = (Integer) v;
      } else {
        from = p[i++];
      }
      if (peek() == '-' && peek(1) != '[' && peek(1) != ']' && peek(1) >= 0) {
        i++;
        int to;
        if (peek() == '\\') {
          Object v = escapeInClass();
          if (!(v instanceof Integer t)) {
            throw new Refused(pos(), "a range ends with a class", "end the range with a character");
          }
          to = t;
        } else {
          to = p[i++];
        }
        if (from >= Character.MIN_SURROGATE && from <= Character.MAX_SURROGATE
            || to >= Character.MIN_SURROGATE && to <= Character.MAX_SURROGATE) {
          throw new Refused(pos(), "a range starts or ends inside a surrogate pair", "use whole characters");
        }
        int[] r = range(from, to);
        return caseInsensitive ? withAsciiCases(r) : r;
      }
      if (from >= Character.MIN_SURROGATE && from <= Character.MAX_SURROGATE) {
        throw new Refused(pos(), "it holds half of a surrogate pair", "write the whole character");
      }
      return caseInsensitive ? withAsciiCases(single(from)) : single(from);
    }

    private Object escapeInClass() {
      int e = peek(1);
      if (e == 'b' || e == 'B' || e == 'R' || e == 'X' || e == 'k' || e == 'A' || e == 'z' || e == 'Z' || e == 'G'
          || e >= '1' && e <= '9') {
        throw new Refused(pos(), "escape \\" + (char) e + " is not supported in a class", "write the characters it stands for");
      }
      return escape(true);
    }

    /**
     * Java's {@code Pattern.RemoveQEQuoting}: the text between {@code \Q} and {@code \E} becomes escaped literals
     * before the pattern is parsed (inside classes too).
     */
    private static int[][] removeQuoting(int[] t, int[] where) {
      int n = t.length;
      int k = 0;
      while (k < n - 1) {
        if (t[k] != '\\') {
          k += 1;
        } else if (t[k + 1] != 'Q') {
          k += 2;
        } else {
          break;
        }
      }
      if (k >= n - 1) {
        return new int[][] {t, where};
      }
      int[] out = new int[k + 2 + 3 * (n - k - 2)];
      int[] outAt = new int[out.length];
      System.arraycopy(t, 0, out, 0, k);
      System.arraycopy(where, 0, outAt, 0, k);
      int j = k;
      int src = k + 2;
      boolean inQuote = true;
      boolean beginQuote = true;
      while (src < n) {
        int here = where[src];
        int c = t[src++];
        if (c >= 128 || Character.isLetter(c)) {
          outAt[j] = here;
          out[j++] = c;
        } else if (c >= '0' && c <= '9') {
          if (beginQuote) { // keeps a preceding hexadecimal escape from reading this digit
            outAt[j] = here;
            out[j++] = '\\';
            outAt[j] = here;
            out[j++] = 'x';
            outAt[j] = here;
            out[j++] = '3';
          }
          outAt[j] = here;
          out[j++] = c;
        } else if (c != '\\') {
          if (inQuote) {
            outAt[j] = here;
            out[j++] = '\\';
          }
          outAt[j] = here;
          out[j++] = c;
        } else if (inQuote) {
          inQuote = false;
          if (src < n && t[src] == 'E') {
            src++;
          } else {
            outAt[j] = here;
            out[j++] = '\\';
            outAt[j] = here;
            out[j++] = '\\';
            inQuote = true;
          }
        } else {
          if (src < n && t[src] == 'Q') {
            src++;
            inQuote = true;
            beginQuote = true;
            continue;
          }
          outAt[j] = here;
          out[j++] = c;
          if (src < n) {
            outAt[j] = where[src];
            out[j++] = t[src++];
          }
        }
        beginQuote = false;
      }
      return new int[][] {Arrays.copyOf(out, j), Arrays.copyOf(outAt, j)};
    }
  }
}
