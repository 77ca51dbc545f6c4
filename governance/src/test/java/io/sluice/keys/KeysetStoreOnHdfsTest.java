package io.sluice.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.contract.Remedy;
import io.sluice.testkit.MiniHdfs;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keyset store on HDFS (an in-process one), by URI: keysets and the master key owner-only there, and the same
 * promise as on a local disk — a refused or failed command changes nothing, and a rewrap, even killed part-way,
 * switches every keyset at once or not at all. The stand-in KMS keeps its key in a local file, as a cloud KMS keeps
 * it elsewhere.
 */
@ExtendWith(MiniHdfs.class)
class KeysetStoreOnHdfsTest {
  private static final byte[] AD = "customer".getBytes(StandardCharsets.UTF_8);

  @TempDir Path local;
  Configuration conf;
  FileSystem fs;
  String keys;
  byte[] token;

  /** Three keysets under the master key, all on HDFS, and a token made with one of them. */
  @BeforeEach
  void aStoreOnHdfs(MiniDFSCluster hdfs) throws Exception {
    conf = new Configuration();
    MiniHdfs.client(conf);
    fs = hdfs.getFileSystem();
    keys = hdfs.getURI() + "/lake-" + System.nanoTime() + "/keys";
    KeysetStore store = KeysetStore.local(keys, conf, w -> { });
    store.create("customers", KeyType.DETERMINISTIC);
    store.create("contact", KeyType.RANDOMIZED);
    store.create("pseudonyms", KeyType.HASH);
    token = store.sealed("customers", KeyType.DETERMINISTIC).deterministicAead()
        .encryptDeterministically("C-1".getBytes(StandardCharsets.UTF_8), AD);
  }

  private String kmsKey(String name) throws IOException {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path file = local.resolve(name);
    Files.write(file, key);
    return file.toAbsolutePath().toString();
  }

  /** Every file and folder under the store on HDFS, by relative path, with its bytes. */
  private Map<String, String> onHdfs() throws IOException {
    org.apache.hadoop.fs.Path root = fs.makeQualified(new org.apache.hadoop.fs.Path(keys));
    Map<String, String> files = new TreeMap<>();
    collect(root, root, files);
    return files;
  }

