package io.sluice.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed chain holds against an editor: one who can write the log and recompute every hash, but has no key. The
 * key here is a real HMAC-SHA256 key (governance's AuditKey is the same over a Tink keyset).
 */
class SignedChainTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** HMAC-SHA256 with a fixed secret. */
  private record Hmac(byte[] secret) implements ChainKey {
    @Override
    public String sign(String sha256) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(sha256.getBytes(StandardCharsets.UTF_8)));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public boolean verify(String sha256, String mac) {
      return MessageDigest.isEqual(sign(sha256).getBytes(StandardCharsets.UTF_8), mac.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static final ChainKey KEY = new Hmac("the audit key, kept with the keysets".getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;

  private List<String> signedLog(int n) throws Exception {
    AuditSink sink = new FileAuditSink(dir).signedWith(KEY);
    for (int i = 0; i < n; i++) {
      ObjectNode e = JSON.createObjectNode();
      e.put("run_id", "run-" + i).put("rows_in", 100 + i);
      sink.appendEvent(e);
    }
    return Files.readAllLines(dir.resolve(FileAuditSink.FILE_NAME));
  }

  /** What an editor without the key does: re-seals every line from the first changed one on, chaining the hashes. */
  private static List<String> resealed(List<ObjectNode> bodies) {
    List<String> out = new ArrayList<>();
    String prev = HashChain.GENESIS;
    for (ObjectNode b : bodies) {
      String line = HashChain.seal(b, prev);
      out.add(line);
      prev = HashChain.lastHash(line);
    }
    return out;
  }

  private static List<ObjectNode> bodies(List<String> lines) throws Exception {
    List<ObjectNode> out = new ArrayList<>();
    for (String l : lines) {
      ObjectNode n = (ObjectNode) JSON.readTree(l);
      n.remove("sha256");
      n.remove("prev_sha256");
      n.remove(HashChain.MAC);
      out.add(n);
    }
    return out;
  }

  @Test
  void aSignedLogVerifiesWithItsKeyAndNotWithAnother() throws Exception {
    List<String> lines = signedLog(5);
    assertThat(lines).allSatisfy(l -> assertThat(l).contains("\"mac\":"));
    assertThat(HashChain.verify(lines, KEY).intact()).isTrue();
    assertThat(HashChain.verify(lines).intact()).isTrue(); // the chain alone, as before
    HashChain.Verification other = HashChain.verify(lines, new Hmac("another key".getBytes(StandardCharsets.UTF_8)));
    assertThat(other.intact()).isFalse();
    assertThat(other.badLine()).isEqualTo(1);
  }

  @Test
  void anEditedLineWithEveryHashRecomputedIsCaughtByTheKeyOnly() throws Exception {
    List<String> lines = signedLog(5);
    List<ObjectNode> bodies = bodies(lines);
    bodies.get(2).put("rows_in", 0); // the edit
    List<String> forged = new ArrayList<>();
    List<String> resealed = resealed(bodies);
    for (int i = 0; i < resealed.size(); i++) { // every line keeps the mac it had: the editor cannot make new ones
      ObjectNode n = (ObjectNode) JSON.readTree(resealed.get(i));
      n.put(HashChain.MAC, JSON.readTree(lines.get(i)).path(HashChain.MAC).asText());
      forged.add(JSON.writeValueAsString(n));
    }
    assertThat(HashChain.verify(forged).intact()).as("an unsigned chain cannot see it").isTrue();
    HashChain.Verification v = HashChain.verify(forged, KEY);
    assertThat(v.intact()).isFalse();
    assertThat(v.badLine()).isEqualTo(3);
    assertThat(v.reason()).contains("the line's mac is not the audit key's");
  }

  @Test
  void anInsertedOrReorderedLineIsCaughtWhereItIs() throws Exception {
    List<String> lines = signedLog(4);
    // Inserted: the editor keeps the signed lines before it and re-seals the rest without the key.
    List<ObjectNode> inserted = bodies(lines);
    inserted.add(2, JSON.createObjectNode().put("run_id", "forged").put("rows_in", 1));
    List<String> withInsert = new ArrayList<>(lines.subList(0, 2));
    String prev = HashChain.lastHash(lines.get(1));
    for (ObjectNode b : inserted.subList(2, inserted.size())) {
      String l = HashChain.seal(b, prev);
      withInsert.add(l);
      prev = HashChain.lastHash(l);
    }
    HashChain.Verification v = HashChain.verify(withInsert, KEY);
    assertThat(v.badLine()).isEqualTo(3);
    assertThat(v.reason()).contains("not signed");

    List<ObjectNode> reordered = bodies(lines);
    java.util.Collections.swap(reordered, 1, 2);
    assertThat(HashChain.verify(resealed(reordered), KEY).intact()).isFalse();
  }

  @Test
  void aLogWithNoSignedLineIsNotIntactWhenAKeyIsGiven() throws Exception {
    List<String> forged = resealed(bodies(signedLog(3)));
    HashChain.Verification v = HashChain.verify(forged, KEY);
    assertThat(v.intact()).isFalse();
  }

  @Test
  void theHeadFileNamesTheLastLine() throws Exception {
    List<String> lines = signedLog(3);
    String head = Files.readString(dir.resolve(FileAuditSink.HEAD_NAME));
    assertThat(JSON.readTree(head).path("sha256").asText()).isEqualTo(HashChain.lastHash(lines.get(2)));
    assertThat(JSON.readTree(head).path("mac").asText()).isEqualTo(JSON.readTree(lines.get(2)).path("mac").asText());
  }
}
