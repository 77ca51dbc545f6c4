package io.sluice.keys;

import java.util.Locale;
import java.util.Optional;

/** What a keyset is for, and the Tink key it holds. */
public enum KeyType {
  /** {@code protect.encrypt: deterministic}: AES-SIV, equal values give equal tokens. */
  DETERMINISTIC("AES256_SIV"),
  /** {@code protect.encrypt: randomized}: AES-GCM. */
  RANDOMIZED("AES256_GCM"),
  /** {@code protect.mask: hash}: HMAC-SHA256 as a PRF, 32 bytes out (64 hex). */
  HASH("HMAC_SHA256_PRF"),
  /** The audit log's signature ({@link AuditKey}): HMAC-SHA256 as Tink's MAC, whose tags name their key (rotation). */
  AUDIT("HMAC_SHA256_256BITTAG");

  private final String tinkParameters;

  KeyType(String tinkParameters) {
    this.tinkParameters = tinkParameters;
  }

  public String tinkParameters() {
    return tinkParameters;
  }

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<KeyType> named(String word) {
    for (KeyType t : values()) {
      if (t.word().equals(word.toLowerCase(Locale.ROOT))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
