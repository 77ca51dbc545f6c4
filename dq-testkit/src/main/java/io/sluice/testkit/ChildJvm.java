package io.sluice.testkit;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The start of a command line for a child JVM that a test runs (to kill it, to give it a heap of its own, or to run
 * beside another): this JVM's {@code java}, the module flags Spark needs on Java 17 as this JVM got them, and a heap.
 * The caller adds the class path, the main class and its arguments.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** {@code java}, this JVM's {@code --add-opens} flags, and {@code -Xmx<heap>} (e.g. {@code "1g"}). */
  public static List<String> java(String heap) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Djdk.reflect"))
        .forEach(cmd::add);
    cmd.add("-Xmx" + heap);
    return cmd;
  }
}
