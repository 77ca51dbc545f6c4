package io.sluice.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice suggest}: a starter contract from a dataset, profiled with Deequ. */
@Command(name = "suggest",
    mixinStandardHelpOptions = true,
    description = {"Write a starter contract for a dataset: every column with the strictest type all its values cast to,"
        + " and the checks every row passes (required, unique keys, ranges, allowed values, patterns), found with Deequ's"
        + " profiler and constraint suggestions, each with a comment saying what was observed. Validating the same data"
        + " with it passes; review it before relying on it.",
        "Exit 0 when the contract was written, 2 for bad usage or unreadable data (nothing written)."})
final class SuggestCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "PATH", description = "The dataset: a file or a folder.")
  String data;

  @Option(names = "--format", paramLabel = "F", description = "csv, json, parquet, orc or delta (default: from the extension).")
  String format;

  @Option(names = "--id", paramLabel = "ID", description = "The contract's id (default: the file or folder name, e.g. orders).")
  String id;

  @Option(names = "--layer", paramLabel = "L", defaultValue = "bronze",
      description = "The layer the contract guards: bronze (default), silver or gold.")
  String layer;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Write the contract here (default: standard output). An existing file is not replaced.")
  String out;

  @CommandLine.Mixin
  SparkOptions spark = new SparkOptions();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return SparkRuns.suggest(this, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
