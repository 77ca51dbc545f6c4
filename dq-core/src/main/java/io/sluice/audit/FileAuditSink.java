package io.sluice.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The default audit sink: {@code <dir>/audit.jsonl}, one hash-chained JSON line per record, each signed when the
 * sink has a {@link ChainKey}. Appends hold an exclusive file lock, so concurrent runs on one machine chain one
 * after the other. After each append, {@code audit.head} beside the log names its last line's hash: a copy of it kept
 * elsewhere lets {@code sluice audit verify --head} see lines removed from the end.
 */
public final class FileAuditSink implements AuditSink {
  public static final String FILE_NAME = "audit.jsonl";
  /** The head file beside the log: the last line's {@code sha256} (and {@code mac}), as JSON. */
  public static final String HEAD_NAME = "audit.head";
  static final int LAST_LINE_BLOCK = 8192;

  private final Path file;
  private final ChainKey key;

  public FileAuditSink(Path dir) {
    this(dir, null);
  }

  private FileAuditSink(Path dir, ChainKey key) {
    this.file = dir.resolve(FILE_NAME);
    this.key = key;
  }

  @Override
  public FileAuditSink signedWith(ChainKey key) {
    return new FileAuditSink(file.getParent() == null ? Path.of(".") : file.getParent(), key);
  }

  /** The head file's content after {@code line} was appended: its hash, and its MAC when signed. */
  public static String head(String line) {
    try {
      com.fasterxml.jackson.databind.JsonNode n = HashChain.JSON.readTree(line);
      ObjectNode head = HashChain.JSON.createObjectNode();
      head.put("sha256", n.path("sha256").asText());
      if (n.hasNonNull(HashChain.MAC)) {
        head.put(HashChain.MAC, n.path(HashChain.MAC).asText());
      }
      return HashChain.JSON.writeValueAsString(head) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot read the line just written", e);
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public String append(AuditRecord record) {
    return appendEvent(record.toJson());
  }

  @Override
  public synchronized String appendEvent(ObjectNode event) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
          FileChannel channel = raf.getChannel();
          FileLock lock = channel.lock()) {
        String prev = HashChain.lastHash(lastLine(raf));
        String line = HashChain.seal(event, prev, key);
        raf.seek(raf.length());
        raf.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        channel.force(true);
        Path head = file.resolveSibling(HEAD_NAME);
        Path tmp = file.resolveSibling("." + HEAD_NAME + ".tmp");
        Files.writeString(tmp, head(line));
        Files.move(tmp, head, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return line;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the audit log " + file + ": " + e.getMessage(), e);
    }
  }

  /** Checks the chain of {@code <dir>/audit.jsonl}. */
  public static HashChain.Verification verify(Path dir) {
    return verify(dir, null);
  }

  /** Checks the chain of {@code <dir>/audit.jsonl}, and every line's MAC with {@code key} when it is not null. */
  public static HashChain.Verification verify(Path dir, ChainKey key) {
    Path f = dir.resolve(FILE_NAME);
    try {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      return HashChain.verify(lines, key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit log " + f + ": " + e.getMessage(), e);
    }
  }

  /** The last line, read backwards from the end a block at a time, so a long log costs nothing. */
  private static String lastLine(RandomAccessFile raf) throws IOException {
    long end = raf.length();
    long start = 0; // where the last line begins: after the last newline before the file's final byte
    byte[] block = new byte[LAST_LINE_BLOCK];
    long pos = end - 1; // the final byte is the last line's own newline (or its last character)
    search:
    while (pos > 0) {
      int n = (int) Math.min(block.length, pos);
      pos -= n;
      raf.seek(pos);
      raf.readFully(block, 0, n);
      for (int i = n - 1; i >= 0; i--) {
        if (block[i] == '\n') {
          start = pos + i + 1;
          break search;
        }
      }
    }
    byte[] bytes = new byte[(int) (end - start)];
    raf.seek(start);
    raf.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8).strip();
  }
}
