package io.sluice.cli;

import io.sluice.contract.Contract;
import io.sluice.contract.SluiceException;
import io.sluice.diff.ImpactReport;
import io.sluice.spark.Format;
import io.sluice.spark.Impact;
import io.sluice.spark.Input;
import org.apache.spark.sql.SparkSession;

/**
 * {@code sluice diff --impact}: the one part of diff that starts Spark. Kept out of {@link DiffCommand}
 * so that a plain diff never loads a Spark class.
 */
final class ImpactRuns {
  private ImpactRuns() {}

  static ImpactReport measure(Contract before, Contract after, String data, String format, SparkOptions options,
      java.io.PrintWriter err) {
    Input input = format == null ? Input.of(data) : new Input(data, Format.named(format).orElseThrow(() ->
        new UsageException("--format is csv, json, parquet, orc or delta, not '" + format + "'")));
    SparkSession spark = SparkRuns.session(options, err);
    try {
      // Read as the new contract expects (text formats as strings, malformed records kept): both versions see those rows.
      return Impact.of(before, after).on(input.read(spark, after), data);
    } catch (SluiceException e) {
      throw e;
    } catch (Exception e) { // Spark throws checked exceptions undeclared, from Scala
      throw new SluiceException("the impact run on " + data + " failed: " + Input.firstLineOf(e), e);
    }
  }
}
