package io.sluice.spark;

import io.sluice.check.RuleCatalog;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.spark.commit.LocalFiles;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a Spark job starts with Sluice:
 *
 * <pre>{@code
 * Contract contract = Sluice.contract(Path.of("contracts/silver/orders.yaml"));
 * Enforcement run = Sluice.enforce(contract).on(bronzeOrders);
 * run.valid().write().parquet("silver/orders");
 * run.quarantine().write().parquet("quarantine/orders");
 * RunReport report = run.report();
 *
 * Dataset<Row> seen = Sluice.read(contract).as("support").keys(store).auditTo(auditDir).from("silver/orders");
 * }</pre>
 */
public final class Sluice {
  private Sluice() {}

  /** Loads and validates a contract; throws {@link io.sluice.contract.ContractException} naming every problem. */
  public static Contract contract(Path file) {
    return ContractLoader.withDiscoveredValidators().load(file);
  }

  /**
   * Loads and validates the contract at {@code location}: a path of the default file system, as in Spark, or a URI of
   * any Hadoop file system ({@code hdfs://}, {@code s3a://}, {@code file:}). Reached with the active Spark session's
   * Hadoop configuration, or Hadoop's defaults when there is none yet.
   */
  public static Contract contract(String location) {
    org.apache.hadoop.conf.Configuration conf = org.apache.spark.sql.SparkSession.getActiveSession().isDefined()
        ? org.apache.spark.sql.SparkSession.getActiveSession().get().sparkContext().hadoopConfiguration()
        : new org.apache.hadoop.conf.Configuration();
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
    try {
      org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(conf);
      java.util.Optional<java.nio.file.Path> local = LocalFiles.of(fs, fs.makeQualified(p));
      if (local.isPresent()) {
        return contract(p.toUri().getScheme() == null ? Path.of(location) : local.get());
      }
      long size = fs.getFileStatus(p).getLen();
      byte[] bytes;
      try (var in = fs.open(p)) {
        bytes = in.readNBytes((int) Math.min(size, 64L << 20)); // the loader refuses far less than this
      }
      return ContractLoader.withDiscoveredValidators().read(bytes, location).orThrow();
    } catch (java.io.FileNotFoundException e) {
      throw new io.sluice.contract.ContractException(List.of(new io.sluice.contract.Problem(
          io.sluice.contract.Problem.Kind.FILE_UNREADABLE, io.sluice.contract.Location.of(location), "no such file", "check the path; contracts are YAML files")));
    } catch (java.io.IOException e) {
      throw new InputException("cannot read the contract " + location + ": " + e.getMessage());
    }
  }

  /** A read of {@code contract}'s dataset as a role: {@code Sluice.read(contract).as("support").from(path)}. */
  public static ProtectedRead read(Contract contract) {
    return ProtectedRead.of(contract);
  }

  /** An enforcer of {@code contract}, its checks compiled once. */
  public static Enforcer enforce(Contract contract) {
    return new Enforcer(RuleCatalog.standard().compile(contract));
  }
}
