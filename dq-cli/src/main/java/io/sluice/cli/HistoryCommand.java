package io.sluice.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice history}: the metrics series of a contract's runs, read from the audit folder (no Spark). */
@Command(name = "history",
    mixinStandardHelpOptions = true,
    description = {"Print the metrics of a contract's runs, oldest first, from DIR/metrics.jsonl (written by validate and"
        + " enforce given --audit DIR).",
        "Exit 0 with the series, 2 for bad usage, no history in DIR, no run of the contract there, or an unknown metric."})
final class HistoryCommand implements Callable<Integer> {
  @Option(names = "--audit", required = true, paramLabel = "DIR",
      description = "The audit folder: a path, or a URI of any Hadoop file system (hdfs://, s3a://...).")
  String dir;

  @Option(names = "--contract", required = true, paramLabel = "ID", description = "The contract id whose runs to print.")
  String contract;

  @Option(names = "--metric", paramLabel = "M", description = "One metric: row_count, error_rate, rows_valid,"
      + " rows_quarantined, <check id>.failed or <column>.completeness|distinct|min|max|mean (default: the row counts and"
      + " the error rate).")
  String metric;

  @Option(names = "--format", paramLabel = "F", defaultValue = "table", description = "table (default) or json.")
  String format;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return HistoryPrint.print(this, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
