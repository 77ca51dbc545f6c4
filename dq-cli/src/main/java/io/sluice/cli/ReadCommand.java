package io.sluice.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice read}: a protected dataset as one role may see it, with an access audit event. */
@Command(name = "read",
    mixinStandardHelpOptions = true,
    description = {"Read a dataset as ROLE may see it: each protected column decrypted (clear), as stored (masked),"
        + " dropped (denied) or decrypted and masked, per the contract's access section or per Ranger policies"
        + " (whose row filters are applied, or refused when unsafe).",
        "Without --as, the reader is the authenticated Hadoop user (the Kerberos principal, or the OS user in simple"
        + " mode) and its groups are its roles.",
        "Without --output, prints the first rows. With --audit, appends an access event to DIR/audit.jsonl.",
        "Exit 0 on success, 2 for a bad contract, unreadable input, missing keys or policies."})
final class ReadCommand implements Callable<Integer> {
  @Option(names = "--contract", required = true, paramLabel = "C", description = "The contract of the dataset's layer.")
  String contract;

  @Option(names = "--data", required = true, paramLabel = "PATH", description = "The dataset, as written by sluice enforce.")
  String data;

  @Option(names = "--format", paramLabel = "F", description = "csv, json, parquet, orc or delta (default: from the name).")
  String format;

  @Option(names = "--as", paramLabel = "ROLE",
      description = "The reader's role, asserted by the caller (who is trusted to name it); unlisted roles get"
          + " access.default. Default: the authenticated Hadoop user, its groups as roles.")
  String role;

  @Option(names = "--keys", paramLabel = "DIR",
      description = "The keyset folder, to decrypt what ROLE may read in clear: a path, or a URI of any Hadoop file system.")
  String keys;

  @Option(names = "--audit", paramLabel = "DIR", description = "Append the access event to DIR/audit.jsonl.")
  String audit;

  @Option(names = "--output", paramLabel = "PATH", description = "Write the rows here instead of printing them.")
  String output;

  @Option(names = "--output-format", paramLabel = "csv|json|parquet", defaultValue = "parquet",
      description = "The format of --output (default: ${DEFAULT-VALUE}).")
  String outputFormat;

  @Option(names = "--policy-source", paramLabel = "contract|ranger", defaultValue = "contract",
      description = "Who decides: the contract's access section, or Apache Ranger's policy engine over --policies"
          + " (default: ${DEFAULT-VALUE}).")
  String policySource;

  @Option(names = "--policies", paramLabel = "F", description = "Ranger policy JSON (sluice policies export), with --policy-source ranger.")
  Path policies;

  @Option(names = "--rows", paramLabel = "N", defaultValue = "20", description = "Rows to print without --output (default: ${DEFAULT-VALUE}).")
  int rows;

  @CommandLine.Mixin
  SparkOptions spark = new SparkOptions();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return SparkRuns.read(this, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
