package io.sluice.cli;

import io.sluice.contract.ContractLoader;
import io.sluice.odcs.ExportResult;
import io.sluice.odcs.OdcsExporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice export odcs}: a Sluice contract in another contract format (no Spark). */
@Command(name = "export",
    mixinStandardHelpOptions = true,
    description = "Write a Sluice contract in another contract format.",
    subcommands = {ExportCommand.Odcs.class})
final class ExportCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "odcs",
      mixinStandardHelpOptions = true,
      description = {"Write a Sluice contract as an Open Data Contract Standard (ODCS) v3.1 document with one",
          "schema object. What ODCS has no field for (layer, protect, access, some checks) is kept in",
          "customProperties and named in a warning; 'sluice import odcs' reads it back (docs/odcs.md).",
          "A broken contract is reported as lint reports it, and nothing is written: exit 2."})
  static final class Odcs implements Callable<Integer> {
    @Parameters(paramLabel = "CONTRACT", description = "The Sluice contract (YAML).")
    Path contract;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the ODCS document here (default: standard output).")
    Path target;

    @Option(names = {"-q", "--quiet"}, description = "Print only problems, not warnings.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ContractLoader.Result loaded = ContractLoader.withDiscoveredValidators().read(contract);
      if (!loaded.ok()) {
        return Sluice.refused(err, loaded.problems());
      }
      ExportResult result = OdcsExporter.export(loaded.contract().orElseThrow());
      if (!quiet) {
        result.warnings().forEach(w -> err.println(w.render()));
      }
      if (target == null) {
        out.print(result.yaml());
      } else {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.writeString(target, result.yaml());
        if (!quiet) {
          out.println("wrote " + target);
        }
      }
      out.flush();
      err.flush();
      return Sluice.OK;
    }
  }
}
