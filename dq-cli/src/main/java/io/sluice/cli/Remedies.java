package io.sluice.cli;

import io.sluice.contract.Remedy;
import io.sluice.contract.SluiceException;

/**
 * What the CLI prints for a refusal: the library's message, then the flag or command that gives what it asks for. The
 * library names no flag; this is the one place that knows which flag gives which {@link Remedy}. Loads no Spark class:
 * every command's errors come through here, {@code lint} and {@code diff} included.
 */
final class Remedies {
  private Remedies() {}

  /** The flag or command line that gives {@code remedy}. */
  static String flag(Remedy remedy) {
    return switch (remedy) {
      case KEYSET_STORE -> "--keys DIR";
      case ROLE -> "--as ROLE";
      case CREATE_KEYSET -> "sluice keys create --keys DIR --name NAME --type TYPE";
      case KEEP_KEY_ENCRYPTION_KEY -> "leave --kms-uri out";
      case REWRAP_KEYSETS -> "--kms-uri URI --rewrap, or leave --kms-uri out";
      case INPUT_FORMAT -> "--format FORMAT";
      case REPROCESS -> "--reprocess";
      case RANGER_POLICIES -> "sluice policies export --format ranger";
    };
  }

  /**
   * {@code e}'s message, followed by the flag that gives its remedy when it, or an exception it wraps (a Spark job's
   * failure wraps the one a task threw), has one.
   */
  static String message(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof SluiceException s && s.remedy().isPresent()) {
        return message + " (" + flag(s.remedy().get()) + ")";
      }
    }
    return message;
  }
}
