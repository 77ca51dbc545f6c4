package io.sluice.spark.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.audit.AuditRecord;
import io.sluice.audit.AuditSink;
import io.sluice.audit.FileAuditSink;
import io.sluice.audit.HashChain;
import io.sluice.spark.commit.LocalFiles;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The audit log {@code <dir>/audit.jsonl} on any Hadoop file system ({@code hdfs:}, {@code s3a:}, {@code abfss:},
 * {@code file:}; a bare path is the default file system, as in Spark). On a local disk it is {@link FileAuditSink}
 * (an exclusive file lock around each append). Elsewhere there is no file lock: one writer at a time holds
 * {@code audit.jsonl.lock}, created only if absent (atomic on HDFS), for the milliseconds of one append; a lock
 * older than {@link #STALE_MS} was left by a writer that died and is taken over. The append reads the last line's
 * hash, seals the record onto the chain and appends it ({@code FileSystem.append}; where the file system cannot
 * append, as object stores cannot, the log is rewritten whole into a temporary file renamed over it).
 */
public final class AuditLog implements AuditSink {
  public static final long STALE_MS = 60_000;
  private static final long WAIT_MS = 120_000;

  private final String dir;
  private final Configuration conf;
  private final io.sluice.audit.ChainKey key;

  /**
   * @param conf the Hadoop configuration to reach the file system with; null for the active Spark session's, taken
   *     when a record is appended
   */
  private AuditLog(String dir, Configuration conf, io.sluice.audit.ChainKey key) {
    this.dir = dir;
    this.conf = conf;
    this.key = key;
  }

  @Override
  public AuditLog signedWith(io.sluice.audit.ChainKey key) {
    return new AuditLog(dir, conf, key);
  }

  /** The log in {@code dir} (a URI or a path of the default file system), reached with the active Spark session's configuration. */
  public static AuditLog at(String dir) {
    return new AuditLog(dir, null, null);
  }

  /** The log in {@code dir}, reached with {@code conf}. */
  public static AuditLog at(String dir, Configuration conf) {
    return new AuditLog(dir, conf, null);
  }

  private Configuration conf() {
    return conf != null ? conf : org.apache.spark.sql.SparkSession.active().sparkContext().hadoopConfiguration();
  }

  /** The log's file. */
  public Path file() {
    return new Path(dir, FileAuditSink.FILE_NAME);
  }

  @Override
  public String append(AuditRecord record) {
    return appendEvent(record.toJson());
  }

  @Override
  public synchronized String appendEvent(ObjectNode event) {
    Path file = file();
    try {
      FileSystem fs = file.getFileSystem(conf());
      java.util.Optional<java.nio.file.Path> local = LocalFiles.of(fs, file);
      if (local.isPresent()) {
        return new FileAuditSink(local.get().getParent()).signedWith(key).appendEvent(event);
      }
      Path lock = new Path(dir, FileAuditSink.FILE_NAME + ".lock");
      acquire(fs, lock);
      try {
        String prev = HashChain.lastHash(lastLine(fs, file));
        String line = HashChain.seal(event, prev, key) + "\n";
        append(fs, file, line.getBytes(StandardCharsets.UTF_8));
        Path head = new Path(dir, FileAuditSink.HEAD_NAME);
        try (FSDataOutputStream out = fs.create(head, true)) {
          out.write(FileAuditSink.head(line.strip()).getBytes(StandardCharsets.UTF_8));
        }
        return line.strip();
      } finally {
        fs.delete(lock, false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the audit log " + file + ": " + e.getMessage(), e);
    }
  }

  /** Checks the chain of the log in {@code dir} on whatever file system holds it. */
  public static HashChain.Verification verify(String dir, Configuration conf) {
    return verify(dir, conf, null);
  }

  /** Checks the chain of the log in {@code dir}, and every line's MAC with {@code key} when it is not null. */
  public static HashChain.Verification verify(String dir, Configuration conf, io.sluice.audit.ChainKey key) {
    Path file = new Path(dir, FileAuditSink.FILE_NAME);
    try {
      FileSystem fs = file.getFileSystem(conf);
      List<String> lines = new ArrayList<>();
      try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
        for (String l = in.readLine(); l != null; l = in.readLine()) {
          lines.add(l);
        }
      }
      return HashChain.verify(lines, key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit log " + file + ": " + e.getMessage(), e);
    }
  }

  private static void acquire(FileSystem fs, Path lock) throws IOException {
    long deadline = System.currentTimeMillis() + WAIT_MS;
    byte[] me = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
    long pause = 5;
    while (!LocalFiles.createNew(fs, lock, me)) {
      try {
        if (System.currentTimeMillis() - fs.getFileStatus(lock).getModificationTime() > STALE_MS) {
          Path stale = new Path(lock.getParent(), "." + lock.getName() + "." + UUID.randomUUID() + ".stale");
          if (fs.rename(lock, stale)) {
            fs.delete(stale, false);
          }
          continue;
        }
      } catch (FileNotFoundException released) {
        continue;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IOException("another writer has held " + lock + " for over " + WAIT_MS / 1000 + " s");
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + lock, e);
      }
      pause = Math.min(200, pause * 2);
    }
  }

  /** The log's last line (empty for a new log), read from its last few kilobytes. */
  private static String lastLine(FileSystem fs, Path file) throws IOException {
    long length;
    try {
      length = fs.getFileStatus(file).getLen();
    } catch (FileNotFoundException e) {
      return "";
    }
    long from = Math.max(0, length - 65_536);
    byte[] tail = new byte[(int) (length - from)];
    try (FSDataInputStream in = fs.open(file)) {
      in.readFully(from, tail);
    }
    String text = new String(tail, StandardCharsets.UTF_8).strip();
    int nl = text.lastIndexOf('\n');
    return nl < 0 ? text : text.substring(nl + 1);
  }

  private static void append(FileSystem fs, Path file, byte[] line) throws IOException {
    if (!fs.exists(file)) {
      fs.mkdirs(file.getParent());
      try (FSDataOutputStream out = fs.create(file, false)) {
        out.write(line);
        out.hsync();
      }
      return;
    }
    try (FSDataOutputStream out = fs.append(file)) {
      out.write(line);
      out.hsync();
    } catch (UnsupportedOperationException e) { // object stores: no append
      byte[] old;
      try (FSDataInputStream in = fs.open(file)) {
        old = in.readAllBytes();
      }
      Path tmp = new Path(file.getParent(), "." + file.getName() + "." + UUID.randomUUID() + ".tmp");
      try (FSDataOutputStream out = fs.create(tmp, false)) {
        out.write(old);
        out.write(line);
      }
      fs.delete(file, false);
      if (!fs.rename(tmp, file)) {
        throw new IOException("cannot replace " + file, e);
      }
    }
  }
}
