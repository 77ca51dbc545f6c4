package io.sluice.cli;

import io.sluice.keys.KeyType;
import io.sluice.keys.KeysetStore;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice keys create|rotate}: keysets for {@code protect.encrypt} and {@code hash} (no Spark). A command that
 * is refused or fails changes nothing on disk: everything it checks is checked before anything is written.
 */
@Command(name = "keys",
    mixinStandardHelpOptions = true,
    description = {"Create and rotate the keysets that protect columns.",
        "A keyset folder stays under the key-encryption key its keysets were made with: --kms-uri naming another key"
            + " is refused (exit 2) unless --rewrap re-encrypts every keyset under it, all at once."},
    subcommands = {KeysCommand.Create.class, KeysCommand.Rotate.class})
final class KeysCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options both subcommands take. */
  static final class Store {
    @Option(names = "--keys", required = true, paramLabel = "DIR",
        description = "The keyset folder: a path, or a URI of any Hadoop file system (hdfs://, s3a://...).")
    String dir;

    @Option(names = "--kms-uri", paramLabel = "URI",
        description = "Wrap keysets with this KMS key (aws-kms://…, gcp-kms://…, served by an io.sluice.keys.KmsProvider"
            + " on the class path) instead of a local master key. Refused when the folder's keysets are wrapped by"
            + " another key, unless --rewrap.")
    String kmsUri;

    @Option(names = "--rewrap",
        description = "With --kms-uri: first re-encrypt every keyset of the folder under that KMS key (the keys stay the"
            + " same, so all data still decrypts); the folder switches to the new key at once, or not at all.")
    boolean rewrap;

    /**
     * The store the command acts on: {@code check} runs on the store as it is, before anything is written (a
     * rewrap included), so a command that would fail fails first. Only a command that {@code creates} keysets makes a
     * local master key in a folder that has no key-encryption key yet.
     */
    KeysetStore open(java.io.PrintWriter out, java.io.PrintWriter err, boolean creates, Consumer<KeysetStore> check) {
      if (kmsUri == null) {
        if (rewrap) {
          throw new UsageException("--rewrap re-encrypts the keysets under a new key-encryption key: name it with"
              + " --kms-uri URI");
        }
        if (KeyStores.exists(dir) || !creates) {
          KeysetStore store = KeyStores.open(dir); // "no keysets in DIR" when there is no store
          check.accept(store);
          return store;
        }
        // A local store warns only when it makes its development master key: the flag that avoids one is --kms-uri.
        KeysetStore store = KeyStores.local(dir, w -> err.println("sluice: warning: " + w + " (--kms-uri URI)"));
        check.accept(store);
        return store;
      }
      if (!rewrap || !KeyStores.exists(dir)) {
        KeysetStore store = KeyStores.kms(dir, kmsUri); // refuses keysets under another key
        check.accept(store);
        return store;
      }
      KeysetStore before = KeyStores.open(dir);
      check.accept(before);
      KeysetStore after = before.rewrap(kmsUri);
      if (after != before) {
        out.println("rewrapped " + after.names().size() + " keyset(s) of " + dir + " under " + kmsUri + " ("
            + after.generation() + ")");
        out.println("  the previous generation stays in " + before.generation() + ", under " + before.kek().describe()
            + ", for jobs that opened it before: delete its keyset files" + (before.kek().isLocal() ? " and master key" : "")
            + " when none does");
      }
      return after;
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a keyset: deterministic (AES-SIV), randomized (AES-GCM) or hash (HMAC-SHA256).")
  static final class Create implements Callable<Integer> {
    @CommandLine.Mixin
    Store store = new Store();

    @Option(names = "--name", required = true, paramLabel = "N", description = "The keyset's name, as contracts give it in protect.key.")
    String name;

    @Option(names = "--type", required = true, paramLabel = "T", description = "deterministic, randomized, hash, or audit (signs the audit log).")
    String type;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      KeyType t = KeyType.named(type).orElseThrow(() ->
          new UsageException("--type is deterministic, randomized, hash or audit, not '" + type + "'"));
      KeysetStore.checkName(name);
      store.open(spec.commandLine().getOut(), spec.commandLine().getErr(), true, s -> s.requireNew(name)).create(name, t);
      spec.commandLine().getOut().println("created keyset '" + name + "' (" + t.word() + ") in " + store.dir);
      return Sluice.OK;
    }
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "Add a new primary key to a keyset; values protected with the old keys still decrypt.")
  static final class Rotate implements Callable<Integer> {
    @CommandLine.Mixin
    Store store = new Store();

    @Option(names = "--name", required = true, paramLabel = "N", description = "The keyset to rotate.")
    String name;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      store.open(spec.commandLine().getOut(), spec.commandLine().getErr(), false, s -> s.requireExisting(name)).rotate(name);
      spec.commandLine().getOut().println("rotated keyset '" + name + "' in " + store.dir + ": new values use the new primary key");
      return Sluice.OK;
    }
  }
}
