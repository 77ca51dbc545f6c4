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
 * A DataFrame a job computed (an aggregation for gold, say), named for the audit. Its batch id covers the
 * name and the files it reads (names, sizes, modification times), so the same computation over the same
 * files is recognised as a re-run.
 */
record FrameSource(Dataset<Row> frame, String name) implements Source {

  @Override
  public void mustExist(SparkSession spark) {
    // a DataFrame is there by construction
  }

  @Override
  public String batchId(SparkSession spark) {
    try {
      List<String> entries = new ArrayList<>();
      for (String file : frame.inputFiles()) {
        Path p = new Path(file);
        FileStatus s = p.getFileSystem(spark.sparkContext().hadoopConfiguration()).getFileStatus(p);
        entries.add(file + "|" + s.getLen() + "|" + s.getModificationTime());
      }
      entries.sort(null);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(("frame:" + name + "\n").getBytes(StandardCharsets.UTF_8));
      for (String e : entries) {
        sha.update((e + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new InputException("cannot identify the input of " + name + ": " + e.getMessage());
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
