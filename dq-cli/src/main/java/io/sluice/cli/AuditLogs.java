package io.sluice.cli;

import io.sluice.audit.FileAuditSink;
import io.sluice.audit.HashChain;
import io.sluice.spark.audit.AuditLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The audit log for {@code sluice audit verify}, on any Hadoop file system, read without Spark. Kept out of the
 * command class, whose fields and methods picocli reflects on for every command (Hadoop types stay unloaded in
 * {@code lint} and {@code diff}).
 */
final class AuditLogs {
  private AuditLogs() {}

  static String file(String dir) {
    return new Path(dir, FileAuditSink.FILE_NAME).toString();
  }

  static boolean exists(String dir) {
    Path file = new Path(dir, FileAuditSink.FILE_NAME);
    try {
      return file.getFileSystem(new Configuration()).isFile(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + file + ": " + e.getMessage(), e);
    }
  }

  static HashChain.Verification verify(String dir, String keys) {
    io.sluice.audit.ChainKey key = null;
    if (keys != null) {
      io.sluice.keys.KeysetStore store = KeyStores.open(keys);
      if (!io.sluice.keys.AuditKey.in(store)) {
        throw new UsageException("Cannot check the audit log's signatures: " + keys + " holds no keyset named '"
            + io.sluice.keys.AuditKey.NAME + "' (sluice keys create --keys DIR --name audit --type audit)");
      }
      key = io.sluice.keys.AuditKey.of(store);
    }
    return AuditLog.verify(dir, new Configuration(), key);
  }

  /**
   * Why the log's end is not what was kept, if it is not: {@code head} (from a run, kept elsewhere) must be a line of
   * the log, and the head file beside the log must name its last line. A log cut after its last kept head, or whose
   * head file was not updated with it, is not intact.
   */
  static java.util.Optional<String> headProblem(String dir, HashChain.Verification v, String head) {
    Path file = new Path(dir, FileAuditSink.FILE_NAME);
    Path headFile = new Path(dir, FileAuditSink.HEAD_NAME);
    try {
      var fs = file.getFileSystem(new Configuration());
      if (head != null && !head.equals(v.headSha256()) && !containsLine(fs, file, head)) {
        return java.util.Optional.of("no line has the head you kept (" + head + "): lines were removed from the end"
            + " of the log, or it was rewritten");
      }
      if (fs.exists(headFile)) {
        String named;
        try (var in = fs.open(headFile)) {
          named = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).path("sha256").asText();
        }
        if (!named.equals(v.headSha256())) {
          return java.util.Optional.of(FileAuditSink.HEAD_NAME + " names " + named + " but the log ends at "
              + v.headSha256() + ": lines were removed from or added to the end of the log by hand");
        }
      }
      return java.util.Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + headFile + ": " + e.getMessage(), e);
    }
  }

  private static boolean containsLine(org.apache.hadoop.fs.FileSystem fs, Path file, String sha256) throws IOException {
    try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(fs.open(file),
        java.nio.charset.StandardCharsets.UTF_8))) {
      for (String l = in.readLine(); l != null; l = in.readLine()) {
        if (l.contains("\"sha256\":\"" + sha256 + "\"")) {
          return true;
        }
      }
    }
    return false;
  }
}
