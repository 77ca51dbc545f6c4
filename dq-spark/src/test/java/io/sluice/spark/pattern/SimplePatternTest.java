package io.sluice.spark.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** The plain patterns answer what {@code Matcher.find()} answers, and leave to it what they cannot answer. */
class SimplePatternTest {
  private static final String ALPHABET = "aAbzZ09@.-_ \t\r\n$^[]\\x";

  private static void sameAsJava(String regex, String text) {
    SimplePattern p = SimplePattern.compile(regex).orElseThrow(() -> new AssertionError("not plain: " + regex));
    int answer = p.find(UTF8String.fromString(text));
    assertThat(answer).as("pattern %s, text %s", regex, text.replace("\r", "\\r").replace("\n", "\\n")).isNotEqualTo(-1)
        .isEqualTo(Pattern.compile(regex).matcher(text).find() ? 1 : 0);
  }

  @Test
  void thePatternsOfContractsAnswerAsJavaDoes() {
    List<String> patterns = List.of("^[A-Z]{2}$", "^[^@]+@[^@]+$", "^\\d{3}-\\d{4}$", "^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[a-z]{2,}$",
        "\\d+", "^$", "$", "", "b$", "^.{3}$", "a.c", "^\\s*$", "\\w+@\\w+", "^[^\\s]{1,5}$", "x?y*z+", "[-a]", "[a-]", "[^-a]",
        "a{0}", "a{2,}", "^a{1,3}b?$", "\\$", "\\\\$", "^\\.\\[\\]$", "[\\.-z]+", "^C\\d{9}$", "[^abc]", "\\S\\W\\D",
        "^[A-Z]{2}\\z", "^[+-]?[0-9]+\\z", "b\\z", "\\z", "^\\z", "\\\\z");
    List<String> texts = new ArrayList<>(List.of("", "FR", "fr", "FRA", "FR\n", "FR\r\n", "FR\r", "FR\n\n", "F\r\nR", "user@example.com",
        "a@b@c", "555-1234", "x@y.io", "a.c", "abc", "  ", " \n", "\r\n", "\n", "\r", "\n\r", "xyz", "yz", "z", "aa", "aaab",
        "$", "\\", ".[]", "C123456789", "C123456789\n", "-", "ab_9", "A@-", "a".repeat(200) + "@" + "b".repeat(100),
        "x".repeat(300), "1".repeat(150) + "\r\n"));
    for (String pattern : patterns) {
      for (String text : texts) {
        sameAsJava(pattern, text);
      }
    }
  }

  @Test
  void randomPlainPatternsAnswerAsJavaDoesOnRandomTexts() {
    Random random = new Random(20261125);
    String[] atoms = {"a", "b", "Z", "0", "@", "\\.", ".", "\\d", "\\w", "\\s", "\\D", "[ab]", "[^a]", "[a-z]", "[^@\\s]",
        "[0-9A-F]", "[-.]", "-", "_", " ", "\\r", "\\n", "\\$"};
    String[] ends = {"", "$", "$", "\\z"};
    String[] counts = {"", "", "", "?", "*", "+", "{2}", "{1,3}", "{0,}", "{2,}", "{0}"};
    int answered = 0;
    for (int k = 0; k < 3000; k++) {
      StringBuilder regex = new StringBuilder(random.nextInt(3) == 0 ? "" : "^");
      int elements = random.nextInt(5);
      for (int e = 0; e < elements; e++) {
        regex.append(atoms[random.nextInt(atoms.length)]).append(counts[random.nextInt(counts.length)]);
      }
      regex.append(ends[random.nextInt(ends.length)]);
      for (int t = 0; t < 20; t++) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(t == 0 ? 90 : 12);
        for (int c = 0; c < length; c++) {
          text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        sameAsJava(regex.toString(), text.toString());
        answered++;
      }
    }
    assertThat(answered).isEqualTo(60_000);
  }

  @Test
  void longRunsAreSkippedAWordAtATimeWithTheSameAnswers() {
    // States that keep themselves on all bytes but one or two skip eight bytes at a time: runs of every length
    // around the word size, the byte that ends the run (or a non-ASCII one) at every position, `$` near the end.
    int compared = 0;
    for (String regex : List.of("^[^@]+@[^@]+$", "[^x]*x", "^a*$", "^[^\\r\\n]*$", "^[^@]+@", "b+$")) {
      SimplePattern p = SimplePattern.compile(regex).orElseThrow();
      for (int length = 0; length < 40; length++) {
        for (int at = -1; at < length; at++) {
          for (String odd : List.of("@", "x", "\n", "\r", "é", "b")) {
            StringBuilder text = new StringBuilder("a".repeat(length));
            if (at >= 0) {
              text.replace(at, at + 1, odd);
            }
            for (String end : List.of("", "@b", "\n", "\r\n", "x")) {
              String t = text + end;
              int answer = p.find(UTF8String.fromString(t));
              if (answer == -1) {
                assertThat(t).as("no answer only for non-ASCII text").contains("é");
              } else {
                assertThat(answer).as("pattern %s, text %s", regex, t).isEqualTo(Pattern.compile(regex).matcher(t).find() ? 1 : 0);
                compared++;
              }
            }
          }
        }
      }
    }
    assertThat(compared).isGreaterThan(20_000);
  }

  @Test
  void whatIsNotPlainIsNotCompiled() {
    for (String regex : List.of("(ab)+", "a|b", "(?i)abc", "a+?", "a++", "a**", "[a-z&&[^x]]", "[[a]]", "\\bword", "\\p{L}", "é",
        "\\x41", "\\1", "^a$b", "a^", "a\\zb", "a$\\z", "\\Z", "[]a]", "{2}", "a{2", "[a-\\d]", "\\Qa\\E", "[", "a)")) {
      assertThat(SimplePattern.compile(regex)).as(regex).isEmpty();
    }
  }

  @Test
  void textsItCannotAnswerAreLeftToTheMatcher() {
    SimplePattern p = SimplePattern.compile("^[^@]+@[^@]+$").orElseThrow();
    assertThat(p.find(UTF8String.fromString("naïve@exämple.org"))).isEqualTo(-1);
    assertThat(p.find(UTF8String.fromString("user@exämple.org"))).isEqualTo(-1);
    // The answer is known before the first byte outside ASCII: a search stops at its match, an anchored one
    // where no match can follow.
    assertThat(SimplePattern.compile("@").orElseThrow().find(UTF8String.fromString("a@é"))).isEqualTo(1);
    assertThat(SimplePattern.compile("^[A-Z]{2}$").orElseThrow().find(UTF8String.fromString("ABCé"))).isEqualTo(0);
  }

  @Test
  void patternsTooLargeForTheAutomatonAreLeftToTheMatcher() {
    assertThat(SimplePattern.compile("^.{0,200}$")).isEmpty();
    assertThat(SimplePattern.compile("^.{0,62}$")).isPresent();
  }
}
