package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.audit.AuditRecord;
import io.sluice.audit.HashChain;
import io.sluice.contract.Contract;
import io.sluice.keys.AuditKey;
import io.sluice.keys.Kek;
import io.sluice.keys.KeyType;
import io.sluice.keys.KeysetStore;
import io.sluice.spark.audit.AuditLog;
import io.sluice.testkit.LocalSpark;
import io.sluice.testkit.MiniHdfs;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transitions whose input, outputs, state, audit log and keysets all live on HDFS (an in-process one), read by URI.
 */
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

  private static final String GOVERNED = """
      apiVersion: sluice/v1
      kind: DataContract
      id: customers
      version: 1.0.0
      layer: silver
      columns:
        - {name: id, type: string, required: true, unique: true, protect: {encrypt: deterministic, key: customers, domain: customer}}
        - {name: email, type: string, protect: {encrypt: randomized, key: contact}}
        - {name: card, type: string, protect: {mask: show_last_4}}
        - {name: amount, type: 'decimal(8,2)', checks: [{range: {min: 0}}]}
      access:
        default: masked
        roles:
          fraud-analyst: {id: clear, email: clear}
          support: {id: show_last_4, email: denied}
      """;

  private static String read(FileSystem fs, String uri) throws IOException {
    try (var in = fs.open(new org.apache.hadoop.fs.Path(uri))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> column(Dataset<Row> rows, String name) {
    return rows.select(name).collectAsList().stream().map(r -> r.isNullAt(0) ? null : r.get(0).toString()).sorted().toList();
  }

  @Test
  void aWholeGovernedTransitionOnHdfsWithTheContractTheOnlyLocalFile(SparkSession spark, MiniDFSCluster hdfs,
      @TempDir Path local) throws Exception {
    MiniHdfs.client(spark.sparkContext().hadoopConfiguration());
    String root = hdfs.getURI() + "/governed-" + System.nanoTime();
    String lakePath = new java.net.URI(root).getPath();
    FileSystem fs = hdfs.getFileSystem();
    List<String> workingDir;
    try (var files = Files.list(Path.of(""))) {
      workingDir = files.map(Path::toString).sorted().toList();
    }

    KeysetStore created = KeysetStore.local(root + "/keys", w -> { }); // the master key too, on HDFS
    created.create("customers", KeyType.DETERMINISTIC);
    created.create("contact", KeyType.RANDOMIZED);
    created.create(AuditKey.NAME, KeyType.AUDIT); // the audit chain is signed
    Path contractFile = local.resolve("customers.yaml");
    Files.writeString(contractFile, GOVERNED);
    StringBuilder csv = new StringBuilder("id,email,card,amount\n");
    for (int i = 1; i <= 10; i++) {
      csv.append(String.format("C-%03d,user%d@example.com,41111111111%05d,%s%n", i, i, i, i % 5 == 0 ? "-1.00" : i + ".50"));
    }
    put(fs, root + "/bronze/customers/day-1.csv", csv.toString());

    Contract contract = Sluice.contract(contractFile.toString());
    KeysetStore keys = KeysetStore.open(root + "/keys");
    assertThat(keys.kek().describe()).isEqualTo(root + "/keys/" + Kek.LOCAL_MASTER_KEY);
    TransitionResult r = Transition.of(contract).from(root + "/bronze/customers", Format.CSV).to(root + "/silver/customers")
        .quarantineTo(root + "/quarantine/customers").auditTo(root + "/audit").keys(keys).run(spark);
    assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(r.report().rowsIn()).isEqualTo(10);
    assertThat(r.report().rowsQuarantined()).isEqualTo(2);

    List<String> clearIds = List.of("C-001", "C-002", "C-003", "C-004", "C-006", "C-007", "C-008", "C-009");
    Dataset<Row> silver = spark.read().parquet(root + "/silver/customers");
    assertThat(column(silver, "id")).hasSize(8).doesNotContainAnyElementsOf(clearIds);
    assertThat(column(silver, "email")).noneMatch(e -> e.contains("@example.com"));
    assertThat(column(silver, "card")).allMatch(c -> c.matches("\\*{12}[0-9]{4}"));
    Dataset<Row> quarantine = spark.read().parquet(root + "/quarantine/customers");
    assertThat(column(quarantine, "id")).hasSize(2).doesNotContain("C-005", "C-010");

    var conf = spark.sparkContext().hadoopConfiguration();
    String audit = root + "/audit";
    HashChain.Verification signed = AuditLog.verify(audit, conf, AuditKey.of(KeysetStore.open(root + "/keys")));
    assertThat(signed.intact()).as(signed.reason()).isTrue();
    assertThat(signed.lines()).isEqualTo(1);
    assertThat(read(fs, audit + "/audit.jsonl")).contains("\"mac\":");

    ProtectedRead asAnalyst = Sluice.read(contract).as("fraud-analyst").keys(KeysetStore.open(root + "/keys")).auditTo(audit);
    Input stored = Input.of(root + "/silver/customers"); // its format found on HDFS, as on a local disk
    assertThat(stored.format()).isEqualTo(Format.PARQUET);
    Dataset<Row> analyst = asAnalyst.from(stored);
    assertThat(column(analyst, "id")).isEqualTo(clearIds);
    assertThat(column(analyst, "email")).contains("user1@example.com", "user9@example.com");
    Dataset<Row> support = Sluice.read(contract).as("support").keys(KeysetStore.open(root + "/keys")).auditTo(audit)
        .from(stored);
    assertThat(support.columns()).doesNotContain("email");
    assertThat(column(support, "id")).isEqualTo(clearIds.stream().map(id -> "*" + id.substring(1)).toList());
    Dataset<Row> other = Sluice.read(contract).as("intern").keys(KeysetStore.open(root + "/keys")).auditTo(audit)
        .from(stored); // keys given, so that its access event is signed too
    assertThat(column(other, "id")).isEqualTo(column(silver, "id")); // the tokens, as stored

    HashChain.Verification afterReads = AuditLog.verify(audit, conf, AuditKey.of(KeysetStore.open(root + "/keys")));
    assertThat(afterReads.intact()).as(afterReads.reason()).isTrue();
    assertThat(afterReads.lines()).isEqualTo(4);

    // An editor who recomputes every hash (and the head file) passes the unsigned check; the audit key catches the edit.
    List<String> lines = List.of(read(fs, audit + "/audit.jsonl").split("\n"));
    List<String> forged = new ArrayList<>();
    String prev = HashChain.GENESIS;
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    for (int i = 0; i < lines.size(); i++) {
      var n = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(lines.get(i));
      String mac = n.path("mac").asText();
      n.remove(List.of("sha256", "prev_sha256", "mac"));
      if (i == 0) {
        n.put("rows_quarantined", 0);
      }
      var sealed = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(HashChain.seal(n, prev));
      sealed.put("mac", mac);
      forged.add(json.writeValueAsString(sealed));
      prev = sealed.path("sha256").asText();
    }
    put(fs, audit + "/audit.jsonl", String.join("\n", forged) + "\n");
    put(fs, audit + "/audit.head", "{\"sha256\":\"" + prev + "\"}\n");
    assertThat(AuditLog.verify(audit, conf).intact()).as("without the key the forgery looks intact").isTrue();
    HashChain.Verification caught = AuditLog.verify(audit, conf, AuditKey.of(KeysetStore.open(root + "/keys")));
    assertThat(caught.intact()).isFalse();
    assertThat(caught.badLine()).isEqualTo(1);
    assertThat(caught.reason()).contains("mac");

    try (var files = Files.list(local)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("customers.yaml");
    }
    try (var files = Files.list(Path.of(""))) {
      assertThat(files.map(Path::toString).sorted()).as("nothing of the run in the working folder").isEqualTo(workingDir);
    }
    assertThat(Path.of(lakePath)).as("no path of the lake on the local disk").doesNotExist();
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(root + "/keys/" + Kek.LOCAL_MASTER_KEY))).isTrue();
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
