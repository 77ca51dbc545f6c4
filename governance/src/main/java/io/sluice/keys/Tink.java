package io.sluice.keys;

import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.prf.PrfConfig;
import java.security.GeneralSecurityException;

/** Registers the Tink primitives Sluice uses, once per JVM (driver and executors alike). */
final class Tink {
  private static volatile boolean registered;

  private Tink() {}

  static void register() {
    if (registered) {
      return;
    }
    synchronized (Tink.class) {
      if (!registered) {
        try {
          AeadConfig.register();
          DeterministicAeadConfig.register();
          PrfConfig.register();
          MacConfig.register();
        } catch (GeneralSecurityException e) {
          throw new KeyException("cannot register Tink's primitives: " + e.getClass().getSimpleName());
        }
        registered = true;
      }
    }
  }
}
