package io.sluice.spark;

import io.sluice.access.ranger.RangerEngine;
import io.sluice.access.ranger.RangerExport;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Run by {@link RangerBesideSparkTest} in its own JVM, with Ranger's jars ahead of Spark's on the class
 * path: Ranger's engine decides, a Spark job runs, and Spark's REST API answers. Prints what it saw.
 */
public final class RangerBesideSparkChild {
  private RangerBesideSparkChild() {}

  public static void main(String[] args) throws Exception {
    Contract contract = ContractLoader.withDiscoveredValidators().load(Path.of(args[0]));
    RangerEngine ranger = RangerEngine.of(contract, RangerExport.policies(contract, "lakehouse"));
    System.out.println("ranger: " + ranger.decide("support", "customer_id"));
    SparkSession spark = SparkSession.builder().master("local[1]").appName("ranger-beside-spark")
        .config("spark.ui.enabled", "true").config("spark.ui.port", "0")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    try {
      System.out.println("spark: " + spark.range(10).selectExpr("sum(id)").first().getLong(0));
      String url = spark.sparkContext().uiWebUrl().get() + "/api/v1/applications";
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      int status = c.getResponseCode();
      String body = status == 200 ? new String(c.getInputStream().readAllBytes()) : "";
      System.out.println("rest: " + status + " " + body.contains("ranger-beside-spark"));
    } finally {
      spark.stop();
      ranger.close();
    }
    Files.writeString(Path.of(args[1]), "done");
  }
}
