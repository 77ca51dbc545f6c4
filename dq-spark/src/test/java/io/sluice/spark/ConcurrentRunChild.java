package io.sluice.spark;

import io.sluice.contract.ContractLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;

/**
 * One of the JVMs {@link ConcurrentRunsTest} starts together: starts Spark, says it is ready, waits for the word,
 * runs one transition and writes its outcome.
 */
public final class ConcurrentRunChild {
  private ConcurrentRunChild() {}

  public static void main(String[] args) throws Exception {
    Path ready = Path.of(args[5]);
    Path go = Path.of(args[6]);
    Path outcome = Path.of(args[7]);
    SparkSession spark = SparkSession.builder().master("local[1]").appName("concurrent-run")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    var contract = ContractLoader.withDiscoveredValidators().load(Path.of(args[0]));
    Files.writeString(ready, "ready");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!Files.exists(go) && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    try {
      TransitionResult r = Transition.of(contract).from(args[1], Format.PARQUET).to(args[2]).quarantineTo(args[3])
          .auditTo(Path.of(args[4])).run(spark);
      Files.writeString(outcome, r.outcome() + " " + r.report().rowsValid() + " " + r.report().rowsQuarantined());
    } catch (ConcurrentRunException e) { // the CLI's exit 2: another run holds this input
      Files.writeString(outcome, "REFUSED 0 0");
    }
    spark.stop();
  }
}
