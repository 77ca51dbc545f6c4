package io.sluice.cli;

import io.sluice.diff.Breaks;
import io.sluice.diff.Bump;
import io.sluice.diff.ContractDiff;
import io.sluice.diff.DiffOutputs;
import io.sluice.diff.DiffReport;
import io.sluice.diff.Differ;
import io.sluice.diff.Finding;
import io.sluice.diff.ImpactReport;
import io.sluice.report.Status;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice diff}: classify every change of a contract by whom it can break, and check that its
 * version says so. Starts no Spark unless {@code --impact} asks to measure the change on data.
 */
@Command(name = "diff",
    mixinStandardHelpOptions = true,
    description = {"Classify every change between two versions of a contract by whom it can",
        "break (consumers, producers, nobody) and check its version: a breaking",
        "change needs a major bump, any change some bump; a version never goes down.",
        "No Spark, unless --impact measures the change on data.",
        "",
        "  sluice diff OLD NEW              two files (or two folders, file by file)",
        "  sluice diff --base REF PATH...   each contract file against its version at REF",
        "",
        "Exit 0 the change passes, 1 it fails, 2 bad usage, a broken contract or path."})
final class DiffCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "PATH",
      description = "OLD NEW, or with --base: contract files and folders (searched for .yaml and .yml).")
  List<Path> paths;

  @Option(names = "--base", paramLabel = "REF",
      description = "Compare with the files' versions at this git ref (e.g. origin/main, HEAD).")
  String base;

  @Option(names = "--fail-on", paramLabel = "WHO", defaultValue = "consumers",
      description = "consumers (default): fail on breaking changes without a major bump; producers: also on checks "
          + "added or tightened.")
  String failOn;

  @Option(names = "--impact", paramLabel = "DATA",
      description = "Run both versions over this dataset on Spark and report, per check, rows newly failing.")
  String impact;

  @Option(names = "--format", paramLabel = "F",
      description = "Format of --impact DATA: csv, json, parquet, orc or delta (default: from the extension).")
  String format;

  @Option(names = "--report-json", paramLabel = "FILE", description = "Write the JSON report here.")
  Path json;

  @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML here: one test case per change.")
  Path junit;

  @Option(names = "--markdown", paramLabel = "FILE", description = "Write a Markdown summary here, for a pull-request comment.")
  Path markdown;

  @Option(names = "--report-html", paramLabel = "FILE", description = "Write a one-page HTML report here.")
  Path html;

  @Option(names = "--sarif", paramLabel = "FILE",
      description = "Write a SARIF 2.1.0 log here, for code review (GitHub code scanning): each change at its YAML line.")
  Path sarif;

  @Option(names = {"-q", "--quiet"}, description = "Print only findings and problems, not the summary line.")
  boolean quiet;

  @CommandLine.Mixin
  SparkOptions spark = new SparkOptions();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    PrintWriter out = spec.commandLine().getOut();
    boolean failOnProducers = switch (failOn.toLowerCase(Locale.ROOT)) {
      case "consumers" -> false;
      case "producers" -> true;
      default -> throw new UsageException("--fail-on is consumers or producers, not '" + failOn + "'");
    };
    if (base == null && paths.size() != 2) {
      throw new UsageException("diff compares OLD NEW (two files or folders), or PATH... with --base REF; got "
          + paths.size() + " path(s)");
    }
    if (format != null && impact == null) {
      throw new UsageException("--format is the format of --impact DATA: give --impact too");
    }
    if (spark.given() && impact == null) {
      throw new UsageException("--master and --conf are for the Spark run of --impact DATA: give --impact too");
    }
    DiffReport report = (base == null ? Differ.standard().files(paths.get(0), paths.get(1))
        : Differ.standard().against(base, paths)).failingOnProducers(failOnProducers);
    if (impact != null && !report.broken()) {
      List<ContractDiff> pairs = report.contracts().stream()
          .filter(c -> c.change() == ContractDiff.Change.MODIFIED).toList();
      List<ContractDiff> changed = pairs.stream().filter(c -> !c.findings().isEmpty()).toList();
      List<ContractDiff> modified = changed.isEmpty() ? pairs : changed;
      if (modified.size() != 1) {
        throw new UsageException("--impact measures one contract change; " + modified.size()
            + " contracts changed here: diff one pair of files");
      }
      ContractDiff d = modified.get(0);
      report = report.withImpact(ImpactRuns.measure(d.before().orElseThrow(), d.after().orElseThrow(), impact, format, spark,
          spec.commandLine().getErr()));
    }
    print(out, report);
    double seconds = (System.nanoTime() - t0) / 1e9;
    out.flush();
    try {
      if (json != null) {
        DiffOutputs.writeJson(report, json);
      }
      if (junit != null) {
        DiffOutputs.writeJunit(report, seconds, junit);
      }
      if (markdown != null) {
        DiffOutputs.writeMarkdown(report, markdown);
      }
      if (html != null) {
        DiffOutputs.writeHtml(report, html);
      }
      if (sarif != null) {
        DiffOutputs.writeSarif(report, sarif);
      }
    } catch (UncheckedIOException e) {
      spec.commandLine().getErr().println("sluice: " + e.getMessage());
      return Sluice.BAD_INPUT;
    }
    return report.broken() ? Sluice.BAD_INPUT : report.passes() ? Sluice.OK : Sluice.FAILED;
  }

  private void print(PrintWriter out, DiffReport report) {
    report.problems().forEach(p -> out.println(p.render(Remedies::flag)));
    for (ContractDiff d : report.contracts()) {
      if (d.findings().isEmpty() && d.passes(report.failOnProducers())) {
        continue; // unchanged: counted in the summary line
      }
      String versions = d.before().map(c -> c.version() + " -> ").orElse("")
          + d.after().map(c -> c.version().toString()).orElse("removed");
      String bumps = d.change() == ContractDiff.Change.MODIFIED
          ? " (required " + d.requiredBump().word() + ", declared "
              + d.declaredBump().map(Bump::word).orElse(d.versionWentDown() ? "down" : "none") + ")" : "";
      out.println(d.file() + ": " + d.id() + " " + versions + bumps + ": "
          + (d.passes(report.failOnProducers()) ? "ok" : "FAILED"));
      for (Finding f : d.findings()) {
        String measured = report.impactOf(f)
            .map(i -> String.format(Locale.ROOT, " [impact: %,d row(s) newly failing, %,d no longer]", i.newlyFailing(),
                i.noLongerFailing())).orElse("");
        out.println("  " + f.location() + ": " + pad(f.breaks().word(), 9) + " " + pad(f.rule().name(), 22) + " "
            + f.message() + measured);
      }
      d.refusals().forEach(r -> out.println("  refused: " + r));
    }
    report.impact().ifPresent(i -> printImpact(out, i));
    if (!quiet) {
      long changed = report.contracts().stream().filter(c -> !c.findings().isEmpty()).count();
      long failed = report.contracts().stream().filter(c -> !c.passes(report.failOnProducers())).count();
      long consumers = report.contracts().stream().mapToLong(c -> c.count(Breaks.CONSUMERS)).sum();
      long producers = report.contracts().stream().mapToLong(c -> c.count(Breaks.PRODUCERS)).sum();
      Status status = report.status();
      out.println(report.contracts().size() + (report.contracts().size() == 1 ? " contract" : " contracts") + " compared, "
          + changed + " changed: " + consumers + " change(s) break consumers, " + producers + " producers; "
          + (report.broken() ? report.problems().size() + " problem(s)" : failed + " failed") + ": "
          + (report.broken() ? "BROKEN" : status.name()));
    }
  }

  private static void printImpact(PrintWriter out, ImpactReport i) {
    out.printf(Locale.ROOT, "impact on %s (%,d rows):%n", i.data(), i.rows());
    i.notes().forEach(n -> out.println("  " + n));
    int width = Math.max(5, i.checks().stream().mapToInt(c -> c.id().length()).max().orElse(5));
    out.printf(Locale.ROOT, "  %-" + width + "s  %-14s  %13s  %12s  %13s  %17s%n", "check", "severity", "failed before",
        "failed after", "newly failing", "no longer failing");
    for (ImpactReport.CheckImpact c : i.checks()) {
      String sev = c.severityBefore().map(s -> s.word()).orElse("-") + " -> " + c.severityAfter().map(s -> s.word()).orElse("-");
      out.printf(Locale.ROOT, "  %-" + width + "s  %-14s  %,13d  %,12d  %,13d  %,17d%n", c.id(), sev, c.failedBefore(),
          c.failedAfter(), c.newlyFailing(), c.noLongerFailing());
    }
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
