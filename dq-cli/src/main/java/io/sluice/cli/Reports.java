package io.sluice.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The report files {@code validate} and {@code enforce} write on request. */
final class Reports {
  @Option(names = "--report-json", paramLabel = "FILE", description = "Write the JSON report (status, rows, checks) here.")
  Path json;

  @Option(names = "--junit", paramLabel = "FILE", description = "Write a JUnit XML report here: one test case per check.")
  Path junit;

  @Option(names = "--report-html", paramLabel = "FILE", description = "Write a one-page HTML report here.")
  Path html;

  @Option(names = "--quiet-progress", description = "Do not print the progress line on long runs.")
  boolean noProgress;
}