  private void collect(org.apache.hadoop.fs.Path root, org.apache.hadoop.fs.Path dir, Map<String, String> files)
      throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      String name = root.toUri().relativize(s.getPath().toUri()).toString();
      if (s.isDirectory()) {
        files.put(name, "dir");
        collect(root, s.getPath(), files);
      } else {
        try (var in = fs.open(s.getPath())) {
          files.put(name, HexFormat.of().formatHex(in.readAllBytes()));
        }
      }
    }
  }

  /** The store opens as it is, from HDFS, and every keyset in it opens and still decrypts the token. */
  private void everyKeysetOpens(Kek expected) throws Exception {
    KeysetStore store = KeysetStore.open(keys, conf);
    assertThat(store.kek()).isEqualTo(expected);
    assertThat(store.names()).containsExactly("contact", "customers", "pseudonyms");
    assertThat(store.sealed("contact", KeyType.RANDOMIZED).aead()).isNotNull();
    assertThat(store.sealed("pseudonyms", KeyType.HASH).prf()).isNotNull();
    assertThat(new String(store.sealed("customers", KeyType.DETERMINISTIC).deterministicAead()
        .decryptDeterministically(token, AD), StandardCharsets.UTF_8)).isEqualTo("C-1");
  }

  @Test
  void theKeysetsAndTheMasterKeyAreOnHdfsReadableByTheirOwnerOnly() throws Exception {
    Kek kek = KeysetStore.open(keys, conf).kek();
    assertThat(kek.describe()).isEqualTo(keys + "/" + Kek.LOCAL_MASTER_KEY);
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(new org.apache.hadoop.fs.Path(keys), true);
    List<String> seen = new ArrayList<>();
    while (files.hasNext()) {
      LocatedFileStatus f = files.next();
      seen.add(f.getPath().getName());
      assertThat(f.getPermission().toString()).as(f.getPath().toString()).isEqualTo("rw-------");
    }
    assertThat(seen).containsExactlyInAnyOrder(Kek.LOCAL_MASTER_KEY, "contact.keyset.json", "customers.keyset.json",
        "pseudonyms.keyset.json");
    try (var in = fs.open(new org.apache.hadoop.fs.Path(keys, "customers.keyset.json"))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("\"encryptedKeyset\"")
          .doesNotContain("\"value\"");
    }
  }

  @Test
  void aRotationOnHdfsKeepsOldTokensDecryptingAndLeavesNoHiddenFile() throws Exception {
    KeysetStore.open(keys, conf).rotate("customers");
    SealedKeyset rotated = KeysetStore.open(keys, conf).sealed("customers", KeyType.DETERMINISTIC);
    assertThat(new String(rotated.deterministicAead().decryptDeterministically(token, AD), StandardCharsets.UTF_8))
        .isEqualTo("C-1");
    assertThat(rotated.deterministicAead().encryptDeterministically("C-1".getBytes(StandardCharsets.UTF_8), AD))
        .isNotEqualTo(token);
    assertThat(onHdfs().keySet()).noneMatch(n -> n.startsWith(".")).hasSize(4);
  }

  @Test
  void aKmsKeyIsRefusedForKeysetsWrappedByAnotherAndNothingIsWritten() throws Exception {
    Kek before = KeysetStore.open(keys, conf).kek();
    Map<String, String> files = onHdfs();
    String uri = FileKms.SCHEME + kmsKey("kms-key");
    assertThatThrownBy(() -> KeysetStore.kms(keys, conf, uri)).isInstanceOfSatisfying(KeyException.class,
        e -> assertThat(e.remedy()).contains(Remedy.REWRAP_KEYSETS))
        .hasMessageContaining("its 3 keysets (contact, customers, pseudonyms) are wrapped by")
        .hasMessageContaining("re-encrypt them under the new key").hasMessageNotContaining("--");
    assertThatThrownBy(() -> KeysetStore.open(keys, conf).create("customers", KeyType.DETERMINISTIC))
        .isInstanceOf(KeyException.class).hasMessageContaining("rotate it instead");
    assertThat(onHdfs()).isEqualTo(files);
    everyKeysetOpens(before);
  }

  @Test
  void aKmsKeyThatDoesNotAnswerChangesNothing() throws Exception {
    Kek before = KeysetStore.open(keys, conf).kek();
    Map<String, String> files = onHdfs();
    assertThatThrownBy(() -> KeysetStore.open(keys, conf).rewrap("gcp-kms://x")).isInstanceOf(KeyException.class)
        .hasMessageContaining("Cannot rewrap the keysets of " + keys + " under gcp-kms://x")
        .hasMessageContaining("nothing was changed");
    assertThat(onHdfs()).isEqualTo(files);
    everyKeysetOpens(before);
  }

  @Test
  void aKmsThatFailsAfterTwoKeysetsLeavesTheStoreAsItWasByteForByte() throws Exception {
    Kek before = KeysetStore.open(keys, conf).kek();
    Map<String, String> files = onHdfs();
    String uri = FaultyKms.SCHEME + "throw/3/" + kmsKey("kms-key"); // the probe, then two keysets
    assertThatThrownBy(() -> KeysetStore.open(keys, conf).rewrap(uri)).isInstanceOf(KeyException.class)
        .hasMessageContaining("nothing was changed, they still open under " + before.describe());
    assertThat(onHdfs()).isEqualTo(files);
    everyKeysetOpens(before);
  }

  @Test
  void aRewrapOnHdfsPutsEveryKeysetUnderTheNewKeyAtOnce() throws Exception {
    String first = FileKms.SCHEME + kmsKey("kms-1");
    KeysetStore rewrapped = KeysetStore.open(keys, conf).rewrap(first);
    assertThat(rewrapped.generation()).isEqualTo(keys + "/generation-1");
    everyKeysetOpens(Kek.kms(first));
    assertThat(onHdfs()).containsEntry("_generation", HexFormat.of().formatHex("generation-1\n".getBytes(StandardCharsets.UTF_8)))
        .containsKey("generation-1/_kms-uri").containsKey("generation-1/customers.keyset.json");

    String second = FileKms.SCHEME + kmsKey("kms-2");
    KeysetStore.open(keys, conf).rewrap(second);
    everyKeysetOpens(Kek.kms(second));
    KeysetStore.open(keys, conf).create("orders", KeyType.DETERMINISTIC);
    assertThat(onHdfs()).containsKey("generation-2/orders.keyset.json").doesNotContainKey("generation-1/orders.keyset.json");
    assertThatThrownBy(() -> KeysetStore.local(keys, conf, w -> { })).isInstanceOf(KeyException.class)
        .hasMessageContaining("wrapped by KMS key " + second);
  }

  @Test
  void aRewrapKilledAfterTwoKeysetsLeavesTheOldGenerationInUse() throws Exception {
    Kek before = KeysetStore.open(keys, conf).kek();
    String key = kmsKey("kms-key");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognized")).forEach(cmd::add);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RewrapKilledChild.class.getName(), keys,
        FaultyKms.SCHEME + "halt/3/" + key));
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(local.resolve("child.log").toFile())
        .start();
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).as("halted mid-rewrap (see %s)", local.resolve("child.log")).isEqualTo(99);

    Map<String, String> left = onHdfs();
    assertThat(left.keySet().stream().filter(n -> n.startsWith("generation-1/") && n.endsWith(".keyset.json")))
        .as("the kill landed after two keysets of the new generation").hasSize(2);
    assertThat(left).doesNotContainKey("_generation");
    everyKeysetOpens(before);

    String uri = FileKms.SCHEME + key;
    assertThat(KeysetStore.open(keys, conf).rewrap(uri).generation()).as("what the kill left is never reused")
        .isEqualTo(keys + "/generation-2");
    everyKeysetOpens(Kek.kms(uri));
  }
}
