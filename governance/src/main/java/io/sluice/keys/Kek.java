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
import java.security.GeneralSecurityException;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;

/**
 * The key-encryption key that wraps every keyset: a KMS key ({@code aws-kms://…}, {@code gcp-kms://…}, …,
 * served by a {@link KmsProvider} on the class path, or by a KMS client registered with Tink) or, for
 * development, a master key file in the keyset folder. A {@code Kek} is only a reference — the URI, or the master key
 * file's absolute path or URI (on HDFS, say) — so it can travel to Spark executors, which resolve it themselves; the
 * key it names never travels.
 */
public record Kek(String uri) implements Serializable {
  /** The name of the development master key inside a keyset folder. */
  public static final String LOCAL_MASTER_KEY = "_master-key.json";
  private static final String LOCAL = "local-master-key://";

  /** The development master key in {@code dir}, created (owner-only) when missing; {@code warn} hears about it. */
  static Kek localIn(StoreFolder dir, Consumer<String> warn) {
    String file = dir.reference(LOCAL_MASTER_KEY);
    try {
      if (!dir.exists(LOCAL_MASTER_KEY)) {
        Tink.register();
        dir.mkdirs();
        KeysetHandle master = KeysetHandle.generateNew(KeyTemplates.get("AES256_GCM"));
        dir.publish(LOCAL_MASTER_KEY, TinkJsonProtoKeysetFormat.serializeKeyset(master, InsecureSecretKeyAccess.get()));
        warn.accept("created a local master key at " + file + " (mode 0600): for development only;"
            + " use a KMS key for real data");
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyException("cannot create the master key " + file + ": " + e.getClass().getSimpleName());
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
    return aead(null);
  }

  /**
   * The AEAD, a master key on a Hadoop file system read with {@code conf} (null: the active Spark session's Hadoop
   * configuration, or Hadoop's defaults where there is none, as on an executor).
   */
  Aead aead(Configuration conf) {
    Tink.register();
    try {
      if (isLocal()) {
        String file = uri.substring(LOCAL.length());
        String text;
        try {
          text = StoreFolder.read(file, conf);
        } catch (java.io.FileNotFoundException | org.apache.hadoop.security.AccessControlException e) {
          throw new KeyException("the master key " + file + " is missing or unreadable");
        }
        KeysetHandle master = TinkJsonProtoKeysetFormat.parseKeyset(text, InsecureSecretKeyAccess.get());
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
