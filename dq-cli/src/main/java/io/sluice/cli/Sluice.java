package io.sluice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code sluice} command. Exit codes are the contract CI scripts rely on (DESIGN.md, CLI):
 * 0 success, 1 the data or the change failed the contract, 2 bad usage, bad contract or unreadable input.
 */
@Command(name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = Sluice.Version.class,
    description = "Data contracts for Apache Spark: lint, validate and enforce them at each layer of a lakehouse.",
    subcommands = {LintCommand.class, DiffCommand.class, ImportCommand.class, ExportCommand.class, ValidateCommand.class,
        EnforceCommand.class, ReadCommand.class, AuditCommand.class, KeysCommand.class, PoliciesCommand.class,
        SuggestCommand.class, HistoryCommand.class, DemoCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:the data or the change failed the contract",
        "2:bad usage, bad contract, unreadable input or schema mismatch (nothing written)"})
public final class Sluice implements Runnable {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int BAD_INPUT = 2;

  @Option(names = "--verbose", description = "Print stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
  boolean verbose;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs a command line with the given streams; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return execute(new Sluice(), out, err, args);
  }

  /**
   * Runs {@code command} (the {@code sluice} command, or a tool built on the CLI such as dq-bench's {@code sluice
   * bench}) with the CLI's handling of bad usage and errors: one line, a stack trace with {@code --verbose}, exit 2.
   */
  public static int execute(Object command, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(command);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(e -> BAD_INPUT);
    cli.setParameterExceptionHandler((e, args2) -> {
      CommandLine c = e.getCommandLine();
      if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
          && !c.getSubcommands().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
        String word = u.getUnmatched().get(0);
        c.getErr().println("Unmatched argument: '" + word + "' is not a sluice command"
            + io.sluice.contract.Suggest.didYouMean(word, c.getSubcommands().keySet()));
      } else {
        c.getErr().println(e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
          CommandLine.UnmatchedArgumentException.printSuggestions(u, c.getErr());
        }
      }
      c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
      return BAD_INPUT;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      boolean verbose = parseResult.hasMatchedOption("--verbose")
          || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
      commandLine.getErr().println("sluice: " + Remedies.message(e));
      if (verbose) {
        e.printStackTrace(commandLine.getErr());
      } else {
        commandLine.getErr().println("(run with --verbose for details)");
      }
      return BAD_INPUT;
    });
    return cli.execute(args);
  }

  /** The version the build filtered into {@code sluice-version.properties}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Sluice.class.getResourceAsStream("/sluice-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"sluice " + p.getProperty("version", "unknown")
          + " (contract format sluice/v1, Java " + Runtime.version().feature() + ")"};
    }
  }

  /** Prints each problem as lint does and says nothing was written: the exit code of bad input. */
  static int refused(java.io.PrintWriter err, java.util.List<io.sluice.contract.Problem> problems) {
    problems.forEach(p -> err.println(p.render(Remedies::flag)));
    err.println(problems.size() + (problems.size() == 1 ? " problem" : " problems") + ": nothing written");
    err.flush();
    return BAD_INPUT;
  }
}
