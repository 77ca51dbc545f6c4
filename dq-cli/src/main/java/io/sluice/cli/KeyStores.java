package io.sluice.cli;

import io.sluice.keys.KeysetStore;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;

/**
 * The keyset store a command without Spark names with {@code --keys} ({@code sluice keys}, {@code audit verify}): a
 * path of the default file system or a URI of any Hadoop file system, reached with Hadoop's configuration from the
 * class path ({@code HADOOP_CONF_DIR} under {@code spark-submit}). Kept out of the command classes, whose fields and
 * methods picocli reflects on for every command: Hadoop types stay unloaded in {@code lint} and {@code diff}.
 */
final class KeyStores {
  private KeyStores() {}

  static boolean exists(String location) {
    return KeysetStore.exists(location, new Configuration());
  }

  static KeysetStore open(String location) {
    return KeysetStore.open(location, new Configuration());
  }

  static KeysetStore local(String location, Consumer<String> warn) {
    return KeysetStore.local(location, new Configuration(), warn);
  }

  static KeysetStore kms(String location, String kmsUri) {
    return KeysetStore.kms(location, new Configuration(), kmsUri);
  }
}
