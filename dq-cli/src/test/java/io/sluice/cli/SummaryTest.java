package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.Severity;
import io.sluice.report.CheckResult;
import io.sluice.report.RunReport;
import io.sluice.report.ValueCount;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SummaryTest {

  private static String printed(CheckResult... checks) {
    RunReport r = new RunReport("r", "orders", "1.0.0", 100, 90, 10, 0, 0, List.of(checks), List.of());
    StringWriter s = new StringWriter();
    Summary.print(new PrintWriter(s), "validate orders", r, 15);
    return s.toString();
  }

  @Test
  void aFailingCheckPrintsItsOffendingValuesUnderItsLine() {
    String out = printed(new CheckResult("email.pattern", "pattern", Optional.of("email"), Severity.ERROR, 10,
        List.of(new ValueCount("n/a", 3), new ValueCount(null, 7)), true));
    List<String> lines = out.lines().toList();
    int check = lines.indexOf(lines.stream().filter(l -> l.trim().startsWith("email.pattern")).findFirst().orElseThrow());
    assertThat(lines.get(check + 1).trim()).isEqualTo("offending values: null ×7, \"n/a\" ×3");
  }

  @Test
  void estimatedCountsAreMarked() {
    String out = printed(new CheckResult("a.range", "range", Optional.of("a"), Severity.ERROR, 10,
        List.of(new ValueCount("-1", 10)), false));
    assertThat(out).contains("offending values: \"-1\" ×≈10");
  }

  @Test
  void aValueCannotWriteToTheTerminal() {
    String out = printed(new CheckResult("a.pattern", "pattern", Optional.of("a"), Severity.ERROR, 1,
        List.of(new ValueCount("x\u001b[2J\"\n" + "y".repeat(100), 1)), true));
    assertThat(out).doesNotContain("\u001b").contains("\"x\\u001b[2J\\\"\\nyyy").contains("y…\" ×1");
  }

  @Test
  void aCheckWithoutValuesPrintsNoValueLine() {
    assertThat(printed(new CheckResult("a.required", "required", Optional.of("a"), Severity.ERROR, 10)))
        .doesNotContain("offending values");
  }
}
