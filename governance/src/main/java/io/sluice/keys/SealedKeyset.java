package io.sluice.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.prf.PrfSet;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.Serializable;
import java.security.GeneralSecurityException;

/**
 * A keyset as it travels to Spark executors: still encrypted, with the reference of its key-encryption
 * key. Each JVM opens it once — asking the KMS, or reading the local master key — and keeps the primitive
 * in a Caffeine cache; plaintext key material never leaves the JVM that opened it and is never serialized.
 */
public record SealedKeyset(String name, KeyType type, String encryptedJson, Kek kek) implements Serializable {
  private static final Cache<SealedKeyset, Object> PRIMITIVES = Caffeine.newBuilder().maximumSize(256).build();

  public DeterministicAead deterministicAead() {
    return (DeterministicAead) primitive(DeterministicAead.class);
  }

  public Aead aead() {
    return (Aead) primitive(Aead.class);
  }

  public PrfSet prf() {
    return (PrfSet) primitive(PrfSet.class);
  }

  public com.google.crypto.tink.Mac mac() {
    return (com.google.crypto.tink.Mac) primitive(com.google.crypto.tink.Mac.class);
  }

  private Object primitive(Class<?> kind) {
    return PRIMITIVES.get(this, k -> {
      Tink.register();
      try {
        KeysetHandle h = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(encryptedJson, kek.aead(), KeysetStore.ad(name));
        return h.getPrimitive(RegistryConfiguration.get(), kind);
      } catch (GeneralSecurityException e) {
        throw new KeyException("cannot open keyset '" + name + "' as " + kind.getSimpleName() + ": "
            + e.getClass().getSimpleName());
      }
    });
  }

  @Override
  public String toString() {
    return "SealedKeyset[" + name + ", " + type.word() + "]"; // never the keyset, even encrypted
  }
}
