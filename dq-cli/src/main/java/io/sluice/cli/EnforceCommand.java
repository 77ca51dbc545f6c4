package io.sluice.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice enforce}: one layer transition. */
@Command(name = "enforce",
    mixinStandardHelpOptions = true,
    description = {"One layer transition: read, check, write valid rows to the output and failing rows to the"
        + " quarantine (both or neither), append an audit record.",
        "Exit 0 when the outputs were committed (or this input was committed before), 1 when the run was aborted"
            + " (an error-level dataset check failed, or the error rate exceeded --max-error-rate), 2 for a bad"
            + " contract, unreadable input or a schema mismatch. Nothing is written unless the exit code is 0."})
final class EnforceCommand implements Callable<Integer> {
  @Option(names = "--contract", required = true, paramLabel = "C", description = "The contract of the target layer.")
  String contract;

  @Option(names = "--input", required = true, paramLabel = "PATH", description = "The source dataset.")
  String input;

  @Option(names = "--format", paramLabel = "F", description = "The input's format: csv, json, parquet, orc or delta (default: from the extension).")
  String format;

  @Option(names = "--output", required = true, paramLabel = "PATH", description = "The target: valid rows.")
  String output;

  @Option(names = "--quarantine", required = true, paramLabel = "PATH", description = "Failing rows with their reasons.")
  String quarantine;

  @Option(names = "--output-format", paramLabel = "parquet|delta", defaultValue = "parquet",
      description = "The format of the output and the quarantine (default: ${DEFAULT-VALUE}).")
  String outputFormat;

  @Option(names = "--audit", paramLabel = "DIR", description = "Append the audit record to DIR/audit.jsonl and the run's metrics"
      + " to DIR/metrics.jsonl; anomaly checks are judged against the metrics there.")
  String audit;

  @Option(names = "--keys", paramLabel = "DIR",
      description = "The keyset folder for protected columns: a path, or a URI of any Hadoop file system.")
  String keys;

  @Option(names = "--max-error-rate", paramLabel = "R", defaultValue = "1.0",
      description = "Abort, writing nothing, when more than this fraction of rows would be quarantined (default: ${DEFAULT-VALUE}).")
  double maxErrorRate;

  @Option(names = "--explain", description = "Print Spark's physical plan of the run's one pass before running it.")
  boolean explain;

  @Option(names = "--reprocess", description = "Rewrite the target and the quarantine from the whole input, replacing what"
      + " earlier runs wrote (a folder input is otherwise read incrementally: only files no earlier run committed).")
  boolean reprocess;

  @CommandLine.Mixin
  Reports reports = new Reports();

  @CommandLine.Mixin
  LineageOption lineage = new LineageOption();

  @CommandLine.Mixin
  SparkOptions spark = new SparkOptions();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return SparkRuns.enforce(this, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
