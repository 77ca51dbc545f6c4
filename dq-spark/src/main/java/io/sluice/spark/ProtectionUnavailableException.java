package io.sluice.spark;

import io.sluice.contract.SluiceException;

/** The contract protects columns this run cannot protect: nothing is written rather than plaintext. */
public class ProtectionUnavailableException extends SluiceException {
  public ProtectionUnavailableException(String message) {
    super(message);
  }
}
