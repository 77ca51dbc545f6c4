package io.sluice.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * JUnit XML ({@code --junit}) so CI servers show each check as a test: one {@code testcase} per row
 * check and per dataset check. An error-level failure is a {@code failure}; a warn-level one passes
 * with the count in {@code system-out}.
 */
public final class JUnitReport {
  private JUnitReport() {}

  /** One test case: its name, and the failure message when it failed (null when it passed). */
  public record Case(String name, String className, String failure, String output) {}

  public static List<Case> cases(RunReport report) {
    List<Case> cases = new ArrayList<>();
    String suite = "sluice." + report.contractId();
    for (CheckResult c : report.checks()) {
      String counted = c.failedRows() + " row(s) failed " + c.id();
      cases.add(new Case(c.id(), suite, c.status() == Status.FAILED ? counted : null,
          c.status() == Status.WARNED ? counted + " (severity warn)" : null));
    }
    for (DatasetCheckResult d : report.datasetChecks()) {
      String value = d.value().map(v -> String.format(Locale.ROOT, "%s", v)).orElse("undefined");
      String said = d.id() + " did not hold (value " + value + ")";
      cases.add(new Case(d.id(), suite, d.status() == Status.FAILED ? said : null,
          d.status() == Status.WARNED ? said + " (severity warn)" : null));
    }
    return cases;
  }

  public static String xml(String suiteName, List<Case> cases, double seconds) {
    long failures = cases.stream().filter(c -> c.failure() != null).count();
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append("<testsuite name=\"").append(escape(suiteName)).append("\" tests=\"").append(cases.size())
        .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"0\" time=\"")
        .append(String.format(Locale.ROOT, "%.3f", seconds)).append("\">\n");
    for (Case c : cases) {
      b.append("  <testcase name=\"").append(escape(c.name())).append("\" classname=\"").append(escape(c.className()))
          .append("\" time=\"0\"");
      if (c.failure() == null && c.output() == null) {
        b.append("/>\n");
        continue;
      }
      b.append(">\n");
      if (c.failure() != null) {
        b.append("    <failure message=\"").append(escape(c.failure())).append("\">").append(escape(c.failure()))
            .append("</failure>\n");
      }
      if (c.output() != null) {
        b.append("    <system-out>").append(escape(c.output())).append("</system-out>\n");
      }
      b.append("  </testcase>\n");
    }
    return b.append("</testsuite>\n").toString();
  }

  public static void write(String suiteName, List<Case> cases, double seconds, Path file) {
    ReportFiles.write(file, xml(suiteName, cases, seconds), "JUnit report");
  }


  public static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> {
          if (ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') {
            b.append(' ');
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.toString();
  }
}
