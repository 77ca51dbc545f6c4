package io.sluice.spark.plan;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.sluice.check.CompiledContract;
import io.sluice.check.RowRule;
import io.sluice.check.Sql;
import io.sluice.spark.plan.CheckPlan.Check;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * Per row check, in the order of their bits, the condition under which a well-formed row fails it (DESIGN.md:
 * {@code required} sees the value as it came in, a failed cast fails only the type check, malformed records fail
 * none). A unique check fails where the flag of its key is set: the keys to flag, by flag column, are
 * {@code uniqueKeys} ({@link DuplicateFlags} joins them in). A references check fails where its flag is set
 * ({@code references}, by flag column; {@code ReferencedKeys} joins them in).
 */
record CheckFailures(List<Check> checks, List<Column> conditions, Map<String, List<String>> uniqueKeys,
    Map<String, RowRule> references) {

  static CheckFailures of(CompiledContract compiled, SchemaMatch match, TypedStage typed, RowPredicates predicates) {
    Map<String, List<String>> uniqueKeys = new LinkedHashMap<>(); // flag column -> key columns
    Map<String, RowRule> references = new LinkedHashMap<>(); // flag column -> references check (ReferencedKeys)
    List<Check> checks = new ArrayList<>();
    List<Column> fails = new ArrayList<>();
    Column wellFormed = not(col(CheckPlan.MALFORMED));
    for (RowRule r : compiled.typeRules()) {
      String column = r.column().orElseThrow();
      // A column that already has its declared type is not cast, so it cannot fail to convert: the check stays
      // (and reports 0) at no cost per row.
      fails.add(typed.uncast().contains(column) ? lit(false)
          : wellFormed.and(col(match.asRead(column)).isNotNull()).and(col(Sql.ident(column)).isNull()));
      checks.add(new Check(r, checks.size()));
    }
    for (RowRule r : compiled.rowRules()) {
      Column fail = switch (r.test()) {
        case DISTINCT_KEY -> {
          String dup = "__dq_dup" + checks.size();
          uniqueKeys.put(dup, r.columns());
          yield coalesce(col(dup), lit(false));
        }
        case REFERENCED_KEY -> {
          String absent = "__dq_ref" + checks.size();
          references.put(absent, r);
          yield coalesce(col(absent), lit(false));
        }
        case PRESENT -> col(match.asRead(r.column().orElseThrow())).isNull(); // as it came in
        case PREDICATE, CONVERTS -> not(predicates.passes(r));
      };
      fails.add(wellFormed.and(fail));
      checks.add(new Check(r, checks.size()));
    }
    return new CheckFailures(List.copyOf(checks), List.copyOf(fails), Collections.unmodifiableMap(uniqueKeys),
        Collections.unmodifiableMap(references));
  }
}
