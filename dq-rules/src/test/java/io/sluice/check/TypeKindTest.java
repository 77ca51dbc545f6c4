package io.sluice.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The type check of each declared type: a strict cast that never turns a bad value into null silently. */
class TypeKindTest {
  private static final Map<String, RowRule> RULES = Rules.rows("""
      columns:
        - {name: i, type: int}
        - {name: l, type: long}
        - {name: f, type: float}
        - {name: d, type: double}
        - {name: b, type: boolean}
        - {name: dt, type: date}
        - {name: ts, type: timestamp, format: 'yyyy-MM-dd HH:mm:ss'}
        - {name: amount, type: 'decimal(12,2)'}
        - {name: s, type: string}
      """);

  @Test
  void integersMustBeDigitsOnly() {
    assertThat(RULES.get("i.type").predicate()).isEqualTo("(`i` IS NULL OR CASE WHEN trim(CAST(`i` AS STRING)) RLIKE"
        + " '^[+-]?[0-9]+\\\\z' THEN try_cast(trim(CAST(`i` AS STRING)) AS INT) END IS NOT NULL)");
    assertThat(RULES.get("l.type").predicate()).contains("AS BIGINT)");
  }

  @Test
  void decimalsMayNotLoseDigitsBeyondTheirScale() {
    assertThat(RULES.get("amount.type").predicate()).isEqualTo("(`amount` IS NULL OR CASE WHEN trim(CAST(`amount` AS"
        + " STRING)) RLIKE '^[+-]?([0-9]+([.][0-9]{0,2}0*)?|[.][0-9]{1,2}0*)\\\\z' THEN try_cast(trim(CAST(`amount` AS STRING))"
        + " AS DECIMAL(12,2)) END IS NOT NULL)");
  }

  @Test
  void floatingPointNumbersAreDecimalNotationThatDoesNotOverflow() {
    assertThat(RULES.get("d.type").predicate()).isEqualTo("(`d` IS NULL OR CASE WHEN trim(CAST(`d` AS STRING)) RLIKE"
        + " '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?\\\\z' AND abs(try_cast(trim(CAST(`d` AS STRING)) AS DOUBLE))"
        + " < CAST('Infinity' AS DOUBLE) THEN try_cast(trim(CAST(`d` AS STRING)) AS DOUBLE) END IS NOT NULL)");
    assertThat(RULES.get("f.type").predicate()).contains("AS FLOAT)) < CAST('Infinity' AS FLOAT)");
  }

  @Test
  void booleansAreTrueOrFalseInAnyCase() {
    assertThat(RULES.get("b.type").predicate()).isEqualTo("(`b` IS NULL OR CASE lower(trim(CAST(`b` AS STRING)))"
        + " WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END IS NOT NULL)");
  }

  @Test
  void datesWithoutAFormatAreIsoDates() {
    assertThat(RULES.get("dt.type").predicate()).isEqualTo("(`dt` IS NULL OR CASE WHEN trim(CAST(`dt` AS STRING)) RLIKE"
        + " '^[0-9]{4}-[0-9]{2}-[0-9]{2}\\\\z' THEN try_cast(trim(CAST(`dt` AS STRING)) AS DATE) END IS NOT NULL)");
  }

  @Test
  void aTimestampWithAFormatIsParsedWithItOnceItHasItsShape() {
    assertThat(RULES.get("ts.type").predicate()).isEqualTo("(`ts` IS NULL OR CASE WHEN trim(CAST(`ts` AS STRING)) RLIKE"
        + " '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\\\\z' THEN try_to_timestamp(trim(CAST(`ts` AS STRING)),"
        + " 'yyyy-MM-dd HH:mm:ss') END IS NOT NULL)");
  }

  @Test
  void aFormatsShapeGivesEachFieldItsDigits() {
    assertThat(StrictCast.formatShape("dd/MM/yyyy")).isEqualTo("^[0-9]{2}/[0-9]{2}/[0-9]{4}\\z");
    assertThat(StrictCast.formatShape("d.M.yy")).isEqualTo("^[0-9]{1,2}[.][0-9]{1,2}[.][0-9]{2}\\z");
    assertThat(StrictCast.formatShape("yyyy-MM-dd'T'HH:mm:ss[.SSS]")).isEqualTo(
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:[.][0-9]{1,3})?\\z");
    assertThat(StrictCast.formatShape("dd MMM yyyy hh:mm a")).isEqualTo(
        "^[0-9]{2} \\p{L}+[.]? [0-9]{4} [0-9]{2}:[0-9]{2} [AaPp][Mm]\\z");
    assertThat(StrictCast.formatShape("yyyy-MM-dd HH:mm:ss XXX")).endsWith(" .+?\\z");
    assertThat(StrictCast.formatShape("'o''clock' HH")).isEqualTo("^o[']clock [0-9]{2}\\z");
  }

  @Test
  void stringsNeedNoTypeCheck() {
    assertThat(RULES).doesNotContainKey("s.type");
  }
}
