package io.sluice.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keysets wrapped by a KMS that plugs in as a {@link KmsProvider} (here {@link FileKms}, a stand-in for a cloud KMS). */
class KmsProviderTest {
  private static final byte[] AD = "customer".getBytes(StandardCharsets.UTF_8);

  private static String kmsKey(Path dir) throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path file = dir.resolve("kms-key");
    Files.write(file, key);
    return FileKms.SCHEME + file.toAbsolutePath();
  }

  @Test
  void keysetsWrappedByAKmsProviderAreCreatedRotatedAndOpenedAgain(@TempDir Path dir) throws Exception {
    Path keys = dir.resolve("keys");
    KeysetStore store = KeysetStore.kms(keys, kmsKey(dir));
    store.create("customers", KeyType.DETERMINISTIC);
    byte[] before = store.sealed("customers", KeyType.DETERMINISTIC).deterministicAead()
        .encryptDeterministically("C-1".getBytes(StandardCharsets.UTF_8), AD);
    store.rotate("customers");

    KeysetStore reopened = KeysetStore.open(keys); // the KMS URI is remembered in the folder
    SealedKeyset rotated = reopened.sealed("customers", KeyType.DETERMINISTIC);
    assertThat(new String(rotated.deterministicAead().decryptDeterministically(before, AD), StandardCharsets.UTF_8))
        .isEqualTo("C-1");
    assertThat(rotated.deterministicAead().encryptDeterministically("C-1".getBytes(StandardCharsets.UTF_8), AD))
        .isNotEqualTo(before); // the new primary key
    assertThat(keys.resolve(Kek.LOCAL_MASTER_KEY)).doesNotExist();
    assertThat(Files.readString(keys.resolve("customers.keyset.json"))).contains("encryptedKeyset");
  }

  @Test
  void anotherKmsKeyCannotOpenTheKeysets(@TempDir Path dir) throws Exception {
    String uri = kmsKey(dir);
    KeysetStore store = KeysetStore.kms(dir.resolve("keys"), uri);
    store.create("customers", KeyType.DETERMINISTIC);
    byte[] other = new byte[32];
    new SecureRandom().nextBytes(other);
    Files.write(Path.of(uri.substring(FileKms.SCHEME.length())), other);
    assertThatThrownBy(() -> KeysetStore.open(dir.resolve("keys")).sealed("customers", KeyType.DETERMINISTIC)
        .deterministicAead())
        .isInstanceOf(KeyException.class).hasMessageContaining(uri);
  }

  @Test
  void aKmsUriNoProviderHandlesSaysHowToPlugOneIn(@TempDir Path dir) {
    KeysetStore store = KeysetStore.kms(dir.resolve("keys"), "nowhere-kms://keys/k1");
    assertThatThrownBy(() -> store.create("customers", KeyType.DETERMINISTIC))
        .isInstanceOf(KeyException.class).hasMessageContaining("nowhere-kms://keys/k1").hasMessageContaining("KmsProvider");
  }
}
