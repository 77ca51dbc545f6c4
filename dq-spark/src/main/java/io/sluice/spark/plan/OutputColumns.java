package io.sluice.spark.plan;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.sluice.check.Sql;
import io.sluice.contract.Contract;
import io.sluice.contract.ExtraColumns;
import io.sluice.protect.Protection;
import io.sluice.spark.plan.CheckPlan.OutputColumn;
import io.sluice.spark.plan.CheckPlan.Outputs;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.StructField;

/**
 * The columns of each output over the checked rows, protected: checks saw the values in clear, both outputs get them
 * protected (the quarantine is no back door). The valid rows hold the contract's columns typed (and the extra
 * columns when the contract keeps them); the quarantine holds the input's columns as they came in, the reasons, the
 * run's id and time, and the raw record.
 */
final class OutputColumns {
  private OutputColumns() {}

  static Outputs of(Contract contract, Protection protection, SchemaMatch match, Set<String> uncast, String runId,
      Column reasons) {
    List<OutputColumn> valid = new ArrayList<>();
    for (io.sluice.contract.Column c : contract.columns()) {
      valid.add(protection.protects(c.name())
          ? new OutputColumn(c.name(), protection.apply(c.name(), col(Sql.ident(c.name())), true), Optional.empty())
          : new OutputColumn(c.name(), col(Sql.ident(c.name())), Optional.of(c.name())));
    }
    if (contract.extraColumns() == ExtraColumns.KEEP) {
      for (StructField f : match.extras()) {
        String s = match.asRead(f);
        valid.add(new OutputColumn(f.name(), col(s), Optional.of(s)));
      }
    }
    List<OutputColumn> quarantine = new ArrayList<>();
    Map<String, String> contractNameOf = new LinkedHashMap<>();
    match.source().forEach((name, field) -> contractNameOf.put(field.name(), name));
    List<StructField> kept = match.kept();
    for (int k = 0; k < kept.size(); k++) {
      String contractName = contractNameOf.get(kept.get(k).name());
      String name = kept.get(k).name();
      if (contractName != null && protection.protects(contractName)) {
        quarantine.add(new OutputColumn(name, protection.apply(contractName, col(SchemaMatch.kept(k)), false), Optional.empty()));
      } else {
        // As it came in: the typed column is that very value when no cast was needed.
        String same = contractName != null && uncast.contains(contractName) ? contractName : SchemaMatch.kept(k);
        quarantine.add(new OutputColumn(name, col(Sql.ident(same)), Optional.of(same)));
      }
    }
    quarantine.add(new OutputColumn(CheckPlan.ERRORS, reasons, Optional.empty()));
    // The run's constants. Not current_timestamp(): Spark folds it into a timestamp literal, which its code
    // generation inlines, so every run would compile (and the JIT warm up) a class of its own.
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    quarantine.add(new OutputColumn(CheckPlan.RUN_ID, lit(runId), Optional.empty(), Optional.of(runId)));
    quarantine.add(new OutputColumn(CheckPlan.QUARANTINED_AT, lit(java.sql.Timestamp.from(at)), Optional.empty(), Optional.of(at)));
    quarantine.add(new OutputColumn(CheckPlan.RAW, protection.rawRecord(col(CheckPlan.RAW_TEXT)), Optional.empty()));
    return new Outputs(valid, quarantine);
  }
}
