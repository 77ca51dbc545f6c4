package io.sluice.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** An expression check is a predicate over the row: no code, no other table, nothing random. */
class ExpressionFunctionsTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "reflect('java.lang.System','exit',0) IS NULL",
      "java_method('java.lang.System', 'exit', 0) IS NULL",
      "`reflect`('java.lang.System','exit',0) IS NULL",
      "REFLECT /* a comment */ ('java.lang.System','exit',0) IS NULL",
      "r'\\' = reflect('java.lang.System','exit',0)",
      "rand() < 0.5",
      "uuid() IS NOT NULL",
      "shuffle(array(1, 2)) IS NOT NULL",
      "amount > (SELECT max(amount) FROM orders)",
      "EXISTS (SELECT 1 FROM customers)",
      "customer_id IN (SELECT id FROM customers)",
      "customer_id IN (TABLE customers)",
      "count(*) > 1",
      "row_number() OVER (ORDER BY id) = 1",
      "default.my_udf(amount)",
      "xpath_string(doc, '/a') = 'x'",
      "input_file_name() <> ''",
      "my_udf(amount)",
  })
  void codeTablesAndRandomnessAreRefused(String sql) {
    assertThat(ExpressionFunctions.refusals(sql)).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "discount <= amount",
      "`US Gross` <= amount * 2",
      "extract(YEAR FROM ordered_at) >= 2000",
      "trim(BOTH 'x' FROM code) <> ''",
      "CASE WHEN amount > 0 THEN discount < amount ELSE TRUE END",
      "status IN ('A', 'B') AND (amount > 0 OR amount IS NULL)",
      "exists(items, x -> x > 0)",
      "to_date(day, 'yyyy-MM-dd') <= current_date()",
      "name LIKE ANY ('a%', 'b%')",
      "'reflect(1), (SELECT 1)' <> note",
      "cast(amount AS decimal(12,2)) = try_cast(raw AS decimal(12,2))",
      "coalesce(length(upper(name)), 0) < 100 AND NOT isnull(id)",
      "substring(code FROM 1 FOR 2) = 'AB'",
  })
  void predicatesOverTheRowAreAllowed(String sql) {
    assertThat(ExpressionFunctions.refusals(sql)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "name RLIKE '(a)\\\\1'",
      "name RLIKE r'(a)\\1'",
      "name NOT RLIKE '^(a+)+\\\\1$'",
      "name REGEXP 'a(?=b)'",
      "rlike(name, '(?<=a)b')",
      "regexp_like(name, 'a++')",
      "name RLIKE other_col",
      "name RLIKE concat('a', 'b')",
      "name RLIKE 'a' || '+'",
      "rlike(name, other_col)",
      "name LIKE other_col",
      "like(name, other_col)",
      "name LIKE 'a!x' ESCAPE '!'",
      "regexp_extract(name, '(a+)+b', 1) = ''",
      "regexp_replace(name, 'a', 'b') = name",
      "regexp_count(name, 'a') > 1",
      "split(name, '(a+)+b')[0] = ''",
      "size(split(name, ',+')) = 2",
      "str_to_map(name, '&+', '=')['a'] = '1'",
      "parse_url(url, 'QUERY', '(a+)+') = '1'",
      "split(name, delimiter)[0] = ''",
  })
  void patternsThatCouldHangAJobAreRefused(String sql) {
    assertThat(ExpressionFunctions.refusals(sql)).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "name RLIKE '^[A-Z]{2}$'",
      "name RLIKE '^(a+)+$'",
      "NOT name RLIKE '^a' AND name REGEXP 'b$'",
      "name RLIKE ('^a')",
      "rlike(name, '^a+$') OR regexp(name, 'x') OR regexp_like(name, r'\\d+')",
      "name RLIKE 'it''s'",
      "name LIKE 'a%b%c%d_'",
      "name ILIKE '%x%' AND name NOT LIKE 'y%'",
      "name LIKE ANY ('a%', '%b%c%')",
      "like(name, 'a%b') AND ilike(name, 'A%')",
      "split(tags, ',')[0] = 'x'",
      "size(split(tags, '[,;]')) = 3",
      "str_to_map(kv)['k'] = 'v'",
      "str_to_map(kv, '&', '=')['k'] = 'v'",
      "parse_url(url, 'HOST') = 'example.org' AND parse_url(url, 'QUERY', 'id') = '1'",
  })
  void literalPatternsThatRunInLinearTimeAreAllowed(String sql) {
    assertThat(ExpressionFunctions.refusals(sql)).isEmpty();
  }

  @Test
  void aRefusedPatternSaysWhyAndWhere() {
    // Spark SQL reads '(a)\\1' as the pattern (a)\1 (and '(a)\1' as (a)1)
    assertThat(ExpressionFunctions.refusals("name RLIKE '(a)\\\\1'")).containsExactly("has pattern '(a)\\1', which cannot"
        + " run in linear time: back-references (\\1) need backtracking, which can take exponential time (at character 4);"
        + " rewrite the pattern without \\1 (a check can compare two columns in an expression)");
    assertThat(ExpressionFunctions.refusals("name RLIKE other_col")).containsExactly("matches RLIKE at character 6"
        + " against something other than a string literal: a pattern must be a literal, checked here and run in linear"
        + " time");
  }

  @Test
  void aRefusalNamesTheFunctionAndWhereItIsCalled() {
    List<String> r = ExpressionFunctions.refusals("amount > 0 AND reflect('java.lang.System','exit',0) IS NULL");
    assertThat(r).singleElement().asString().startsWith("calls reflect() at character 16, which is not a deterministic");
  }

  @Test
  void theAllowListIsByFunctionClass() {
    assertThat(ExpressionFunctions.classOf("upper")).contains("string_funcs");
    assertThat(ExpressionFunctions.classOf("reflect")).isEmpty();
    assertThat(ExpressionFunctions.classes()).contains("predicate_funcs", "datetime_funcs")
        .doesNotContain("misc_funcs", "agg_funcs", "window_funcs", "generator_funcs", "xml_funcs");
  }

  @Test
  void aContractWhoseExpressionCallsReflectIsRefusedWhereItIsWritten() {
    List<String> problems = Rules.problems(
        "columns:\n  - {name: a, type: int}\nchecks:\n  - name: boom\n    expression: \"reflect('java.lang.System','exit',0) IS NULL\"\n");
    assertThat(problems).singleElement().asString()
        .startsWith("t.yaml:10:17: error: expression of check 'boom' calls reflect() at character 1");
  }
}
