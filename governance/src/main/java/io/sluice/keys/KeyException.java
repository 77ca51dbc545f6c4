package io.sluice.keys;

import io.sluice.contract.Remedy;
import io.sluice.contract.SluiceException;

/** A keyset that is missing, unreadable, of the wrong type, or stored in a way this store refuses. Never carries key material. */
public class KeyException extends SluiceException {
  public KeyException(String message) {
    super(message);
  }

  public KeyException(String message, Remedy remedy) {
    super(message, remedy);
  }
}
