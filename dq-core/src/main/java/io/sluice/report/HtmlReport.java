package io.sluice.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The HTML report of a run ({@code --report-html}): a page people read. Tiles with the run's counts, duration
 * and throughput; a bar chart of failing rows per check; each failing check's most frequent offending values;
 * the dataset checks with their thresholds; trend charts of rows in and error rate over the contract's history;
 * every row check.
 *
 * <p>Self-contained: inline CSS and inline SVG, no script, no URL (a Content-Security-Policy forbids fetching
 * anything), so it can be mailed or archived and opens offline. Every value is escaped; offending values are
 * shown as the output stores them (a protected column's masked or encrypted form). The page is well-formed XML.
 */
public final class HtmlReport {
  private static final int MAX_VALUE_CHARS = 120;

  private static final String STYLE = """
      *{box-sizing:border-box}
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;
      margin:0;padding:24px 32px;max-width:1100px}
      h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 10px;border-bottom:1px solid #d0d7de;
      padding-bottom:6px}h3{font-size:15px;margin:18px 0 6px}
      .sub,.note{color:#656d76;font-size:13px}.note{margin:6px 0}
      .badge{display:inline-block;padding:2px 10px;border-radius:12px;color:#fff;font-size:14px;vertical-align:middle}
      .badge.PASSED{background:#1a7f37}.badge.WARNED{background:#9a6700}.badge.FAILED{background:#cf222e}
      .tiles{display:flex;flex-wrap:wrap;gap:12px;margin-top:20px}
      .tile{background:#f6f8fa;border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;min-width:150px}
      .tile .k{color:#656d76;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
      .tile .v{font-size:24px;font-weight:600;margin-top:4px;font-variant-numeric:tabular-nums}
      .tile.bad .v{color:#cf222e}.tile.ok .v{color:#1a7f37}
      table{border-collapse:collapse;font-size:14px}
      td,th{border-bottom:1px solid #d0d7de;padding:5px 10px;text-align:left;vertical-align:top}
      th{background:#f6f8fa;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
      td.PASSED{color:#1a7f37}td.WARNED{color:#9a6700}td.FAILED{color:#cf222e;font-weight:600}
      code,.val{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
      .val{white-space:pre-wrap;word-break:break-all}.null{color:#656d76;font-style:italic}
      .values{display:flex;flex-wrap:wrap;gap:16px}.values>div{flex:1 1 320px}
      .share{display:inline-block;height:10px;background:#cf222e;opacity:.55;border-radius:2px}
      svg text{font-size:12px;fill:#1f2328}svg .tick{fill:#656d76}
      .bar.FAILED{fill:#cf222e}.bar.WARNED{fill:#d4a72c}
      .axis{stroke:#d0d7de}.trend{fill:none;stroke:#0969da;stroke-width:2}.point{fill:#0969da}
      """;

  private HtmlReport() {}

  /** The page of a run without history: its trend section says there is none. */
  public static String html(RunReport r) {
    return html(r, List.of());
  }

  /**
   * The page of a run and the history of its contract.
   *
   * @param history earlier runs of the contract, in any order; the caller includes this run if it should be
   *     plotted too
   */
  public static String html(RunReport r, List<TrendPoint> history) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        .append("<title>").append(escape("Sluice: " + r.contractId() + " " + r.contractVersion() + " " + r.status()))
        .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
    b.append("<h1>").append(escape(r.contractId())).append(" <span class=\"sub\">").append(escape(r.contractVersion()))
        .append("</span> <span class=\"badge ").append(r.status()).append("\">").append(r.status()).append("</span></h1>\n");
    b.append("<p class=\"sub\">Run <code>").append(escape(r.runId())).append("</code></p>\n");
    tiles(b, r);
    failingRows(b, r);
    offendingValues(b, r);
    datasetChecks(b, r);
    trends(b, history);
    rowChecks(b, r); // last: one line per check of the contract, often the longest part
    return b.append("</body>\n</html>\n").toString();
  }

  public static void write(RunReport r, Path file) {
    ReportFiles.write(file, html(r), "HTML report");
  }

  private static void tiles(StringBuilder b, RunReport r) {
    b.append("<section class=\"tiles\">\n");
    tile(b, "rows in", count(r.rowsIn()), "");
    tile(b, "valid", count(r.rowsValid()), r.rowsIn() > 0 && r.rowsValid() == r.rowsIn() ? "ok" : "");
    tile(b, "quarantined", count(r.rowsQuarantined()), r.rowsQuarantined() > 0 ? "bad" : "");
    tile(b, "error rate", String.format(Locale.ROOT, "%.2f%%", r.errorRate() * 100), r.errorRate() > 0 ? "bad" : "");
    tile(b, "duration", r.duration().map(HtmlReport::duration).orElse("not timed"), "");
    tile(b, "throughput", r.throughputRowsPerSecond().map(t -> String.format(Locale.ROOT, "%,.0f rows/s", t))
        .orElse("not timed"), "");
    b.append("</section>\n");
    b.append("<p class=\"note\">").append(count(r.rowsWarned())).append(" rows warned (kept, a warn-level check failed); ")
        .append(count(r.rowsMalformed())).append(" malformed (quarantined as <code>_record.malformed</code>).</p>\n");
  }

  private static void tile(StringBuilder b, String key, String value, String css) {
    b.append("<div class=\"tile").append(css.isEmpty() ? "" : " " + css).append("\"><div class=\"k\">").append(key)
        .append("</div><div class=\"v\">").append(escape(value)).append("</div></div>\n");
  }

  private static void failingRows(StringBuilder b, RunReport r) {
    b.append("<section id=\"failing-rows\">\n<h2>Failing rows per check</h2>\n");
    List<SvgCharts.Bar> bars = new ArrayList<>();
    if (r.rowsMalformed() > 0) {
      bars.add(new SvgCharts.Bar("_record.malformed", r.rowsMalformed(), Status.FAILED.name()));
    }
    failing(r).forEach(c -> bars.add(new SvgCharts.Bar(c.id(), c.failedRows(), c.status().name())));
    bars.sort(Comparator.comparingLong(SvgCharts.Bar::count).reversed());
    if (bars.isEmpty()) {
      b.append("<p>No check failed a row.</p>\n");
    } else {
      b.append(SvgCharts.bars(bars, "Failing rows per check"));
      b.append("<p class=\"note\">Red: error-level (rows quarantined). Amber: warn-level (rows kept). A row can fail"
          + " several checks.</p>\n");
    }
    b.append("</section>\n");
  }

  private static void offendingValues(StringBuilder b, RunReport r) {
    List<CheckResult> failing = failing(r);
    if (failing.isEmpty()) {
      return;
    }
    b.append("<section id=\"offending-values\">\n<h2>Offending values</h2>\n");
    if (failing.stream().allMatch(c -> c.offendingValues().isEmpty())) {
      b.append("<p class=\"note\">Not collected for this run.</p>\n</section>\n");
      return;
    }
    b.append("<div class=\"values\">\n");
    for (CheckResult c : failing) {
      b.append("<div>\n<h3><code>").append(escape(c.id())).append("</code>")
          .append(c.column().map(col -> " <span class=\"sub\">column " + escape(col) + "</span>").orElse(""))
          .append("</h3>\n");
      if (c.offendingValues().isEmpty()) {
        b.append("<p class=\"note\">Not collected for this run.</p>\n</div>\n");
        continue;
      }
      long top = c.offendingValues().get(0).count();
      b.append("<table>\n<tr><th>value</th><th>rows</th><th></th></tr>\n");
      for (ValueCount v : c.offendingValues()) {
        b.append("<tr><td class=\"val\">").append(value(v.value())).append("</td><td class=\"n\">")
            .append(c.offendingCountsExact() ? "" : "≈").append(count(v.count()))
            .append("</td><td><span class=\"share\" style=\"width:")
            .append(String.format(Locale.ROOT, "%.0f", Math.max(1, 120.0 * v.count() / top)))
            .append("px\"></span></td></tr>\n");
      }
      b.append("</table>\n");
      if (!c.offendingCountsExact()) {
        b.append("<p class=\"note\">Counts are estimates.</p>\n");
      }
      b.append("</div>\n");
    }
    b.append("</div>\n</section>\n");
  }

  private static void rowChecks(StringBuilder b, RunReport r) {
    b.append("<section id=\"row-checks\">\n<h2>Row checks</h2>\n");
    if (r.checks().isEmpty()) {
      b.append("<p>The contract has no row check.</p>\n</section>\n");
      return;
    }
    b.append("<table>\n<tr><th>check</th><th>kind</th><th>column</th><th>severity</th><th>failed rows</th>"
        + "<th>status</th></tr>\n");
    for (CheckResult c : r.checks()) {
      b.append("<tr><td><code>").append(escape(c.id())).append("</code></td><td>").append(escape(c.kind()))
          .append("</td><td>").append(escape(c.column().orElse(""))).append("</td><td>").append(c.severity().word())
          .append("</td><td class=\"n\">").append(count(c.failedRows())).append("</td><td class=\"")
          .append(c.status()).append("\">").append(c.status()).append("</td></tr>\n");
    }
    b.append("</table>\n</section>\n");
  }

  private static void datasetChecks(StringBuilder b, RunReport r) {
    if (r.datasetChecks().isEmpty()) {
      return;
    }
    b.append("<section id=\"dataset-checks\">\n<h2>Dataset checks</h2>\n<table>\n<tr><th>check</th><th>kind</th>"
        + "<th>column</th><th>severity</th><th>threshold</th><th>value</th><th>status</th></tr>\n");
    for (DatasetCheckResult d : r.datasetChecks()) {
      b.append("<tr><td><code>").append(escape(d.id())).append("</code></td><td>").append(escape(d.kind()))
          .append("</td><td>").append(escape(d.column().orElse(""))).append("</td><td>").append(d.severity().word())
          .append("</td><td><code>").append(escape(d.threshold().orElse(""))).append("</code></td><td class=\"n\">")
          .append(d.value().map(HtmlReport::number).orElse("undefined"))
          .append("</td><td class=\"").append(d.status()).append("\">").append(d.status()).append("</td></tr>\n");
    }
    b.append("</table>\n</section>\n");
  }

  private static void trends(StringBuilder b, List<TrendPoint> history) {
    b.append("<section id=\"trends\">\n<h2>Trends</h2>\n");
    if (history.isEmpty()) {
      b.append("<p>No history of this contract yet: trend charts of rows in and error rate appear once earlier runs"
          + " are recorded.</p>\n</section>\n");
      return;
    }
    List<TrendPoint> points = history.stream().sorted(Comparator.comparing(TrendPoint::at)).toList();
    b.append("<h3>Rows in</h3>\n").append(SvgCharts.line(
        points.stream().map(p -> new SvgCharts.Point(p.runId(), p.at(), p.rowsIn())).toList(), "Rows in per run",
        v -> String.format(Locale.ROOT, "%,.0f", v)));
    b.append("<h3>Error rate</h3>\n").append(SvgCharts.line(
        points.stream().map(p -> new SvgCharts.Point(p.runId(), p.at(), p.errorRate())).toList(),
        "Error rate per run", v -> String.format(Locale.ROOT, "%.2f%%", v * 100)));
    b.append("<p class=\"note\">").append(points.size()).append(points.size() == 1 ? " run" : " runs")
        .append(", oldest left. Hover a point for its run.</p>\n</section>\n");
  }

  private static List<CheckResult> failing(RunReport r) {
    return r.checks().stream().filter(c -> c.failedRows() > 0)
        .sorted(Comparator.comparingLong(CheckResult::failedRows).reversed().thenComparing(CheckResult::id)).toList();
  }

  /** An offending value as text a reader can see: control characters as escapes, long values cut. */
  private static String value(String v) {
    if (v == null) {
      return "<span class=\"null\">null</span>";
    }
    StringBuilder s = new StringBuilder();
    v.codePoints().limit(MAX_VALUE_CHARS).forEach(cp -> {
      if (cp == '\n') {
        s.append("\\n");
      } else if (cp == '\t') {
        s.append("\\t");
      } else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || Character.getType(cp) == Character.SURROGATE) {
        s.append(String.format(Locale.ROOT, "\\u%04x", cp));
      } else {
        s.appendCodePoint(cp);
      }
    });
    long length = v.codePoints().count();
    String text = escape(s.toString());
    if (v.isEmpty()) {
      return "<span class=\"null\">(empty)</span>";
    }
    return length > MAX_VALUE_CHARS ? text + "<span class=\"null\">… (" + length + " characters)</span>" : text;
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A metric as a reader writes it: six significant digits, no trailing zeros, whole numbers grouped. */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return String.valueOf(v);
    }
    BigDecimal d = new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros();
    return d.scale() <= 0 ? String.format(Locale.ROOT, "%,d", d.toBigInteger()) : d.toPlainString();
  }

  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    return String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, (ms / 1000) % 60);
  }

  /** Text for an element or an attribute value. */
  static String escape(String s) {
    return s == null ? "" : JUnitReport.escape(s);
  }
}
