package io.sluice.contract;

import java.util.Optional;

/**
 * The root of Sluice's exceptions: each message says what went wrong, where, and what to do, in the library's words.
 * When what to do is to supply something the caller left out, the exception also carries it as a {@link Remedy}.
 */
public class SluiceException extends RuntimeException {
  private final Remedy remedy;

  public SluiceException(String message) {
    this(message, (Remedy) null);
  }

  public SluiceException(String message, Throwable cause) {
    super(message, cause);
    this.remedy = null;
  }

  /** A refusal that {@code remedy} gets past; {@code message} says it in words. */
  public SluiceException(String message, Remedy remedy) {
    super(message);
    this.remedy = remedy;
  }

  /** What the caller must supply or do, when the message names one. */
  public Optional<Remedy> remedy() {
    return Optional.ofNullable(remedy);
  }
}
