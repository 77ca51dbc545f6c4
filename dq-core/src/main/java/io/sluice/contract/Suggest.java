package io.sluice.contract;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelled keys, kinds and names: the closest candidate within a small edit distance. */
public final class Suggest {
  private Suggest() {}

  /** Longer words are not typed by hand: no suggestion, and no edit distance over megabytes of text. */
  static final int MAX_WORD = 200;

  public static Optional<String> closest(String word, Collection<String> candidates) {
    if (word.length() > MAX_WORD) {
      return Optional.empty();
    }
    String w = word.toLowerCase(Locale.ROOT);
    return candidates.stream()
        .filter(c -> c.length() <= MAX_WORD)
        .filter(c -> distance(w, c.toLowerCase(Locale.ROOT)) <= (w.length() <= 3 ? 1 : Math.max(2, w.length() / 3)) || prefixes(w, c))
        .min(Comparator.comparingInt((String c) -> distance(w, c.toLowerCase(Locale.ROOT))));
  }

  /** A truncated or abbreviated word: {@code integr} for {@code int}, {@code desc} for {@code description}. */
  private static boolean prefixes(String word, String candidate) {
    String c = candidate.toLowerCase(Locale.ROOT);
    return Math.min(word.length(), c.length()) >= 3 && (word.startsWith(c) || c.startsWith(word));
  }

  /** " (did you mean 'x'?)" or nothing. */
  public static String didYouMean(String word, Collection<String> candidates) {
    return closest(word, candidates).map(c -> " (did you mean " + Excerpt.quoted(c) + "?)").orElse("");
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
