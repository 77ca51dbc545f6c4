package io.sluice.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each row kind's id, severity, columns and Spark SQL predicate (TRUE = the row passes; NULL never). */
class RowKindsTest {

  @Test
  void requiredIsNotNullAndTakesAWarnSeverity() {
    Map<String, RowRule> r = Rules.rows("columns:\n  - {name: a, type: string, required: true}\n"
        + "  - {name: b, type: string, required: {severity: warn}}\n");
    assertThat(r.get("a.required").predicate()).isEqualTo("`a` IS NOT NULL");
    assertThat(r.get("a.required").severity()).isEqualTo(Severity.ERROR);
    assertThat(r.get("b.required").severity()).isEqualTo(Severity.WARN);
    assertThat(r.get("a.required").kind()).isEqualTo("required");
  }

  @Test
  void uniqueLetsNullsPassAndNamesCompositeKeysByTheirColumns() {
    Map<String, RowRule> r = Rules.rows("columns:\n  - {name: id, type: string, unique: true}\n"
        + "  - {name: at, type: timestamp}\nunique:\n  - [id, at]\n");
    assertThat(r.get("id.unique").predicate()).isEqualTo("(`id` IS NULL OR count(1) OVER (PARTITION BY `id`) = 1)");
    RowRule key = r.get("unique(id,at)");
    assertThat(key.columns()).containsExactly("id", "at");
    assertThat(key.column()).isEmpty();
    assertThat(key.predicate())
        .isEqualTo("(`id` IS NULL OR `at` IS NULL OR count(1) OVER (PARTITION BY `id`, `at`) = 1)");
  }

  @Test
  void rangeIsInclusiveOnNumbersDatesAndTimestampsAndNullPasses() {
    Map<String, RowRule> r = Rules.rows("""
        columns:
          - {name: amount, type: 'decimal(12,2)', checks: [{range: {min: 0, max: 100000}}]}
          - {name: d, type: date, checks: [{range: {min: '2015-01-01'}}]}
          - {name: ts, type: timestamp, checks: [{range: {max: '2030-01-01 00:00:00'}}]}
        """);
    assertThat(r.get("amount.range").predicate()).isEqualTo("(`amount` IS NULL OR (`amount` >= 0 AND `amount` <= 100000))");
    assertThat(r.get("d.range").predicate()).isEqualTo("(`d` IS NULL OR (`d` >= DATE '2015-01-01'))");
    assertThat(r.get("ts.range").predicate()).isEqualTo("(`ts` IS NULL OR (`ts` <= TIMESTAMP '2030-01-01 00:00'))");
  }

  @Test
  void allowedValuesQuoteStringsAndKeepNumbers() {
    Map<String, RowRule> r = Rules.rows("""
        columns:
          - {name: s, type: string, checks: [{allowed_values: [A, "it's"], severity: warn}]}
          - {name: n, type: int, checks: [{allowed_values: [1, 2]}]}
        """);
    assertThat(r.get("s.allowed_values").predicate()).isEqualTo("(`s` IS NULL OR `s` IN ('A', 'it\\'s'))");
    assertThat(r.get("s.allowed_values").severity()).isEqualTo(Severity.WARN);
    assertThat(r.get("n.allowed_values").predicate()).isEqualTo("(`n` IS NULL OR `n` IN (1, 2))");
  }

  @Test
  void patternIsASearchAndLengthCountsCharacters() {
    Map<String, RowRule> r = Rules.rows("columns:\n  - {name: s, type: string, checks: [{pattern: '^[A-Z]{2}$'},"
        + " {length: {min: 2, max: 3}}]}\n");
    assertThat(r.get("s.pattern").predicate()).isEqualTo("(`s` IS NULL OR `s` RLIKE '^[A-Z]{2}$')");
    assertThat(r.get("s.length").predicate()).isEqualTo("(`s` IS NULL OR (length(`s`) >= 2 AND length(`s`) <= 3))");
  }

  @Test
  void anExpressionIsIdentifiedByItsNameAndNullPasses() {
    Map<String, RowRule> r = Rules.rows("columns:\n  - {name: amount, type: double}\n  - {name: 'US Gross', type: double}\n"
        + "checks:\n  - {name: gross_bounded, expression: '`US Gross` <= amount * 2', severity: warn}\n");
    RowRule e = r.get("gross_bounded");
    assertThat(e.kind()).isEqualTo("expression");
    assertThat(e.severity()).isEqualTo(Severity.WARN);
    assertThat(e.predicate()).isEqualTo("coalesce((`US Gross` <= amount * 2), TRUE)");
  }

  @Test
  void namesWithSpacesAndBackticksAreQuoted() {
    Map<String, RowRule> r = Rules.rows("columns:\n  - {name: 'US Gross', type: double, checks: [{range: {min: 0}}]}\n"
        + "  - {name: 'we`ird', type: long, checks: [{range: {min: 1}}]}\n");
    assertThat(r.get("US Gross.range").predicate()).isEqualTo("(`US Gross` IS NULL OR (`US Gross` >= 0))");
    assertThat(r.get("we`ird.range").predicate()).isEqualTo("(`we``ird` IS NULL OR (`we``ird` >= 1))");
    assertThat(r.get("we`ird.range").column()).isEqualTo(Optional.of("we`ird"));
  }

  @Test
  void anExpressionUnderAColumnIsIdentifiedByItsNameToo() {
    Map<String, RowRule> r = Rules.rows("columns:\n  - {name: items, type: int, checks: [{name: items_reasonable,"
        + " expression: 'items <= 100', severity: warn}]}\n");
    assertThat(r.get("items_reasonable").predicate()).isEqualTo("coalesce((items <= 100), TRUE)");
    assertThat(r.get("items_reasonable").column()).contains("items");
  }

  @Test
  void everyCheckOfAColumnCompilesInContractOrder() {
    Map<String, RowRule> r = Rules.rows("columns:\n  - {name: a, type: string, required: true, unique: true,"
        + " checks: [{pattern: x}, {length: {max: 3}}]}\n");
    assertThat(List.copyOf(r.keySet())).containsExactly("a.required", "a.unique", "a.pattern", "a.length");
  }
}
