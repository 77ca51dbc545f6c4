package io.sluice.report;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A one-page HTML report of a run ({@code --report-html}): status, row counts, every check with its
 * failures. Self-contained (inline style, no script), well-formed XHTML; counts and ids only, never data.
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static String html(RunReport r) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<title>").append(e("Sluice: " + r.contractId() + " " + r.contractVersion())).append("</title>\n")
        .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}td.n{text-align:right}"
            + ".PASSED{color:#1a7f37}.WARNED{color:#9a6700}.FAILED{color:#cf222e;font-weight:bold}</style>\n")
        .append("</head>\n<body>\n");
    b.append("<h1>").append(e(r.contractId())).append(" ").append(e(r.contractVersion())).append(" — <span class=\"")
        .append(r.status()).append("\">").append(r.status()).append("</span></h1>\n");
    b.append("<p>Run ").append(e(r.runId())).append("</p>\n");
    b.append("<table>\n<tr><th>rows in</th><th>valid</th><th>quarantined</th><th>warned</th><th>malformed</th>"
        + "<th>error rate</th></tr>\n<tr>");
    for (long n : new long[] {r.rowsIn(), r.rowsValid(), r.rowsQuarantined(), r.rowsWarned(), r.rowsMalformed()}) {
      b.append("<td class=\"n\">").append(String.format(Locale.ROOT, "%,d", n)).append("</td>");
    }
    b.append("<td class=\"n\">").append(String.format(Locale.ROOT, "%.2f%%", r.errorRate() * 100)).append("</td></tr>\n</table>\n");
    b.append("<h2>Row checks</h2>\n<table>\n<tr><th>check</th><th>kind</th><th>column</th><th>severity</th>"
        + "<th>failed rows</th><th>status</th></tr>\n");
    for (CheckResult c : r.checks()) {
      b.append("<tr><td>").append(e(c.id())).append("</td><td>").append(e(c.kind())).append("</td><td>")
          .append(e(c.column().orElse(""))).append("</td><td>").append(c.severity().word()).append("</td><td class=\"n\">")
          .append(String.format(Locale.ROOT, "%,d", c.failedRows())).append("</td><td class=\"").append(c.status())
          .append("\">").append(c.status()).append("</td></tr>\n");
    }
    b.append("</table>\n");
    if (!r.datasetChecks().isEmpty()) {
      b.append("<h2>Dataset checks</h2>\n<table>\n<tr><th>check</th><th>kind</th><th>severity</th><th>value</th>"
          + "<th>status</th></tr>\n");
      for (DatasetCheckResult d : r.datasetChecks()) {
        b.append("<tr><td>").append(e(d.id())).append("</td><td>").append(e(d.kind())).append("</td><td>")
            .append(d.severity().word()).append("</td><td class=\"n\">")
            .append(d.value().map(v -> String.format(Locale.ROOT, "%.6g", v)).orElse("undefined"))
            .append("</td><td class=\"").append(d.status()).append("\">").append(d.status()).append("</td></tr>\n");
      }
      b.append("</table>\n");
    }
    return b.append("</body>\n</html>\n").toString();
  }

  public static void write(RunReport r, Path file) {
    ReportFiles.write(file, html(r), "HTML report");
  }


  private static String e(String s) {
    return JUnitReport.escape(s);
  }
}
