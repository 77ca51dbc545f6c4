package io.sluice.cli;

import static io.sluice.cli.Run.sluice;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --master} and {@code --conf} on the commands that start Spark (a real cluster: StandaloneClusterIT). */
class SparkOptionsTest {

  @Test
  void everyCommandThatStartsSparkTakesMasterAndConf() {
    for (String command : new String[] {"validate", "enforce", "read", "demo", "diff"}) {
      Run help = sluice(command, "--help");
      assertThat(help.exit()).isZero();
      assertThat(help.out()).as(command).contains("--master=URL").contains("--conf=KEY=VALUE");
    }
  }

  @Test
  void commandsThatNeverStartSparkTakeNoMaster() {
    assertThat(sluice("lint", "--help").out()).doesNotContain("--master");
    assertThat(sluice("audit", "verify", "--help").out()).doesNotContain("--master");
  }

  @Test
  void diffTakesMasterOnlyForItsImpactRun() {
    Path orders = Path.of("../rule-examples/contracts/silver/orders.yaml");
    Run r = sluice("diff", orders.toString(), orders.toString(), "--master", "local[2]");
    assertThat(r.exit()).isEqualTo(Sluice.BAD_INPUT);
    assertThat(r.err()).contains("--master and --conf are for the Spark run of --impact DATA: give --impact too");
  }

  @Test
  void aSessionRunningInThisJvmIsUsedAndAnotherMasterRefused(@TempDir Path dir) throws Exception {
    SparkSession running = SparkRuns.session();
    Path contract = Files.writeString(dir.resolve("c.yaml"), """
        apiVersion: sluice/v1
        kind: DataContract
        id: c
        version: 1.0.0
        layer: silver
        columns: [{name: id, type: string}]
        """);
    Path csv = Files.writeString(dir.resolve("c.csv"), "id\na\n");

    Run other = sluice("validate", "--contract", contract.toString(), "--data", csv.toString(), "--master", "spark://127.0.0.1:9");
    assertThat(other.exit()).isEqualTo(Sluice.BAD_INPUT);
    assertThat(other.err()).contains("Cannot use --master spark://127.0.0.1:9: a Spark session with master "
        + running.sparkContext().master() + " already runs in this JVM");
    Run conf = sluice("validate", "--contract", contract.toString(), "--data", csv.toString(), "--conf", "spark.executor.memory=2g");
    assertThat(conf.exit()).isEqualTo(Sluice.BAD_INPUT);
    assertThat(conf.err()).contains("Cannot apply --conf spark.executor.memory");
    Run same = sluice("validate", "--contract", contract.toString(), "--data", csv.toString(),
        "--master", running.sparkContext().master());
    assertThat(same.exit()).as(same.err()).isZero();
    assertThat(SparkRuns.session()).isSameAs(running);
  }

  @Test
  void inLocalModeTheDriverListensOnLoopbackOnly() {
    String host = System.getenv().getOrDefault("SPARK_LOCAL_IP", "127.0.0.1");
    SparkSession spark = SparkRuns.session();
    assertThat(spark.conf().get("spark.driver.bindAddress")).isEqualTo(host);
    assertThat(spark.conf().get("spark.driver.host")).isEqualTo(host);
  }

  @Test
  void onlyInProcessMastersAreLocal() {
    assertThat(SparkRuns.local("local")).isTrue();
    assertThat(SparkRuns.local("local[*]")).isTrue();
    assertThat(SparkRuns.local("local[4,2]")).isTrue();
    assertThat(SparkRuns.local("local-cluster[2,1,1024]")).isFalse();
    assertThat(SparkRuns.local("spark://127.0.0.1:7077")).isFalse();
    assertThat(SparkRuns.local("yarn")).isFalse();
  }
}
