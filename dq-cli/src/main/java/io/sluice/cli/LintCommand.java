package io.sluice.cli;

import io.sluice.contract.Problem;
import io.sluice.lint.LintOutputs;
import io.sluice.lint.Linter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice lint PATH...}: parse and check contracts without starting Spark. */
@Command(name = "lint",
    mixinStandardHelpOptions = true,
    description = {"Check contract files, or folders of them, without starting Spark.",
        "Prints every problem as file:line:column with a fix; exit 0 when all are valid, 2 otherwise."})
final class LintCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Contract files (.yaml, .yml) or folders searched recursively.")
  List<Path> paths;

  @Option(names = {"-q", "--quiet"}, description = "Print only problems, not the summary line.")
  boolean quiet;

  @Option(names = "--sarif", paramLabel = "FILE",
      description = "Also write the problems as a SARIF 2.1.0 log here, for code review (GitHub code scanning).")
  Path sarif;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Linter.Report report = Linter.standard().lint(paths);
    report.pathProblems().forEach(p -> out.println(p.render(Remedies::flag)));
    for (Linter.FileResult file : report.files()) {
      for (Problem p : file.problems()) {
        out.println(p.render(Remedies::flag));
      }
    }
    if (!quiet) {
      int files = report.files().size();
      if (report.ok()) {
        out.println(files + (files == 1 ? " contract" : " contracts") + " checked: all valid");
      } else {
        out.println(report.problemCount() + (report.problemCount() == 1 ? " problem" : " problems") + " in "
            + (report.failedFiles() + (report.pathProblems().isEmpty() ? 0 : report.pathProblems().size())) + " of "
            + (files + report.pathProblems().size()) + " paths");
      }
    }
    out.flush();
    if (sarif != null) {
      try {
        LintOutputs.writeSarif(report, sarif);
      } catch (UncheckedIOException e) {
        spec.commandLine().getErr().println("sluice: " + e.getMessage());
        return Sluice.BAD_INPUT;
      }
    }
    return report.ok() ? Sluice.OK : Sluice.BAD_INPUT;
  }
}
