package io.sluice.keys;

import io.sluice.audit.ChainKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * The key that signs the audit log ({@link ChainKey}): the keyset named {@value #NAME}, of type {@code audit}, in a
 * keyset store, encrypted under the store's key-encryption key like every keyset. Made with
 * {@code sluice keys create --name audit --type audit}; rotated like any keyset (old lines still verify). A run whose
 * store holds it signs every audit line it appends; {@code sluice audit verify --keys DIR} checks the signatures.
 */
public final class AuditKey implements ChainKey {
  public static final String NAME = "audit";

  private final SealedKeyset keyset;

  private AuditKey(SealedKeyset keyset) {
    this.keyset = keyset;
  }

  /** The store's audit key. */
  public static AuditKey of(KeysetStore store) {
    return new AuditKey(store.sealed(NAME, KeyType.AUDIT));
  }

  /** Whether {@code store} holds an audit key (then the runs that use it sign their audit lines). */
  public static boolean in(KeysetStore store) {
    return store.exists(NAME);
  }

  @Override
  public String sign(String sha256) {
    try {
      return Base64.getEncoder().encodeToString(keyset.mac().computeMac(sha256.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new KeyException("cannot sign the audit log: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public boolean verify(String sha256, String mac) {
    try {
      keyset.mac().verifyMac(Base64.getDecoder().decode(mac), sha256.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "AuditKey[" + keyset.name() + "]"; // never the key
  }
}
