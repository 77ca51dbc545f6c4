package io.sluice.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A folder of named keysets, each encrypted under the {@link Kek}: {@code <dir>/<name>.keyset.json} holds
 * the key type and Tink's encrypted keyset (the keyset's name is its associated data, so a file renamed
 * to another name does not decrypt). Plaintext keysets are refused unless the store was opened with
 * {@link #allowingPlaintext()}.
 */
public final class KeysetStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String KMS_URI_FILE = "_kms-uri";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

  private final Path dir;
  private final Kek kek;
  private final boolean allowPlaintext;

  private KeysetStore(Path dir, Kek kek, boolean allowPlaintext) {
    this.dir = dir;
    this.kek = kek;
    this.allowPlaintext = allowPlaintext;
  }

  /** The store in {@code dir} under its local development master key (created, with a warning, when missing). */
  public static KeysetStore local(Path dir, Consumer<String> warn) {
    return new KeysetStore(dir, Kek.localIn(dir, warn), false);
  }

  /** The store in {@code dir} under a KMS key; the folder remembers the key's URI (not a secret). */
  public static KeysetStore kms(Path dir, String kmsUri) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(KMS_URI_FILE), kmsUri + "\n");
    } catch (IOException e) {
      throw new KeyException("cannot write " + dir.resolve(KMS_URI_FILE) + ": " + e.getClass().getSimpleName());
    }
    return new KeysetStore(dir, Kek.kms(kmsUri), false);
  }

  /**
   * An existing store, under the key-encryption key it was made with (the KMS URI it remembers, or its
   * local master key). Creates nothing: a run that only reads keys must not make any.
   */
  public static KeysetStore open(Path dir) {
    try {
      if (Files.exists(dir.resolve(KMS_URI_FILE))) {
        return new KeysetStore(dir, Kek.kms(Files.readString(dir.resolve(KMS_URI_FILE)).strip()), false);
      }
    } catch (IOException e) {
      throw new KeyException("cannot read " + dir.resolve(KMS_URI_FILE) + ": " + e.getClass().getSimpleName());
    }
    if (Files.exists(dir.resolve(Kek.LOCAL_MASTER_KEY))) {
      return new KeysetStore(dir, Kek.localIn(dir, w -> { }), false);
    }
    throw new KeyException("no keysets in " + dir + " (create them: sluice keys create --keys " + dir + " ...)");
  }

  /** Also reads keysets stored in plaintext (Tink's cleartext JSON): for tests and migrations only. */
  public KeysetStore allowingPlaintext() {
    return new KeysetStore(dir, kek, true);
  }

  public Path dir() {
    return dir;
  }

  public Kek kek() {
    return kek;
  }

  /** Creates keyset {@code name} of {@code type}; refuses to overwrite one. */
  public void create(String name, KeyType type) {
    checkName(name);
    Path file = file(name);
    if (Files.exists(file)) {
      throw new KeyException("keyset '" + name + "' already exists in " + dir + ": rotate it instead");
    }
    Tink.register();
    try {
      write(name, type, KeysetHandle.generateNew(com.google.crypto.tink.KeyTemplates.get(type.tinkParameters())));
    } catch (GeneralSecurityException e) {
      throw new KeyException("cannot generate a " + type.word() + " key: " + e.getClass().getSimpleName());
    }
  }

  /** Adds a new primary key to keyset {@code name}; the old keys stay, so what they protected still decrypts. */
  public void rotate(String name) {
    Stored s = read(name);
    try {
      KeysetHandle.Builder b = KeysetHandle.newBuilder(s.handle());
      KeysetHandle.Builder.Entry entry = KeysetHandle.generateEntryFromParametersName(s.type().tinkParameters()).withRandomId();
      b.addEntry(entry);
      entry.makePrimary();
      write(name, s.type(), b.build());
    } catch (GeneralSecurityException e) {
      throw new KeyException("cannot rotate keyset '" + name + "': " + e.getClass().getSimpleName());
    }
  }

  public boolean exists(String name) {
    return Files.exists(file(name));
  }

  /** A keyset as it is stored (encrypted), with what executors need to open it: the KEK reference. */
  public SealedKeyset sealed(String name, KeyType expected) {
    Stored s = read(name);
    if (s.type() != expected) {
      throw new KeyException("keyset '" + name + "' is a " + s.type().word() + " keyset; this use needs a "
          + expected.word() + " one (sluice keys create --name " + name + " --type " + expected.word() + ")");
    }
    return new SealedKeyset(name, expected, s.encryptedJson(), kek);
  }

  /** Stored: type, the handle (decrypted, in memory), and the encrypted JSON as on disk. */
  record Stored(KeyType type, KeysetHandle handle, String encryptedJson) {}

  Stored read(String name) {
    checkName(name);
    Path file = file(name);
    if (!Files.exists(file)) {
      throw new KeyException("no keyset '" + name + "' in " + dir + " (create it: sluice keys create --keys " + dir
          + " --name " + name + " --type deterministic|randomized|hash)");
    }
    Tink.register();
    try {
      JsonNode n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      KeyType type = KeyType.named(n.path("type").asText("")).orElseThrow(() ->
          new KeyException("keyset file " + file + " names no key type"));
      JsonNode keyset = n.path("keyset");
      String text = JSON.writeValueAsString(keyset);
      if (keyset.has("encryptedKeyset")) {
        return new Stored(type, TinkJsonProtoKeysetFormat.parseEncryptedKeyset(text, kek.aead(), ad(name)), text);
      }
      if (!allowPlaintext) {
        throw new KeyException("keyset '" + name + "' in " + dir + " is stored in plaintext: refused (encrypt it under"
            + " a key-encryption key, or allow plaintext keysets explicitly)");
      }
      KeysetHandle h = TinkJsonProtoKeysetFormat.parseKeyset(text, com.google.crypto.tink.InsecureSecretKeyAccess.get());
      return new Stored(type, h, TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(h, kek.aead(), ad(name)));
    } catch (IOException e) {
      throw new KeyException("cannot read keyset file " + file + ": " + e.getClass().getSimpleName());
    } catch (GeneralSecurityException | IllegalArgumentException e) { // Tink's parser throws the latter on bad base64
      throw new KeyException("cannot decrypt keyset '" + name + "' with " + kek.describe()
          + ": wrong key-encryption key, or the file was altered or renamed");
    }
  }

  private void write(String name, KeyType type, KeysetHandle handle) throws GeneralSecurityException {
    try {
      Files.createDirectories(dir);
      ObjectNode n = JSON.createObjectNode();
      n.put("type", type.word());
      n.set("keyset", JSON.readTree(TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, kek.aead(), ad(name))));
      Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
      Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
      Files.move(tmp, file(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new KeyException("cannot write keyset '" + name + "' to " + dir + ": " + e.getClass().getSimpleName());
    }
  }

  static byte[] ad(String name) {
    return ("sluice-keyset:" + name).getBytes(StandardCharsets.UTF_8);
  }

  private Path file(String name) {
    return dir.resolve(name + ".keyset.json");
  }

  private static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new KeyException("'" + name + "' is not a keyset name: lower-case letters, digits, '-' and '_'");
    }
  }
}
