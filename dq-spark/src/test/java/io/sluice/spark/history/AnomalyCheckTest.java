package io.sluice.spark.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.audit.AuditRecord;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.history.MetricName;
import io.sluice.history.MetricsHistory;
import io.sluice.history.MetricsRecord;
import io.sluice.report.DatasetCheckResult;
import io.sluice.report.Status;
import io.sluice.spark.Format;
import io.sluice.spark.Sluice;
import io.sluice.spark.Transition;
import io.sluice.spark.TransitionResult;
import io.sluice.testkit.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Transitions that keep a metrics history beside their audit log, and anomaly checks judged against it. */
@ExtendWith(LocalSpark.class)
class AnomalyCheckTest {
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      columns:
        - {name: order_id, type: string, required: true}
        - {name: amount, type: 'decimal(8,2)', checks: [{range: {min: 0}}]}
        - {name: note, type: string}
      dataset_checks:
        - anomaly: { metric: row_count, strategy: relative_rate_of_change, max_decrease: 0.5, max_increase: 2.0 }
      """;

  @TempDir Path dir;

  private static Contract contract(String text) {
    return ContractLoader.withDiscoveredValidators().parse(text, "orders.yaml").orThrow();
  }

  /** A CSV batch of {@code rows} orders, amount i (every seventh negative), note empty on every third row. */
  private String batch(String name, int from, int rows) throws Exception {
    StringBuilder s = new StringBuilder("order_id,amount,note\n");
    for (int i = from; i < from + rows; i++) {
      s.append('o').append(i).append(',').append(i % 7 == 0 ? -i : i).append(',').append(i % 3 == 0 ? "" : "n" + i % 5)
          .append('\n');
    }
    Path file = dir.resolve("bronze").resolve(name + ".csv");
    Files.createDirectories(file.getParent());
    Files.writeString(file, s.toString());
    return file.toString();
  }

  private TransitionResult run(SparkSession spark, Contract contract, String input) {
    return Transition.of(contract).from(input, Format.CSV).to(dir.resolve("silver").toString())
        .quarantineTo(dir.resolve("quarantine").toString()).auditTo(dir.resolve("audit")).run(spark);
  }

  private static DatasetCheckResult check(TransitionResult r, String id) {
    return r.report().datasetChecks().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void everyRunAppendsItsMetricsBesideTheAuditLog(SparkSession spark) throws Exception {
    Contract c = contract(CONTRACT);
    run(spark, c, batch("day-1", 0, 100));
    run(spark, c, batch("day-2", 100, 120));

    MetricsHistory h = MetricsLog.at(dir.resolve("audit").toString()).read();

    assertThat(Files.exists(dir.resolve("audit").resolve("metrics.jsonl"))).isTrue();
    assertThat(h.series("orders", MetricName.Run.ROW_COUNT).points()).extracting(MetricsHistory.Point::value)
        .containsExactly(100.0, 120.0);
    MetricsRecord second = h.runs("orders").get(1);
    long negative = java.util.stream.IntStream.range(100, 220).filter(i -> i % 7 == 0).count();
    assertThat(second.rowsQuarantined()).isEqualTo(negative);
    assertThat(second.failedRows()).containsEntry("amount.range", negative);
    double mean = java.util.stream.IntStream.range(100, 220).map(i -> i % 7 == 0 ? -i : i).average().orElseThrow();
    assertThat(second.columns().get("amount").mean()).hasValueSatisfying(m -> assertThat(m).isCloseTo(mean,
        org.assertj.core.data.Offset.offset(1e-9)));
    assertThat(second.columns().get("amount").min()).contains(-217.0);
    assertThat(second.columns().get("amount").max()).contains(219.0);
    long notes = java.util.stream.IntStream.range(100, 220).filter(i -> i % 3 != 0).count();
    assertThat(second.columns().get("note").completeness()).contains((double) notes / 120);
    assertThat(second.columns().get("note").distinct()).as("n0..n4").contains(5L);
    assertThat(second.columns().get("note").mean()).as("text has no mean").isEmpty();
    assertThat(second.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
  }

  @Test
  void aSessionCanKeepNoHistory(SparkSession spark) throws Exception {
    spark.conf().set(io.sluice.spark.Transition.METRICS_HISTORY, "false");
    try {
      assertThat(run(spark, contract(CONTRACT), batch("day-1", 0, 100)).committed()).isTrue();
    } finally {
      spark.conf().unset(io.sluice.spark.Transition.METRICS_HISTORY);
    }

    assertThat(Files.exists(dir.resolve("audit").resolve("audit.jsonl"))).as("the run is audited").isTrue();
    assertThat(Files.exists(dir.resolve("audit").resolve("metrics.jsonl"))).isFalse();
  }

  @Test
  void tooLittleHistoryPassesAndSaysSo(SparkSession spark) throws Exception {
    TransitionResult first = run(spark, contract(CONTRACT), batch("day-1", 0, 100));

    DatasetCheckResult a = check(first, "row_count.anomaly");
    assertThat(first.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(a.status()).isEqualTo(Status.PASSED);
    assertThat(a.value()).contains(100.0);
    assertThat(a.note()).hasValueSatisfying(n -> assertThat(n).contains("too little history: 0 earlier accepted runs")
        .contains("relative_rate_of_change needs 1"));
  }

  @Test
  void aRunWhoseRowCountDropsByNinetyPercentFailsAndWritesNothing(SparkSession spark) throws Exception {
    Contract c = contract(CONTRACT);
    for (int day = 0; day < 3; day++) {
      assertThat(run(spark, c, batch("day-" + day, day * 100, 100)).outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    }
    long before = spark.read().parquet(dir.resolve("silver").toString()).count();

    TransitionResult dropped = run(spark, c, batch("day-3", 300, 10));

    DatasetCheckResult a = check(dropped, "row_count.anomaly");
    assertThat(dropped.outcome()).isEqualTo(AuditRecord.Outcome.ABORTED);
    assertThat(a.status()).isEqualTo(Status.FAILED);
    assertThat(a.value()).contains(10.0);
    assertThat(a.expected()).contains(new DatasetCheckResult.Expected(java.util.Optional.of(50.0), java.util.Optional.of(200.0)));
    assertThat(a.note()).hasValueSatisfying(n -> assertThat(n).contains("is an anomaly").contains("compared with 3 earlier runs"));
    assertThat(spark.read().parquet(dir.resolve("silver").toString()).count()).isEqualTo(before);
    List<MetricsRecord> runs = MetricsLog.at(dir.resolve("audit").toString()).read().runs("orders");
    assertThat(runs).extracting(MetricsRecord::outcome).containsExactly(AuditRecord.Outcome.COMMITTED,
        AuditRecord.Outcome.COMMITTED, AuditRecord.Outcome.COMMITTED, AuditRecord.Outcome.ABORTED);
  }

  @Test
  void anAbortedRunIsNotTheNextRunsBaseline(SparkSession spark) throws Exception {
    Contract c = contract(CONTRACT);
    run(spark, c, batch("day-0", 0, 100));
    run(spark, c, batch("day-1", 100, 10)); // aborted: an anomaly

    TransitionResult next = run(spark, c, batch("day-2", 200, 90));

    assertThat(next.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(check(next, "row_count.anomaly").expected())
        .contains(new DatasetCheckResult.Expected(java.util.Optional.of(50.0), java.util.Optional.of(200.0)));
  }

  /** The local file system under a scheme of its own, counting the opens of metrics histories. */
  public static final class CountingFileSystem extends org.apache.hadoop.fs.RawLocalFileSystem {
    static final java.util.concurrent.atomic.AtomicInteger HISTORY_OPENS = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public java.net.URI getUri() {
      return java.net.URI.create("counted:///");
    }

    @Override
    public String getScheme() {
      return "counted";
    }

    @Override
    public org.apache.hadoop.fs.FSDataInputStream open(org.apache.hadoop.fs.Path f, int bufferSize)
        throws java.io.IOException {
      if (f.getName().equals(MetricsHistory.FILE_NAME)) {
        HISTORY_OPENS.incrementAndGet();
      }
      return super.open(f, bufferSize);
    }
  }

  @Test
  void aContractWithoutAnomalyChecksAppendsToTheHistoryWithoutReadingIt(SparkSession spark) throws Exception {
    // A history grows with every run of every contract auditing to the folder: a run that judges nothing by it
    // must not pay for reading it.
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    conf.set("fs.counted.impl", CountingFileSystem.class.getName());
    conf.setBoolean("fs.counted.impl.disable.cache", true);
    CountingFileSystem.HISTORY_OPENS.set(0);
    String audit = "counted://" + dir.resolve("audit");
    try {
      Contract plain = contract(CONTRACT.substring(0, CONTRACT.indexOf("dataset_checks:")));
      for (int day = 0; day < 2; day++) {
        Transition.of(plain).from(batch("day-" + day, day * 100, 100), Format.CSV).to(dir.resolve("silver").toString())
            .quarantineTo(dir.resolve("quarantine").toString()).auditTo(audit).run(spark);
      }
      assertThat(CountingFileSystem.HISTORY_OPENS).as("runs without anomaly checks").hasValue(0);

      TransitionResult judged = Transition.of(contract(CONTRACT)).from(batch("day-2", 200, 100), Format.CSV)
          .to(dir.resolve("silver").toString()).quarantineTo(dir.resolve("quarantine").toString()).auditTo(audit)
          .run(spark);

      assertThat(CountingFileSystem.HISTORY_OPENS).as("a run with an anomaly check").hasValue(1);
      assertThat(check(judged, "row_count.anomaly").note()).hasValueSatisfying(n -> assertThat(n)
          .contains("compared with 2 earlier runs"));
      assertThat(MetricsLog.at(dir.resolve("audit").toString()).read().runs("orders")).hasSize(3);
    } finally {
      conf.unset("fs.counted.impl");
      conf.unset("fs.counted.impl.disable.cache");
    }
  }

  @Test
  void aValidationWithoutHistoryPassesItsAnomalyChecksAndSaysWhy(SparkSession spark) throws Exception {
    var df = spark.read().option("header", "true").csv(batch("day-1", 0, 10));

    var report = Sluice.enforce(contract(CONTRACT)).on(df).validate();

    DatasetCheckResult a = report.datasetChecks().stream().filter(d -> d.kind().equals("anomaly")).findFirst().orElseThrow();
    assertThat(a.passed()).isTrue();
    assertThat(a.note()).hasValueSatisfying(n -> assertThat(n).startsWith("no metrics history"));
  }

  @Test
  void aValidationWithHistoryMeasuresColumnsInItsOnePass(SparkSession spark) throws Exception {
    var df = spark.read().option("header", "true").csv(batch("day-1", 0, 10));

    var e = Sluice.enforce(contract(CONTRACT)).withHistory(MetricsHistory.of(List.of())).on(df);
    e.validate();

    assertThat(e.columnMetrics()).containsOnlyKeys("order_id", "amount", "note");
    assertThat(e.columnMetrics().get("order_id").completeness()).contains(1.0);
  }
}
