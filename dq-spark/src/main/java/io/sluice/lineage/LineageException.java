package io.sluice.lineage;

import io.sluice.contract.SluiceException;

/** An OpenLineage configuration that is there but cannot be used. Found before a run starts; no run fails of it. */
public class LineageException extends SluiceException {
  public LineageException(String message) {
    super(message);
  }

  public LineageException(String message, Throwable cause) {
    super(message, cause);
  }
}
