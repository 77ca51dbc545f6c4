package io.sluice.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of named keysets, each encrypted under the {@link Kek}: {@code <name>.keyset.json} holds the key type
 * and Tink's encrypted keyset (the keyset's name is its associated data, so a file renamed to another name does not
 * decrypt), beside the KEK's reference ({@code _kms-uri}, or the local {@code _master-key.json}). Plaintext keysets
 * are refused unless the store was opened with {@link #allowingPlaintext()}.
 *
 * <p>Keys cannot be lost by a command: a store whose keysets are wrapped by one KEK is never switched to another
 * unless {@link #rewrap} re-encrypts every keyset under it, and nothing is written until the new KEK has answered.
 * A rewrap writes a complete new <em>generation</em> ({@code generation-N/}: the keysets and the new KEK's URI),
 * checks that each keyset opens under the new KEK, and only then switches by replacing one small file,
 * {@code _generation}, with an atomic rename: a rewrap that fails, or is killed at any point, leaves the store
 * opening exactly as before. A store that was never rewrapped keeps its keysets in the folder itself.
 */
public final class KeysetStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String KMS_URI_FILE = "_kms-uri";
  /** Names the folder of the current generation, when the store has been rewrapped. */
  static final String GENERATION_FILE = "_generation";
  private static final String SUFFIX = ".keyset.json";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");
  private static final Pattern GENERATION = Pattern.compile("generation-([1-9][0-9]{0,8})");

  private final Path dir;
  private final Path home;
  private final Kek kek;
  private final boolean allowPlaintext;

  private KeysetStore(Path dir, Path home, Kek kek, boolean allowPlaintext) {
    this.dir = dir;
    this.home = home;
    this.kek = kek;
    this.allowPlaintext = allowPlaintext;
  }

  /**
   * The store in {@code dir} under its local development master key (created, with a warning, when missing).
   * Refused when the store's keysets are under a KMS key: opening them with a new master key would lose them.
   */
  public static KeysetStore local(Path dir, Consumer<String> warn) {
    Path home = home(dir);
    current(home).filter(k -> !k.isLocal()).ifPresent(k -> {
      throw new KeyException("Cannot use a local master key for " + dir + ": its keysets are wrapped by KMS key "
          + k.describe() + "; open the store as it is (leave --kms-uri out, or KeysetStore.open)");
    });
    return new KeysetStore(dir, home, Kek.localIn(home, warn), false);
  }

  /**
   * The store in {@code dir} under a KMS key; the folder remembers the key's URI (not a secret) from its first
   * keyset on. Refused when keysets in it are wrapped by another key-encryption key, which would no longer be
   * asked for them: {@link #rewrap} them instead. Writes nothing.
   */
  public static KeysetStore kms(Path dir, String kmsUri) {
    Path home = home(dir);
    Kek wanted = Kek.kms(kmsUri);
    Optional<Kek> current = current(home);
    List<String> names = names(home);
    if (current.isPresent() && !current.get().equals(wanted) && !names.isEmpty()) {
      throw new KeyException("Cannot wrap the keysets of " + dir + " with KMS key " + kmsUri + ": its " + names.size()
          + " keyset" + (names.size() == 1 ? "" : "s") + " (" + String.join(", ", names) + ") are wrapped by "
          + current.get().describe() + ", and would no longer open; re-encrypt them under the new key (sluice keys"
          + " ... --kms-uri " + kmsUri + " --rewrap), or leave --kms-uri out to keep the key they have");
    }
    return new KeysetStore(dir, home, wanted, false);
  }

  /**
   * An existing store, under the key-encryption key it was made with (the KMS URI it remembers, or its
   * local master key). Creates nothing: a run that only reads keys must not make any.
   */
  public static KeysetStore open(Path dir) {
    Path home = home(dir);
    return current(home).map(k -> new KeysetStore(dir, home, k, false)).orElseThrow(() ->
        new KeyException("no keysets in " + dir + " (create them: sluice keys create --keys " + dir + " ...)"));
  }

  /** Whether {@code dir} holds a store: a key-encryption key that keysets are, or will be, wrapped with. */
  public static boolean exists(Path dir) {
    return current(home(dir)).isPresent();
  }

  /** The folder of the current generation: the one {@code _generation} names, or {@code dir} itself. */
  private static Path home(Path dir) {
    Path pointer = dir.resolve(GENERATION_FILE);
    if (!Files.exists(pointer)) {
      return dir;
    }
    try {
      String name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
      if (!GENERATION.matcher(name).matches() || !Files.isDirectory(dir.resolve(name))) {
        throw new KeyException("Cannot open the keysets of " + dir + ": " + pointer + " names no generation folder"
            + " of the store; restore it from a backup of the keyset folder");
      }
      return dir.resolve(name);
    } catch (IOException e) {
      throw new KeyException("cannot read " + pointer + ": " + e.getClass().getSimpleName());
    }
  }

  /** The key-encryption key the folder {@code home} names, if any. */
  private static Optional<Kek> current(Path home) {
    try {
      if (Files.exists(home.resolve(KMS_URI_FILE))) {
        return Optional.of(Kek.kms(Files.readString(home.resolve(KMS_URI_FILE), StandardCharsets.UTF_8).strip()));
      }
    } catch (IOException e) {
      throw new KeyException("cannot read " + home.resolve(KMS_URI_FILE) + ": " + e.getClass().getSimpleName());
    }
    if (Files.exists(home.resolve(Kek.LOCAL_MASTER_KEY))) {
      return Optional.of(Kek.localIn(home, w -> { }));
    }
    return Optional.empty();
  }

  /** The names of the keysets in {@code home}, sorted. */
  private static List<String> names(Path home) {
    if (!Files.isDirectory(home)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(home)) {
      return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(SUFFIX))
          .map(f -> f.substring(0, f.length() - SUFFIX.length())).filter(n -> NAME.matcher(n).matches()).sorted().toList();
    } catch (IOException e) {
      throw new KeyException("cannot list the keysets in " + home + ": " + e.getClass().getSimpleName());
    }
  }

  /** Also reads keysets stored in plaintext (Tink's cleartext JSON): for tests and migrations only. */
  public KeysetStore allowingPlaintext() {
    return new KeysetStore(dir, home, kek, true);
  }

  public Path dir() {
    return dir;
  }

  /** The names of the keysets in this store, sorted. */
  public List<String> names() {
    return names(home);
  }

  public Kek kek() {
    return kek;
  }

  /** Creates keyset {@code name} of {@code type}; refuses to overwrite one. */
  public void create(String name, KeyType type) {
    requireNew(name);
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

  /** Refuses a name that is not a keyset name, or names a keyset this store already has. */
  public void requireNew(String name) {
    checkName(name);
    if (exists(name)) {
      throw new KeyException("keyset '" + name + "' already exists in " + dir + ": rotate it instead");
    }
  }

  /** Refuses a name that names no keyset of this store. */
  public void requireExisting(String name) {
    checkName(name);
    if (!exists(name)) {
      throw new KeyException("no keyset '" + name + "' in " + dir + " (create it: sluice keys create --keys " + dir
          + " --name " + name + " --type deterministic|randomized|hash)");
    }
  }

  /**
   * This store with every keyset re-encrypted under KMS key {@code kmsUri}, switched to atomically (see the class
   * comment). The keys themselves do not change, so everything they protect still decrypts. The previous generation
   * stays on disk, still under the previous key, for jobs that opened it before the switch; delete it when none does.
   */
  public KeysetStore rewrap(String kmsUri) {
    return rewrap(Kek.kms(kmsUri));
  }

  KeysetStore rewrap(Kek target) {
    if (target.equals(kek)) {
      return this;
    }
    String cannot = "Cannot rewrap the keysets of " + dir + " under " + target.describe() + ": ";
    String unchanged = "; nothing was changed, they still open under " + kek.describe();
    java.util.Map<String, Stored> keysets = new java.util.LinkedHashMap<>();
    for (String name : names()) {
      keysets.put(name, read(name)); // every keyset opens under the current KEK, or nothing is written
    }
    Tink.register();
    com.google.crypto.tink.Aead wrap;
    try {
      wrap = target.aead();
      byte[] probe = "sluice-kek-probe".getBytes(StandardCharsets.UTF_8);
      if (!java.util.Arrays.equals(probe, wrap.decrypt(wrap.encrypt(probe, ad("probe")), ad("probe")))) {
        throw new GeneralSecurityException("the key-encryption key did not decrypt what it encrypted");
      }
    } catch (KeyException e) {
      throw new KeyException(cannot + e.getMessage() + unchanged);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new KeyException(cannot + "the key-encryption key does not answer (" + e.getClass().getSimpleName() + ")"
          + unchanged);
    }
    Path next = dir.resolve("generation-" + (newestGeneration() + 1)); // never an existing folder: nothing is overwritten
    Path pointer = dir.resolve("." + GENERATION_FILE + ".tmp");
    try {
      Files.createDirectory(next);
      writeSynced(next.resolve(KMS_URI_FILE), target.uri() + "\n");
      for (java.util.Map.Entry<String, Stored> k : keysets.entrySet()) {
        writeSynced(next.resolve(k.getKey() + SUFFIX), json(k.getValue().type(),
            TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(k.getValue().handle(), wrap, ad(k.getKey()))));
      }
      for (java.util.Map.Entry<String, Stored> k : keysets.entrySet()) {
        String text = JSON.writeValueAsString(JSON.readTree(Files.readString(next.resolve(k.getKey() + SUFFIX),
            StandardCharsets.UTF_8)).path("keyset"));
        if (!TinkJsonProtoKeysetFormat.parseEncryptedKeyset(text, wrap, ad(k.getKey())).equalsKeyset(k.getValue().handle())) {
          throw new GeneralSecurityException("keyset '" + k.getKey() + "' did not read back");
        }
      }
      writeSynced(pointer, next.getFileName() + "\n");
      Files.move(pointer, dir.resolve(GENERATION_FILE), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE); // the switch
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      deleteQuietly(pointer);
      deleteQuietly(next);
      throw new KeyException(cannot + (e instanceof KeyException ? e.getMessage() : e.getClass().getSimpleName())
          + unchanged);
    }
    syncQuietly(dir);
    return new KeysetStore(dir, next, target, allowPlaintext);
  }

  /**
   * The highest generation number among the store's folders (0 when none): the current one, or one a killed rewrap
   * left behind, which nothing reads and which is left for the operator to delete.
   */
  private int newestGeneration() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> GENERATION.matcher(f.getFileName().toString())).filter(java.util.regex.Matcher::matches)
          .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0);
    } catch (IOException e) {
      throw new KeyException("cannot list " + dir + ": " + e.getClass().getSimpleName());
    }
  }

  /** The generation folder in use, or the store's folder itself when it was never rewrapped. */
  public Path generation() {
    return home;
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
    requireExisting(name);
    Path file = file(name);
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

  /** Encrypts first, so a KEK that does not answer leaves the folder as it was; then the KMS URI, then the keyset. */
  private void write(String name, KeyType type, KeysetHandle handle) throws GeneralSecurityException {
    String encrypted = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, kek.aead(), ad(name));
    try {
      Files.createDirectories(home);
      if (!kek.isLocal() && !current(home).equals(Optional.of(kek))) {
        replace(home.resolve(KMS_URI_FILE), kek.uri() + "\n");
      }
      replace(file(name), json(type, encrypted));
    } catch (IOException e) {
      throw new KeyException("cannot write keyset '" + name + "' to " + dir + ": " + e.getClass().getSimpleName());
    }
  }

  private static String json(KeyType type, String encryptedKeyset) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", type.word());
    n.set("keyset", JSON.readTree(encryptedKeyset));
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
  }

  /** Replaces {@code file} with {@code text} at once: readers see the old file or the new one, never a part. */
  private static void replace(Path file, String text) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try {
      writeSynced(tmp, text);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes {@code text} and forces it to the disk, so a switch that follows never points at a file still in a cache. */
  private static void writeSynced(Path file, String text) throws IOException {
    if (!Files.exists(file)) { // readable by its owner only, as Files.createTempFile makes them
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
    }
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        c.write(b);
      }
      c.force(true);
    }
  }

  private static void syncQuietly(Path folder) {
    try (FileChannel c = FileChannel.open(folder, StandardOpenOption.READ)) {
      c.force(true);
    } catch (IOException | RuntimeException e) {
      // not every file system lets a folder be synced; the rename is atomic either way
    }
  }

  /** Deletes what a failed rewrap wrote; what it cannot delete is never read (no pointer names it). */
  private static void deleteQuietly(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException | RuntimeException e) {
      // left behind: harmless, see newestGeneration
    }
  }

  static byte[] ad(String name) {
    return ("sluice-keyset:" + name).getBytes(StandardCharsets.UTF_8);
  }

  private Path file(String name) {
    return home.resolve(name + SUFFIX);
  }

  /** Refuses what is not a keyset name. */
  public static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new KeyException("'" + name + "' is not a keyset name: lower-case letters, digits, '-' and '_'");
    }
  }
}
