package io.sluice.spark.pattern;

import io.sluice.spark.internal.PatternFind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A regular expression of the plain kind contract patterns mostly are — a sequence of characters and character
 * classes, each repeated ({@code ?}, {@code *}, {@code +}, {@code {n}}, {@code {n,}}, {@code {n,m}}), perhaps
 * anchored by {@code ^} and {@code $} (or {@code \z}) — answered without {@link java.util.regex.Matcher}: whether
 * {@code Matcher.find()} would find it in an ASCII text, read in place.
 *
 * <p>The pattern is compiled into a deterministic automaton over ASCII (a table: state and byte give the next
 * state), so a text costs one lookup per byte, and often fewer: a search stops at the first match, an anchored
 * one at the first byte that rules a match out. The semantics are {@code java.util.regex}'s without flags, for
 * ASCII text: {@code .} is any character but {@code \n} and {@code \r}; {@code $} matches at the end and before
 * a final line terminator, {@code \z} only at the very end; {@code \d}, {@code \w} and {@code \s} are ASCII's. Anything else — groups,
 * alternation, flags, lazy or possessive repetition, Unicode, escapes beyond the usual, automata too large — is
 * not compiled ({@link #compile} is empty), and a text with a byte outside ASCII, read before the answer is
 * known, gets no answer ({@link #find} returns -1): {@link PatternFind} asks RE2/J then ({@code LinearRegex}).
 */
public final class SimplePattern implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** At most this many repeated elements once counts are spelled out ({@code \d{3}} is three), and automaton states. */
  public static final int MAX_SLOTS = 63;
  public static final int MAX_STATES = 1024;

  private final boolean toEnd;
  /** Anchored by {@code \z}: the match ends where the text ends, never before a final line terminator. */
  private final boolean toVeryEnd;
  /** The first state: where a match starts (from every position, for a search that is not anchored). */
  private static final int START = 0;
  /** The next state, at {@code state * 128 + byte}. */
  private final int[] next;
  private final boolean[] accepting;
  /** The state from which no match can follow (-1: none, as in a search that may start anywhere). */
  private final int dead;
  /**
   * Per state that stays itself on every ASCII byte but one or two (the run of {@code [^@]+}, say): those bytes,
   * each repeated in the eight bytes of a {@code long}; 0 for the other states. Such a state skips a word of
   * eight bytes at a time to the next byte that leaves it.
   */
  private final long[] leave1;
  private final long[] leave2;
  private static final boolean WORDS = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN
      && Platform.unaligned();
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private SimplePattern(boolean toEnd, boolean toVeryEnd, int[] next, boolean[] accepting, int dead) {
    this.toEnd = toEnd;
    this.toVeryEnd = toVeryEnd;
    this.next = next;
    this.accepting = accepting;
    this.dead = dead;
    int states = accepting.length;
    leave1 = new long[states];
    leave2 = new long[states];
    for (int state = 0; state < states; state++) {
      int[] leaving = new int[3];
      int count = 0;
      for (int c = 0; c < 128 && count < 3; c++) {
        if (next[(state << 7) | c] != state) {
          leaving[count++] = c;
        }
      }
      if (WORDS && count >= 1 && count <= 2) {
        leave1[state] = leaving[0] * ONES;
        leave2[state] = leaving[count - 1] * ONES;
      }
    }
  }

  /** High bit of each byte of {@code x} that is zero, exact up to the lowest such byte. */
  private static long zeroBytes(long x) {
    return (x - ONES) & ~x & HIGHS;
  }

  /** The pattern, when it is of the plain kind (and valid for {@code java.util.regex}); else empty. */
  public static Optional<SimplePattern> compile(String regex) {
    try {
      java.util.regex.Pattern.compile(regex);
    } catch (java.util.regex.PatternSyntaxException e) {
      return Optional.empty();
    }
    return new Parser(regex).parse();
  }

  /**
   * 1 when the pattern is found in {@code text}, 0 when it is not, -1 when this cannot tell (a byte outside
   * ASCII came before the answer).
   */
  public int find(UTF8String text) {
    Object base = text.getBaseObject();
    long offset = text.getBaseOffset();
    int n = text.numBytes();
    int state = START;
    if (!toEnd && accepting[state]) {
      return 1;
    }
    int before1 = -1; // the states after n - 1 and n - 2 bytes, for `$` before a final line terminator
    int before2 = -1;
    for (int p = 0; p < n; p++) {
      long l1 = leave1[state];
      if (l1 != 0) { // skip the bytes that keep this state, a word at a time (the last two go byte by byte, for `$`)
        long l2 = leave2[state];
        while (p + 8 <= n - 2) {
          long w = Platform.getLong(base, offset + p);
          long stop = (w & HIGHS) | zeroBytes(w ^ l1) | zeroBytes(w ^ l2);
          if (stop != 0) {
            p += Long.numberOfTrailingZeros(stop) >>> 3;
            break;
          }
          p += 8;
        }
      }
      int c = Platform.getByte(base, offset + p);
      if (c < 0) {
        return -1;
      }
      before2 = before1;
      before1 = state;
      state = next[(state << 7) | c];
      if (state == dead && (!toEnd || toVeryEnd || p < n - 2)) { // (`$` may still match before a final line terminator)
        return 0;
      }
      if (!toEnd && accepting[state]) {
        return 1;
      }
    }
    if (!toEnd) {
      return 0;
    }
    if (accepting[state]) {
      return 1;
    }
    if (n >= 1 && !toVeryEnd) { // `$` also matches before a line terminator that ends the text (not between \r and \n)
      int last = Platform.getByte(base, offset + n - 1);
      boolean crlf = n >= 2 && last == '\n' && Platform.getByte(base, offset + n - 2) == '\r';
      if ((last == '\r' || last == '\n' && !crlf) && accepting[before1]) {
        return 1;
      }
      if (crlf && accepting[before2]) {
        return 1;
      }
    }
    return 0;
  }

  /**
   * The automaton of a sequence of elements (characters {@code lo}/{@code hi}: bit c of lo for c below 64, of hi
   * for c from 64), each repeated {@code min} to {@code max} times. Its states are sets of slots reached: each
   * element is spelled out as {@code min} slots that must match, then one slot that loops ({@code max}
   * unbounded) or {@code max - min} that may be skipped. Empty when too large.
   */
  private static Optional<SimplePattern> automaton(boolean fromStart, boolean toEnd, boolean toVeryEnd, List<long[]> classes,
      List<int[]> counts) {
    List<long[]> slots = new ArrayList<>();
    List<Boolean> skippable = new ArrayList<>();
    List<Boolean> loops = new ArrayList<>();
    for (int e = 0; e < classes.size(); e++) {
      int min = counts.get(e)[0];
      int max = counts.get(e)[1];
      int spelled = max == Integer.MAX_VALUE ? min + 1 : max;
      if (slots.size() + spelled > MAX_SLOTS) {
        return Optional.empty();
      }
      for (int k = 0; k < spelled; k++) {
        slots.add(classes.get(e));
        skippable.add(k >= min);
        loops.add(max == Integer.MAX_VALUE && k == min);
      }
    }
    int accept = slots.size(); // "before slot i" for i below it; all slots matched at it
    long startSet = closure(1L, skippable);
    java.util.Map<Long, Integer> ids = new java.util.HashMap<>();
    List<Long> sets = new ArrayList<>(List.of(startSet));
    ids.put(startSet, START);
    List<int[]> rows = new ArrayList<>(); // per state, the next state of each byte
    for (int id = 0; id < sets.size(); id++) {
      long set = sets.get(id);
      int[] row = new int[128];
      rows.add(row);
      for (int c = 0; c < 128; c++) {
        long to = 0;
        for (long rest = set; rest != 0; rest &= rest - 1) {
          int slot = Long.numberOfTrailingZeros(rest);
          if (slot == accept) {
            continue;
          }
          long[] chars = slots.get(slot);
          if (((c < 64 ? chars[0] >>> c : chars[1] >>> (c - 64)) & 1L) != 0) {
            to |= loops.get(slot) ? 1L << slot : 1L << (slot + 1);
          }
        }
        to = closure(to, skippable) | (fromStart ? 0 : startSet); // a search may start at every position
        Integer known = ids.get(to);
        if (known == null) {
          if (sets.size() == MAX_STATES) {
            return Optional.empty();
          }
          known = sets.size();
          ids.put(to, known);
          sets.add(to);
        }
        row[c] = known;
      }
    }
    boolean[] accepting = new boolean[sets.size()];
    for (int id = 0; id < accepting.length; id++) {
      accepting[id] = (sets.get(id) >>> accept & 1L) != 0;
    }
    Integer dead = ids.get(0L);
    int[] table = new int[rows.size() << 7];
    for (int id = 0; id < rows.size(); id++) {
      System.arraycopy(rows.get(id), 0, table, id << 7, 128);
    }
    return Optional.of(new SimplePattern(toEnd, toVeryEnd, table, accepting, dead == null ? -1 : dead));
  }

  /** The slots reached from {@code set} without reading: past the slots that may be skipped (or loop). */
  private static long closure(long set, List<Boolean> skippable) {
    for (int slot = 0; slot < skippable.size(); slot++) {
      if ((set >>> slot & 1L) != 0 && skippable.get(slot)) {
        set |= 1L << (slot + 1);
      }
    }
    return set;
  }

  /** A recursive-descent reader of the plain kind; any construct it does not know makes the pattern not plain. */
  private static final class Parser {
    private static final String META = "\\^$.|?*+()[]{}";
    private final String s;
    private int i;
    private final List<long[]> classes = new ArrayList<>();
    private final List<int[]> counts = new ArrayList<>();

    Parser(String s) {
      this.s = s;
    }

    Optional<SimplePattern> parse() {
      boolean fromStart = s.startsWith("^");
      int end = s.length();
      boolean toEnd = end > (fromStart ? 1 : 0) && s.charAt(end - 1) == '$' && !escaped(end - 1);
      boolean toVeryEnd = !toEnd && end >= (fromStart ? 3 : 2) && s.endsWith("\\z") && !escaped(end - 2);
      if (toEnd) {
        end--;
      } else if (toVeryEnd) {
        end -= 2;
      }
      i = fromStart ? 1 : 0;
      while (i < end) {
        long[] set = atom(end);
        if (set == null) {
          return Optional.empty();
        }
        int[] count = quantifier(end);
        if (count == null) {
          return Optional.empty();
        }
        classes.add(set);
        counts.add(count);
      }
      return automaton(fromStart, toEnd || toVeryEnd, toVeryEnd, classes, counts);
    }

    /** Whether the character at {@code at} is escaped by an odd run of backslashes before it. */
    private boolean escaped(int at) {
      int k = at - 1;
      while (k >= 0 && s.charAt(k) == '\\') {
        k--;
      }
      return (at - 1 - k) % 2 == 1;
    }

    private long[] atom(int end) {
      char c = s.charAt(i);
      if (c == '.') {
        i++;
        long[] any = range(0, 127);
        any[0] &= ~((1L << '\n') | (1L << '\r'));
        return any;
      }
      if (c == '[') {
        return charClass(end);
      }
      if (c == '\\') {
        return escape(end);
      }
      if (c > 126 || c < 32 || META.indexOf(c) >= 0) {
        return null;
      }
      i++;
      return single(c);
    }

    private long[] charClass(int end) {
      i++; // '['
      boolean negated = i < end && s.charAt(i) == '^';
      if (negated) {
        i++;
      }
      long[] set = new long[2];
      boolean first = true;
      while (true) {
        if (i >= end) {
          return null;
        }
        char c = s.charAt(i);
        if (c == ']' && !first) {
          i++;
          break;
        }
        boolean opening = first;
        first = false;
        long[] item;
        int from = -1;
        if (c == '\\') {
          item = escape(end);
          if (item == null) {
            return null;
          }
          from = Long.bitCount(item[0]) + Long.bitCount(item[1]) == 1 ? lowest(item) : -1;
        } else if (c == '-' && (opening || i + 1 < end && s.charAt(i + 1) == ']')) {
          i++;
          item = single('-'); // a '-' that opens or ends the class is itself (and starts no range)
        } else if (c < 32 || c > 126 || c == '[' || c == ']' || c == '&' || c == '-') {
          return null;
        } else {
          i++;
          item = single(c);
          from = c;
        }
        if (i + 1 < end && s.charAt(i) == '-' && s.charAt(i + 1) != ']') { // a range
          if (from < 0) {
            return null;
          }
          i++;
          char t = s.charAt(i);
          int to;
          if (t == '\\') {
            long[] e = escape(end);
            if (e == null || Long.bitCount(e[0]) + Long.bitCount(e[1]) != 1) {
              return null;
            }
            to = lowest(e);
          } else if (t < 32 || t > 126 || t == '[' || t == ']' || t == '&' || t == '-') {
            return null;
          } else {
            i++;
            to = t;
          }
          if (to < from) {
            return null;
          }
          item = range(from, to);
        }
        set[0] |= item[0];
        set[1] |= item[1];
      }
      return negated ? not(set) : set; // the complement within ASCII: the texts answered are ASCII
    }

    private long[] escape(int end) {
      if (i + 1 >= end) {
        return null;
      }
      char e = s.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'd': return range('0', '9');
        case 'D': return not(range('0', '9'));
        case 'w': return word();
        case 'W': return not(word());
        case 's': return space();
        case 'S': return not(space());
        case 't': return single('\t');
        case 'n': return single('\n');
        case 'r': return single('\r');
        case 'f': return single('\f');
        default:
          // An escaped punctuation character is that character; an escaped letter or digit is a construct.
          if (e >= 33 && e <= 126 && !Character.isLetterOrDigit(e)) {
            return single(e);
          }
          return null;
      }
    }

    private int[] quantifier(int end) {
      if (i >= end) {
        return new int[] {1, 1};
      }
      char c = s.charAt(i);
      int[] count;
      if (c == '?') {
        i++;
        count = new int[] {0, 1};
      } else if (c == '*') {
        i++;
        count = new int[] {0, Integer.MAX_VALUE};
      } else if (c == '+') {
        i++;
        count = new int[] {1, Integer.MAX_VALUE};
      } else if (c == '{') {
        int close = s.indexOf('}', i);
        if (close < 0 || close >= end) {
          return null;
        }
        String body = s.substring(i + 1, close);
        if (!body.matches("\\d{1,4}(,\\d{0,4})?")) {
          return null;
        }
        String[] parts = body.split(",", -1);
        int from = Integer.parseInt(parts[0]);
        int to = parts.length == 1 ? from : parts[1].isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(parts[1]);
        if (to < from) {
          return null;
        }
        i = close + 1;
        count = new int[] {from, to};
      } else {
        return new int[] {1, 1};
      }
      if (i < end && "?+*{".indexOf(s.charAt(i)) >= 0) { // lazy, possessive, or repeated twice: not plain
        return null;
      }
      return count;
    }

    private static long[] single(int c) {
      return c < 64 ? new long[] {1L << c, 0} : new long[] {0, 1L << (c - 64)};
    }

    private static long[] range(int from, int to) {
      long[] set = new long[2];
      for (int c = from; c <= to; c++) {
        long[] one = single(c);
        set[0] |= one[0];
        set[1] |= one[1];
      }
      return set;
    }

    private static long[] not(long[] set) {
      return new long[] {~set[0], ~set[1]};
    }

    private static long[] word() {
      long[] set = range('a', 'z');
      long[] upper = range('A', 'Z');
      long[] digits = range('0', '9');
      return new long[] {set[0] | upper[0] | digits[0] | single('_')[0], set[1] | upper[1] | digits[1] | single('_')[1]};
    }

    private static long[] space() {
      long[] set = new long[2];
      for (char c : new char[] {' ', '\t', '\n', 0x0B, '\f', '\r'}) {
        set[0] |= single(c)[0];
      }
      return set;
    }

    private static int lowest(long[] set) {
      return set[0] != 0 ? Long.numberOfTrailingZeros(set[0]) : 64 + Long.numberOfTrailingZeros(set[1]);
    }
  }
}
