package io.sluice.access;

import io.sluice.contract.Remedy;
import io.sluice.contract.SluiceException;

/** A read that cannot be served as asked: a policy file that does not fit the contract, a mask that cannot apply. */
public class AccessException extends SluiceException {
  public AccessException(String message) {
    super(message);
  }

  public AccessException(String message, Remedy remedy) {
    super(message, remedy);
  }

  public AccessException(String message, Throwable cause) {
    super(message, cause);
  }
}
