package io.sluice.cli;

import static io.sluice.cli.Run.sluice;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.contract.CheckSpec;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.contract.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice suggest} end to end on the demo's bundled sample data: the suggestion lints clean and accepts the data. */
class SuggestCommandTest {
  @TempDir Path dir;

  /** A bundled sample file (rule-examples' landing data), with only the lines {@code keep} accepts. */
  private Path sample(String name, Predicate<String> keep) throws IOException {
    String text;
    try (InputStream in = SuggestCommandTest.class.getResourceAsStream("/sample/" + name)) {
      assertThat(in).as("sample " + name + " on the class path").isNotNull();
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path file = dir.resolve(name);
    Files.writeString(file, String.join("\n", text.lines().filter(keep).toList()) + "\n");
    return file;
  }

  /** The fields of a CSV line, quotes respected: the sample's cut-short lines have fewer than its header. */
  private static int fields(String line) {
    int n = 1;
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      quoted ^= c == '"';
      n += !quoted && c == ',' ? 1 : 0;
    }
    return n;
  }

  private static boolean json(String line) {
    try {
      new ObjectMapper().readTree(line);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private JsonNode validate(Path contract, Path data, int exit) throws IOException {
    Path report = dir.resolve(contract.getFileName() + ".report.json");
    Run validate = sluice("validate", "--contract", contract.toString(), "--data", data.toString(),
        "--report-json", report.toString(), "--quiet-progress");
    assertThat(validate.exit()).as(validate.out() + validate.err()).isEqualTo(exit);
    return new ObjectMapper().readTree(report.toFile());
  }

  private static List<String> allowedValues(Contract c, String column) {
    CheckSpec check = c.column(column).orElseThrow().checks().stream().filter(s -> s.kind().equals("allowed_values"))
        .findFirst().orElseThrow();
    return ((Node.Sequence) check.args()).items().stream().map(n -> ((Node.Scalar) n).text()).toList();
  }

  private static boolean has(Contract c, String column, String kind) {
    return c.column(column).orElseThrow().checks().stream().anyMatch(s -> s.kind().equals(kind));
  }

  @Test
  void theSampleOrdersGetAContractThatLintsCleanAndAcceptsEveryRow() throws IOException {
    Path orders = sample("orders.csv", line -> fields(line) == 13);
    Path contract = dir.resolve("contracts/orders.yaml");
    Run suggest = sluice("suggest", "--data", orders.toString(), "--out", contract.toString());
    assertThat(suggest.exit()).as(suggest.err()).isZero();
    assertThat(suggest.out()).contains("suggest orders over " + orders + ": 13 columns from 3,009 rows -> " + contract);

    Run lint = sluice("lint", contract.toString());
    assertThat(lint.exit()).as(lint.out()).isZero();
    assertThat(lint.errorLines()).isEmpty();

    JsonNode report = validate(contract, orders, 0);
    assertThat(report.at("/status").asText()).isEqualTo("PASSED");
    assertThat(report.at("/rows/total").asLong()).isEqualTo(3009);
    assertThat(report.at("/rows/quarantined").asLong()).isZero();

    Contract c = ContractLoader.withDiscoveredValidators().load(contract);
    assertThat(c.id()).isEqualTo("orders");
    assertThat(c.layer().word()).isEqualTo("bronze");
    assertThat(c.column("order_date").orElseThrow().type()).hasToString("date");
    assertThat(c.column("order_date").orElseThrow().format()).contains("yyyy-MM-dd");
    // 2026-02-30 10:00:00 is in the data: no timestamp type accepts it.
    assertThat(c.column("ordered_at").orElseThrow().type()).hasToString("string");
    assertThat(c.column("items").orElseThrow().type()).hasToString("int");
    assertThat(has(c, "items", "range")).isTrue();
    assertThat(c.column("gift_wrap").orElseThrow().type()).hasToString("boolean");
    assertThat(c.column("shipping_weight_kg").orElseThrow().type()).hasToString("decimal(18,3)");
    assertThat(c.column("US Gross").orElseThrow().required()).isPresent();
    // customer_id is left empty in some rows; order_id is repeated: neither is required and unique.
    assertThat(c.column("customer_id").orElseThrow().required()).isEmpty();
    assertThat(c.column("order_id").orElseThrow().unique()).isEmpty();
    assertThat(allowedValues(c, "currency")).containsExactly("CHF", "EUR", "EURO", "GBP", "USD");
    assertThat(Files.readString(contract)).contains("# 3,009 rows: no nulls, ~").contains("allowed_values: [\"CHF\"");
  }

  @Test
  void theSampleCustomersGetFormatsAndDeequsEmailPattern() throws IOException {
    Path customers = sample("customers.jsonl", SuggestCommandTest::json);
    Path contract = dir.resolve("customers.yaml");
    Run suggest = sluice("suggest", "--data", customers.toString(), "--format", "json", "--id", "bronze_customers",
        "--layer", "silver", "--out", contract.toString());
    assertThat(suggest.exit()).as(suggest.err()).isZero();
    assertThat(sluice("lint", contract.toString()).exit()).isZero();
    JsonNode report = validate(contract, customers, 0);
    assertThat(report.at("/rows/quarantined").asLong()).isZero();

    Contract c = ContractLoader.withDiscoveredValidators().load(contract);
    assertThat(c.id()).isEqualTo("bronze_customers");
    assertThat(c.layer().word()).isEqualTo("silver");
    assertThat(c.column("signup_date").orElseThrow().type()).hasToString("date");
    assertThat(c.column("marketing_opt_in").orElseThrow().type()).hasToString("boolean");
    // One birth date is 1985-13-45 and some points are "12k": text, with the reason in the comment.
    assertThat(c.column("birth_date").orElseThrow().type()).hasToString("string");
    assertThat(c.column("loyalty_points").orElseThrow().type()).hasToString("string");
    assertThat(c.column("email_domain").orElseThrow().checks()).extracting(CheckSpec::kind).contains("pattern");
    assertThat(Files.readString(contract)).contains("# Deequ's EMAIL pattern is found in every value");
    assertThat(allowedValues(c, "segment")).containsExactly("business", "consumer", "gold", "vip");
  }

  @Test
  void malformedRecordsAreLeftOutAndAreAllThatValidateQuarantines() throws IOException {
    Path orders = sample("orders.csv", line -> true);
    Path contract = dir.resolve("orders.yaml");
    Run suggest = sluice("suggest", "--data", orders.toString(), "--out", contract.toString());
    assertThat(suggest.exit()).isZero();
    assertThat(suggest.err()).contains("warning: 6 malformed records of " + orders + " left out of the profile");
    JsonNode report = validate(contract, orders, 1);
    assertThat(report.at("/rows/quarantined").asLong()).isEqualTo(6);
    assertThat(report.at("/checks")).allSatisfy(check -> assertThat(check.at("/failed_rows").asLong()).isZero());
  }

  @Test
  void withoutOutTheContractGoesToStandardOutput() throws IOException {
    Path data = dir.resolve("t.csv");
    Files.writeString(data, "id,status\n1,NEW\n2,NEW\n3,OLD\n4,OLD\n");
    Run suggest = sluice("suggest", "--data", data.toString());
    assertThat(suggest.exit()).isZero();
    Contract c = ContractLoader.withDiscoveredValidators().parse(suggest.out(), "stdout").orThrow();
    assertThat(c.id()).isEqualTo("t");
    assertThat(c.column("id").orElseThrow().unique()).isPresent();
  }

  @Test
  void badUsageAndUnreadableDataAreOneLineAndExit2() throws IOException {
    Path data = dir.resolve("t.csv");
    Files.writeString(data, "id\n1\n");
    Path existing = dir.resolve("existing.yaml");
    Files.writeString(existing, "mine");
    List<String[]> cases = List.of(
        new String[] {"--data", data.toString(), "--layer", "platinum"},
        new String[] {"--data", data.toString(), "--id", "Orders!"},
        new String[] {"--data", dir.resolve("missing.csv").toString()},
        new String[] {"--data", data.toString(), "--format", "xls"},
        new String[] {"--data", data.toString(), "--out", existing.toString()});
    for (String[] args : cases) {
      String[] command = new String[args.length + 1];
      command[0] = "suggest";
      System.arraycopy(args, 0, command, 1, args.length);
      Run r = sluice(command);
      assertThat(r.exit()).as(Arrays.toString(args)).isEqualTo(2);
      assertThat(r.err().strip().lines()).as(r.err()).hasSize(1).allSatisfy(l -> assertThat(l).startsWith("sluice: "));
      assertThat(r.out()).isEmpty();
    }
    assertThat(Files.readString(existing)).isEqualTo("mine");
  }
}
