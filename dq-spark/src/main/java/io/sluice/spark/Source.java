package io.sluice.spark;

import io.sluice.contract.Contract;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What a transition reads: files ({@link Input}) or a DataFrame a job computed ({@link FrameSource}). */
sealed interface Source permits Input, FrameSource {
  /** Fails with a clear message when the source is not there. */
  void mustExist(SparkSession spark);

  /** The identity of this batch of input: the same data gives the same id, so a re-run is recognised. */
  String batchId(SparkSession spark);

  Dataset<Row> read(SparkSession spark, Contract contract, String corruptColumn);

  /** How the audit record names the source. */
  String describe();
}
