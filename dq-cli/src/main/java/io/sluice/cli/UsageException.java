package io.sluice.cli;

import io.sluice.contract.SluiceException;

/** A flag with a value the command cannot use: exit 2. */
final class UsageException extends SluiceException {
  UsageException(String message) {
    super(message);
  }
}
