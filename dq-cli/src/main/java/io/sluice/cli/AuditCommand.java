package io.sluice.cli;

import io.sluice.audit.HashChain;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice audit verify}: checks the audit log's hash chain (no Spark). */
@Command(name = "audit",
    mixinStandardHelpOptions = true,
    description = "Work with the audit log.",
    subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "verify",
      mixinStandardHelpOptions = true,
      description = {"Check the hash chain of DIR/audit.jsonl; with --keys, every line's signature (the keyset 'audit');"
          + " with --head, that the log still ends at the head a run printed.",
          "Exit 0 when intact, 1 when a line was edited, deleted or reordered (the first bad line is named), 2 when"
              + " there is no log."})
  static final class Verify implements Callable<Integer> {
    @Option(names = "--audit", required = true, paramLabel = "DIR",
        description = "The folder holding audit.jsonl: a path, or a URI of any Hadoop file system (hdfs://, s3a://...).")
    String dir;

    @Option(names = "--keys", paramLabel = "DIR",
        description = "The keyset folder holding the audit key (a path, or a URI of any Hadoop file system): check every"
            + " line's signature.")
    String keys;

    @Option(names = "--head", paramLabel = "SHA256",
        description = "The head a run printed (kept elsewhere): the log must still end at that line or after it.")
    String head;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      String file = AuditLogs.file(dir);
      if (!AuditLogs.exists(dir)) {
        spec.commandLine().getErr().println("sluice: no audit log at " + file);
        return Sluice.BAD_INPUT;
      }
      HashChain.Verification v = AuditLogs.verify(dir, keys);
      if (v.intact()) {
        java.util.Optional<String> cut = AuditLogs.headProblem(dir, v, head);
        if (cut.isPresent()) {
          out.println(file + ": tampered: " + cut.get());
          return Sluice.FAILED;
        }
        out.println(file + ": intact, " + v.lines() + (v.lines() == 1 ? " record" : " records")
            + (keys != null ? ", every line signed by the audit key" : "") + "; head " + v.headSha256());
        return Sluice.OK;
      }
      out.println(file + ":" + v.badLine() + ": tampered: " + v.reason() + " (the " + v.lines()
          + " lines before it are intact)");
      return Sluice.FAILED;
    }
  }
}
