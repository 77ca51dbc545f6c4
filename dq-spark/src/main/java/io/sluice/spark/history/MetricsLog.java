package io.sluice.spark.history;

import io.sluice.history.MetricsHistory;
import io.sluice.history.MetricsRecord;
import io.sluice.spark.audit.AuditLog;
import io.sluice.spark.commit.LocalFiles;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The metrics history file {@code <dir>/metrics.jsonl} beside the audit log, on any Hadoop file system: one JSON line
 * per run ({@link MetricsRecord}). On a local disk a line is appended under an exclusive file lock; elsewhere under
 * the audit log's lock-file protocol ({@link AuditLog#appendLocked}), so concurrent runs never lose a line.
 *
 * <pre>{@code
 * MetricsHistory history = MetricsLog.at("hdfs:///audit/orders").read();
 * List<MetricsHistory.Point> rows = history.series("orders", MetricName.Run.ROW_COUNT).points();
 * }</pre>
 */
public final class MetricsLog {
  private final String dir;
  private final Configuration conf;

  private MetricsLog(String dir, Configuration conf) {
    this.dir = dir;
    this.conf = conf;
  }

  /** The history in {@code dir}, reached with the active Spark session's Hadoop configuration (Hadoop's defaults without one). */
  public static MetricsLog at(String dir) {
    return new MetricsLog(dir, null);
  }

  public static MetricsLog at(String dir, Configuration conf) {
    return new MetricsLog(dir, conf);
  }

  private Configuration conf() {
    if (conf != null) {
      return conf;
    }
    var active = org.apache.spark.sql.SparkSession.getActiveSession();
    return active.isDefined() ? active.get().sparkContext().hadoopConfiguration() : new Configuration();
  }

  public Path file() {
    return new Path(dir, MetricsHistory.FILE_NAME);
  }

  /** Whether the file exists. */
  public boolean exists() {
    try {
      return file().getFileSystem(conf()).isFile(file());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + file() + ": " + e.getMessage(), e);
    }
  }

  /** Every run recorded so far; an empty history when there is no file yet. */
  public MetricsHistory read() {
    return read(null);
  }

  /**
   * The runs of {@code contractId} recorded so far (every run when null; empty when there is no file yet), read line
   * by line: the other contracts' runs in the same folder are searched for the id, not parsed, and no line is kept
   * but the contract's.
   */
  public MetricsHistory read(String contractId) {
    Path file = file();
    try {
      FileSystem fs = file.getFileSystem(conf());
      try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
        Iterable<String> lines = in.lines()::iterator;
        return MetricsHistory.parse(lines, contractId);
      } catch (UncheckedIOException e) { // a read error while streaming the lines
        throw e.getCause();
      }
    } catch (FileNotFoundException e) {
      return MetricsHistory.of(List.of());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the metrics history " + file + ": " + e.getMessage(), e);
    }
  }

  /** Appends one run's record. */
  public void append(MetricsRecord record) {
    Path file = file();
    byte[] line = (MetricsHistory.line(record) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      FileSystem fs = file.getFileSystem(conf());
      Optional<java.nio.file.Path> local = LocalFiles.of(fs, fs.makeQualified(file));
      if (local.isPresent()) {
        java.nio.file.Files.createDirectories(local.get().getParent());
        try (FileChannel ch = FileChannel.open(local.get(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND); var lock = ch.lock()) {
          ch.write(ByteBuffer.wrap(line));
          ch.force(false);
        }
        return;
      }
      AuditLog.appendLocked(fs, file, line);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the metrics history " + file + ": " + e.getMessage(), e);
    }
  }
}
