package io.sluice.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where a command's Spark runs: {@code --master} and {@code --conf}, named as spark-submit names them. Holds
 * strings only: picocli reflects over every command to build {@code --help}, and {@code sluice lint} must not
 * load a Spark class (LintLoadsNoSparkTest); {@link SparkRuns#session} turns these into a session. Public for the
 * benchmarks (dq-bench), which take the same options.
 */
public final class SparkOptions {
  static final String LOCAL = "local[*]";

  @Option(names = "--master", paramLabel = "URL",
      description = "The Spark master: local[*] (the default: this JVM, all cores), local[N], spark://HOST:PORT, yarn,"
          + " k8s://https://HOST:PORT. Under spark-submit, spark-submit's master is used; give it there.")
  String master;

  @Option(names = "--conf", paramLabel = "KEY=VALUE",
      description = "A Spark setting, as spark-submit --conf takes it (repeatable), e.g. spark.executor.memory=4g.")
  Map<String, String> conf = new LinkedHashMap<>();

  /** Whether anything was asked of Spark on the command line. */
  boolean given() {
    return master != null || !conf.isEmpty();
  }
}
