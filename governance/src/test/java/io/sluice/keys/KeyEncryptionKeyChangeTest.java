package io.sluice.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.contract.Remedy;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys cannot be lost by a change of key-encryption key: a store whose keysets are under one KEK is refused
 * another, a KEK that does not answer changes nothing, and a rewrap switches every keyset at once or not at all —
 * also when it fails, or is killed, part-way.
 */
class KeyEncryptionKeyChangeTest {
  private static final byte[] AD = "customer".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  Path keys;
  byte[] token;

  /** Three keysets under the local master key, and a token made with one of them. */
  @BeforeEach
  void aStoreUnderTheLocalMasterKey() throws Exception {
    keys = dir.resolve("keys");
    KeysetStore store = KeysetStore.local(keys, w -> { });
    store.create("customers", KeyType.DETERMINISTIC);
    store.create("contact", KeyType.RANDOMIZED);
    store.create("pseudonyms", KeyType.HASH);
    token = store.sealed("customers", KeyType.DETERMINISTIC).deterministicAead()
        .encryptDeterministically("C-1".getBytes(StandardCharsets.UTF_8), AD);
  }

  private Path kmsKey(String name) throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path file = dir.resolve(name);
    Files.write(file, key);
    return file;
  }

  /** Every file under the store, by relative path, with its bytes. */
  private Map<String, String> onDisk() throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(keys)) {
      for (Path f : all.toList()) {
        files.put(keys.relativize(f).toString(), Files.isDirectory(f) ? "dir"
            : java.util.HexFormat.of().formatHex(Files.readAllBytes(f)));
      }
    }
    return files;
  }

  /** The store opens as it is, and every keyset in it opens and still decrypts the token. */
  private void everyKeysetOpens(Kek expected) {
    KeysetStore store = KeysetStore.open(keys);
    assertThat(store.kek()).isEqualTo(expected);
    assertThat(store.names()).containsExactly("contact", "customers", "pseudonyms");
    assertThat(store.sealed("contact", KeyType.RANDOMIZED).aead()).isNotNull();
    assertThat(store.sealed("pseudonyms", KeyType.HASH).prf()).isNotNull();
    try {
      assertThat(new String(store.sealed("customers", KeyType.DETERMINISTIC).deterministicAead()
          .decryptDeterministically(token, AD), StandardCharsets.UTF_8)).isEqualTo("C-1");
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError("the token no longer decrypts", e);
    }
  }

  @Test
  void aKmsKeyIsRefusedForKeysetsWrappedByAnotherAndNothingIsWritten() throws Exception {
    Kek local = KeysetStore.open(keys).kek();
    Map<String, String> before = onDisk();
    String uri = FileKms.SCHEME + kmsKey("kms-key").toAbsolutePath();
    assertThatThrownBy(() -> KeysetStore.kms(keys, uri)).isInstanceOfSatisfying(KeyException.class,
        e -> assertThat(e.remedy()).contains(Remedy.REWRAP_KEYSETS))
        .hasMessageContaining("its 3 keysets (contact, customers, pseudonyms) are wrapped by")
        .hasMessageContaining("re-encrypt them under the new key").hasMessageNotContaining("--");
    assertThat(onDisk()).isEqualTo(before);
    everyKeysetOpens(local);
  }

  @Test
  void aKmsKeyThatDoesNotAnswerChangesNothing() throws Exception {
    Kek local = KeysetStore.open(keys).kek();
    Map<String, String> before = onDisk();
    assertThatThrownBy(() -> KeysetStore.open(keys).rewrap("gcp-kms://x")).isInstanceOf(KeyException.class)
        .hasMessageContaining("Cannot rewrap the keysets of " + keys + " under gcp-kms://x")
        .hasMessageContaining("nothing was changed");
    assertThat(onDisk()).isEqualTo(before);
    everyKeysetOpens(local);
  }

  @Test
  void aNewFolderUnderAKmsKeyThatDoesNotAnswerStaysEmpty() throws Exception {
    Path fresh = dir.resolve("fresh");
    Files.createDirectories(fresh);
    assertThatThrownBy(() -> KeysetStore.kms(fresh, "gcp-kms://x").create("customers", KeyType.DETERMINISTIC))
        .isInstanceOf(KeyException.class).hasMessageContaining("gcp-kms://x");
    try (Stream<Path> files = Files.list(fresh)) {
      assertThat(files).as("no _kms-uri that would hide a later local master key").isEmpty();
    }
  }

  @Test
  void aRewrapPutsEveryKeysetUnderTheNewKeyAndTheKeysStayTheSame() throws Exception {
    String first = FileKms.SCHEME + kmsKey("kms-1").toAbsolutePath();
    KeysetStore rewrapped = KeysetStore.open(keys).rewrap(first);
    assertThat(rewrapped.generation()).isEqualTo(keys.resolve("generation-1").toString());
    everyKeysetOpens(Kek.kms(first));
    assertThat(Files.readString(keys.resolve("_generation")).strip()).isEqualTo("generation-1");
    assertThat(Files.readString(keys.resolve("generation-1").resolve("customers.keyset.json"))).contains("encryptedKeyset");

    String second = FileKms.SCHEME + kmsKey("kms-2").toAbsolutePath();
    KeysetStore.open(keys).rewrap(second);
    everyKeysetOpens(Kek.kms(second));
    KeysetStore.open(keys).create("orders", KeyType.DETERMINISTIC);
    assertThat(keys.resolve("generation-2").resolve("orders.keyset.json")).exists();
    assertThat(KeysetStore.kms(keys, second).names()).contains("orders");
  }

  @Test
  void aKmsThatFailsAfterTwoKeysetsLeavesTheStoreAsItWasByteForByte() throws Exception {
    Kek local = KeysetStore.open(keys).kek();
    Map<String, String> before = onDisk();
    String uri = FaultyKms.uri("throw", 3, kmsKey("kms-key")); // the probe, then two keysets
    assertThatThrownBy(() -> KeysetStore.open(keys).rewrap(uri)).isInstanceOf(KeyException.class)
        .hasMessageContaining("nothing was changed, they still open under " + local.describe());
    assertThat(onDisk()).isEqualTo(before);
    everyKeysetOpens(local);
  }

  @Test
  void aRewrapKilledAfterTwoKeysetsLeavesTheOldGenerationInUse() throws Exception {
    Kek local = KeysetStore.open(keys).kek();
    Path key = kmsKey("kms-key");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognized")).forEach(cmd::add);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RewrapKilledChild.class.getName(), keys.toString(),
        FaultyKms.uri("halt", 3, key)));
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile())
        .start();
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).as("halted mid-rewrap (see %s)", dir.resolve("child.log")).isEqualTo(99);

    try (Stream<Path> written = Files.list(keys.resolve("generation-1"))) {
      assertThat(written.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".keyset.json")))
          .as("the kill landed after two keysets of the new generation").hasSize(2);
    }
    assertThat(keys.resolve("_generation")).doesNotExist();
    everyKeysetOpens(local);

    String uri = FileKms.SCHEME + key.toAbsolutePath();
    assertThat(KeysetStore.open(keys).rewrap(uri).generation()).as("what the kill left is never reused")
        .isEqualTo(keys.resolve("generation-2").toString());
    everyKeysetOpens(Kek.kms(uri));
  }

  @Test
  void aLocalMasterKeyIsRefusedForKeysetsUnderAKms() throws Exception {
    String uri = FileKms.SCHEME + kmsKey("kms-key").toAbsolutePath();
    KeysetStore.open(keys).rewrap(uri);
    assertThatThrownBy(() -> KeysetStore.local(keys, w -> { })).isInstanceOf(KeyException.class)
        .hasMessageContaining("wrapped by KMS key " + uri);
    everyKeysetOpens(Kek.kms(uri));
  }

  @Test
  void noRefusalOrFailureCarriesKeyMaterial() throws Exception {
    String master = Files.readString(keys.resolve(Kek.LOCAL_MASTER_KEY));
    String masterValue = master.replaceAll("(?s).*\"value\":\\s*\"([^\"]+)\".*", "$1");
    assertThat(masterValue).isNotBlank().isNotEqualTo(master);
    Path kmsKey = kmsKey("kms-key");
    byte[] kmsBytes = Files.readAllBytes(kmsKey);
    List<String> messages = new ArrayList<>();
    for (Runnable failing : List.<Runnable>of(
        () -> KeysetStore.kms(keys, FileKms.SCHEME + kmsKey.toAbsolutePath()),
        () -> KeysetStore.open(keys).rewrap("gcp-kms://x"),
        () -> KeysetStore.open(keys).rewrap(FaultyKms.uri("throw", 2, kmsKey)))) {
      try {
        failing.run();
      } catch (KeyException e) {
        messages.add(e.getMessage());
      }
    }
    assertThat(messages).hasSize(3).allSatisfy(m -> assertThat(m)
        .doesNotContain(masterValue)
        .doesNotContain(java.util.Base64.getEncoder().encodeToString(kmsBytes))
        .doesNotContain(java.util.HexFormat.of().formatHex(kmsBytes)));
  }
}
