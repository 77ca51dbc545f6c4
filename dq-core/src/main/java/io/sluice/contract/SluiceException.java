package io.sluice.contract;

/** The root of Sluice's exceptions: each message says what went wrong, where, and what to do. */
public class SluiceException extends RuntimeException {
  public SluiceException(String message) {
    super(message);
  }

  public SluiceException(String message, Throwable cause) {
    super(message, cause);
  }
}
