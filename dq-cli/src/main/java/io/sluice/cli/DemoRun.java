package io.sluice.cli;

import io.sluice.audit.FileAuditSink;
import io.sluice.examples.MedallionPipeline;
import io.sluice.report.CheckResult;
import io.sluice.report.DatasetCheckResult;
import io.sluice.report.HtmlReport;
import io.sluice.report.RunReport;
import io.sluice.report.Status;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/** The demo's Spark part, apart from {@link DemoCommand} so that {@code --help} loads no Spark class. */
final class DemoRun {
  private DemoRun() {}

  /** Where the demo writes a step's HTML report: {@code <dir>/reports/<layer>_<dataset>.html}. */
  static Path report(Path dir, MedallionPipeline.Step s) {
    return dir.resolve("reports").resolve(s.layer() + "_" + s.dataset() + ".html");
  }

  static int run(Path dir, SparkOptions options, PrintWriter out, PrintWriter err) {
    long t0 = System.nanoTime();
    SparkSession spark = SparkRuns.session(options, err);
    out.println("Sluice demo: an e-commerce lakehouse, landing -> bronze -> silver -> gold, in " + dir.toAbsolutePath());
    out.flush();
    MedallionPipeline pipeline = new MedallionPipeline(spark, dir, line -> { });
    List<MedallionPipeline.Step> steps;
    try (SparkRuns.Progress p = SparkRuns.Progress.start(spark, err, true)) {
      steps = pipeline.run();
    }
    String layer = "";
    for (MedallionPipeline.Step s : steps) {
      if (!s.layer().equals(layer)) {
        layer = s.layer();
        out.println();
        out.println(layer.toUpperCase(Locale.ROOT));
      }
      RunReport r = s.result().report().withDuration(Duration.ofMillis(s.result().audit().durationMs()));
      out.printf(Locale.ROOT, "  %-24s in %,6d   valid %,6d   quarantined %,5d   warned %,5d   %s%n", s.dataset(), r.rowsIn(),
          r.rowsValid(), r.rowsQuarantined(), r.rowsWarned(), s.result().outcome());
      String top = r.checks().stream().filter(c -> c.failedRows() > 0)
          .sorted(Comparator.comparingLong(CheckResult::failedRows).reversed()).limit(4)
          .map(c -> c.id() + " " + c.failedRows() + (c.status() == Status.WARNED ? " (warn)" : ""))
          .collect(Collectors.joining(", "));
      if (r.rowsMalformed() > 0) {
        top = "_record.malformed " + r.rowsMalformed() + (top.isEmpty() ? "" : ", " + top);
      }
      if (!top.isEmpty()) {
        out.println("      top failing checks: " + top);
      }
      String dataset = r.datasetChecks().stream().filter(d -> !d.passed())
          .map(d -> d.id() + (d.status() == Status.WARNED ? " (warn)" : "") + " value "
              + d.value().map(v -> String.format(Locale.ROOT, "%.4g", v)).orElse("undefined"))
          .collect(Collectors.joining(", "));
      if (!dataset.isEmpty()) {
        out.println("      dataset checks not met: " + dataset);
      }
      s.result().audit().reason().ifPresent(reason -> out.println("      " + reason));
      out.println("      -> " + s.output() + "   quarantine -> " + s.quarantine());
      Path html = report(dir, s).toAbsolutePath();
      HtmlReport.write(r, html);
      out.println("      report -> " + html);
    }
    out.println();
    out.println("Audit log: " + pipeline.audit().resolve(FileAuditSink.FILE_NAME) + " ("
        + FileAuditSink.verify(pipeline.audit()).lines() + " records, hash chain intact: "
        + FileAuditSink.verify(pipeline.audit()).intact() + "; check it with: sluice audit verify --audit "
        + pipeline.audit() + ")");
    out.println("Contracts: " + pipeline.contracts() + "   keys (development master key): " + dir.toAbsolutePath().resolve("keys"));
    out.println("Reports: one HTML page per dataset of each layer in " + dir.toAbsolutePath().resolve("reports")
        + " (open one in a browser)");
    out.printf(Locale.ROOT, "Done in %.1f s.%n", (System.nanoTime() - t0) / 1e9);
    boolean allCommitted = steps.stream().allMatch(s -> s.result().committed());
    return allCommitted ? Sluice.OK : Sluice.FAILED;
  }
}
