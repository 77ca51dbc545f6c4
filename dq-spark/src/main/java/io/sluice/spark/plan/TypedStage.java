package io.sluice.spark.plan;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.sluice.check.Sql;
import io.sluice.spark.internal.PatternFind;
import io.sluice.spark.internal.PlanStack;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The plan's first stage: every kept input value aside as it came in, the contract's columns typed under their own
 * names (DESIGN.md's strict casts, {@link TypedValues}), whether the record is malformed, and its raw text.
 *
 * @param uncast the contract's columns whose typed value is the input's own: no cast was needed
 */
record TypedStage(List<Column> columns, Set<String> uncast) {

  static TypedStage of(SchemaMatch match, List<io.sluice.contract.Column> contractColumns, String corruptRecordColumn) {
    List<Column> stage = new ArrayList<>();
    for (int k = 0; k < match.kept().size(); k++) {
      stage.add(col(Sql.ident(match.kept().get(k).name())).as(SchemaMatch.kept(k)));
    }
    Set<String> uncast = new HashSet<>();
    for (io.sluice.contract.Column c : contractColumns) {
      StructField f = match.source().get(c.name());
      if (TypedValues.asIs(f, c.type())) {
        uncast.add(c.name());
      }
      // A strict cast tests the text's shape with RLIKE first: Sluice's cheaper RLIKE evaluates it (PatternFind).
      stage.add(TypedValues.typed(f, c.type(), c.format(), PatternFind::rewrite).as(c.name()));
    }
    stage.add((match.hasCorrupt() ? col(Sql.ident(corruptRecordColumn)).isNotNull() : lit(false)).as(CheckPlan.MALFORMED));
    stage.add((match.hasCorrupt() ? col(Sql.ident(corruptRecordColumn)) : lit(null).cast(DataTypes.StringType))
        .as(CheckPlan.RAW_TEXT));
    return new TypedStage(List.copyOf(stage), Set.copyOf(uncast));
  }

  /** The names of the stage's columns, in order. */
  List<String> names() {
    return columns.stream().map(PlanStack::nameOf).toList();
  }
}
