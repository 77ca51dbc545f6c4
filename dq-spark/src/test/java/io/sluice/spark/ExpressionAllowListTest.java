package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.check.CompiledContract;
import io.sluice.check.ExpressionFunctions;
import io.sluice.check.RowRule;
import io.sluice.check.RuleCatalog;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractException;
import io.sluice.contract.ContractLoader;
import io.sluice.contract.Severity;
import io.sluice.spark.internal.ParsedPredicate;
import io.sluice.spark.plan.CheckPlan;
import io.sluice.testkit.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine's side of the expression allow-list: Spark's own registry and parser agree with the loader's list. */
@ExtendWith(LocalSpark.class)
class ExpressionAllowListTest {
  /**
   * Functions of the allowed classes that are refused all the same: random, or grouping rows, or generating them;
   * or running java.util.regex on a pattern, whose backtracking can hang a job (rlike and its aliases stay: the
   * engine runs their literal patterns with RE2/J).
   */
  private static final Set<String> REFUSED_IN_ALLOWED_CLASSES =
      Set.of("rand", "randn", "random", "shuffle", "window", "session_window", "window_time", "json_tuple",
          "regexp_count", "regexp_extract", "regexp_extract_all", "regexp_instr", "regexp_replace", "regexp_substr");

  @Test
  void theAllowListIsSparksRegistryOfTheAllowedFunctionClasses() {
    Map<String, String> registry = new TreeMap<>();
    scala.collection.Iterator<scala.Tuple2<String, scala.Tuple2<org.apache.spark.sql.catalyst.expressions.ExpressionInfo,
        scala.Function1<scala.collection.Seq<org.apache.spark.sql.catalyst.expressions.Expression>,
            org.apache.spark.sql.catalyst.expressions.Expression>>>> it = FunctionRegistry.expressions().iterator();
    while (it.hasNext()) {
      var e = it.next();
      registry.put(e._1(), String.valueOf(e._2()._1().getGroup()));
    }
    // Every allowed name is a built-in function of the class the list gives it.
    ExpressionFunctions.allowed().forEach((name, group) -> assertThat(registry).containsEntry(name, group));
    // Every built-in function of an allowed class is allowed, or refused on purpose.
    List<String> missing = new ArrayList<>();
    registry.forEach((name, group) -> {
      if (ExpressionFunctions.classes().contains(group) && name.matches("[a-z_][a-z0-9_]*")
          && !REFUSED_IN_ALLOWED_CLASSES.contains(name) && ExpressionFunctions.classOf(name).isEmpty()) {
        missing.add(name + " (" + group + ")");
      }
    });
    assertThat(missing).as("regenerate expression-functions.txt").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "reflect('java.lang.System','exit',0) IS NULL",
      "java_method('java.lang.System', 'exit', 0) IS NULL",
      "`reflect`('java.lang.System','exit',0) IS NULL",
      "r'\\' = reflect('java.lang.System','exit',0)",
      "rand() < 0.5",
      "uuid() IS NOT NULL",
      "amount > (SELECT max(id) FROM range(10))",
      "EXISTS (SELECT 1)",
      "amount IN (SELECT id FROM range(3))",
      "default.my_udf(amount)",
      "count(1) > 0",
  })
  void sparksParseOfCodeTablesAndRandomnessIsRefused(String sql) {
    assertThat(ParsedPredicate.refusals(sql)).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "discount <= amount",
      "extract(YEAR FROM ordered_at) >= 2000",
      "CASE WHEN amount > 0 THEN discount < amount ELSE TRUE END",
      "exists(items, x -> x > 0)",
      "to_date(day, 'yyyy-MM-dd') <= current_date()",
      "name LIKE ANY ('a%', 'b%')",
      "cast(amount AS decimal(12,2)) = try_cast(raw AS decimal(12,2))",
  })
  void sparksParseOfPredicatesOverTheRowIsAllowed(String sql) {
    assertThat(ParsedPredicate.refusals(sql)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "name RLIKE '(a)\\\\1'",
      "name RLIKE r'(a)\\1'",
      "name NOT RLIKE 'a(?=b)'",
      "rlike(name, 'a++')",
      "regexp_like(name, '(?<=a)b')",
      "name REGEXP '(?>a)'",
      "name RLIKE other_col",
      "name RLIKE concat('a', '+')",
      "rlike(name, other_col)",
      "name LIKE other_col",
      "name ILIKE other_col",
      "like(name, other_col)",
      "name LIKE 'a!x' ESCAPE '!'",
      "regexp_extract(name, '(a+)+b', 1) = ''",
      "regexp_replace(name, 'a', 'b') = name",
      "split(name, '(a+)+b')[0] = ''",
      "str_to_map(name, ',+')['a'] = '1'",
      "parse_url(url, 'QUERY', '(a+)+') = '1'",
  })
  void sparksParseOfAPatternThatCouldHangTheJobIsRefused(String sql) {
    assertThat(ParsedPredicate.refusals(sql)).as(sql).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "name RLIKE '^(a+)+$'",
      "rlike(name, '^[A-Z]{2}$') AND regexp(name, 'x') AND regexp_like(name, r'\\d')",
      "name LIKE '%a%a%b_' AND name ILIKE 'x%' AND like(name, 'a%') AND name LIKE ANY ('a%', '%b%c')",
      "name RLIKE NULL",
      "size(split(tags, ',')) = 3 AND str_to_map(kv, '&', '=')['k'] = 'v' AND parse_url(url, 'QUERY', 'id') = '1'",
  })
  void sparksParseOfLiteralPatternsThatRunInLinearTimeIsAllowed(String sql) {
    assertThat(ParsedPredicate.refusals(sql)).as(sql).isEmpty();
  }

  @Test
  void theEngineRefusesAPatternThatCouldHangTheJobBeforeAnythingRuns(SparkSession spark) {
    Contract contract = ContractLoader.withDiscoveredValidators().parse("""
        apiVersion: sluice/v1
        kind: DataContract
        id: t
        version: 1.0.0
        layer: silver
        columns:
          - {name: id, type: string}
        """, "t.yaml").orThrow();
    CompiledContract clean = RuleCatalog.standard().compile(contract);
    // As a check kind of a plug-in could render it: the loader never saw this text.
    RowRule rogue = new RowRule("rogue", "pattern", Optional.of("id"), List.of("id"), Severity.ERROR,
        "id RLIKE '^(a+)+\\\\1$'");
    List<RowRule> rows = new ArrayList<>(clean.rowRules());
    rows.add(rogue);
    CompiledContract compiled = new CompiledContract(contract, clean.typeRules(), rows, clean.datasetRules());
    Dataset<Row> df = spark.range(3).selectExpr("CAST(id AS STRING) AS id");
    assertThatThrownBy(() -> new CheckPlan(compiled, Enforcer.DEFAULT_CORRUPT_RECORD_COLUMN, () -> null).build(df, "r"))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("check 'rogue' has pattern '^(a+)+\\1$', which cannot run in linear time: back-references");
  }

  @Test
  void theEngineRefusesAPredicateThatCallsCodeBeforeAnythingRuns(SparkSession spark) {
    Contract contract = ContractLoader.withDiscoveredValidators().parse("""
        apiVersion: sluice/v1
        kind: DataContract
        id: t
        version: 1.0.0
        layer: silver
        columns:
          - {name: id, type: long}
        """, "t.yaml").orThrow();
    CompiledContract clean = RuleCatalog.standard().compile(contract);
    // As a check kind of a plug-in could render it: the loader never saw this text.
    RowRule rogue = new RowRule("rogue", "expression", Optional.empty(), List.of(), Severity.ERROR,
        "reflect('java.lang.System', 'exit', 0) IS NULL");
    List<RowRule> rows = new ArrayList<>(clean.rowRules());
    rows.add(rogue);
    CompiledContract compiled = new CompiledContract(contract, clean.typeRules(), rows, clean.datasetRules());
    Dataset<Row> df = spark.range(3).toDF("id");
    assertThatThrownBy(() -> new CheckPlan(compiled, Enforcer.DEFAULT_CORRUPT_RECORD_COLUMN, () -> null).build(df, "r"))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("check 'rogue' calls reflect()");
  }

  @Test
  void theEngineLoadsNoContractWhoseExpressionCallsCode() {
    assertThatThrownBy(() -> ContractLoader.withDiscoveredValidators().parse("""
        apiVersion: sluice/v1
        kind: DataContract
        id: t
        version: 1.0.0
        layer: silver
        columns:
          - {name: id, type: long}
        checks:
          - {name: boom, expression: "java_method('java.lang.System', 'exit', 0) IS NULL"}
        """, "t.yaml").orThrow())
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("expression of check 'boom' calls java_method()");
  }
}
