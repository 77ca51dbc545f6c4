package io.sluice.spark.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.audit.AuditRecord;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.contract.Remedy;
import io.sluice.spark.Format;
import io.sluice.spark.SchemaMismatchException;
import io.sluice.spark.Transition;
import io.sluice.spark.TransitionResult;
import io.sluice.testkit.LocalSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A target keeps one schema: a run that would change it is refused with the differences, one that adds columns goes. */
@ExtendWith(LocalSpark.class)
class TargetSchemaTest {
  private static final String HEAD = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      schema: {extra_columns: drop}
      columns:
        - {name: order_id, type: string, required: true}
      """;

  @TempDir Path dir;
  private int batch;

  private Contract contract(String columns) throws IOException {
    Path file = dir.resolve("orders-" + System.nanoTime() + ".yaml");
    Files.writeString(file, HEAD + columns);
    return ContractLoader.withDiscoveredValidators().load(file);
  }

  /** A new input file each call (so no run is a re-run), with every column any contract here names. */
  private String input() throws IOException {
    Path f = dir.resolve("in-" + batch++ + ".csv");
    Files.writeString(f, "order_id,amount,note\no" + batch + "a,1.50,x\no" + batch + "b,2.00,y\n");
    return f.toString();
  }

  private TransitionResult run(SparkSession spark, Contract c, Format format) throws IOException {
    return Transition.of(c).from(input(), Format.CSV).to(dir.resolve("silver").toString(), format)
        .quarantineTo(dir.resolve("quarantine").toString()).auditTo(dir.resolve("audit")).run(spark);
  }

  @Test
  void aChangedTypeOrAMissingColumnIsRefusedWithEveryDifferenceAndNothingWritten(SparkSession spark) throws Exception {
    Contract v1 = contract("  - {name: amount, type: 'decimal(8,2)'}\n  - {name: note, type: string}\n");
    assertThat(run(spark, v1, Format.PARQUET).outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);

    Contract v2 = contract("  - {name: amount, type: string}\n");
    assertThatThrownBy(() -> run(spark, v2, Format.PARQUET)).isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("column 'amount' would change from decimal(8,2) to string")
        .hasMessageContaining("column 'note' (string) would no longer be written")
        .hasMessageContaining("Nothing was written")
        .hasMessageEndingWith("or reprocess the source into this one")
        .isInstanceOfSatisfying(SchemaMismatchException.class, e -> assertThat(e.remedy()).contains(Remedy.REPROCESS));
    assertThat(spark.read().parquet(dir.resolve("silver").toString()).count()).isEqualTo(2);
    assertThat(dir.resolve("silver").resolve(Staging.STAGING)).isEmptyDirectory();
  }

  @Test
  void anAddedColumnIsAdditiveForParquetAndDelta(SparkSession spark) throws Exception {
    for (Format format : new Format[] {Format.PARQUET, Format.DELTA}) {
      Path silver = dir.resolve("silver");
      if (Files.exists(silver)) {
        try (var files = Files.walk(silver)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      Contract v1 = contract("  - {name: amount, type: 'decimal(8,2)'}\n");
      run(spark, v1, format);
      Contract v2 = contract("  - {name: amount, type: 'decimal(8,2)'}\n  - {name: note, type: string}\n");
      assertThat(run(spark, v2, format).outcome()).as("%s", format).isEqualTo(AuditRecord.Outcome.COMMITTED);
      var read = format == Format.DELTA ? spark.read().format("delta").load(silver.toString())
          : spark.read().option("mergeSchema", "true").parquet(silver.toString());
      assertThat(read.columns()).as("%s", format).contains("order_id", "amount", "note");
      assertThat(read.where("note IS NULL").count()).as("%s", format).isEqualTo(2); // the rows written before
    }
  }

  @Test
  void aDeltaTargetRefusesATypeChangeToo(SparkSession spark) throws Exception {
    run(spark, contract("  - {name: amount, type: 'decimal(8,2)'}\n"), Format.DELTA);
    assertThatThrownBy(() -> run(spark, contract("  - {name: amount, type: double}\n"), Format.DELTA))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("column 'amount' would change from decimal(8,2) to double");
  }

  @Test
  void reprocessingReplacesTheSchemaWithTheTarget(SparkSession spark) throws Exception {
    run(spark, contract("  - {name: amount, type: 'decimal(8,2)'}\n"), Format.PARQUET);
    TransitionResult r = Transition.of(contract("  - {name: amount, type: string}\n")).from(input(), Format.CSV)
        .to(dir.resolve("silver").toString()).quarantineTo(dir.resolve("quarantine").toString()).reprocess().run(spark);
    assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(spark.read().parquet(dir.resolve("silver").toString()).schema().apply("amount").dataType().catalogString())
        .isEqualTo("string");
  }
}
