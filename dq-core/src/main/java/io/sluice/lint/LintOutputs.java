package io.sluice.lint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.contract.Problem;
import io.sluice.report.SarifLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files {@code sluice lint} writes besides its console report: a SARIF log for code review. */
public final class LintOutputs {
  private LintOutputs() {}

  /** Every problem as a SARIF error at its line, under a rule per kind of problem; files relative to their repository. */
  public static ObjectNode sarif(Linter.Report report) {
    return sarif(report, Path.of(""));
  }

  /** As {@link #sarif(Linter.Report)}, with paths outside a repository relative to {@code workingDirectory}. */
  public static ObjectNode sarif(Linter.Report report, Path workingDirectory) {
    List<Problem> problems = new ArrayList<>(report.pathProblems());
    report.files().forEach(f -> problems.addAll(f.problems()));
    return SarifLog.log(SarifLog.problemRules(), problems.stream().map(p -> SarifLog.problem(p, workingDirectory)).toList());
  }

  public static void writeSarif(Linter.Report report, Path file) {
    SarifLog.write(sarif(report), file);
  }
}
