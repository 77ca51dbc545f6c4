package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.audit.AuditRecord;
import io.sluice.audit.HashChain;
import io.sluice.contract.Contract;
import io.sluice.testkit.LocalSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A transition whose input, outputs, state and audit log all live on HDFS (an in-process one), read by URI. */
@ExtendWith({LocalSpark.class, MiniHdfs.class})
class HdfsTransitionTest {
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      columns:
        - {name: order_id, type: string, required: true, unique: true}
        - {name: amount, type: 'decimal(8,2)', checks: [{range: {min: 0}}]}
      """;

  private static void put(FileSystem fs, String uri, String text) throws IOException {
    try (var out = fs.create(new org.apache.hadoop.fs.Path(uri), true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String csv(int from, int rows) {
    StringBuilder s = new StringBuilder("order_id,amount\n");
    for (int i = from; i < from + rows; i++) {
      s.append('o').append(i).append(',').append(i % 10 == 0 ? "-1" : Integer.toString(i)).append('\n');
    }
    return s.toString();
  }

  @Test
  void aWholeTransitionOnHdfsWithTheContractTheOnlyLocalFile(SparkSession spark, MiniDFSCluster hdfs, @TempDir Path local)
      throws Exception {
    MiniHdfs.client(spark.sparkContext().hadoopConfiguration());
    String root = hdfs.getURI() + "/lake-" + System.nanoTime();
    FileSystem fs = hdfs.getFileSystem();
    put(fs, root + "/contracts/orders.yaml", CONTRACT);
    put(fs, root + "/bronze/orders/day-1.csv", csv(0, 100));
    put(fs, root + "/bronze/orders/day-2.csv", csv(100, 50));

    Contract contract = Sluice.contract(root + "/contracts/orders.yaml"); // read from HDFS too
    Transition t = Transition.of(contract).from(root + "/bronze/orders", Format.CSV).to(root + "/silver/orders")
        .quarantineTo(root + "/quarantine/orders").auditTo(root + "/audit");
    TransitionResult first = t.run(spark);
    assertThat(first.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(first.report().rowsIn()).isEqualTo(150);
    assertThat(first.report().rowsQuarantined()).isEqualTo(15);

    put(fs, root + "/bronze/orders/day-3.csv", csv(150, 20));
    TransitionResult second = t.run(spark);
    assertThat(second.report().rowsIn()).isEqualTo(20); // incremental on HDFS: the ledger, lock and claims there
    assertThat(t.run(spark).outcome()).isEqualTo(AuditRecord.Outcome.SKIPPED);

    assertThat(spark.read().parquet(root + "/silver/orders").count()).isEqualTo(135 + 18);
    assertThat(spark.read().parquet(root + "/quarantine/orders").count()).isEqualTo(15 + 2);
    HashChain.Verification v = AuditLog.verify(root + "/audit", spark.sparkContext().hadoopConfiguration());
    assertThat(v.intact()).isTrue();
    assertThat(v.lines()).isEqualTo(3);
    try (var files = Files.list(local)) {
      assertThat(files).isEmpty(); // nothing of the run on the local disk
    }
  }

  @Test
  void aDeltaTransitionOnHdfsCommitsTheFilesTheSplitWroteIntoEachTable(SparkSession spark, MiniDFSCluster hdfs)
      throws Exception {
    MiniHdfs.client(spark.sparkContext().hadoopConfiguration());
    String root = hdfs.getURI() + "/delta-" + System.nanoTime();
    FileSystem fs = hdfs.getFileSystem();
    put(fs, root + "/contracts/orders.yaml", CONTRACT);
    put(fs, root + "/bronze/orders/day-1.csv", csv(0, 100));
    String silver = root + "/silver/orders";
    String quarantine = root + "/quarantine/orders";
    Transition t = Transition.of(Sluice.contract(root + "/contracts/orders.yaml")).from(root + "/bronze/orders", Format.CSV)
        .to(silver, Format.DELTA).quarantineTo(quarantine).auditTo(root + "/audit");
    TransitionResult first = t.run(spark);
    put(fs, root + "/bronze/orders/day-2.csv", csv(100, 20));
    TransitionResult second = t.run(spark);
    assertThat(t.run(spark).outcome()).isEqualTo(AuditRecord.Outcome.SKIPPED);

    assertThat(spark.read().format("delta").load(silver).count()).isEqualTo(90 + 18);
    assertThat(spark.read().format("delta").load(quarantine).count()).isEqualTo(10 + 2);
    List<String> runs = List.of(first.report().runId(), second.report().runId());
    for (String table : List.of(silver, quarantine)) {
      String[] files = spark.read().format("delta").load(table).inputFiles();
      assertThat(files).isNotEmpty().allMatch(f -> runs.stream().anyMatch(r -> f.startsWith(table + "/" + r + "/")));
    }
  }

  @Test
  void concurrentAppendsToAnAuditLogOnHdfsChainOneAfterTheOther(SparkSession spark, MiniDFSCluster hdfs) throws Exception {
    MiniHdfs.client(spark.sparkContext().hadoopConfiguration());
    String dir = hdfs.getURI() + "/audit-" + System.nanoTime();
    ExecutorService writers = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int writer = w;
        done.add(writers.submit(() -> {
          AuditLog log = AuditLog.at(dir, spark.sparkContext().hadoopConfiguration()); // a log per writer, as per JVM
          for (int i = 0; i < 10; i++) {
            var event = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            event.put("event", "test").put("writer", writer).put("n", i);
            log.appendEvent(event);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      writers.shutdownNow();
    }
    HashChain.Verification v = AuditLog.verify(dir, spark.sparkContext().hadoopConfiguration());
    assertThat(v.intact()).isTrue();
    assertThat(v.lines()).isEqualTo(40);
  }
}
