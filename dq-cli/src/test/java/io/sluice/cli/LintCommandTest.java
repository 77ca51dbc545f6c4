package io.sluice.cli;

import static io.sluice.cli.Run.sluice;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LintCommandTest {
  private static final Path EXAMPLES = Path.of("../rule-examples/contracts");
  private static final Path BROKEN = Path.of("src/test/resources/broken");

  /** What a run printed and returned. */
  @Test
  void exampleContractsAreAllValid() {
    Run run = sluice("lint", EXAMPLES.toString());
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("7 contracts checked: all valid");
  }

  @Test
  void aFolderOfBrokenContractsGetsEveryErrorWithItsLocationAndExit2() {
    // engine-refusals.yaml: a contract lint refuses for what would stop enforce or read (ContractRefusalsTest).
    Run run = sluice("lint", BROKEN.toString());
    assertThat(run.exit()).isEqualTo(2);
    String b = BROKEN + "/";
    assertThat(run.errorLines()).containsExactly(
        b + "bad-references.yaml:10:11: error: duplicate column 'Payment_ID' (also at line 7 as 'payment_id')",
        b + "bad-references.yaml:19:9: error: duplicate check id 'amount.range' (first at line 18)",
        b + "bad-references.yaml:21:18: error: a unique key names column 'paid_at', which the contract does not declare",
        b + "bad-references.yaml:23:5: error: a row check has no 'name'",
        b + "bad-references.yaml:25:17: error: expression of check 'balanced' has 1 unclosed '('",
        b + "bad-references.yaml:28:22: error: role 'support' asks 'clear' of column 'card', which is masked irreversibly (show_last_4)",
        b + "bad-references.yaml:28:29: error: 'access' of role 'support' names column 'cvv', which the contract does not declare",
        b + "bad-values.yaml:4:10: error: version 1.0 is not a semantic version (YAML read it as a number)",
        b + "bad-values.yaml:5:8: error: 'layer' in the contract is 'platinum'",
        b + "bad-values.yaml:8:11: error: unknown type 'integr' for column 'customer_id' (did you mean 'int'?)",
        b + "bad-values.yaml:10:11: error: unknown type 'decimal(40,2)' for column 'score' (did you mean 'decimal(p,s)'?)",
        b + "bad-values.yaml:14:23: error: min 120 is greater than max 0 in range of check 'age.range'",
        b + "bad-values.yaml:18:18: error: invalid regular expression '^[A-Z{2}$': Unclosed character class at character 9",
        b + "bad-values.yaml:19:9: error: range applies to numbers, dates and timestamps; column 'country' is string",
        b + "bad-values.yaml:23:25: error: allowed_values is empty: no value could pass",
        b + "bad-values.yaml:25:43: error: 'min' of completeness is a share between 0 and 1, not 95",
        b + "bad-values.yaml:26:26: error: freshness needs a date or timestamp column; 'age' is int",
        b + "bad-values.yaml:26:40: error: max_age 'soon' is not a positive duration",
        b + "bomb.yaml:6:1: error: unknown key 'a' in the contract",
        b + "bomb.yaml:7:1: error: unknown key 'b' in the contract",
        b + "bomb.yaml:7:8: error: YAML aliases (*a) are not allowed in contracts (16 aliases in this file)",
        b + "bomb.yaml:8:1: error: unknown key 'c' in the contract",
        b + "engine-refusals.yaml:9:14: error: 'protect' of column 'email' hashes but names no key",
        b + "engine-refusals.yaml:15:45: error: key 'cards' holds a hash key for column 'card' (line 12), and column 'iban'"
            + " needs a deterministic one",
        b + "engine-refusals.yaml:16:11: error: column name '_dq_errors' is reserved: the engine's own columns start with"
            + " '_dq_' or '__dq_', and '_corrupt_record' holds malformed records",
        b + "engine-refusals.yaml:18:5: error: invalid format 'YYYY-MM-dd HH:mm' of column 'paid_at': Spark does not parse"
            + " week-based fields ('Y'); use y for the year, M, d, D",
        b + "engine-refusals.yaml:24:26: error: allowed value '2024-02-30' is not a date",
        b + "engine-refusals.yaml:28:23: error: 'max' of range is 10000000000000000000000000000000000000000, more digits than"
            + " Spark reads in a number (38)",
        b + "engine-refusals.yaml:31:22: error: role 'support' asks 'hash' of column 'iban' at read",
        b + "syntax.yaml:6:20: error: YAML syntax error: mapping values are not allowed here",
        b + "unknown-keys.yaml:6:1: error: unknown key 'onwer' in the contract (did you mean 'owner'?)",
        b + "unknown-keys.yaml:10:5: error: unknown key 'requried' in column 'order_id' (did you mean 'required'?)",
        b + "unknown-keys.yaml:14:9: error: unknown check kind 'rnage' (did you mean 'range'?)",
        b + "unknown-keys.yaml:15:16: error: range of check 'amount.range' has neither 'min' nor 'max'",
        b + "unknown-keys.yaml:15:18: error: unknown argument 'minimum' of range (did you mean 'min'?)");
    assertThat(run.out()).contains("35 problems in 6 of 6 paths");
  }

  @Test
  void aKeyToCreateNamesTheCommandThatCreatesIt() {
    Run run = sluice("lint", BROKEN.resolve("engine-refusals.yaml").toString());
    List<String> lines = Arrays.asList(run.out().split("\\R"));
    int at = lines.indexOf(lines.stream().filter(l -> l.contains("hashes but names no key")).findFirst().orElseThrow());
    assertThat(lines.get(at + 1)).startsWith("    fix: add 'key: <keyset name>' naming a hash keyset")
        .endsWith("(sluice keys create --keys DIR --name NAME --type TYPE)");
  }

  @Test
  void everyErrorIsFollowedByAFix() {
    Run run = sluice("lint", BROKEN.toString());
    List<String> lines = Arrays.asList(run.out().split("\\R"));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(": error: ")) {
        assertThat(lines.get(i + 1)).as("fix after %s", lines.get(i)).startsWith("    fix: ");
      }
    }
  }

  @Test
  void oneBrokenFileAmongValidOnesFailsTheRun(@TempDir Path dir) throws Exception {
    Files.copy(EXAMPLES.resolve("silver/orders.yaml"), dir.resolve("orders.yaml"));
    Files.writeString(dir.resolve("broken.yml"), Files.readString(EXAMPLES.resolve("gold/churn_rate.yaml"))
        .replace("type: double", "type: dubble"));
    Run run = sluice("lint", dir.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errorLines()).singleElement().asString().contains("broken.yml:").contains("unknown type 'dubble'");
  }

  @Test
  void aThreeMegabyteValueIsQuotedInShortLines(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("huge.yaml"), "apiVersion: sluice/v1\nkind: DataContract\nid: t\nversion: 1.0.0\n"
        + "layer: silver\ncolumns:\n  - name: n\n    type: int\n    checks:\n      - allowed_values: [1, \""
        + "A".repeat(3 * 1024 * 1024) + "\"]\n");
    Run run = sluice("lint", dir.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errorLines()).singleElement().asString()
        .endsWith("huge.yaml:10:29: error: allowed value " + "A".repeat(60) + "… (3145728 characters) is a string but column 'n' is int");
    assertThat(run.out().split("\\R")).allSatisfy(line -> assertThat(line).hasSizeLessThan(300));
  }

  @Test
  void aMissingPathIsABadInput() {
    Run run = sluice("lint", "no/such/contracts");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errorLines()).containsExactly("no/such/contracts:1:1: error: no such file or folder");
  }

  @Test
  void anEmptyFolderIsReported(@TempDir Path dir) {
    Run run = sluice("lint", dir.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).contains("no contract files (.yaml, .yml) in this folder");
  }

  @Test
  void quietPrintsOnlyProblems() {
    Run run = sluice("lint", "--quiet", EXAMPLES.toString());
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEmpty();
  }

  @Test
  void lintWithoutPathsIsAUsageError() {
    Run run = sluice("lint");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required parameter: 'PATH'");
  }

  @Test
  void unknownCommandIsAUsageError() {
    Run run = sluice("lnit");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("'lnit' is not a sluice command (did you mean 'lint'?)");
  }

  @Test
  void versionNamesTheReleaseAndTheFormat() {
    Run run = sluice("--version");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).matches("(?s)sluice \\d+\\.\\d+\\.\\d+ \\(contract format sluice/v1, Java \\d+\\)\\R");
  }

  @Test
  void helpListsCommandsAndExitCodes() {
    Run run = sluice("--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("lint").contains("Exit codes:").contains("2   bad usage");
    assertThat(sluice("lint", "--help").out()).contains("Usage: sluice lint");
  }
}
