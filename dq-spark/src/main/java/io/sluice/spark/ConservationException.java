package io.sluice.spark;

import io.sluice.contract.SluiceException;

/** {@code rows_in != rows_valid + rows_quarantined}: a run that lost or invented rows is a failed run. */
public class ConservationException extends SluiceException {
  public ConservationException(String message) {
    super(message);
  }
}
