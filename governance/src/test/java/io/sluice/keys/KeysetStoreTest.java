package io.sluice.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import io.sluice.contract.Remedy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Tink keysets on disk, wrapped by a real local master key. */
class KeysetStoreTest {
  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();

  private KeysetStore store() {
    return KeysetStore.local(dir, warnings::add);
  }

  @Test
  void aFreshFolderGetsAMasterKeyReadableOnlyByItsOwnerAndAWarning() throws Exception {
    store().create("customers", KeyType.DETERMINISTIC);
    Path master = dir.resolve(Kek.LOCAL_MASTER_KEY);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(master))).isEqualTo("rw-------");
    assertThat(warnings).singleElement().asString().contains("development only").contains(master.toString());
  }

  @Test
  void keysetsAreStoredEncryptedUnderTheMasterKey() throws Exception {
    store().create("customers", KeyType.DETERMINISTIC);
    String file = Files.readString(dir.resolve("customers.keyset.json"));
    assertThat(file).contains("\"encryptedKeyset\"").contains("\"type\" : \"deterministic\"").doesNotContain("\"value\"");
  }

  @Test
  void deterministicTokensAreEqualForEqualValuesAndDecrypt() throws Exception {
    store().create("customers", KeyType.DETERMINISTIC);
    SealedKeyset k = store().sealed("customers", KeyType.DETERMINISTIC);
    byte[] ad = "customer".getBytes(StandardCharsets.UTF_8);
    byte[] a = k.deterministicAead().encryptDeterministically("C-1".getBytes(StandardCharsets.UTF_8), ad);
    byte[] b = k.deterministicAead().encryptDeterministically("C-1".getBytes(StandardCharsets.UTF_8), ad);
    assertThat(a).isEqualTo(b);
    assertThat(new String(k.deterministicAead().decryptDeterministically(a, ad), StandardCharsets.UTF_8)).isEqualTo("C-1");
  }

  @Test
  void afterRotationOldTokensDecryptAndNewOnesUseTheNewPrimaryKey() throws Exception {
    store().create("contact", KeyType.RANDOMIZED);
    byte[] ad = "email".getBytes(StandardCharsets.UTF_8);
    byte[] old = store().sealed("contact", KeyType.RANDOMIZED).aead().encrypt("a@b.org".getBytes(StandardCharsets.UTF_8), ad);
    store().rotate("contact");
    SealedKeyset rotated = store().sealed("contact", KeyType.RANDOMIZED);
    byte[] fresh = rotated.aead().encrypt("a@b.org".getBytes(StandardCharsets.UTF_8), ad);
    assertThat(new String(rotated.aead().decrypt(old, ad), StandardCharsets.UTF_8)).isEqualTo("a@b.org");
    // Tink's output prefix: a version byte, then the id of the key that made the token.
    assertThat(Arrays.copyOfRange(fresh, 1, 5)).isNotEqualTo(Arrays.copyOfRange(old, 1, 5));
  }

  @Test
  void aHashKeyGivesSixtyFourHexCharactersAndDependsOnTheKey() throws Exception {
    store().create("pseudonyms", KeyType.HASH);
    store().create("other", KeyType.HASH);
    byte[] v = "jane@example.com".getBytes(StandardCharsets.UTF_8);
    byte[] h1 = store().sealed("pseudonyms", KeyType.HASH).prf().computePrimary(v, 32);
    byte[] h2 = store().sealed("other", KeyType.HASH).prf().computePrimary(v, 32);
    assertThat(java.util.HexFormat.of().formatHex(h1)).hasSize(64);
    assertThat(h1).isNotEqualTo(h2);
  }

  @Test
  void plaintextKeysetsAreRefusedUnlessAllowed() throws Exception {
    store(); // the master key
    KeysetHandle h = KeysetHandle.generateNew(KeyTemplates.get("AES256_SIV"));
    Files.writeString(dir.resolve("clear.keyset.json"), "{\"type\":\"deterministic\",\"keyset\":"
        + TinkJsonProtoKeysetFormat.serializeKeyset(h, InsecureSecretKeyAccess.get()) + "}");
    assertThatThrownBy(() -> store().sealed("clear", KeyType.DETERMINISTIC)).isInstanceOf(KeyException.class)
        .hasMessageContaining("stored in plaintext: refused");
    assertThat(store().allowingPlaintext().sealed("clear", KeyType.DETERMINISTIC).deterministicAead()).isNotNull();
  }

  @Test
  void aKeysetRenamedOrUnderAnotherMasterKeyDoesNotOpen(@TempDir Path other) throws Exception {
    store().create("customers", KeyType.DETERMINISTIC);
    Files.copy(dir.resolve("customers.keyset.json"), dir.resolve("renamed.keyset.json"));
    assertThatThrownBy(() -> store().sealed("renamed", KeyType.DETERMINISTIC)).isInstanceOf(KeyException.class)
        .hasMessageContaining("wrong key-encryption key, or the file was altered or renamed");
    Files.copy(dir.resolve("customers.keyset.json"), other.resolve("customers.keyset.json"));
    KeysetStore foreign = KeysetStore.local(other, w -> { });
    assertThatThrownBy(() -> foreign.sealed("customers", KeyType.DETERMINISTIC)).isInstanceOf(KeyException.class);
  }

  @Test
  void theWrongKindOfKeysetAndMissingOnesAreNamedWithTheFix() {
    store().create("contact", KeyType.RANDOMIZED);
    assertThatThrownBy(() -> store().sealed("contact", KeyType.DETERMINISTIC))
        .hasMessageContaining("'contact' is a randomized keyset; this use needs a deterministic one");
    assertThatThrownBy(() -> store().sealed("nope", KeyType.HASH)).isInstanceOfSatisfying(KeyException.class,
        e -> assertThat(e.remedy()).contains(Remedy.CREATE_KEYSET)).hasMessageContaining("no keyset 'nope'")
        .hasMessageContaining("create it").hasMessageNotContaining("sluice");
    assertThatThrownBy(() -> store().create("contact", KeyType.RANDOMIZED)).hasMessageContaining("rotate it instead");
  }

  @Test
  void openingAnEmptyFolderCreatesNothing(@TempDir Path empty) throws Exception {
    assertThatThrownBy(() -> KeysetStore.open(empty)).isInstanceOf(KeyException.class).hasMessageContaining("no keysets in");
    try (var files = Files.list(empty)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void noMessageOrNameCarriesKeyMaterial() throws Exception {
    store().create("customers", KeyType.DETERMINISTIC);
    SealedKeyset k = store().sealed("customers", KeyType.DETERMINISTIC);
    assertThat(k.toString()).isEqualTo("SealedKeyset[customers, deterministic]");
    String master = Files.readString(dir.resolve(Kek.LOCAL_MASTER_KEY));
    String secret = master.replaceAll("(?s).*\"value\":\\s*\"([^\"]+)\".*", "$1");
    assertThat(secret).isNotBlank().isNotEqualTo(master);
    try {
      KeysetStore.local(dir, w -> { }).sealed("renamed-missing", KeyType.DETERMINISTIC);
    } catch (KeyException e) {
      assertThat(e.getMessage()).doesNotContain(secret);
    }
    assertThat(k.kek().toString()).doesNotContain(secret);
  }
}
