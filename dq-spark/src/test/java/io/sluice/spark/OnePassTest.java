package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.runners.AnalysisRunner;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.DoubleMetric;
import io.sluice.contract.ContractLoader;
import io.sluice.report.DatasetCheckResult;
import io.sluice.report.RunReport;
import io.sluice.testkit.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/** Row checks, counts and Deequ's dataset metrics all come from one Spark job over the data. */
@ExtendWith(LocalSpark.class)
class OnePassTest {
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: t
      version: 1.0.0
      layer: silver
      columns:
        - {name: id, type: long, required: true}
        - {name: email, type: string, checks: [{pattern: '@'}]}
        - {name: amount, type: double, checks: [{range: {min: 0}}]}
      dataset_checks:
        - row_count: {min: 1}
        - completeness: {column: email, min: 0.5}
      """;

  /** Counts the jobs Spark starts while {@code r} runs. */
  private static int jobs(SparkSession spark, Runnable r) throws Exception {
    List<Integer> started = new CopyOnWriteArrayList<>();
    SparkListener l = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart e) {
        started.add(e.jobId());
      }
    };
    spark.sparkContext().addSparkListener(l);
    try {
      r.run();
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    } finally {
      spark.sparkContext().removeSparkListener(l);
    }
    return started.size();
  }

  private static Dataset<Row> data(SparkSession spark) {
    return spark.range(0, 1000).selectExpr("id",
        "CASE WHEN id % 4 = 0 THEN NULL WHEN id % 7 = 0 THEN 'nobody' ELSE concat('u', id, '@x.org') END AS email",
        "CAST(id % 10 - 1 AS DOUBLE) AS amount").repartition(3);
  }

  @Test
  void validationIsOneJobForEveryCheckCountAndDatasetMetric(SparkSession spark) throws Exception {
    Enforcement e = Sluice.enforce(ContractLoader.withDiscoveredValidators().parse(CONTRACT, "t.yaml").orThrow())
        .on(data(spark).localCheckpoint());
    RunReport[] report = new RunReport[1];
    assertThat(jobs(spark, () -> report[0] = e.validate())).isEqualTo(1);
    assertThat(report[0].rowsIn()).isEqualTo(1000);
    assertThat(report[0].checks()).isNotEmpty();
  }

  @Test
  void aTransitionWritesBothOutputsInOneJobOverTheData(SparkSession spark, @TempDir Path dir) throws Exception {
    String in = dir.resolve("in").toString();
    data(spark).write().parquet(in);
    Path contract = dir.resolve("c.yaml");
    Files.writeString(contract, CONTRACT);
    Transition t = Transition.of(ContractLoader.withDiscoveredValidators().load(contract)).from(in, Format.PARQUET)
        .to(dir.resolve("out").toString()).quarantineTo(dir.resolve("q").toString());
    TransitionResult[] r = new TransitionResult[1];
    int jobs = jobs(spark, () -> r[0] = t.run(spark));
    // One write job (scan, checks, counts, both outputs); Spark's Parquet schema read of the input is listed
    // separately when the input has many files, so allow it, but never a second scan of the rows.
    assertThat(jobs).isLessThanOrEqualTo(2);
    assertThat(r[0].report().rowsIn()).isEqualTo(r[0].report().rowsValid() + r[0].report().rowsQuarantined());
  }

  @Test
  void aBatchWithNothingToQuarantineIsOneWriteJobTooAndItsQuarantineHasTheSchema(SparkSession spark, @TempDir Path dir)
      throws Exception {
    Path contract = dir.resolve("c.yaml");
    Files.writeString(contract, CONTRACT.replace("- row_count: {min: 1}", "- row_count: {min: 0}"));
    for (long rows : new long[] {1000, 0}) {
      String in = dir.resolve("in-" + rows).toString();
      spark.range(0, rows, 1, 3).selectExpr("id", "concat('u', id, '@x.org') AS email", "CAST(id AS DOUBLE) AS amount")
          .write().parquet(in);
      String q = dir.resolve("q-" + rows).toString();
      Transition t = Transition.of(ContractLoader.withDiscoveredValidators().load(contract)).from(in, Format.PARQUET)
          .to(dir.resolve("out-" + rows).toString()).quarantineTo(q);
      TransitionResult[] r = new TransitionResult[1];
      // The schema read of the input and the write: no job to give an empty quarantine its schema.
      assertThat(jobs(spark, () -> r[0] = t.run(spark))).as("jobs over %d rows", rows).isLessThanOrEqualTo(2);
      assertThat(r[0].committed()).isTrue();
      assertThat(r[0].report().rowsQuarantined()).isZero();
      assertThat(r[0].report().rowsValid()).isEqualTo(rows);
      Dataset<Row> quarantine = spark.read().parquet(q);
      assertThat(quarantine.count()).isZero();
      assertThat(quarantine.columns()).contains("id", "email", "amount", "_dq_errors", "_dq_run_id",
          "_dq_quarantined_at", "_dq_raw");
    }
  }

  /** The generated Java of every whole-stage-codegen subtree of {@code df}'s plan, comments left out. */
  private static List<String> generatedCode(Dataset<Row> df) {
    List<String> code = new java.util.ArrayList<>();
    java.util.ArrayDeque<org.apache.spark.sql.execution.SparkPlan> todo = new java.util.ArrayDeque<>();
    todo.add(df.queryExecution().executedPlan());
    while (!todo.isEmpty()) {
      org.apache.spark.sql.execution.SparkPlan p = todo.poll();
      if (p instanceof org.apache.spark.sql.execution.WholeStageCodegenExec w) {
        code.add(w.doCodeGen()._2().body());
      }
      scala.collection.JavaConverters.seqAsJavaList(p.children()).forEach(todo::add);
    }
    return code;
  }

  @Test
  void everyRunOfAContractRunsTheSameGeneratedCode(SparkSession spark, @TempDir Path dir) throws Exception {
    // A run's constants (its id, its time) must not be compiled into the code: Spark caches generated classes by
    // their source, so a run with code of its own compiles a new class and runs it cold, before the JIT warms it.
    String in = dir.resolve("in").toString();
    spark.range(0, 100).selectExpr("id", "CASE WHEN id % 7 = 0 THEN 'nobody' ELSE concat('u', id, '@x.org') END AS email",
        "CAST(id % 10 - 1 AS DOUBLE) AS amount").write().parquet(in);
    Enforcer enforcer = Sluice.enforce(ContractLoader.withDiscoveredValidators().parse(CONTRACT, "t.yaml").orThrow());
    List<String> first = generatedCode(enforcer.withRunId("run-1").on(spark.read().parquet(in)).splitFrame());
    List<String> second = generatedCode(enforcer.withRunId("run-2").on(spark.read().parquet(in)).splitFrame());
    assertThat(first).isNotEmpty().isEqualTo(second);
    assertThat(String.join("\n", first)).doesNotContain("run-1");
  }

  @Test
  void theChecksTheSplitFrameAndTheObservationAreOnePlanAnalysedOnce(SparkSession spark, @TempDir Path dir) {
    // A Dataset per stage would have Spark analyse the plan below it again at every stage: driver time every run pays.
    String in = dir.resolve("in").toString();
    data(spark).write().parquet(in);
    Enforcer enforcer = Sluice.enforce(ContractLoader.withDiscoveredValidators().parse(CONTRACT, "t.yaml").orThrow());
    org.apache.spark.sql.catalyst.plans.logical.LogicalPlan built =
        enforcer.on(spark.read().parquet(in)).splitFrame().queryExecution().logical();
    assertThat(built).isInstanceOf(org.apache.spark.sql.catalyst.plans.logical.CollectMetrics.class);
    List<org.apache.spark.sql.catalyst.plans.logical.LogicalPlan> above = new java.util.ArrayList<>();
    org.apache.spark.sql.catalyst.plans.logical.LogicalPlan node = built;
    while (!(node instanceof org.apache.spark.sql.execution.datasources.LogicalRelation)) {
      above.add(node);
      node = node.children().head();
    }
    assertThat(above).hasSize(5) // the observation over the frame, the verdict, the checks and the typed values
        .allSatisfy(p -> assertThat(p.analyzed()).as("analysed before the split frame: %s", p.nodeName()).isFalse());
  }

  @Test
  void rowCountAndCompletenessAreDeequsAnalyzers(SparkSession spark) {
    Dataset<Row> df = data(spark).cache();
    RunReport report = Sluice.enforce(ContractLoader.withDiscoveredValidators().parse(CONTRACT, "t.yaml").orThrow())
        .on(df).validate();
    @SuppressWarnings({"unchecked", "rawtypes"})
    com.amazon.deequ.analyzers.Analyzer<?, com.amazon.deequ.metrics.Metric<?>> completenessOfEmail =
        (com.amazon.deequ.analyzers.Analyzer) new Completeness("email", Option.empty(), Option.empty());
    AnalyzerContext deequ = AnalysisRunner.onData(df).addAnalyzer(completenessOfEmail).run();
    double expected = (Double) ((DoubleMetric) deequ.allMetrics().head()).value().get();
    DatasetCheckResult completeness = report.datasetChecks().stream().filter(d -> d.kind().equals("completeness"))
        .findFirst().orElseThrow();
    assertThat(completeness.value()).contains(expected);
    assertThat(expected).isEqualTo(0.75);
    assertThat(report.datasetChecks().stream().filter(d -> d.kind().equals("row_count")).findFirst().orElseThrow().value())
        .contains(1000.0);
  }
}
