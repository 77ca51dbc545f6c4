package io.sluice.contract;

import java.util.Locale;

/**
 * Reversible protection with Tink: {@code DETERMINISTIC} (AES-SIV; equal values give equal tokens,
 * so joins and grouping still work) or {@code RANDOMIZED} (AES-GCM).
 */
public enum EncryptMode {
  DETERMINISTIC, RANDOMIZED;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
