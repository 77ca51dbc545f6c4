package io.sluice.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClients;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.function.Consumer;

/**
 * The key-encryption key that wraps every keyset: a KMS key ({@code aws-kms://…}, {@code gcp-kms://…}, …,
 * served by a {@link KmsProvider} on the class path, or by a KMS client registered with Tink) or, for
 * development, a local master key file. A {@code Kek} is
 * only a reference — the URI or the file's path — so it can travel to Spark executors, which resolve it
 * themselves; the key it names never travels.
 */
public record Kek(String uri) implements Serializable {
  /** The name of the development master key inside a keyset folder. */
  public static final String LOCAL_MASTER_KEY = "_master-key.json";
  private static final String LOCAL = "local-master-key://";

  /** The development master key in {@code dir}, created (mode 0600) when missing; {@code warn} hears about it. */
  public static Kek localIn(Path dir, Consumer<String> warn) {
    Path file = dir.toAbsolutePath().resolve(LOCAL_MASTER_KEY);
    if (!Files.exists(file)) {
      Tink.register();
      try {
        Files.createDirectories(dir);
        KeysetHandle master = KeysetHandle.generateNew(KeyTemplates.get("AES256_GCM"));
        Path tmp = Files.createTempFile(dir, ".master", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, TinkJsonProtoKeysetFormat.serializeKeyset(master, InsecureSecretKeyAccess.get()));
        Files.move(tmp, file);
        warn.accept("created a local master key at " + file + " (mode 0600): for development only;"
            + " use a KMS (--kms-uri) for real data");
      } catch (IOException | GeneralSecurityException e) {
        throw new KeyException("cannot create the master key " + file + ": " + e.getClass().getSimpleName());
      }
    }
    return new Kek(LOCAL + file);
  }

  public static Kek kms(String uri) {
    return new Kek(uri);
  }

  public boolean isLocal() {
    return uri.startsWith(LOCAL);
  }

  /** The AEAD that wraps keysets. Resolved where it is called: on the driver, or on an executor. */
  public Aead aead() {
    Tink.register();
    try {
      if (isLocal()) {
        Path file = Path.of(uri.substring(LOCAL.length()));
        if (!Files.isReadable(file)) {
          throw new KeyException("the master key " + file + " is missing or unreadable");
        }
        KeysetHandle master = TinkJsonProtoKeysetFormat.parseKeyset(
            Files.readString(file, StandardCharsets.UTF_8), InsecureSecretKeyAccess.get());
        return master.getPrimitive(RegistryConfiguration.get(), Aead.class);
      }
      java.util.Optional<KmsProvider> provider = provider(uri);
      if (provider.isPresent()) {
        return new ProvidedAead(provider.get(), uri);
      }
      return KmsClients.get(uri).getAead(uri);
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyException("cannot use the key-encryption key " + describe() + ": " + e.getClass().getSimpleName()
          + (isLocal() ? "" : provider(uri).isPresent() ? " (are the KMS key and its credentials right?)"
              : " (no KMS provider handles this URI: put one on the class path, see io.sluice.keys.KmsProvider)"));
    }
  }

  /** The provider for {@code uri}: from the task's class loader (a job's jars) or Sluice's own. */
  private static java.util.Optional<KmsProvider> provider(String uri) {
    for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(), Kek.class.getClassLoader()}) {
      if (loader == null) {
        continue;
      }
      for (KmsProvider p : java.util.ServiceLoader.load(KmsProvider.class, loader)) {
        if (p.handles(uri)) {
          return java.util.Optional.of(p);
        }
      }
    }
    return java.util.Optional.empty();
  }

  /** A provider's KMS key as Tink's AEAD, so keysets are wrapped and opened the same way as under any KEK. */
  private record ProvidedAead(KmsProvider provider, String uri) implements Aead {
    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
      return provider.encrypt(uri, plaintext, associatedData);
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
      return provider.decrypt(uri, ciphertext, associatedData);
    }
  }

  /** How to name it in messages: the KMS URI, or the master key's path. */
  public String describe() {
    return isLocal() ? uri.substring(LOCAL.length()) : uri;
  }
}
