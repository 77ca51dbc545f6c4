package io.sluice.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every invalid parameter gets a located problem saying what is wrong and how to fix it; all are reported. */
class ParameterValidationTest {

  @Test
  void everyBadParameterOfAFileIsReportedWithItsLocationAndFix() {
    assertThat(Rules.problems("""
        columns:
          - {name: a, type: int, checks: [{range: {min: 5, max: 1}}, {pattern: '[a-'}, {allowed_values: []}]}
          - {name: s, type: string, checks: [{range: {min: 1}}, {length: {min: 4, max: 2}}, {rnage: {min: 1}}]}
        dataset_checks:
          - completeness: {column: s, min: 95}
          - freshness: {column: s, max_age: soon}
        """)).containsExactly(
        "t.yaml:7:49: error: min 5 is greater than max 1 in range of check 'a.range'\n"
            + "    fix: swap them, or fix the bound (bounds are inclusive)",
        "t.yaml:7:72: error: invalid regular expression '[a-': Illegal character range at character 4\n"
            + "    fix: Spark uses Java regular expressions; escape special characters with '\\\\' and quote the YAML"
            + " value with single quotes",
        "t.yaml:7:97: error: allowed_values is empty: no value could pass\n    fix: list the allowed values",
        "t.yaml:8:39: error: range applies to numbers, dates and timestamps; column 's' is string\n"
            + "    fix: use length for strings, or allowed_values",
        "t.yaml:8:72: error: min 4 is greater than max 2 in length of check 's.length'\n"
            + "    fix: swap them, or fix the bound (bounds are inclusive)",
        // 'even' is the test jar's own kind (CheckKindSpiTest): the service files of both jars are merged.
        "t.yaml:8:86: error: unknown check kind 'rnage' (did you mean 'range'?)\n"
            + "    fix: known kinds: allowed_values, even, expression, length, pattern, range, references; add your own through the"
            + " io.sluice.check.CheckKind service interface",
        "t.yaml:10:36: error: 'min' of completeness is a share between 0 and 1, not 95\n    fix: write 95% as 'min: 0.95'",
        "t.yaml:11:25: error: freshness needs a date or timestamp column; 's' is string\n"
            + "    fix: point it at the column that says when a row happened",
        "t.yaml:11:37: error: max_age 'soon' is not a positive duration\n"
            + "    fix: write a number with a unit (d, h, m, s), such as 26h or 1d12h, or ISO-8601 such as PT26H");
  }

  @Test
  void aPatternThatNeedsBacktrackingIsRefusedWhereItIsWrittenWithTheReason() {
    assertThat(Rules.problems("columns:\n  - {name: s, type: string, checks: [{pattern: '^(a+)+\\1$'}]}\n"))
        .containsExactly("t.yaml:7:48: error: Cannot run pattern '^(a+)+\\1$' of check 's.pattern': back-references (\\1)"
            + " need backtracking, which can take exponential time (at character 7)\n"
            + "    fix: rewrite the pattern without \\1 (a check can compare two columns in an expression)");
    assertThat(Rules.problems("columns:\n  - {name: s, type: string, checks: [{pattern: 'a(?!b)'}]}\n").get(0))
        .contains("lookaround ('(?!') needs backtracking");
    // Catastrophic for java.util.regex, linear for the engine: accepted.
    assertThat(Rules.rows("columns:\n  - {name: s, type: string, checks: [{pattern: '(a|a)+?b'}]}\n")).containsKey("s.pattern");
  }

  @Test
  void lengthAppliesToStringsAndCountsFromZero() {
    assertThat(Rules.problems("columns:\n  - {name: a, type: int, checks: [{length: {min: 1}}]}\n")).containsExactly(
        "t.yaml:7:36: error: length applies to strings; column 'a' is int\n    fix: use range for numbers and dates");
    assertThat(Rules.problems("columns:\n  - {name: s, type: string, checks: [{length: {min: -1}}]}\n")).containsExactly(
        "t.yaml:7:53: error: 'min' of length must be a whole number >= 0, not -1\n    fix: write a count such as 'min: 1'");
  }

  @Test
  void aColumnPropertyWrittenAsACheckIsPointedToItsPlace() {
    assertThat(Rules.problems("columns:\n  - {name: s, type: string, checks: [{required: true}]}\n")).containsExactly(
        "t.yaml:7:39: error: 'required' is a column property, not a check item\n"
            + "    fix: write 'required: true' (or '{ severity: warn }') on the column; composite keys go under the"
            + " top-level 'unique'");
  }

  @Test
  void rowCountBoundsAreCheckedToo() {
    assertThat(Rules.problems("columns:\n  - {name: s, type: string}\ndataset_checks:\n  - row_count: {min: 10, max: 1}\n"))
        .containsExactly("t.yaml:9:22: error: min 10 is greater than max 1 in row_count of check 'dataset.row_count'\n"
            + "    fix: swap them, or fix the bound (bounds are inclusive)");
  }
}
