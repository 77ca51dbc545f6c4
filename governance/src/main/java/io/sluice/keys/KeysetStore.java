package io.sluice.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import io.sluice.contract.Remedy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * A folder of named keysets, each encrypted under the {@link Kek}: {@code <name>.keyset.json} holds the key type
 * and Tink's encrypted keyset (the keyset's name is its associated data, so a file renamed to another name does not
 * decrypt), beside the KEK's reference ({@code _kms-uri}, or the development master key {@code _master-key.json}).
 * Plaintext keysets are refused unless the store was opened with {@link #allowingPlaintext()}.
 *
 * <p>The folder is a location as Spark takes one: a path of the default file system, or a URI of any Hadoop file
 * system ({@code hdfs://}, {@code s3a://}, {@code abfss://}, {@code file:}). A folder on the local disk is written
 * through {@code java.nio} ({@link java.nio.file.Path} overloads go nowhere else); any other through Hadoop's
 * {@code FileSystem}.
 *
 * <p>Keys cannot be lost by a command: a store whose keysets are wrapped by one KEK is never switched to another
 * unless {@link #rewrap} re-encrypts every keyset under it, and nothing is written until the new KEK has answered.
 * A keyset, {@code _kms-uri} and the master key are written in full under a hidden name and then renamed into place.
 * A rewrap writes a complete new
 * <em>generation</em> ({@code generation-N/}: the keysets and the new KEK's URI), checks that each keyset opens under
 * the new KEK, and only then switches by replacing one small file, {@code _generation}, with a rename: a rewrap that
 * fails, or is killed at any point, leaves the store opening exactly as before. A store that was never rewrapped
 * keeps its keysets in the folder itself. The renames are atomic on a local disk and on HDFS; on an object store a
 * rename is a copy, and what that means is in docs/governance.md.
 */
public final class KeysetStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String KMS_URI_FILE = "_kms-uri";
  /** Names the folder of the current generation, when the store has been rewrapped. */
  static final String GENERATION_FILE = "_generation";
  private static final String SUFFIX = ".keyset.json";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");
  private static final Pattern GENERATION = Pattern.compile("generation-([1-9][0-9]{0,8})");

  private final StoreFolder dir;
  private final StoreFolder home;
  private final Kek kek;
  private final boolean allowPlaintext;

  private KeysetStore(StoreFolder dir, StoreFolder home, Kek kek, boolean allowPlaintext) {
    this.dir = dir;
    this.home = home;
    this.kek = kek;
    this.allowPlaintext = allowPlaintext;
  }

  /** The store in {@code dir}, a folder on the local disk, under its development master key: see {@link #local(String, Configuration, Consumer)}. */
  public static KeysetStore local(java.nio.file.Path dir, Consumer<String> warn) {
    return local(new StoreFolder.Local(dir), warn);
  }

  /** The store at {@code location}, reached with the active Spark session's Hadoop configuration (Hadoop's defaults without one). */
  public static KeysetStore local(String location, Consumer<String> warn) {
    return local(location, StoreFolder.activeConf(), warn);
  }

  /**
   * The store at {@code location} under its development master key, kept in the folder (created, owner-only, with a
   * warning, when missing). Refused when the store's keysets are under a KMS key: opening them with a new master key
   * would lose them.
   */
  public static KeysetStore local(String location, Configuration conf, Consumer<String> warn) {
    return local(StoreFolder.at(location, conf), warn);
  }

  private static KeysetStore local(StoreFolder dir, Consumer<String> warn) {
    StoreFolder home = home(dir);
    current(home).filter(k -> !k.isLocal()).ifPresent(k -> {
      throw new KeyException("Cannot use a local master key for " + dir + ": its keysets are wrapped by KMS key "
          + k.describe() + "; open the store under the key it has (KeysetStore.open)", Remedy.KEEP_KEY_ENCRYPTION_KEY);
    });
    return new KeysetStore(dir, home, Kek.localIn(home, warn), false);
  }

  /** The store in {@code dir}, a folder on the local disk, under a KMS key: see {@link #kms(String, Configuration, String)}. */
  public static KeysetStore kms(java.nio.file.Path dir, String kmsUri) {
    return kms(new StoreFolder.Local(dir), kmsUri);
  }

  /** The store at {@code location}, reached with the active Spark session's Hadoop configuration (Hadoop's defaults without one). */
  public static KeysetStore kms(String location, String kmsUri) {
    return kms(location, StoreFolder.activeConf(), kmsUri);
  }

  /**
   * The store at {@code location} under a KMS key; the folder remembers the key's URI (not a secret) from its first
   * keyset on. Refused when keysets in it are wrapped by another key-encryption key, which would no longer be
   * asked for them: {@link #rewrap} them instead. Writes nothing.
   */
  public static KeysetStore kms(String location, Configuration conf, String kmsUri) {
    return kms(StoreFolder.at(location, conf), kmsUri);
  }

  private static KeysetStore kms(StoreFolder dir, String kmsUri) {
    StoreFolder home = home(dir);
    Kek wanted = Kek.kms(kmsUri);
    Optional<Kek> current = current(home);
    List<String> names = names(home);
    if (current.isPresent() && !current.get().equals(wanted) && !names.isEmpty()) {
      throw new KeyException("Cannot wrap the keysets of " + dir + " with KMS key " + kmsUri + ": its " + names.size()
          + " keyset" + (names.size() == 1 ? "" : "s") + " (" + String.join(", ", names) + ") are wrapped by "
          + current.get().describe() + ", and would no longer open; re-encrypt them under the new key, or"
          + " open the store under the key they have", Remedy.REWRAP_KEYSETS);
    }
    return new KeysetStore(dir, home, wanted, false);
  }

  /** The existing store in {@code dir}, a folder on the local disk: see {@link #open(String, Configuration)}. */
  public static KeysetStore open(java.nio.file.Path dir) {
    return open(new StoreFolder.Local(dir));
  }

  /** The existing store at {@code location}, reached with the active Spark session's Hadoop configuration (Hadoop's defaults without one). */
  public static KeysetStore open(String location) {
    return open(location, StoreFolder.activeConf());
  }

  /**
   * The existing store at {@code location}, under the key-encryption key it was made with (the KMS URI it remembers,
   * or its master key). Creates nothing: a run that only reads keys must not make any.
   */
  public static KeysetStore open(String location, Configuration conf) {
    return open(StoreFolder.at(location, conf));
  }

  private static KeysetStore open(StoreFolder dir) {
    StoreFolder home = home(dir);
    return current(home).map(k -> new KeysetStore(dir, home, k, false)).orElseThrow(() ->
        new KeyException("no keysets in " + dir + ": create them first", Remedy.CREATE_KEYSET));
  }

  /** Whether {@code dir}, a folder on the local disk, holds a store. */
  public static boolean exists(java.nio.file.Path dir) {
    return current(home(new StoreFolder.Local(dir))).isPresent();
  }

  /** Whether {@code location} holds a store: a key-encryption key that keysets are, or will be, wrapped with. */
  public static boolean exists(String location, Configuration conf) {
    return current(home(StoreFolder.at(location, conf))).isPresent();
  }

  /** The folder of the current generation: the one {@code _generation} names, or {@code dir} itself. */
  private static StoreFolder home(StoreFolder dir) {
    String pointer = dir.show(GENERATION_FILE);
    try {
      if (!dir.exists(GENERATION_FILE)) {
        return dir;
      }
      String name = dir.read(GENERATION_FILE).strip();
      if (!GENERATION.matcher(name).matches() || !dir.child(name).isFolder()) {
        throw new KeyException("Cannot open the keysets of " + dir + ": " + pointer + " names no generation folder"
            + " of the store; restore it from a backup of the keyset folder");
      }
      return dir.child(name);
    } catch (IOException e) {
      throw new KeyException("cannot read " + pointer + ": " + e.getClass().getSimpleName());
    }
  }

  /** The key-encryption key the folder {@code home} names, if any. */
  private static Optional<Kek> current(StoreFolder home) {
    try {
      if (home.exists(KMS_URI_FILE)) {
        return Optional.of(Kek.kms(home.read(KMS_URI_FILE).strip()));
      }
      if (home.exists(Kek.LOCAL_MASTER_KEY)) {
        return Optional.of(Kek.localIn(home, w -> { }));
      }
    } catch (IOException e) {
      throw new KeyException("cannot read " + home.show(KMS_URI_FILE) + ": " + e.getClass().getSimpleName());
    }
    return Optional.empty();
  }

  /** The names of the keysets in {@code home}, sorted. */
  private static List<String> names(StoreFolder home) {
    try {
      return home.list().stream().filter(f -> f.endsWith(SUFFIX))
          .map(f -> f.substring(0, f.length() - SUFFIX.length())).filter(n -> NAME.matcher(n).matches()).sorted().toList();
    } catch (IOException e) {
      throw new KeyException("cannot list the keysets in " + home + ": " + e.getClass().getSimpleName());
    }
  }

  /** Also reads keysets stored in plaintext (Tink's cleartext JSON): for tests and migrations only. */
  public KeysetStore allowingPlaintext() {
    return new KeysetStore(dir, home, kek, true);
  }

  /** The store's folder, as it was given: a path or a URI. */
  public String dir() {
    return dir.toString();
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
    try {
      return home.exists(name + SUFFIX);
    } catch (IOException e) {
      throw new KeyException("cannot read the keysets in " + home + ": " + e.getClass().getSimpleName());
    }
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
      throw new KeyException("no keyset '" + name + "' in " + dir + ": create it (deterministic, randomized or hash)",
          Remedy.CREATE_KEYSET);
    }
  }

  /**
   * This store with every keyset re-encrypted under KMS key {@code kmsUri}, switched to atomically (see the class
   * comment). The keys themselves do not change, so everything they protect still decrypts. The previous generation
   * stays in the folder, still under the previous key, for jobs that opened it before the switch; delete it when none
   * does.
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
    // Never an existing folder, made only if absent: nothing is overwritten, and two rewraps at once do not mix.
    StoreFolder next = dir.child("generation-" + (newestGeneration() + 1));
    boolean made = false;
    try {
      next.create();
      made = true;
      next.writeNew(KMS_URI_FILE, target.uri() + "\n");
      for (java.util.Map.Entry<String, Stored> k : keysets.entrySet()) {
        next.writeNew(k.getKey() + SUFFIX, json(k.getValue().type(),
            TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(k.getValue().handle(), wrap, ad(k.getKey()))));
      }
      for (java.util.Map.Entry<String, Stored> k : keysets.entrySet()) {
        String text = JSON.writeValueAsString(JSON.readTree(next.read(k.getKey() + SUFFIX)).path("keyset"));
        if (!TinkJsonProtoKeysetFormat.parseEncryptedKeyset(text, wrap, ad(k.getKey())).equalsKeyset(k.getValue().handle())) {
          throw new GeneralSecurityException("keyset '" + k.getKey() + "' did not read back");
        }
      }
      dir.replace(GENERATION_FILE, next.name() + "\n"); // the switch
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (made) { // a folder this rewrap did not make is another's, perhaps already switched to
        next.deleteQuietly();
      }
      throw new KeyException(cannot + (e instanceof KeyException ? e.getMessage() : e.getClass().getSimpleName())
          + unchanged);
    }
    dir.syncQuietly();
    return new KeysetStore(dir, next, target, allowPlaintext);
  }

  /**
   * The highest generation number among the store's folders (0 when none): the current one, or one a killed rewrap
   * left behind, which nothing reads and which is left for the operator to delete.
   */
  private int newestGeneration() {
    try {
      return dir.list().stream().map(GENERATION::matcher).filter(java.util.regex.Matcher::matches)
          .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0);
    } catch (IOException e) {
      throw new KeyException("cannot list " + dir + ": " + e.getClass().getSimpleName());
    }
  }

  /** The folder of the current generation (a path or a URI), or the store's folder itself when it was never rewrapped. */
  public String generation() {
    return home.toString();
  }

  /** A keyset as it is stored (encrypted), with what executors need to open it: the KEK reference. */
  public SealedKeyset sealed(String name, KeyType expected) {
    Stored s = read(name);
    if (s.type() != expected) {
      throw new KeyException("keyset '" + name + "' is a " + s.type().word() + " keyset; this use needs a "
          + expected.word() + " one: create a " + expected.word() + " keyset and name it instead", Remedy.CREATE_KEYSET);
    }
    return new SealedKeyset(name, expected, s.encryptedJson(), kek);
  }

  /** Stored: type, the handle (decrypted, in memory), and the encrypted JSON as on disk. */
  record Stored(KeyType type, KeysetHandle handle, String encryptedJson) {}

  Stored read(String name) {
    requireExisting(name);
    String file = home.show(name + SUFFIX);
    Tink.register();
    try {
      JsonNode n = JSON.readTree(home.read(name + SUFFIX));
      KeyType type = KeyType.named(n.path("type").asText("")).orElseThrow(() ->
          new KeyException("keyset file " + file + " names no key type"));
      JsonNode keyset = n.path("keyset");
      String text = JSON.writeValueAsString(keyset);
      if (keyset.has("encryptedKeyset")) {
        return new Stored(type, TinkJsonProtoKeysetFormat.parseEncryptedKeyset(text, kekAead(), ad(name)), text);
      }
      if (!allowPlaintext) {
        throw new KeyException("keyset '" + name + "' in " + dir + " is stored in plaintext: refused (encrypt it under"
            + " a key-encryption key, or allow plaintext keysets explicitly)");
      }
      KeysetHandle h = TinkJsonProtoKeysetFormat.parseKeyset(text, com.google.crypto.tink.InsecureSecretKeyAccess.get());
      return new Stored(type, h, TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(h, kekAead(), ad(name)));
    } catch (IOException e) {
      throw new KeyException("cannot read keyset file " + file + ": " + e.getClass().getSimpleName());
    } catch (GeneralSecurityException | IllegalArgumentException e) { // Tink's parser throws the latter on bad base64
      throw new KeyException("cannot decrypt keyset '" + name + "' with " + kek.describe()
          + ": wrong key-encryption key, or the file was altered or renamed");
    }
  }

  /** The KEK's AEAD; a master key in the folder is read the way the folder was reached. */
  private com.google.crypto.tink.Aead kekAead() {
    return kek.aead(home.conf());
  }

  /** Encrypts first, so a KEK that does not answer leaves the folder as it was; then the KMS URI, then the keyset. */
  private void write(String name, KeyType type, KeysetHandle handle) throws GeneralSecurityException {
    String encrypted = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, kekAead(), ad(name));
    try {
      home.mkdirs();
      if (!kek.isLocal() && !current(home).equals(Optional.of(kek))) {
        home.replace(KMS_URI_FILE, kek.uri() + "\n");
      }
      home.replace(name + SUFFIX, json(type, encrypted));
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

  static byte[] ad(String name) {
    return ("sluice-keyset:" + name).getBytes(StandardCharsets.UTF_8);
  }

  /** Refuses what is not a keyset name. */
  public static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new KeyException("'" + name + "' is not a keyset name: lower-case letters, digits, '-' and '_'");
    }
  }
}
