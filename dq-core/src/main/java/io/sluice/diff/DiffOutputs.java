package io.sluice.diff;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.contract.Contract;
import io.sluice.contract.Location;
import io.sluice.contract.Problem;
import io.sluice.contract.Severity;
import io.sluice.report.JUnitReport;
import io.sluice.report.ReportFiles;
import io.sluice.report.SarifLog;
import io.sluice.report.SourceFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The files {@code sluice diff} writes: the JSON report ({@code --report-json}), JUnit XML
 * ({@code --junit}: one test case per finding, failing when the gate refuses it), a Markdown summary
 * fit for a pull-request comment ({@code --markdown}), HTML ({@code --report-html}) and a SARIF log for
 * code review ({@code --sarif}).
 */
public final class DiffOutputs {
  private DiffOutputs() {}

  public static ObjectNode json(DiffReport report) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode root = nodes.objectNode();
    root.put("status", report.status().name());
    root.put("fail_on", report.failOnProducers() ? "producers" : "consumers");
    ArrayNode contracts = root.putArray("contracts");
    for (ContractDiff d : report.contracts()) {
      ObjectNode c = contracts.addObject();
      c.put("file", d.file());
      c.put("id", d.id());
      c.put("change", d.change().name().toLowerCase(Locale.ROOT));
      c.put("version_before", d.before().map(x -> x.version().toString()).orElse(null));
      c.put("version_after", d.after().map(x -> x.version().toString()).orElse(null));
      c.put("required_bump", d.requiredBump().word());
      c.put("declared_bump", d.declaredBump().map(Bump::word).orElse(d.versionWentDown() ? "down" : null));
      c.put("status", d.passes(report.failOnProducers()) ? "PASSED" : "FAILED");
      ArrayNode refusals = c.putArray("refusals");
      d.refusals().forEach(refusals::add);
      ArrayNode findings = c.putArray("findings");
      for (Finding f : d.findings()) {
        ObjectNode n = findings.addObject();
        n.put("rule", f.rule().name());
        n.put("breaks", f.breaks().word());
        n.put("bump", f.bump().word());
        n.put("subject", f.subject());
        n.put("check", f.check().orElse(null));
        n.put("message", f.message());
        n.put("location", f.location().toString());
        impactOf(report, f).ifPresent(i -> {
          ObjectNode m = n.putObject("impact");
          m.put("newly_failing", i.newlyFailing());
          m.put("no_longer_failing", i.noLongerFailing());
        });
      }
    }
    ArrayNode problems = root.putArray("problems");
    report.problems().forEach(p -> problems.add(p.render()));
    report.impact().ifPresent(i -> {
      ObjectNode m = root.putObject("impact");
      m.put("data", i.data());
      m.put("rows", i.rows());
      m.put("new_contract_runs", i.afterRuns());
      ArrayNode notes = m.putArray("notes");
      i.notes().forEach(notes::add);
      ArrayNode checks = m.putArray("checks");
      for (ImpactReport.CheckImpact c : i.checks()) {
        ObjectNode n = checks.addObject();
        n.put("id", c.id());
        n.put("severity_before", c.severityBefore().map(Severity::word).orElse(null));
        n.put("severity_after", c.severityAfter().map(Severity::word).orElse(null));
        n.put("failed_before", c.failedBefore());
        n.put("failed_after", c.failedAfter());
        n.put("newly_failing", c.newlyFailing());
        n.put("no_longer_failing", c.noLongerFailing());
      }
    });
    return root;
  }

  public static void writeJson(DiffReport report, Path file) {
    try {
      // Made here, not in a static field: the console report needs no Jackson, and diff must start fast.
      ObjectMapper pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ReportFiles.write(file, pretty.writeValueAsString(json(report)) + "\n", "diff report");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render the diff report as JSON", e);
    }
  }

  /**
   * One test case per finding, and one per contract for its version. A finding fails when its contract's
   * change is refused and it is what needs the bump, or when it breaks producers under
   * {@code --fail-on producers}; a breaking change that its major bump declares passes, as CI should.
   */
  public static List<JUnitReport.Case> junitCases(DiffReport report) {
    List<JUnitReport.Case> cases = new ArrayList<>();
    for (ContractDiff d : report.contracts()) {
      String suite = "sluice.diff." + d.id();
      boolean refused = !d.refusals().isEmpty();
      cases.add(new JUnitReport.Case("version " + d.before().map(c -> c.version() + " -> ").orElse("")
          + d.after().map(c -> c.version().toString()).orElse("removed"), suite,
          refused ? String.join("; ", d.refusals()) : null,
          "required bump " + d.requiredBump().word() + ", declared " + d.declaredBump().map(Bump::word).orElse("n/a")));
      for (Finding f : d.findings()) {
        boolean fails = refused && f.bump() == d.requiredBump() && f.bump() != Bump.NONE
            || refused && f.rule() == Rule.CONTRACT_REMOVED
            || report.failOnProducers() && f.breaks() == Breaks.PRODUCERS;
        String said = f.location() + ": " + f.rule() + " (breaks " + f.breaks().word() + "): " + f.message()
            + impactOf(report, f).map(i -> "; impact: " + i.newlyFailing() + " row(s) newly failing").orElse("");
        cases.add(new JUnitReport.Case(f.rule() + " " + f.subject(), suite, fails ? said : null, fails ? null : said));
      }
    }
    for (Problem p : report.problems()) {
      cases.add(new JUnitReport.Case(p.location().file(), "sluice.diff", p.render(), null));
    }
    return cases;
  }

  public static void writeJunit(DiffReport report, double seconds, Path file) {
    JUnitReport.write("sluice.diff", junitCases(report), seconds, file);
  }

  /** A summary for a pull-request comment: each contract's bump, required and declared, and its findings. */
  public static String markdown(DiffReport report) {
    StringBuilder b = new StringBuilder();
    b.append("### Sluice contract diff: ").append(report.status()).append("\n\n");
    if (report.contracts().isEmpty() && report.problems().isEmpty()) {
      b.append("No contract changed.\n");
    }
    List<ContractDiff> changed = report.contracts().stream()
        .filter(d -> !d.findings().isEmpty() || !d.passes(report.failOnProducers())).toList();
    if (!report.contracts().isEmpty()) {
      b.append(report.contracts().size()).append(report.contracts().size() == 1 ? " contract" : " contracts")
          .append(" compared, ").append(changed.size()).append(" changed.\n\n");
    }
    if (!changed.isEmpty()) {
      b.append("| contract | file | version | required bump | declared bump | result |\n|---|---|---|---|---|---|\n");
      for (ContractDiff d : changed) {
        b.append("| `").append(cell(d.id())).append("` | `").append(cell(d.file())).append("` | ")
            .append(cell(d.before().map(c -> c.version() + " → ").orElse("") + d.after().map(c -> c.version().toString()).orElse("removed")))
            .append(" | ").append(d.requiredBump().word()).append(" | ")
            .append(d.declaredBump().map(Bump::word).orElse(d.versionWentDown() ? "**down**" : "n/a")).append(" | ")
            .append(d.passes(report.failOnProducers()) ? "passed" : "**FAILED**").append(" |\n");
      }
    }
    for (ContractDiff d : report.contracts()) {
      if (d.findings().isEmpty() && d.refusals().isEmpty()) {
        continue;
      }
      b.append("\n#### `").append(cell(d.id())).append("`\n\n");
      d.refusals().forEach(r -> b.append("> **Refused:** ").append(r).append("\n"));
      if (!d.refusals().isEmpty()) {
        b.append("\n");
      }
      boolean impact = report.impact().isPresent();
      b.append("| rule | breaks | bump | subject | change |").append(impact ? " rows newly failing |" : "").append("\n")
          .append("|---|---|---|---|---|").append(impact ? "---|" : "").append("\n");
      for (Finding f : d.findings()) {
        b.append("| `").append(f.rule()).append("` | ").append(f.breaks() == Breaks.CONSUMERS ? "**consumers**" : f.breaks().word())
            .append(" | ").append(f.bump().word()).append(" | `").append(cell(f.subject())).append("` | ").append(cell(f.message()))
            .append(" |");
        if (impact) {
          b.append(" ").append(impactOf(report, f).map(i -> String.format(Locale.ROOT, "%,d", i.newlyFailing())).orElse(""))
              .append(" |");
        }
        b.append("\n");
      }
    }
    report.impact().ifPresent(i -> {
      b.append("\n#### Impact on `").append(cell(i.data())).append("` (").append(String.format(Locale.ROOT, "%,d", i.rows()))
          .append(" rows)\n\n");
      i.notes().forEach(n -> b.append("> ").append(n).append("\n"));
      b.append("| check | severity | failed before | failed after | newly failing | no longer failing |\n|---|---|---|---|---|---|\n");
      for (ImpactReport.CheckImpact c : i.checks()) {
        if (c.failedBefore() == 0 && c.failedAfter() == 0) {
          continue;
        }
        b.append("| `").append(cell(c.id())).append("` | ").append(severities(c)).append(String.format(Locale.ROOT,
            " | %,d | %,d | %,d | %,d |%n", c.failedBefore(), c.failedAfter(), c.newlyFailing(), c.noLongerFailing()));
      }
    });
    if (!report.problems().isEmpty()) {
      b.append("\n#### Problems\n\n```text\n");
      report.problems().forEach(p -> b.append(p.render()).append("\n"));
      b.append("```\n");
    }
    return b.toString();
  }

  /** The same as a one-page HTML report ({@code --report-html}): self-contained, well-formed XHTML. */
  public static String html(DiffReport report) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<title>Sluice contract diff: ").append(report.status()).append("</title>\n")
        .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1em}"
            + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}td.n{text-align:right}"
            + ".PASSED{color:#1a7f37}.WARNED{color:#9a6700}.FAILED,.consumers{color:#cf222e;font-weight:bold}</style>\n")
        .append("</head>\n<body>\n<h1>Sluice contract diff: <span class=\"").append(report.status()).append("\">")
        .append(report.status()).append("</span></h1>\n");
    for (ContractDiff d : report.contracts()) {
      boolean passes = d.passes(report.failOnProducers());
      b.append("<h2>").append(e(d.id())).append(" <small>").append(e(d.file())).append("</small></h2>\n<p>")
          .append(e(d.before().map(c -> c.version() + " → ").orElse("") + d.after().map(c -> c.version().toString()).orElse("removed")))
          .append(": required bump ").append(d.requiredBump().word()).append(", declared ")
          .append(d.declaredBump().map(Bump::word).orElse(d.versionWentDown() ? "down" : "n/a")).append(" — <span class=\"")
          .append(passes ? "PASSED" : "FAILED").append("\">").append(passes ? "passed" : "FAILED").append("</span></p>\n");
      for (String r : d.refusals()) {
        b.append("<p class=\"FAILED\">Refused: ").append(e(r)).append("</p>\n");
      }
      if (d.findings().isEmpty()) {
        continue;
      }
      b.append("<table>\n<tr><th>rule</th><th>breaks</th><th>bump</th><th>subject</th><th>change</th><th>where</th>"
          + "<th>rows newly failing</th></tr>\n");
      for (Finding f : d.findings()) {
        b.append("<tr><td>").append(f.rule()).append("</td><td class=\"").append(f.breaks().word()).append("\">")
            .append(f.breaks().word()).append("</td><td>").append(f.bump().word()).append("</td><td>").append(e(f.subject()))
            .append("</td><td>").append(e(f.message())).append("</td><td>").append(e(f.location().toString()))
            .append("</td><td class=\"n\">").append(report.impactOf(f).map(i -> String.valueOf(i.newlyFailing())).orElse(""))
            .append("</td></tr>\n");
      }
      b.append("</table>\n");
    }
    report.impact().ifPresent(i -> {
      b.append("<h2>Impact on ").append(e(i.data())).append(" (").append(i.rows()).append(" rows)</h2>\n");
      i.notes().forEach(n -> b.append("<p>").append(e(n)).append("</p>\n"));
      b.append("<table>\n<tr><th>check</th><th>severity</th><th>failed before</th><th>failed after</th>"
          + "<th>newly failing</th><th>no longer failing</th></tr>\n");
      for (ImpactReport.CheckImpact c : i.checks()) {
        b.append("<tr><td>").append(e(c.id())).append("</td><td>").append(e(severities(c))).append("</td>");
        for (long n : new long[] {c.failedBefore(), c.failedAfter(), c.newlyFailing(), c.noLongerFailing()}) {
          b.append("<td class=\"n\">").append(n).append("</td>");
        }
        b.append("</tr>\n");
      }
      b.append("</table>\n");
    });
    if (!report.problems().isEmpty()) {
      b.append("<h2>Problems</h2>\n<pre>");
      report.problems().forEach(p -> b.append(e(p.render())).append("\n"));
      b.append("</pre>\n");
    }
    return b.append("</body>\n</html>\n").toString();
  }

  public static void writeHtml(DiffReport report, Path file) {
    ReportFiles.write(file, html(report), "HTML report");
  }

  private static String e(String s) {
    return JUnitReport.escape(s);
  }

  /** The rule id of a version the gate refuses: not a change, but what fails the gate. */
  public static final String VERSION_REFUSED = "VERSION_REFUSED";

  /** A rule for each of diff's rules, one for a refused version, and one for each kind of contract problem. */
  public static List<SarifLog.Rule> sarifRules() {
    List<SarifLog.Rule> rules = new ArrayList<>();
    for (Rule r : Rule.values()) {
      rules.add(new SarifLog.Rule(r.name(), r.title(), r.description() + " " + BUMPS, Optional.empty(),
          List.of("data-contract", "diff")));
    }
    rules.add(new SarifLog.Rule(VERSION_REFUSED, "The contract's version does not match its changes",
        "The version must say whom the changes break: " + BUMPS + " A version never goes down, and a changed contract "
            + "needs a new version. The message names the version to declare.",
        Optional.of(SarifLog.Level.ERROR), List.of("data-contract", "diff")));
    rules.addAll(SarifLog.problemRules());
    return rules;
  }

  private static final String BUMPS = "A change that breaks consumers needs a major version bump; one that concerns "
      + "producers, or adds to the contract, a minor one; documentation, a patch.";

  /**
   * The report as a SARIF log for code review: each finding at the YAML node it is about (in the new
   * version, or in the old one for what the new one no longer has, as the result says), an {@code error}
   * when it breaks consumers (or producers, when the report fails on them), a {@code warning} when it
   * concerns producers, a {@code note} otherwise; each refused version an error at its {@code version}; each
   * problem an error.
   */
  public static ObjectNode sarif(DiffReport report) {
    return sarif(report, Path.of(""));
  }

  /** As {@link #sarif(DiffReport)}, with paths outside a repository relative to {@code workingDirectory}. */
  public static ObjectNode sarif(DiffReport report, Path workingDirectory) {
    List<SarifLog.Result> results = new ArrayList<>();
    for (ContractDiff d : report.contracts()) {
      for (Finding f : d.findings()) {
        SarifLog.Level level = switch (f.breaks()) {
          case CONSUMERS -> SarifLog.Level.ERROR;
          case PRODUCERS -> report.failOnProducers() ? SarifLog.Level.ERROR : SarifLog.Level.WARNING;
          case NOBODY -> SarifLog.Level.NOTE;
        };
        boolean old = f.side() == Finding.Side.BEFORE;
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("contract", d.id());
        properties.put("breaks", f.breaks().word());
        properties.put("bump", f.bump().word());
        properties.put("subject", f.subject());
        f.check().ifPresent(c -> properties.put("check", c));
        properties.put("locatedIn", old ? "old version" : "new version");
        report.impactOf(f).ifPresent(i -> properties.put("rowsNewlyFailing", String.valueOf(i.newlyFailing())));
        results.add(new SarifLog.Result(f.rule().name(), level,
            f.message() + (old ? " (located in the old version: " + f.location() + ")" : ""),
            sourceOf(d, f.location().file(), workingDirectory), f.location().line(), f.location().column(),
            Optional.of((old ? "the old version, " : "the new version, ") + f.location().file()), properties));
      }
      if (d.change() == ContractDiff.Change.MODIFIED) {
        Contract after = d.after().orElseThrow();
        Location at = after.locationOf("version").orElse(Location.of(after.file()));
        for (String refusal : d.refusals()) {
          results.add(new SarifLog.Result(VERSION_REFUSED, SarifLog.Level.ERROR, refusal,
              sourceOf(d, at.file(), workingDirectory), at.line(), at.column(),
              Optional.of("the new version, " + at.file()), Map.of("contract", d.id(), "requiredBump", d.requiredBump().word())));
        }
      }
    }
    report.problems().forEach(p -> results.add(SarifLog.problem(p, workingDirectory)));
    return SarifLog.log(sarifRules(), results);
  }

  /** A location's file: on disk, or a file's version at a git ref, found in the repository of the file compared. */
  private static SourceFile sourceOf(ContractDiff d, String file, Path workingDirectory) {
    return GitRepository.pathOf(file, workingDirectory)
        .map(path -> SourceFile.inRepositoryOf(d.file(), path, workingDirectory))
        .orElseGet(() -> SourceFile.of(file, workingDirectory));
  }

  public static void writeSarif(DiffReport report, Path file) {
    SarifLog.write(sarif(report), file);
  }

  public static void writeMarkdown(DiffReport report, Path file) {
    ReportFiles.write(file, markdown(report), "Markdown summary");
  }

  static String severities(ImpactReport.CheckImpact c) {
    String b = c.severityBefore().map(Severity::word).orElse("-");
    String a = c.severityAfter().map(Severity::word).orElse("-");
    return b.equals(a) ? a : b + " → " + a;
  }

  private static Optional<ImpactReport.CheckImpact> impactOf(DiffReport report, Finding f) {
    return report.impactOf(f);
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ").replace("`", "'");
  }
}
