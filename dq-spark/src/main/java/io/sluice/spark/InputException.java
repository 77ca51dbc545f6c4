package io.sluice.spark;

import io.sluice.contract.Remedy;
import io.sluice.contract.SluiceException;

/** An input that cannot be read: missing, unreadable, or of an unknown format. Nothing is written. */
public class InputException extends SluiceException {
  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Remedy remedy) {
    super(message, remedy);
  }
}
