package io.sluice.cli;

import io.sluice.keys.KeyType;
import io.sluice.keys.KeysetStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice keys create|rotate}: keysets for {@code protect.encrypt} and {@code hash} (no Spark). */
@Command(name = "keys",
    mixinStandardHelpOptions = true,
    description = "Create and rotate the keysets that protect columns.",
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
    @Option(names = "--keys", required = true, paramLabel = "DIR", description = "The keyset folder.")
    Path dir;

    @Option(names = "--kms-uri", paramLabel = "URI",
        description = "Wrap keysets with this KMS key (aws-kms://…, gcp-kms://…, served by an io.sluice.keys.KmsProvider"
            + " on the class path) instead of a local master key.")
    String kmsUri;

    KeysetStore open(java.io.PrintWriter err) {
      if (kmsUri == null && java.nio.file.Files.exists(dir.resolve("_kms-uri"))) {
        return KeysetStore.open(dir);
      }
      return kmsUri != null ? KeysetStore.kms(dir, kmsUri) : KeysetStore.local(dir, w -> err.println("sluice: warning: " + w));
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
      store.open(spec.commandLine().getErr()).create(name, t);
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
      store.open(spec.commandLine().getErr()).rotate(name);
      spec.commandLine().getOut().println("rotated keyset '" + name + "' in " + store.dir + ": new values use the new primary key");
      return Sluice.OK;
    }
  }
}
