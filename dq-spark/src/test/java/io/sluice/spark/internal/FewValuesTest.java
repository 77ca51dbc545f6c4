package io.sluice.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** A value is new to {@link FewValues} exactly when a set of the values seen so far did not hold it, until it gives up. */
class FewValuesTest {
  private static InternalRow unsafe(DataType type, Object value) {
    UnsafeProjection p = UnsafeProjection.create(new StructType().add("v", type));
    return p.apply(new GenericInternalRow(new Object[] {value})).copy();
  }

  /** Strings that differ only in their last byte, at each word boundary, or only in length (trailing zero bytes). */
  private static List<String> nearStrings() {
    List<String> values = new ArrayList<>();
    values.add("");
    values.add("\0");
    values.add("\0\0");
    for (int length : new int[] {1, 2, 3, 7, 8, 9, 15, 16, 17, 23, 24}) {
      String base = "abcdefghijklmnopqrstuvwx".substring(0, length);
      values.add(base);
      values.add(base.substring(0, length - 1) + "Z");
      values.add(base + "\0");
    }
    values.add("é€"); // multi-byte characters
    values.add("é€\0");
    return values;
  }

  @Test
  void aStringIsNewExactlyWhenItWasNotSeenBefore() {
    List<String> pool = nearStrings().stream().filter(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 24)
        .toList();
    Random random = new Random(7);
    FewValues few = new FewValues(DistinctSketch.STRING);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      String s = pool.get(random.nextInt(pool.size()));
      assertThat(few.isNew(unsafe(DataTypes.StringType, UTF8String.fromString(s)), 0))
          .as("value %s, round %d", s.replace("\0", "\\0"), i).isEqualTo(seen.add(s));
    }
    assertThat(seen).hasSize(pool.size());
    assertThat(few.givenUp()).isFalse();
  }

  @Test
  void numbersAreNewExactlyWhenTheyWereNotSeenBefore() {
    Random random = new Random(11);
    FewValues ints = new FewValues(DistinctSketch.INT);
    FewValues longs = new FewValues(DistinctSketch.LONG);
    FewValues decimals = new FewValues(DistinctSketch.COMPACT_DECIMAL);
    Set<Integer> seenInts = new HashSet<>();
    Set<Long> seenLongs = new HashSet<>();
    Set<Long> seenDecimals = new HashSet<>();
    for (int i = 0; i < 5_000; i++) {
      int n = random.nextInt(200) - 100;
      long l = (random.nextInt(200) - 100) * 0x1_0000_0001L; // equal low words, other high words
      long unscaled = random.nextInt(200) - 100;
      assertThat(ints.isNew(unsafe(DataTypes.IntegerType, n), 0)).isEqualTo(seenInts.add(n));
      assertThat(longs.isNew(unsafe(DataTypes.LongType, l), 0)).isEqualTo(seenLongs.add(l));
      assertThat(decimals.isNew(unsafe(DataTypes.createDecimalType(12, 2), Decimal.apply(unscaled, 12, 2)), 0))
          .isEqualTo(seenDecimals.add(unscaled));
    }
    assertThat(List.of(ints.givenUp(), longs.givenUp(), decimals.givenUp())).containsOnly(false);
  }

  @Test
  void pastTheLimitOrALongStringEveryValueIsNew() {
    FewValues many = new FewValues(DistinctSketch.INT);
    for (int n = 0; n < FewValues.NUMBERS; n++) {
      assertThat(many.isNew(unsafe(DataTypes.IntegerType, n), 0)).isTrue();
    }
    assertThat(many.isNew(unsafe(DataTypes.IntegerType, 0), 0)).isFalse();
    assertThat(many.givenUp()).isFalse();
    assertThat(many.isNew(unsafe(DataTypes.IntegerType, FewValues.NUMBERS), 0)).isTrue();
    assertThat(many.givenUp()).isTrue();
    assertThat(many.isNew(unsafe(DataTypes.IntegerType, 0), 0)).as("given up: no value is remembered").isTrue();

    FewValues strings = new FewValues(DistinctSketch.STRING);
    for (int n = 0; n < FewValues.STRINGS; n++) {
      assertThat(strings.isNew(unsafe(DataTypes.StringType, UTF8String.fromString("s" + n)), 0)).isTrue();
    }
    assertThat(strings.isNew(unsafe(DataTypes.StringType, UTF8String.fromString("s0")), 0)).isFalse();
    assertThat(strings.isNew(unsafe(DataTypes.StringType, UTF8String.fromString("one more")), 0)).isTrue();
    assertThat(strings.givenUp()).isTrue();

    FewValues text = new FewValues(DistinctSketch.STRING);
    assertThat(text.isNew(unsafe(DataTypes.StringType, UTF8String.fromString("short")), 0)).isTrue();
    assertThat(text.isNew(unsafe(DataTypes.StringType, UTF8String.fromString("x".repeat(25))), 0)).isTrue();
    assertThat(text.givenUp()).isTrue();
  }

  @Test
  void aRowThatIsNotUnsafeIsNotRemembered() {
    FewValues few = new FewValues(DistinctSketch.STRING);
    GenericInternalRow row = new GenericInternalRow(new Object[] {UTF8String.fromString("EUR")});
    assertThat(few.isNew(row, 0)).isTrue();
    assertThat(few.isNew(row, 0)).isTrue();
    assertThat(few.givenUp()).isTrue();
    assertThatThrownBy(() -> new FewValues(DistinctSketch.OTHER)).isInstanceOf(IllegalArgumentException.class);
  }
}
