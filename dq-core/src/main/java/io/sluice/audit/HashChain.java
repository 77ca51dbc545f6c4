package io.sluice.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * The audit log's hash chain. A line's {@code sha256} is the SHA-256 of its canonical JSON — every
 * field but {@code sha256}, keys sorted, no whitespace — which includes {@code prev_sha256}, the hash
 * of the line before (64 zeros for the first). Editing, deleting or reordering a line breaks the chain
 * at that line or the next.
 */
public final class HashChain {
  /** The {@code prev_sha256} of a log's first line. */
  public static final String GENESIS = "0".repeat(64);

  static final ObjectMapper JSON = new ObjectMapper();

  private HashChain() {}

  /** {@code fields} with {@code prev_sha256} and {@code sha256} set, as one canonical line. */
  public static String seal(ObjectNode fields, String prevSha256) {
    ObjectNode n = fields.deepCopy();
    n.remove("sha256");
    n.put("prev_sha256", prevSha256);
    ObjectNode canonical = canonical(n);
    String sha = sha256(write(canonical));
    canonical.put("sha256", sha);
    return write(canonical);
  }

  /** The first break of the chain in {@code lines}, if any. */
  public static Verification verify(List<String> lines) {
    String prev = GENESIS;
    for (int i = 0; i < lines.size(); i++) {
      int lineNo = i + 1;
      String line = lines.get(i);
      if (line.isBlank()) {
        return Verification.broken(lineNo, "the line is empty");
      }
      JsonNode parsed;
      try {
        parsed = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        return Verification.broken(lineNo, "the line is not JSON");
      }
      if (!(parsed instanceof ObjectNode n) || !n.path("sha256").isTextual() || !n.path("prev_sha256").isTextual()) {
        return Verification.broken(lineNo, "the line has no sha256 and prev_sha256");
      }
      String claimed = n.get("sha256").asText();
      if (!n.get("prev_sha256").asText().equals(prev)) {
        return Verification.broken(lineNo, "prev_sha256 does not match the line before: a line was deleted,"
            + " inserted or reordered here");
      }
      ObjectNode body = n.deepCopy();
      body.remove("sha256");
      if (!sha256(write(canonical(body))).equals(claimed)) {
        return Verification.broken(lineNo, "sha256 does not match the line's content: the line was edited");
      }
      prev = claimed;
    }
    return new Verification(true, 0, lines.size(), "intact", prev);
  }

  /** The outcome of {@link #verify}: when broken, the first bad line (1-based) and why. */
  public record Verification(boolean intact, int badLine, int lines, String reason, String headSha256) {
    static Verification broken(int line, String reason) {
      return new Verification(false, line, line - 1, reason, null);
    }
  }

  static ObjectNode canonical(ObjectNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    names.sort(null);
    ObjectNode out = JSON.createObjectNode();
    for (String name : names) {
      out.set(name, canonicalValue(n.get(name)));
    }
    return out;
  }

  private static JsonNode canonicalValue(JsonNode v) {
    if (v instanceof ObjectNode o) {
      return canonical(o);
    }
    if (v instanceof ArrayNode a) {
      ArrayNode out = JSON.createArrayNode();
      for (Iterator<JsonNode> it = a.elements(); it.hasNext(); ) {
        out.add(canonicalValue(it.next()));
      }
      return out;
    }
    return v;
  }

  private static String write(JsonNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an audit record as JSON", e);
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The hash the next line chains to: the last line's {@code sha256} (of its text, when it has none). */
  public static String lastHash(String lastLine) {
    if (lastLine.isBlank()) {
      return GENESIS;
    }
    try {
      JsonNode sha = JSON.readTree(lastLine).path("sha256");
      return sha.isTextual() ? sha.asText() : sha256(lastLine);
    } catch (JsonProcessingException e) {
      return sha256(lastLine);
    }
  }
}
