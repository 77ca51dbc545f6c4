package io.sluice.spark;

import io.sluice.contract.Remedy;
import io.sluice.contract.SluiceException;

/** The data does not have the shape the contract names (a missing column, an unexpected one): nothing is written. */
public class SchemaMismatchException extends SluiceException {
  public SchemaMismatchException(String message) {
    super(message);
  }

  public SchemaMismatchException(String message, Remedy remedy) {
    super(message, remedy);
  }
}
