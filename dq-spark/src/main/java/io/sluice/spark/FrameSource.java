package io.sluice.spark;

import io.sluice.contract.Contract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A DataFrame a job computed (an aggregation for gold, say), named for the audit. Unless the caller names the
 * batch ({@link Transition#batch}), its batch id covers the name and the files it reads (names, sizes,
 * modification times), so the same computation over the same files is recognised as a re-run. A frame that reads no files
 * (JDBC, Kafka, {@code createDataFrame}, {@code range}) has no identity of its own: without a batch id from
 * the caller it is refused, never taken for a re-run of the last one.
 */
record FrameSource(Dataset<Row> frame, String name) implements Source {

  @Override
  public void mustExist(SparkSession spark) {
    // a DataFrame is there by construction
  }

  @Override
  public String batchId(SparkSession spark) {
    String[] files = frame.isStreaming() ? new String[0] : frame.inputFiles();
    if (files.length == 0) {
      throw new InputException("Cannot tell one batch of " + name + " from the next: the DataFrame reads no files"
          + " (JDBC, Kafka, a stream, createDataFrame, range...), so a re-run could not be recognised. Name each batch"
          + " with Transition.batch(id), or use Transition.forEachBatch for a stream");
    }
    try {
      List<String> entries = new ArrayList<>();
      for (String file : files) {
        Path p = new Path(file);
        FileStatus s = p.getFileSystem(spark.sparkContext().hadoopConfiguration()).getFileStatus(p);
        entries.add(file + "|" + s.getLen() + "|" + s.getModificationTime());
      }
      entries.sort(null);
      return hash("frame:" + name, entries);
    } catch (IOException e) {
      throw new InputException("cannot identify the input of " + name + ": " + e.getMessage());
    }
  }

  private static String hash(String head, List<String> entries) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((head + "\n").getBytes(StandardCharsets.UTF_8));
      for (String e : entries) {
        sha.update((e + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Dataset<Row> read(SparkSession spark, Contract contract, String corruptColumn) {
    return frame;
  }

  @Override
  public String describe() {
    return name;
  }
}
