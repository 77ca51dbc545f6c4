package io.sluice.cli;

import io.sluice.contract.ContractLoader;
import io.sluice.contract.Excerpt;
import io.sluice.contract.Problem;
import io.sluice.odcs.ImportResult;
import io.sluice.odcs.OdcsImporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice import odcs}: Sluice contracts from a contract of another format (no Spark). */
@Command(name = "import",
    mixinStandardHelpOptions = true,
    description = "Make Sluice contracts from a contract written in another format.",
    subcommands = {ImportCommand.Odcs.class})
final class ImportCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "odcs",
      mixinStandardHelpOptions = true,
      description = {"Turn an Open Data Contract Standard (ODCS) v3.1 contract into Sluice contracts, one per",
          "schema object, written as DIR/<id>.yaml. What Sluice has no key for is kept in custom_properties",
          "and named in a warning (docs/odcs.md). A broken document is reported as file:line:column with",
          "a fix, and nothing is written: exit 2."})
  static final class Odcs implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The ODCS contract (YAML).")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
        description = "Write the contracts into this folder (default: the current folder); it is made if missing.")
    Path dir;

    @Option(names = "--force", description = "Overwrite contract files that already exist in DIR.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "Print only problems, not warnings or the files written.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ImportResult result = OdcsImporter.using(ContractLoader.withDiscoveredValidators()).read(file);
      if (!quiet) {
        result.warnings().forEach(w -> err.println(w.render()));
      }
      if (!result.ok()) {
        return Sluice.refused(err, result.problems());
      }
      List<Path> targets = new ArrayList<>();
      List<Problem> existing = new ArrayList<>();
      for (ImportResult.Imported c : result.contracts()) {
        Path target = dir.resolve(c.fileName());
        targets.add(target);
        if (Files.exists(target) && !force) {
          existing.add(new Problem(io.sluice.contract.Location.of(target.toString()), "the file exists",
              "import into another folder with --out DIR, or overwrite it with --force"));
        }
      }
      if (!existing.isEmpty()) {
        existing.forEach(p -> err.println(p.render()));
        err.println("Cannot import " + Excerpt.quoted(file.toString()) + ": " + existing.size() + " of its contracts"
            + " would overwrite files: nothing written");
        err.flush();
        return Sluice.BAD_INPUT;
      }
      Files.createDirectories(dir);
      for (int i = 0; i < targets.size(); i++) {
        Files.writeString(targets.get(i), result.contracts().get(i).yaml());
      }
      if (!quiet) {
        targets.forEach(t -> out.println("wrote " + t));
        int w = result.warnings().size();
        out.println(targets.size() + (targets.size() == 1 ? " contract" : " contracts") + " imported"
            + (w == 0 ? "" : ", " + w + (w == 1 ? " warning" : " warnings") + ": see what was kept in custom_properties"));
      }
      out.flush();
      err.flush();
      return Sluice.OK;
    }
  }
}
