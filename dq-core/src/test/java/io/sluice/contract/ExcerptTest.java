package io.sluice.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExcerptTest {

  @Test
  void shortPrintableTextIsQuotedAsItIs() {
    assertThat(Excerpt.of("US Gross")).isEqualTo("US Gross");
    assertThat(Excerpt.quoted("PLACED")).isEqualTo("'PLACED'");
    assertThat(Excerpt.quoted("^\\d{2}$ é 日本 😀")).isEqualTo("'^\\d{2}$ é 日本 😀'");
  }

  @Test
  void controlAndInvisibleCharactersAreEscaped() {
    assertThat(Excerpt.of("a\nb\tc\rd")).isEqualTo("a\\nb\\tc\\rd");
    assertThat(Excerpt.of("\u0000\u001b[31m")).isEqualTo("\\u0000\\u001B[31m");
    assertThat(Excerpt.of("x\u202Ey\u200Bz\u00A0")).isEqualTo("x\\u202Ey\\u200Bz\\u00A0"); // bidi override, zero width, nbsp
    assertThat(Excerpt.of("\uFFFD\uD800")).isEqualTo("\\uFFFD\\uD800"); // an undecodable byte, an unpaired surrogate
  }

  @Test
  void longTextIsCutWithAnEllipsisAndItsLength() {
    String value = "x".repeat(3 * 1024 * 1024);
    assertThat(Excerpt.of(value)).isEqualTo("x".repeat(Excerpt.MAX) + "… (3145728 characters)");
    assertThat(Excerpt.quoted(value)).isEqualTo("'" + "x".repeat(Excerpt.MAX) + "…' (3145728 characters)");
    assertThat(Excerpt.of("x".repeat(Excerpt.MAX))).hasSize(Excerpt.MAX);
  }

  @Test
  void escapesCountTowardsTheCut() {
    String nuls = "\u0000".repeat(100);
    assertThat(Excerpt.of(nuls)).isEqualTo("\\u0000".repeat(Excerpt.MAX / 6) + "… (100 characters)");
  }

  @Test
  void aLongListShowsItsFirstItemsAndHowManyThereAre() {
    List<String> names = IntStream.range(0, 10_000).mapToObj(i -> "c" + i).toList();
    assertThat(Excerpt.list(names)).isEqualTo("'c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', … (10000 in all)");
    assertThat(Excerpt.list(List.of("a", "b"))).isEqualTo("'a', 'b'");
    assertThat(Excerpt.list(List.of("y".repeat(1000)))).hasSizeLessThan(Excerpt.MAX_ITEM + 30);
  }
}
