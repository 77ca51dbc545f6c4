package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sluice.contract.ContractLoader;
import io.sluice.report.CheckResult;
import io.sluice.report.RunReport;
import io.sluice.testkit.LocalSpark;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A contract's patterns cannot hang a run: a pattern check and an RLIKE in an expression that make Java 17's
 * {@code java.util.regex} backtrack for minutes on one value of 34 'a' and a '!' are answered in linear time by a
 * real enforcement, and so is a LIKE with many wildcards. The work is bounded by a timeout that Spark's own RLIKE
 * overruns many times over on this one row.
 */
@ExtendWith(LocalSpark.class)
class PatternRunTimeTest {

  @Test
  void oneValueThatMakesJavaBacktrackForMinutesIsCheckedAtOnce(SparkSession spark) {
    String yaml = """
        apiVersion: sluice/v1
        kind: DataContract
        id: t
        version: 1.0.0
        layer: silver
        columns:
          - name: name
            type: string
            checks:
              - pattern: '(a|a)+?b'
        checks:
          - {name: nested, expression: "name RLIKE '^(?:a|a)+?$' OR name IS NULL"}
          - {name: wildcards, expression: "name NOT LIKE '%a%a%a%a%a%a%a%a%a%a%a%a%b'"}
        """;
    Enforcer enforcer = Sluice.enforce(ContractLoader.withDiscoveredValidators().parse(yaml, "t.yaml").orThrow());
    Dataset<Row> one = spark.createDataFrame(List.of(RowFactory.create("a".repeat(34) + "!")),
        new StructType().add("name", DataTypes.StringType));
    RunReport report = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> enforcer.on(one).validate());
    Map<String, Long> failed = report.checks().stream().collect(Collectors.toMap(CheckResult::id, CheckResult::failedRows));
    assertThat(failed).containsEntry("name.pattern", 1L).containsEntry("nested", 1L).containsEntry("wildcards", 0L);
    assertThat(report.rowsQuarantined()).isEqualTo(1);
  }
}
