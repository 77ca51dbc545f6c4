package io.sluice.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice validate}: every check over a dataset; writes nothing but reports. */
@Command(name = "validate",
    mixinStandardHelpOptions = true,
    description = {"Run every check of a contract over a dataset and report; write nothing else.",
        "Exit 0 when no error-level check failed, 1 when one did, 2 for a bad contract or unreadable data."})
final class ValidateCommand implements Callable<Integer> {
  @Option(names = "--contract", required = true, paramLabel = "C", description = "The contract file.")
  String contract;

  @Option(names = "--data", required = true, paramLabel = "PATH", description = "The dataset: a file or a folder.")
  String data;

  @Option(names = "--format", paramLabel = "F", description = "csv, json, parquet, orc or delta (default: from the extension).")
  String format;

  @Option(names = "--audit", paramLabel = "DIR", description = "Append the audit record to DIR/audit.jsonl and the run's"
      + " metrics to DIR/metrics.jsonl; anomaly checks are judged against the metrics there.")
  String audit;

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
    return SparkRuns.validate(this, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
