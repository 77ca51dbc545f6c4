package io.sluice.spark;

import io.sluice.contract.ContractLoader;
import io.sluice.spark.commit.Staging;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The JVM {@link KilledRunTest} kills: runs one transition, as a job would. */
public final class KilledRunChild {
  private KilledRunChild() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("killed-run")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.hadoop." + Staging.LEASE_TIMEOUT_MS, args[5]).getOrCreate();
    Transition.of(ContractLoader.withDiscoveredValidators().load(Path.of(args[0])))
        .from(args[1], Format.PARQUET).to(args[2]).quarantineTo(args[3]).auditTo(Path.of(args[4])).run(spark);
    spark.stop();
  }
}
