package io.sluice.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sluice.contract.ContractLoader;
import io.sluice.contract.Problem;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A problem quotes what the contract says as a short, printable excerpt, however long or strange the value:
 * lint's output stays one readable line per problem in a terminal and a CI log.
 */
class ProblemMessagesTest {
  private static final String HEAD = "apiVersion: sluice/v1\nkind: DataContract\nid: t\nversion: 1.0.0\nlayer: silver\n";
  private static final int SHORT = 300;
  /** What a printable message holds none of: controls, format characters, private use, surrogates, unassigned, U+FFFD. */
  private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}\\p{Cn}\\u2028\\u2029\\uFFFD]");

  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.4.0
      owner: sales
      layer: silver
      source: bronze
      schema: { extra_columns: keep }
      columns:
        - name: order_id
          type: string
          required: true
          unique: true
        - name: amount
          type: decimal(12,2)
          checks:
            - range: { min: 0, max: 100000 }
        - name: status
          type: string
          checks:
            - allowed_values: [PLACED, SHIPPED]
              severity: warn
        - name: country
          type: string
          checks:
            - pattern: '^[A-Z]{2}$'
            - length: { min: 2, max: 2 }
        - name: ordered_at
          type: timestamp
          format: "yyyy-MM-dd HH:mm:ss"
        - name: day
          type: date
          checks:
            - range: { min: "2024-01-01" }
            - allowed_values: ["2024-01-02"]
        - name: email
          type: string
          protect: { mask: hash, key: emails }
        - name: customer_id
          type: string
          protect: { encrypt: deterministic, key: customers, domain: customer }
      unique:
        - [customer_id, ordered_at]
      checks:
        - name: positive
          expression: "amount >= 0"
      dataset_checks:
        - row_count: { min: 1 }
        - completeness: { column: email, min: 0.95 }
        - freshness: { column: ordered_at, max_age: 26h }
      access:
        default: masked
        roles:
          fraud: { customer_id: clear, email: masked }
          marketing: { order_id: denied, customer_id: show_last_4 }
      """;

  private static List<Problem> lint(String text) {
    return ContractLoader.withDiscoveredValidators().parse(text, "t.yaml").problems();
  }

  private static void assertShortAndPrintable(List<Problem> problems, String variant) {
    assertThat(problems).as(variant).allSatisfy(p -> {
      assertThat(p.message()).as(variant).hasSizeLessThan(SHORT).doesNotContainPattern(UNPRINTABLE);
      assertThat(p.hint()).as(variant).hasSizeLessThan(SHORT).doesNotContainPattern(UNPRINTABLE);
    });
  }

  @Test
  void theTemplateIsValid() {
    assertThat(lint(CONTRACT)).isEmpty();
  }

  @Test
  void aThreeMegabyteAllowedValueIsQuotedInAShortLine() {
    String value = "A".repeat(3 * 1024 * 1024);
    List<Problem> problems = lint(HEAD + "columns:\n  - {name: n, type: int, checks: [{allowed_values: [\"" + value + "\"]}]}\n");
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.message()).startsWith("allowed value AAAA").contains("… (3145728 characters) is a string but column 'n' is int");
      assertThat(p.render()).hasSizeLessThan(SHORT);
    });
  }

  @Test
  void everyKeyAndValueOfAContractIsQuotedShortAndPrintable() {
    // Each word or number of the template in turn becomes 64 KiB of text that starts with terminal escapes, a NUL and
    // a right-to-left override: whatever problem that makes, it quotes the value as an excerpt.
    String evil = "\"\\0\\e[31m\\u202E\\a\\t" + "x".repeat(64 * 1024) + "\\n\"";
    Matcher words = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*|[0-9]+(\\.[0-9]+)*").matcher(CONTRACT);
    int variants = 0;
    while (words.find()) {
      String variant = CONTRACT.substring(0, words.start()) + evil + CONTRACT.substring(words.end());
      assertShortAndPrintable(lint(variant), "replacing '" + words.group() + "' at " + words.start());
      variants++;
    }
    assertThat(variants).isGreaterThan(100);
  }

  // The bound catches a number expanded digit by digit (minutes, or out of memory), not speed: it is wide enough
  // for a loaded 2-core machine.
  @Test
  void hugeNumbersAreRefusedAtOnceInShortMessages() {
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (String number : List.of("1e100000000", "1" + "0".repeat(1024 * 1024), "0." + "1".repeat(5000), "1e40")) {
        String variant = "replacing numbers with " + number.substring(0, Math.min(20, number.length()));
        List<Problem> problems = lint(CONTRACT.replace("100000", number).replace("version: 1.4.0", "version: " + number));
        assertThat(problems).as(variant).hasSizeGreaterThanOrEqualTo(2);
        assertShortAndPrintable(problems, variant);
      }
    });
  }
}
