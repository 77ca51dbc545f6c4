package io.sluice.access.ranger;

import io.sluice.access.AccessPolicy;
import io.sluice.access.PolicyEngineProvider;
import io.sluice.access.PolicySource;
import io.sluice.contract.Contract;
import java.nio.file.Path;

/** {@link PolicySource#RANGER}'s engine, found by {@link PolicySource#policy} on the class path. */
public final class RangerEngineProvider implements PolicyEngineProvider {

  @Override
  public PolicySource source() {
    return PolicySource.RANGER;
  }

  @Override
  public AccessPolicy load(Contract contract, Path policies) {
    return RangerEngine.fromFile(contract, policies);
  }
}
