package io.sluice.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Java regular expressions run in linear time with java.util.regex's answers, or are refused with the reason. The
 * patterns that make Java's backtracking take exponential time are answered at once: each test bounds the work by
 * a timeout that java.util.regex overruns many times over (Java 17 takes minutes for {@code (a|a)+?b} or
 * {@code ^(?:a|a)+?$} on 34 'a' and a '!', and for {@code ^(a+)+\1$}, which is refused).
 */
class LinearRegexTest {
  private static final Duration BOUND = Duration.ofSeconds(30);

  private static String show(String s) {
    return s.replace("\r", "\\r").replace("\n", "\\n");
  }

  private static void sameAsJava(String regex, String text) {
    sameAsJava(LinearRegex.compile(regex), Pattern.compile(regex), text);
  }

  private static void sameAsJava(LinearRegex linear, Pattern javaPattern, String text) {
    String regex = linear.regex();
    boolean java = javaPattern.matcher(text).find();
    assertThat(linear.find(text)).as("pattern %s, text %s", regex, show(text)).isEqualTo(java);
    assertThat(linear.finder().find(text)).as("finder: pattern %s, text %s", regex, show(text)).isEqualTo(java);
  }

  @ParameterizedTest
  @ValueSource(strings = {"(a|a)+?b", "^(?:a|a)+?$", "^(\\w|\\w)+?$", "^(a|a)*?$", "^(a{1,2}){1,40}$", "^(a+)+$", "(.*a){20}"})
  void patternsThatMakeJavaBacktrackExponentiallyAreAnsweredInLinearTime(String regex) {
    LinearRegex linear = LinearRegex.compile(regex);
    String nearMiss = "a".repeat(34) + "!";
    assertTimeoutPreemptively(BOUND, () -> {
      assertThat(linear.find(nearMiss)).isEqualTo(regex.equals("(.*a){20}"));
      // and a value three thousand times longer, which is still one pass
      linear.find("a".repeat(100_000) + "!");
      linear.finder().find("a".repeat(100_000) + "!");
    });
    assertThat(LinearRegex.compile("^(?:a|a)+?$").find("a".repeat(34))).isTrue();
    assertThat(LinearRegex.compile("(a|a)+?b").find("a".repeat(34) + "b")).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "^(a+)+\\1$       | back-references (\\1) need backtracking, which can take exponential time (at character 7)",
      "(?<x>a)\\k<x>    | back-references (\\k<…>) need backtracking",
      "a(?=b)           | lookaround ('(?=') needs backtracking, which can take exponential time (at character 2)",
      "a(?!b)           | lookaround ('(?!')",
      "(?<=a)b          | lookaround ('(?<=')",
      "(?<!a)b          | lookaround ('(?<!')",
      "(?>a+)b          | atomic groups ('(?>') need backtracking",
      "a++b             | possessive quantifiers ('++') need backtracking",
      "a{2,}+           | possessive quantifiers",
      "(?m)^a$          | multiline mode (?m)",
      "(?x) a b         | comments mode (?x)",
      "(?iu)é           | Unicode case folding (?u)",
      "\\bword\\b       | word boundaries (\\b) differ",
      "[a-z&&[^e]]      | class intersections (&&)",
      "[a[b]]           | nested classes",
      "a$b              | '$' is supported only at the end of the pattern (or of an alternative that ends it) (at character 2)",
      "(a$)+            | '$' is supported only at the end",
      "a{1001}          | repeat count {1001} is above 1000",
      "((a{100}){100}){100} | automaton steps per character",
      "[a-              | it is not a valid regular expression: Illegal character range",
  })
  void whatNeedsBacktrackingOrHasNoExactTranslationIsRefusedWithTheReason(String regex, String reason) {
    Optional<LinearRegex.Refusal> refusal = LinearRegex.refusal(regex.strip());
    assertThat(refusal).as(regex).isPresent();
    assertThat(refusal.get().message()).contains(reason.strip());
    assertThat(refusal.get().fix()).isNotBlank();
    assertThatThrownBy(() -> LinearRegex.compile(regex.strip())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot run pattern");
  }

  @Test
  void javasLineTerminatorsAndClassesKeepTheirMeaning() {
    List<String> texts = List.of("", "FR", "FR\n", "FR\r\n", "FR\r", "FR\u0085", "FR\u2028", "FR\n\n", "F\r\nR", "a\r\n",
        "a\r", "x\u000By", "x\u00A0y", "x\u2029", "é", "É", "😀", "k", "K", "\u212A", "ab\r\nc");
    List<String> patterns = List.of("^[A-Z]{2}$", "^.{2}$", "R$", "\\Z", "a\\r$", "a\\r\\Z", "(?d)R$", "(?s)^.{3}$",
        "^.*$", "\\s", "\\S$", "\\v", "\\h", "\\R\\n", "\\p{Space}", "(?i)k", "(?i)[k-l]", "(?i)[^k]", "(?i)é",
        "\\p{L}", "\\p{Lu}", "\\P{L}", "\\p{IsLatin}", "\\p{InBasicLatin}", "(?i)\\p{Lower}", "\\p{javaLowerCase}",
        "[^\\x{1F600}]$", "\\x{1F600}", "\\uD83D\\uDE00", "\\N{LATIN SMALL LETTER E WITH ACUTE}", "\\Q.\\E|\\QR\\E$",
        "[\\Qa-z\\E]", "^$", "$", "", "\\A\\z", "\\G.", "(FR|GB)$", "(?:F(?:R$)|x)", "(?i:f)R$", "[]a]", "[^]a]",
        "[a-]", "[-a]", "\\0101", "\\cJ", "\\e|\\a");
    for (String p : patterns) {
      for (String t : texts) {
        sameAsJava(p, t);
      }
    }
  }

  @Test
  void randomPatternsAnswerAsJavaDoesOnRandomTexts() {
    Random random = new Random(20261207);
    String[] atoms = {"a", "b", "A", "é", "😀", "\\n", "\\r", ".", "-", "[ab]", "[^a]", "[a-c]", "[^\\s]", "\\d", "\\w", "\\s",
        "\\S", "\\W", "\\h", "\\v", "\\R", "\\p{L}", "\\p{Lu}", "\\P{Ll}", "\\p{Alpha}", "\\x{e9}", "\\u00E9", "\\Qa.\\E",
        "(?i:a)", "(?s:.)", "(?d:.)", "[\\r\\n]", "\\x{85}", "\\x{2028}"};
    String[] counts = {"", "", "", "?", "*", "+", "{2}", "{1,3}", "{0,}", "*?", "+?"};
    String alphabet = "aAbB-é😀\n\r\u0085\u2028 .1_É\u00A0";
    int compared = 0;
    for (int k = 0; k < 3000; k++) {
      StringBuilder regex = new StringBuilder(random.nextInt(3) == 0 ? "^" : "");
      if (random.nextInt(6) == 0) {
        regex.append("(?i)");
      }
      int elements = 1 + random.nextInt(4);
      for (int e = 0; e < elements; e++) {
        int shape = random.nextInt(8);
        String atom = atoms[random.nextInt(atoms.length)];
        if (shape == 0) {
          atom = "(" + atom + "|" + atoms[random.nextInt(atoms.length)] + ")";
        } else if (shape == 1) {
          atom = "(?:" + atom + atoms[random.nextInt(atoms.length)] + counts[random.nextInt(counts.length)] + ")";
        }
        regex.append(atom).append(counts[random.nextInt(counts.length)]);
      }
      int end = random.nextInt(4);
      regex.append(end == 0 ? "$" : end == 1 ? "\\z" : "");
      if (LinearRegex.refusal(regex.toString()).isPresent()) {
        continue;
      }
      LinearRegex linear = LinearRegex.compile(regex.toString());
      Pattern java = Pattern.compile(regex.toString());
      for (int t = 0; t < 12; t++) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(8);
        for (int c = 0; c < length; ) {
          int cp = alphabet.codePointAt(random.nextInt(alphabet.length() - 1));
          if (Character.isLowSurrogate((char) cp)) {
            continue;
          }
          text.appendCodePoint(cp);
          c++;
        }
        sameAsJava(linear, java, text.toString());
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(25_000);
  }

  @Test
  void likePatternsBecomeRegexesThatMatchTheWholeValue() {
    LinearRegex like = LinearRegex.compile(LinearRegex.fromLike("a%b_c!%", '!').orElseThrow());
    assertThat(like.find("aXXbYc%")).isTrue();
    assertThat(like.find("a\nb\nc%")).isTrue();
    assertThat(like.find("aXXbYc%\n")).isFalse(); // the whole value: no final line terminator is skipped
    assertThat(like.find("zaXXbYc%")).isFalse();
    assertThat(LinearRegex.fromLike("a!x", '!')).isEmpty();
    assertThat(LinearRegex.fromLike("a!", '!')).isEmpty();
    LinearRegex many = LinearRegex.compile(LinearRegex.fromLike("%a%a%a%a%a%a%a%a%a%a%b", '\\').orElseThrow());
    assertTimeoutPreemptively(BOUND, () -> assertThat(many.find("a".repeat(5_000))).isFalse());
  }

  @Test
  void fixedWidthRegexesAreCharactersEscapesAndClassesOnly() {
    for (String fixed : List.of(",", "\\|", "[,;]", "\\s", ".", "ab", "\\t", "")) {
      assertThat(LinearRegex.fixedWidth(fixed)).as(fixed).isTrue();
    }
    for (String varying : List.of(",+", "\\s*", "(a+)+b", "a|b", "(?i)a", "^a", "a$", "[a-", "(a)")) {
      assertThat(LinearRegex.fixedWidth(varying)).as(varying).isFalse();
    }
  }

  @Test
  void aMatcherTravelsWithTheRegexToExecutors() throws Exception {
    LinearRegex r = LinearRegex.compile("^[A-Z]{2}$");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(r);
    }
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      LinearRegex back = (LinearRegex) in.readObject();
      assertThat(back.find("FR\r\n")).isTrue();
      assertThat(back.finder().find("FR\r\n")).isTrue();
      assertThat(back.find("FRA")).isFalse();
    }
  }
}
