package io.sluice.cli;

import static io.sluice.cli.Run.sluice;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.keys.KeysetStore;
import io.sluice.testkit.MiniHdfs;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --keys hdfs://…}: {@code sluice keys}, {@code enforce}, {@code audit verify} and {@code read} with the keyset
 * store on HDFS (an in-process one), beside the data and the audit log.
 */
@ExtendWith(MiniHdfs.class)
class KeysOnHdfsCommandTest {
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: customers
      version: 1.0.0
      layer: silver
      columns:
        - {name: id, type: string, required: true, protect: {encrypt: deterministic, key: customers, domain: customer}}
        - {name: card, type: string, protect: {mask: show_last_4}}
        - {name: amount, type: 'decimal(8,2)', checks: [{range: {min: 0}}]}
      access:
        default: masked
        roles:
          fraud-analyst: {id: clear}
          support: {id: show_last_4}
      """;

  @Test
  void theCommandsUseAKeysetStoreOnHdfs(MiniDFSCluster hdfs, @TempDir Path dir) throws Exception {
    SparkSession spark = SparkRuns.session(new SparkOptions(), new PrintWriter(Writer.nullWriter()));
    MiniHdfs.client(spark.sparkContext().hadoopConfiguration()); // appends to the audit log on a one-node HDFS
    String root = hdfs.getURI() + "/cli-" + System.nanoTime();
    String keys = root + "/keys";
    FileSystem fs = hdfs.getFileSystem();

    Run created = sluice("keys", "create", "--keys", keys, "--name", "customers", "--type", "deterministic");
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.err()).contains("created a local master key at " + keys + "/_master-key.json");
    assertThat(sluice("keys", "create", "--keys", keys, "--name", "audit", "--type", "audit").exit()).isZero();
    assertThat(sluice("keys", "rotate", "--keys", keys, "--name", "customers").exit()).isZero();
    Path kmsKey = dir.resolve("kms-key");
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Files.write(kmsKey, key);
    Run refused = sluice("keys", "create", "--keys", keys, "--name", "orders", "--type", "deterministic",
        "--kms-uri", FileKms.SCHEME + kmsKey.toAbsolutePath());
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("its 2 keysets (audit, customers) are wrapped by " + keys + "/_master-key.json");
    assertThat(KeysetStore.open(keys, fs.getConf()).names()).containsExactly("audit", "customers");

    Files.writeString(dir.resolve("customers.yaml"), CONTRACT);
    try (var out = fs.create(new org.apache.hadoop.fs.Path(root + "/bronze/customers.csv"))) {
      out.write("id,card,amount\nCUST-0001,4111111111111111,3.50\nCUST-0002,5500000000000004,-1.00\n"
          .getBytes(StandardCharsets.UTF_8));
    }
    Run enforce = sluice("enforce", "--contract", dir.resolve("customers.yaml").toString(), "--input",
        root + "/bronze/customers.csv", "--output", root + "/silver", "--quarantine", root + "/quarantine",
        "--audit", root + "/audit", "--keys", keys);
    assertThat(enforce.exit()).as(enforce.out() + enforce.err()).isZero();

    Run verify = sluice("audit", "verify", "--audit", root + "/audit", "--keys", keys);
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).contains("intact, 1 record, every line signed by the audit key");

    Run support = sluice("read", "--contract", dir.resolve("customers.yaml").toString(), "--data", root + "/silver",
        "--format", "parquet", "--as", "support", "--keys", keys, "--audit", root + "/audit");
    assertThat(support.exit()).as(support.err()).isZero();
    assertThat(support.out()).contains("*****0001", "************1111").doesNotContain("CUST-0001");
    Run analyst = sluice("read", "--contract", dir.resolve("customers.yaml").toString(), "--data", root + "/silver",
        "--format", "parquet", "--as", "fraud-analyst", "--keys", keys, "--audit", root + "/audit");
    assertThat(analyst.exit()).as(analyst.err()).isZero();
    assertThat(analyst.out()).contains("CUST-0001").doesNotContain("CUST-0002");

    Run again = sluice("audit", "verify", "--audit", root + "/audit", "--keys", keys);
    assertThat(again.out()).contains("intact, 3 records, every line signed by the audit key");
  }
}
