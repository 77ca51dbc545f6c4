package io.sluice.cli;

import static io.sluice.cli.Run.sluice;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.audit.HashChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log signed with the keyset store's audit key, and checked against a head kept elsewhere. */
class SignedAuditCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      columns:
        - {name: order_id, type: string, required: true}
        - {name: amount, type: 'decimal(8,2)', checks: [{range: {min: 0}}]}
      """;

  @TempDir Path dir;
  Path keys;
  Path audit;
  Path log;

  @BeforeEach
  void keysAndTwoRuns() throws Exception {
    keys = dir.resolve("keys");
    audit = dir.resolve("audit");
    log = audit.resolve("audit.jsonl");
    assertThat(sluice("keys", "create", "--keys", keys.toString(), "--name", "audit", "--type", "audit").exit()).isZero();
    Files.writeString(dir.resolve("orders.yaml"), CONTRACT);
    for (int i = 0; i < 2; i++) {
      Path csv = dir.resolve("orders-" + i + ".csv");
      Files.writeString(csv, "order_id,amount\no" + i + ",1.00\nx" + i + ",-2.00\n");
      Run r = sluice("enforce", "--contract", dir.resolve("orders.yaml").toString(), "--input", csv.toString(),
          "--output", dir.resolve("silver").toString(), "--quarantine", dir.resolve("q").toString(),
          "--audit", audit.toString(), "--keys", keys.toString());
      assertThat(r.exit()).as(r.err()).isZero();
    }
  }

  private String printedHead() throws Exception {
    return HashChain.lastHash(Files.readAllLines(log).get(Files.readAllLines(log).size() - 1));
  }

  @Test
  void everyLineIsSignedAndVerifiesWithTheKeyAndTheHeadARunPrinted() throws Exception {
    Path csv = dir.resolve("orders-late.csv");
    Files.writeString(csv, "order_id,amount\nlate,3.00\n");
    Run r = sluice("enforce", "--contract", dir.resolve("orders.yaml").toString(), "--input", csv.toString(),
        "--output", dir.resolve("silver").toString(), "--quarantine", dir.resolve("q").toString(),
        "--audit", audit.toString(), "--keys", keys.toString());
    Matcher head = Pattern.compile("\\(head ([0-9a-f]{64})\\)").matcher(r.out());
    assertThat(head.find()).as(r.out()).isTrue();
    assertThat(head.group(1)).isEqualTo(printedHead());
    assertThat(Files.readAllLines(log)).hasSize(3).allSatisfy(l -> assertThat(l).contains("\"mac\":"));
    Run verify = sluice("audit", "verify", "--audit", audit.toString(), "--keys", keys.toString(), "--head", head.group(1));
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).contains("intact, 3 records, every line signed by the audit key");
  }

  @Test
  void anEditorWhoRecomputesEveryHashIsCaughtByTheKey() throws Exception {
    List<String> lines = Files.readAllLines(log);
    List<String> forged = new ArrayList<>();
    String prev = HashChain.GENESIS;
    for (int i = 0; i < lines.size(); i++) {
      ObjectNode n = (ObjectNode) JSON.readTree(lines.get(i));
      String mac = n.path("mac").asText();
      n.remove(List.of("sha256", "prev_sha256", "mac"));
      if (i == 0) {
        n.put("rows_quarantined", 0); // the edit
      }
      ObjectNode sealed = (ObjectNode) JSON.readTree(HashChain.seal(n, prev));
      sealed.put("mac", mac);
      forged.add(JSON.writeValueAsString(sealed));
      prev = sealed.path("sha256").asText();
    }
    Files.write(log, forged);
    Files.writeString(audit.resolve("audit.head"), "{\"sha256\":\"" + prev + "\"}\n"); // a thorough editor
    assertThat(sluice("audit", "verify", "--audit", audit.toString()).exit()).as("without the key it looks intact")
        .isZero();
    Run verify = sluice("audit", "verify", "--audit", audit.toString(), "--keys", keys.toString());
    assertThat(verify.exit()).isEqualTo(1);
    assertThat(verify.out()).contains("audit.jsonl:1: tampered: the line's mac is not the audit key's");
  }

  @Test
  void linesRemovedFromTheEndAreCaughtByTheHeadKeptElsewhere() throws Exception {
    String kept = printedHead();
    List<String> lines = Files.readAllLines(log);
    Files.write(log, lines.subList(0, lines.size() - 1));
    Files.writeString(audit.resolve("audit.head"), "{\"sha256\":\"" + HashChain.lastHash(lines.get(0)) + "\"}\n");
    assertThat(sluice("audit", "verify", "--audit", audit.toString(), "--keys", keys.toString()).exit()).isZero();
    Run verify = sluice("audit", "verify", "--audit", audit.toString(), "--keys", keys.toString(), "--head", kept);
    assertThat(verify.exit()).isEqualTo(1);
    assertThat(verify.out()).contains("no line has the head you kept");
  }

  @Test
  void aCarelessTruncationIsCaughtByTheHeadFileBesideTheLog() throws Exception {
    List<String> lines = Files.readAllLines(log);
    Files.write(log, lines.subList(0, lines.size() - 1));
    Run verify = sluice("audit", "verify", "--audit", audit.toString());
    assertThat(verify.exit()).isEqualTo(1);
    assertThat(verify.out()).contains("audit.head names");
  }
}
