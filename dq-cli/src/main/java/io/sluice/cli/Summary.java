package io.sluice.cli;

import io.sluice.report.CheckResult;
import io.sluice.report.DatasetCheckResult;
import io.sluice.report.RunReport;
import io.sluice.report.Status;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The console summary of a run: counts, then a table of the checks, worst first. */
final class Summary {
  private static final int MAX_VALUE_CHARS = 40;

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
        if (!c.offendingValues().isEmpty()) {
          out.println("  " + " ".repeat(width) + "  offending values: " + offendingValues(c));
        }
      }
    }
    for (DatasetCheckResult d : r.datasetChecks()) {
      String value = d.value().map(v -> String.format(Locale.ROOT, "%,.4g", v)).orElse("undefined");
      out.printf(Locale.ROOT, "  %-" + width + "s  %-8s  %12s  %s%n", d.id(), d.severity().word(), "value " + value,
          d.status());
    }
    out.println("  status " + r.status() + (r.status() == Status.PASSED ? "" : ""));
  }

  /** {@code "x" ×12, null ×3}: the check's top values on one line, estimates marked {@code ≈}. */
  static String offendingValues(CheckResult c) {
    String approx = c.offendingCountsExact() ? "" : "≈";
    return c.offendingValues().stream().map(v -> quoted(v.value()) + " ×" + approx
        + String.format(Locale.ROOT, "%,d", v.count())).collect(Collectors.joining(", "));
  }

  /**
   * A value as a console shows it safely: quoted, control characters (a terminal's escape sequences among them)
   * written as escapes, at most {@value #MAX_VALUE_CHARS} characters.
   */
  static String quoted(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder s = new StringBuilder("\"");
    value.codePoints().limit(MAX_VALUE_CHARS).forEach(cp -> {
      if (cp == '"' || cp == '\\') {
        s.append('\\').appendCodePoint(cp);
      } else if (cp == '\n') {
        s.append("\\n");
      } else if (cp == '\t') {
        s.append("\\t");
      } else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
        s.append(String.format(Locale.ROOT, "\\u%04x", cp));
      } else {
        s.appendCodePoint(cp);
      }
    });
    return s.append(value.codePoints().count() > MAX_VALUE_CHARS ? "…\"" : "\"").toString();
  }
}
