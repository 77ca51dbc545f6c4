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
    return seal(fields, prevSha256, null);
  }

  /** As {@link #seal(ObjectNode, String)}, and with {@code mac}, the key's MAC of {@code sha256}, when a key is given. */
  public static String seal(ObjectNode fields, String prevSha256, ChainKey key) {
    ObjectNode n = fields.deepCopy();
    n.remove("sha256");
    n.remove(MAC);
    n.put("prev_sha256", prevSha256);
    ObjectNode canonical = canonical(n);
    String sha = sha256(write(canonical));
    canonical.put("sha256", sha);
    if (key != null) {
      canonical.put(MAC, key.sign(sha));
    }
    return write(canonical);
  }

  /** The field that holds a line's MAC: outside what {@code sha256} covers. */
  public static final String MAC = "mac";

  /** The first break of the chain in {@code lines}, if any; MACs are not checked. */
  public static Verification verify(List<String> lines) {
    return verify(lines, null);
  }

  /**
   * The first break of the chain in {@code lines}, if any. With a key, every line from the first signed one on must
   * carry a MAC the key accepts (earlier lines are covered through the chain), and an unsigned log is broken: an
   * editor who recomputed the hashes cannot recompute the MACs.
   */
  public static Verification verify(List<String> lines, ChainKey key) {
    String prev = GENESIS;
    boolean signed = false;
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
      body.remove(MAC);
      if (!sha256(write(canonical(body))).equals(claimed)) {
        return Verification.broken(lineNo, "sha256 does not match the line's content: the line was edited");
      }
      if (key != null) {
        JsonNode mac = n.path(MAC);
        if (mac.isTextual()) {
          if (!key.verify(claimed, mac.asText())) {
            return Verification.broken(lineNo, "the line's mac is not the audit key's: the line was edited, inserted"
                + " or moved and its hashes recomputed, or the log was signed with another key");
          }
          signed = true;
        } else if (signed) {
          return Verification.broken(lineNo, "the line is not signed, though lines before it are: it was inserted"
              + " or rewritten without the audit key");
        }
      }
      prev = claimed;
    }
    if (key != null && !signed && !lines.isEmpty()) {
      return Verification.broken(lines.size(), "no line of the log is signed: the log was written without the audit"
          + " key, or rewritten");
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
