package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.report.CheckResult;
import io.sluice.report.RunReport;
import io.sluice.testkit.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A thousand checks plan and run (they overflowed the stack in Spark's analysis when the verdict was a chain of ORs):
 * the plan's depth does not grow with the number of checks. docs/benchmarks.md times 10 to 2,000 checks.
 */
@ExtendWith(LocalSpark.class)
class ManyRulesTest {

  /** {@code columns} long columns, {@code checksPerColumn} range checks on each: check j of a column fails values below j. */
  private static Contract contract(int columns, int checksPerColumn) {
    StringBuilder y = new StringBuilder("apiVersion: sluice/v1\nkind: DataContract\nid: many\nversion: 1.0.0\nlayer: silver\n"
        + "columns:\n");
    for (int c = 0; c < columns; c++) {
      y.append("  - name: c").append(c).append("\n    type: long\n    checks:\n");
      for (int j = 0; j < checksPerColumn; j++) {
        y.append("      - {name: c").append(c).append("_min").append(j).append(", range: {min: ").append(j).append("}}\n");
      }
    }
    return ContractLoader.withDiscoveredValidators().parse(y.toString(), "many.yaml").orThrow();
  }

  @ParameterizedTest
  @CsvSource({"20, 50", "300, 1"})
  void aContractWithThousandsOfChecksRunsAndCountsEveryFailure(int columns, int checksPerColumn, SparkSession spark) {
    Contract contract = contract(columns, checksPerColumn);
    StringBuilder select = new StringBuilder();
    for (int c = 0; c < columns; c++) {
      select.append(c == 0 ? "" : ", ").append("CAST(id AS STRING) AS c").append(c); // cast: a type check each
    }
    Dataset<Row> df = spark.range(100).selectExpr(select.toString().split(", "));
    RunReport report = Sluice.enforce(contract).on(df).validate();
    assertThat(report.rowsIn()).isEqualTo(100);
    // Value v fails the checks min j for j > v: row 0 fails every check but min0; rows >= checksPerColumn - 1 pass.
    assertThat(report.rowsQuarantined()).isEqualTo(checksPerColumn - 1);
    CheckResult last = report.checks().stream().filter(r -> r.id().equals("c0_min" + (checksPerColumn - 1))).findFirst()
        .orElseThrow();
    assertThat(last.failedRows()).isEqualTo(checksPerColumn - 1);
  }

  /** The block of {@code plan} (formatted) for the operator that computes the checks' masks. */
  private static String checksOperator(String plan) {
    for (String block : plan.split("\n\n")) {
      if (block.startsWith("(") && block.contains("__dq_mask0") && block.contains("CASE WHEN")) {
        return block;
      }
    }
    throw new AssertionError("no operator computes the masks in\n" + plan);
  }

  @Test
  void manyChecksAreComputedOutOfWholeStageCodeAndFewIn(SparkSession spark) {
    Dataset<Row> few = spark.range(10).selectExpr("CAST(id AS STRING) AS c0", "CAST(id AS STRING) AS c1");
    String fewPlan = Sluice.enforce(contract(2, 5)).on(few).plan();
    assertThat(checksOperator(fewPlan).lines().findFirst().orElseThrow()).contains("codegen id");

    Dataset<Row> many = spark.range(10).selectExpr("CAST(id AS STRING) AS c0", "CAST(id AS STRING) AS c1");
    String manyPlan = Sluice.enforce(contract(2, 60)).on(many).plan(); // 120 checks: more than maxFields (100)
    assertThat(checksOperator(manyPlan).lines().findFirst().orElseThrow()).doesNotContain("codegen id");
    assertThat(spark.conf().get("spark.sql.codegen.wholeStage")).isEqualTo("true"); // the session is left alone
  }
}
