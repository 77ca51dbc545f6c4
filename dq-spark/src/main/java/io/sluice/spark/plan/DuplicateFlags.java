package io.sluice.spark.plan;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.sluice.check.Sql;
import io.sluice.spark.internal.KeyIn;
import io.sluice.spark.internal.PlanStack;
import io.sluice.spark.unique.DuplicateKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * One flag per unique key over the typed rows: TRUE where the row's key is a duplicate. The duplicate keys are found
 * by {@link DuplicateKeys} (a job, run when the rows are first asked for) among well-formed rows with a non-null key,
 * and flagged by a membership test ({@link KeyIn}) for a key of one column, else by a (broadcast) join.
 */
final class DuplicateFlags {
  private DuplicateFlags() {}

  /** {@code typed} with a flag column per key ({@code flag column -> key columns}); {@code typed} itself without keys. */
  static PlanStack flagged(PlanStack typed, Map<String, List<String>> keys) {
    if (keys.isEmpty()) {
      return typed;
    }
    Dataset<Row> joined = typed.rows();
    for (Map.Entry<String, List<String>> u : keys.entrySet()) {
      joined = flag(joined, u.getValue(), u.getKey());
    }
    return PlanStack.over(joined);
  }

  private static Dataset<Row> flag(Dataset<Row> typed, List<String> key, String flag) {
    Column keyNotNull = not(col(CheckPlan.MALFORMED));
    for (String k : key) {
      keyNotNull = keyNotNull.and(col(Sql.ident(k)).isNotNull());
    }
    int limit = Integer.parseInt(typed.sparkSession().conf().get(CheckPlan.COLLECTED_LIMIT,
        String.valueOf(DuplicateKeys.COLLECTED_LIMIT)));
    Dataset<Row> found = DuplicateKeys.of(typed.where(keyNotNull), key, limit);
    boolean local = PlanStack.isLocal(found);
    if (local && key.size() == 1) {
      // One column, few duplicates: a membership test in the one pass, no join (nor broadcast) at all.
      DataType type = found.schema().fields()[0].dataType();
      if (type == DataTypes.StringType || type == DataTypes.IntegerType || type == DataTypes.LongType) {
        List<Row> duplicates = found.collectAsList(); // a local relation: no job
        if (duplicates.size() <= CheckPlan.KEY_SET_LIMIT) {
          List<Object> values = duplicates.stream().map(r -> r.get(0)).toList();
          return typed.withColumn(flag, values.isEmpty() ? lit(false) : KeyIn.ofMostlyAbsent(col(Sql.ident(key.get(0))), type, values));
        }
      }
    }
    List<Column> renamed = new ArrayList<>();
    for (int j = 0; j < key.size(); j++) {
      renamed.add(col(Sql.ident(key.get(j))).as(flag + "_k" + j));
    }
    renamed.add(lit(true).as(flag));
    Dataset<Row> dups = found.select(renamed.toArray(Column[]::new));
    // Duplicate keys are usually few and already on the driver: broadcasting them spares the shuffle of
    // every row that a join (or a window over the key) would need. Counted distributed, they are many: Spark
    // plans the join (a sort-merge join, which streams a hot key's rows past its one duplicate-key row, or a
    // broadcast if they turn out smaller than spark.sql.autoBroadcastJoinThreshold).
    if (local) {
      dups = org.apache.spark.sql.functions.broadcast(dups);
    }
    Column on = lit(true);
    for (int j = 0; j < key.size(); j++) {
      on = on.and(typed.col(Sql.ident(key.get(j))).equalTo(dups.col(flag + "_k" + j)));
    }
    Dataset<Row> joined = typed.join(dups, on, "left");
    List<Column> keep = new ArrayList<>();
    for (String c : typed.columns()) {
      keep.add(typed.col(Sql.ident(c)));
    }
    keep.add(dups.col(flag));
    return joined.select(keep.toArray(Column[]::new));
  }
}
