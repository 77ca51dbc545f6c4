package io.sluice.spark;

import io.sluice.contract.SluiceException;

/** A micro-batch of a stream that was aborted: nothing of it was written, and the query stops so nothing is lost. */
public class BatchAbortedException extends SluiceException {
  public BatchAbortedException(String message) {
    super(message);
  }
}
