package io.sluice.cli;

import io.sluice.audit.FileAuditSink;
import io.sluice.audit.HashChain;
import io.sluice.spark.AuditLog;
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

  static HashChain.Verification verify(String dir) {
    return AuditLog.verify(dir, new Configuration());
  }
}
