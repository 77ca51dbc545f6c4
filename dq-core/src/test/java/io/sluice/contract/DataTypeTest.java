package io.sluice.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataTypeTest {
  @Test
  void parsesEveryTypeWord() {
    assertThat(DataType.parse("string").orElseThrow().sql()).isEqualTo("STRING");
    assertThat(DataType.parse("int").orElseThrow().sql()).isEqualTo("INT");
    assertThat(DataType.parse("long").orElseThrow().sql()).isEqualTo("BIGINT");
    assertThat(DataType.parse("float").orElseThrow().sql()).isEqualTo("FLOAT");
    assertThat(DataType.parse("double").orElseThrow().sql()).isEqualTo("DOUBLE");
    assertThat(DataType.parse("boolean").orElseThrow().sql()).isEqualTo("BOOLEAN");
    assertThat(DataType.parse("date").orElseThrow().sql()).isEqualTo("DATE");
    assertThat(DataType.parse("timestamp").orElseThrow().sql()).isEqualTo("TIMESTAMP");
    assertThat(DataType.parse("decimal( 12 , 2 )").orElseThrow()).isEqualTo(DataType.decimal(12, 2));
    assertThat(DataType.decimal(12, 2)).hasToString("decimal(12,2)");
  }

  @Test
  void refusesDecimalsSparkCannotHold() {
    assertThat(DataType.parse("decimal(39,2)")).isEmpty();
    assertThat(DataType.parse("decimal(5,6)")).isEmpty();
    assertThat(DataType.parse("decimal(0,0)")).isEmpty();
  }
}
