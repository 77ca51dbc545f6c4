package io.sluice.access;

import io.sluice.contract.Contract;
import java.nio.file.Path;

/**
 * The engine of a {@link PolicySource} that decides from policies kept outside the contract, in a file. Its module
 * registers it in {@code META-INF/services/io.sluice.access.PolicyEngineProvider}; {@link PolicySource#policy} finds
 * it with {@link java.util.ServiceLoader}, so that this module needs no compile-time dependency on the engine (and a
 * Spark job that never reads through Ranger carries none of Ranger's jars).
 */
public interface PolicyEngineProvider {

  /** The source this engine answers for. */
  PolicySource source();

  /** The engine over the policies in {@code policies}, deciding for {@code contract}'s dataset. */
  AccessPolicy load(Contract contract, Path policies);
}
