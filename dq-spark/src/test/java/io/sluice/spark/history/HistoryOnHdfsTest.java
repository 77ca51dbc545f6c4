package io.sluice.spark.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.audit.AuditRecord;
import io.sluice.contract.Contract;
import io.sluice.history.MetricName;
import io.sluice.history.MetricsHistory;
import io.sluice.report.DatasetCheckResult;
import io.sluice.spark.Format;
import io.sluice.spark.Sluice;
import io.sluice.spark.Transition;
import io.sluice.spark.TransitionResult;
import io.sluice.testkit.LocalSpark;
import io.sluice.testkit.MiniHdfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The metrics history beside an audit log on HDFS (an in-process one): appended by each run, read back by URI. */
@ExtendWith({LocalSpark.class, MiniHdfs.class})
class HistoryOnHdfsTest {
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      columns:
        - {name: order_id, type: string, required: true}
        - {name: amount, type: int}
      dataset_checks:
        - anomaly: { metric: amount.max, strategy: absolute_change, max_increase: 1000 }
      """;

  private static void put(FileSystem fs, String uri, String text) throws IOException {
    try (var out = fs.create(new org.apache.hadoop.fs.Path(uri), true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void runsAppendToTheHistoryOnHdfsAndAreJudgedAgainstIt(SparkSession spark, MiniDFSCluster hdfs) throws Exception {
    MiniHdfs.client(spark.sparkContext().hadoopConfiguration());
    String root = hdfs.getURI() + "/lake-" + System.nanoTime();
    FileSystem fs = hdfs.getFileSystem();
    put(fs, root + "/contracts/orders.yaml", CONTRACT);
    put(fs, root + "/bronze/day-1.csv", "order_id,amount\no1,10\no2,20\n");
    put(fs, root + "/bronze/day-2.csv", "order_id,amount\no3,30\no4,40\no5,50\n");
    put(fs, root + "/bronze/day-3.csv", "order_id,amount\no6,5000\n");
    Contract contract = Sluice.contract(root + "/contracts/orders.yaml");

    TransitionResult[] runs = new TransitionResult[3];
    for (int day = 1; day <= 3; day++) {
      runs[day - 1] = Transition.of(contract).from(root + "/bronze/day-" + day + ".csv", Format.CSV)
          .to(root + "/silver/orders").quarantineTo(root + "/quarantine/orders").auditTo(root + "/audit").run(spark);
    }

    MetricsHistory h = MetricsLog.at(root + "/audit", spark.sparkContext().hadoopConfiguration()).read();
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(root + "/audit/metrics.jsonl"))).isTrue();
    assertThat(h.series("orders", MetricName.Run.ROW_COUNT).points()).extracting(MetricsHistory.Point::value)
        .containsExactly(2.0, 3.0, 1.0);
    assertThat(h.series("orders", MetricName.parse("amount.max").orElseThrow()).points())
        .extracting(MetricsHistory.Point::value).containsExactly(20.0, 50.0, 5000.0);
    assertThat(runs[1].outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(runs[2].outcome()).as("the max jumped by 4950").isEqualTo(AuditRecord.Outcome.ABORTED);
    DatasetCheckResult a = runs[2].report().datasetChecks().get(0);
    assertThat(a.id()).isEqualTo("amount.max.anomaly");
    assertThat(a.expected()).contains(new DatasetCheckResult.Expected(java.util.Optional.empty(), java.util.Optional.of(1050.0)));
  }
}
