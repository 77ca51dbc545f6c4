package io.sluice.spark;

import io.sluice.contract.SluiceException;

/** Another live run holds what this run needs (the same input into the same target): nothing was written; run again. */
public class ConcurrentRunException extends SluiceException {
  public ConcurrentRunException(String message) {
    super(message);
  }
}
