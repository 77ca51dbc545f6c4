package io.sluice.spark;

import io.sluice.check.RuleCatalog;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import java.nio.file.Path;

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

  /** A read of {@code contract}'s dataset as a role: {@code Sluice.read(contract).as("support").from(path)}. */
  public static ProtectedRead read(Contract contract) {
    return ProtectedRead.of(contract);
  }

  /** An enforcer of {@code contract}, its checks compiled once. */
  public static Enforcer enforce(Contract contract) {
    return new Enforcer(RuleCatalog.standard().compile(contract));
  }
}
