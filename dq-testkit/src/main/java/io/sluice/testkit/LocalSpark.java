package io.sluice.testkit;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One local SparkSession per test JVM ({@code local[2]}, UI off, 4 shuffle partitions), handed to any
 * test that asks for a {@link SparkSession} parameter, and stopped when the JVM's tests are done.
 */
public final class LocalSpark implements ParameterResolver {

  private static final String KEY = "sluice.spark";

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(KEY, k -> new Session(), Session.class).spark;
  }

  /**
   * The same session, for tests that JUnit Jupiter does not run (jqwik properties): created as the extension
   * creates it, or the one already running. One that this method creates stops with the JVM.
   */
  public static SparkSession session() {
    SparkSession.Builder builder = SparkSession.builder()
        .master("local[2]")
        .appName("sluice-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1");
    if (deltaOnClassPath()) { // a module that tests a job without Delta Lake (job-dependencies) gets plain Spark
      builder.config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    }
    return builder.getOrCreate();
  }

  private static boolean deltaOnClassPath() {
    try {
      Class.forName("io.delta.sql.DeltaSparkSessionExtension", false, LocalSpark.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Closed by JUnit with the root context, after every test class of the JVM. */
  private static final class Session implements ExtensionContext.Store.CloseableResource {
    final SparkSession spark = session();

    @Override
    public void close() {
      spark.stop();
    }
  }
}
