package io.sluice.cli;

import io.sluice.report.CheckResult;
import io.sluice.report.DatasetCheckResult;
import io.sluice.report.RunReport;
import io.sluice.report.Status;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The console summary of a run: counts, then a table of the checks, worst first. */
final class Summary {
  private Summary() {}

  static void print(PrintWriter out, String title, RunReport r, int maxChecks) {
    out.println(title);
    out.printf(Locale.ROOT, "  rows in %,d   valid %,d   quarantined %,d   warned %,d   malformed %,d   error rate %.2f%%%n",
        r.rowsIn(), r.rowsValid(), r.rowsQuarantined(), r.rowsWarned(), r.rowsMalformed(), r.errorRate() * 100);
    List<CheckResult> checks = r.checks().stream()
        .sorted(Comparator.comparingLong(CheckResult::failedRows).reversed().thenComparing(CheckResult::id)).toList();
    int width = Math.max(5, checks.stream().mapToInt(c -> c.id().length()).max().orElse(5));
    width = Math.max(width, r.datasetChecks().stream().mapToInt(d -> d.id().length()).max().orElse(5));
    if (!checks.isEmpty()) {
      out.printf(Locale.ROOT, "  %-" + width + "s  %-8s  %12s  %s%n", "check", "severity", "failed rows", "status");
      int shown = 0;
      for (CheckResult c : checks) {
        if (shown++ == maxChecks) {
          out.printf(Locale.ROOT, "  … %d more (all in --report-json)%n", checks.size() - maxChecks);
          break;
        }
        out.printf(Locale.ROOT, "  %-" + width + "s  %-8s  %,12d  %s%n", c.id(), c.severity().word(), c.failedRows(),
            c.status());
      }
    }
    for (DatasetCheckResult d : r.datasetChecks()) {
      String value = d.value().map(v -> String.format(Locale.ROOT, "%,.4g", v)).orElse("undefined");
      out.printf(Locale.ROOT, "  %-" + width + "s  %-8s  %12s  %s%n", d.id(), d.severity().word(), "value " + value,
          d.status());
      d.note().ifPresent(n -> out.println("    " + n));
    }
    out.println("  status " + r.status() + (r.status() == Status.PASSED ? "" : ""));
  }
}
