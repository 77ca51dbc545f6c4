package io.sluice.cli;

import static io.sluice.cli.Run.sluice;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.keys.Kek;
import io.sluice.keys.KeyType;
import io.sluice.keys.KeysetStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice keys}: a keyset folder is never switched to another key-encryption key under its keysets, and a
 * refused or failed command leaves it byte for byte as it was; {@code --rewrap} moves every keyset at once.
 */
class KeysCommandTest {
  private static final byte[] AD = "customer".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  Path keys;
  byte[] token;

  /** Two keysets made by the command under the local master key, and a token made with one of them. */
  @BeforeEach
  void aFolderUnderTheLocalMasterKey() throws Exception {
    keys = dir.resolve("keys");
    assertThat(sluice("keys", "create", "--keys", keys.toString(), "--name", "customers", "--type", "deterministic").exit())
        .isZero();
    assertThat(sluice("keys", "create", "--keys", keys.toString(), "--name", "contact", "--type", "randomized").exit())
        .isZero();
    token = KeysetStore.open(keys).sealed("customers", KeyType.DETERMINISTIC).deterministicAead()
        .encryptDeterministically("C-1".getBytes(StandardCharsets.UTF_8), AD);
  }

  private String kmsUri() throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path file = dir.resolve("kms-key");
    Files.write(file, key);
    return FileKms.SCHEME + file.toAbsolutePath();
  }

  private Map<String, String> onDisk(Path folder) throws Exception {
    Map<String, String> files = new TreeMap<>();
    if (!Files.exists(folder)) {
      return files;
    }
    try (Stream<Path> all = Files.walk(folder)) {
      for (Path f : all.toList()) {
        files.put(folder.relativize(f).toString(), Files.isDirectory(f) ? "dir" : HexFormat.of().formatHex(Files.readAllBytes(f)));
      }
    }
    return files;
  }

  /** The folder opens under {@code kek}, and the keysets made before still open and decrypt. */
  private void theKeysetsStillOpen(Kek kek) throws Exception {
    KeysetStore store = KeysetStore.open(keys);
    assertThat(store.kek()).isEqualTo(kek);
    assertThat(new String(store.sealed("customers", KeyType.DETERMINISTIC).deterministicAead()
        .decryptDeterministically(token, AD), StandardCharsets.UTF_8)).isEqualTo("C-1");
    assertThat(store.sealed("contact", KeyType.RANDOMIZED).aead()).isNotNull();
  }

  @Test
  void aKmsUriForKeysetsUnderAnotherKeyIsRefusedWithoutRewrapAndChangesNothing() throws Exception {
    Kek local = KeysetStore.open(keys).kek();
    Map<String, String> before = onDisk(keys);
    Run r = sluice("keys", "create", "--keys", keys.toString(), "--name", "orders", "--type", "deterministic",
        "--kms-uri", kmsUri());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("its 2 keysets (contact, customers) are wrapped by")
        .contains("re-encrypt them under the new key, or open the store under the key they have"
            + " (--kms-uri URI --rewrap, or leave --kms-uri out)");
    assertThat(onDisk(keys)).isEqualTo(before);
    theKeysetsStillOpen(local);
  }

  @Test
  void aKmsUriThatDoesNotAnswerChangesNothingWithOrWithoutRewrap() throws Exception {
    Kek local = KeysetStore.open(keys).kek();
    Map<String, String> before = onDisk(keys);
    for (String[] extra : new String[][] {{}, {"--rewrap"}}) {
      Run r = sluice(Stream.concat(Stream.of("keys", "create", "--keys", keys.toString(), "--name", "orders", "--type",
          "deterministic", "--kms-uri", "gcp-kms://x"), Stream.of(extra)).toArray(String[]::new));
      assertThat(r.exit()).as(String.join(" ", extra)).isEqualTo(2);
      assertThat(onDisk(keys)).as(String.join(" ", extra)).isEqualTo(before);
    }
    assertThat(sluice("keys", "rotate", "--keys", keys.toString(), "--name", "customers", "--kms-uri", "gcp-kms://x",
        "--rewrap").err()).contains("Cannot rewrap").contains("nothing was changed");
    assertThat(onDisk(keys)).isEqualTo(before);
    theKeysetsStillOpen(local);
  }

  @Test
  void aNewFolderUnderAKmsUriThatDoesNotAnswerIsLeftWithoutAKmsUri() throws Exception {
    Path fresh = dir.resolve("fresh");
    Run r = sluice("keys", "create", "--keys", fresh.toString(), "--name", "orders", "--type", "deterministic",
        "--kms-uri", "gcp-kms://x");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(onDisk(fresh).keySet()).doesNotContain("_kms-uri");
    Run local = sluice("keys", "create", "--keys", fresh.toString(), "--name", "orders", "--type", "deterministic");
    assertThat(local.exit()).as(local.err()).isZero();
    assertThat(KeysetStore.open(fresh).sealed("orders", KeyType.DETERMINISTIC).deterministicAead()).isNotNull();
  }

  @Test
  void rewrapPutsEveryKeysetUnderTheNewKmsKeyThenCreates() throws Exception {
    String uri = kmsUri();
    Run r = sluice("keys", "create", "--keys", keys.toString(), "--name", "orders", "--type", "deterministic",
        "--kms-uri", uri, "--rewrap");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("rewrapped 2 keyset(s) of " + keys + " under " + uri)
        .contains("the previous generation stays in " + keys).contains("created keyset 'orders'");
    theKeysetsStillOpen(Kek.kms(uri));
    assertThat(KeysetStore.open(keys).names()).containsExactly("contact", "customers", "orders");
    Run rotate = sluice("keys", "rotate", "--keys", keys.toString(), "--name", "customers");
    assertThat(rotate.exit()).as(rotate.err()).isZero();
    theKeysetsStillOpen(Kek.kms(uri));
  }

  @Test
  void aRewrapWhoseCommandWouldFailAfterwardsIsNotStarted() throws Exception {
    Kek local = KeysetStore.open(keys).kek();
    Map<String, String> before = onDisk(keys);
    Run exists = sluice("keys", "create", "--keys", keys.toString(), "--name", "customers", "--type", "deterministic",
        "--kms-uri", kmsUri(), "--rewrap");
    assertThat(exists.exit()).isEqualTo(2);
    assertThat(exists.err()).contains("already exists");
    Run missing = sluice("keys", "rotate", "--keys", keys.toString(), "--name", "nope", "--kms-uri", kmsUri(), "--rewrap");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("no keyset 'nope' in " + keys)
        .contains("(sluice keys create --keys DIR --name NAME --type TYPE)");
    assertThat(onDisk(keys)).isEqualTo(before);
    theKeysetsStillOpen(local);
  }

  @Test
  void aLocalMasterKeyIsAWarningThatNamesTheKmsFlag() {
    Run r = sluice("keys", "create", "--keys", dir.resolve("fresh").toString(), "--name", "orders", "--type", "hash");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("sluice: warning: created a local master key")
        .contains("for development only; use a KMS key for real data (--kms-uri URI)");
  }

  @Test
  void refusedCommandsMakeNoMasterKey() throws Exception {
    Path fresh = dir.resolve("fresh");
    Run rotate = sluice("keys", "rotate", "--keys", fresh.toString(), "--name", "orders");
    assertThat(rotate.exit()).isEqualTo(2);
    assertThat(rotate.err()).contains("no keysets in " + fresh + ": create them first (sluice keys create --keys DIR");
    assertThat(sluice("keys", "create", "--keys", fresh.toString(), "--name", "Bad Name", "--type", "hash").exit())
        .isEqualTo(2);
    Run rewrap = sluice("keys", "create", "--keys", fresh.toString(), "--name", "orders", "--type", "hash", "--rewrap");
    assertThat(rewrap.exit()).isEqualTo(2);
    assertThat(rewrap.err()).contains("--kms-uri");
    assertThat(onDisk(fresh)).isEmpty();
  }
}
