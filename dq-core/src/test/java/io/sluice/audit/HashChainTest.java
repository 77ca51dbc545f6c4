package io.sluice.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashChainTest {
  @TempDir Path dir;
  private FileAuditSink sink;

  @BeforeEach
  void fourRuns() {
    sink = new FileAuditSink(dir);
    for (int i = 1; i <= 4; i++) {
      ObjectNode n = JsonNodeFactory.instance.objectNode();
      n.put("run_id", "run-" + i);
      n.put("rows_in", 10 * i);
      n.put("error_rate", 0.125 * i);
      n.putArray("checks").addObject().put("id", "amount.range").put("failed_rows", i);
      sink.appendEvent(n);
    }
  }

  private List<String> lines() throws Exception {
    return new ArrayList<>(Files.readAllLines(sink.file()));
  }

  @Test
  void anUntouchedLogIsIntactAndChainedFromZeros() throws Exception {
    HashChain.Verification v = FileAuditSink.verify(dir);
    assertThat(v.intact()).isTrue();
    assertThat(v.lines()).isEqualTo(4);
    assertThat(lines().get(0)).contains("\"prev_sha256\":\"" + HashChain.GENESIS + "\"");
  }

  @Test
  void eachLineChainsToTheHashOfTheLineBefore() throws Exception {
    List<String> lines = lines();
    String firstSha = lines.get(0).replaceAll(".*\"sha256\":\"([0-9a-f]{64})\".*", "$1");
    assertThat(lines.get(1)).contains("\"prev_sha256\":\"" + firstSha + "\"");
  }

  @Test
  void anEditedValueBreaksTheChainAtThatLine() throws Exception {
    List<String> lines = lines();
    lines.set(2, lines.get(2).replace("\"rows_in\":30", "\"rows_in\":31"));
    HashChain.Verification v = HashChain.verify(lines);
    assertThat(v.intact()).isFalse();
    assertThat(v.badLine()).isEqualTo(3);
    assertThat(v.reason()).contains("edited");
  }

  @Test
  void aDeletedLineBreaksTheChainAtTheNextLine() throws Exception {
    List<String> lines = lines();
    lines.remove(1);
    HashChain.Verification v = HashChain.verify(lines);
    assertThat(v.intact()).isFalse();
    assertThat(v.badLine()).isEqualTo(2);
    assertThat(v.reason()).contains("deleted");
  }

  @Test
  void reorderedLinesBreakTheChain() throws Exception {
    List<String> lines = lines();
    Collections.swap(lines, 1, 2);
    assertThat(HashChain.verify(lines).badLine()).isEqualTo(2);
  }

  @Test
  void aLineThatIsNotJsonIsNamed() throws Exception {
    List<String> lines = lines();
    lines.set(3, "{broken");
    assertThat(HashChain.verify(lines).badLine()).isEqualTo(4);
  }

  @Test
  void aRecomputedHashWithoutTheChainIsStillCaught() throws Exception {
    // Editing a line and re-sealing it with its own prev hash passes that line, but not the next one.
    List<String> lines = lines();
    ObjectNode edited = (ObjectNode) HashChain.JSON.readTree(lines.get(1));
    String prev = edited.get("prev_sha256").asText();
    edited.put("rows_in", 999);
    lines.set(1, HashChain.seal(edited, prev));
    HashChain.Verification v = HashChain.verify(lines);
    assertThat(v.badLine()).isEqualTo(3);
  }

  @Test
  void linesLongerThanTheBlockReadBackFromTheEndStillChain() throws Exception {
    // The previous hash is read from the end of the log a block at a time: lines of one, two and three blocks.
    for (int k = 1; k <= 3; k++) {
      ObjectNode n = JsonNodeFactory.instance.objectNode().put("run_id", "long-" + k);
      n.put("note", "x".repeat(k * FileAuditSink.LAST_LINE_BLOCK));
      sink.appendEvent(n);
      sink.appendEvent(JsonNodeFactory.instance.objectNode().put("run_id", "short-" + k));
    }
    assertThat(FileAuditSink.verify(dir).intact()).isTrue();
    assertThat(FileAuditSink.verify(dir).lines()).isEqualTo(10);
  }

  @Test
  void appendsContinueTheChainAfterReopening() throws Exception {
    new FileAuditSink(dir).appendEvent(JsonNodeFactory.instance.objectNode().put("run_id", "run-5"));
    assertThat(FileAuditSink.verify(dir).intact()).isTrue();
    assertThat(FileAuditSink.verify(dir).lines()).isEqualTo(5);
  }
}
