package io.sluice.cli;

import picocli.CommandLine.Option;

/** The report files {@code validate} and {@code enforce} write on request: paths, or URIs of any Hadoop file system. */
final class Reports {
  @Option(names = "--report-json", paramLabel = "FILE", description = "Write the JSON report (status, rows, checks) here.")
  String json;

  @Option(names = "--junit", paramLabel = "FILE", description = "Write a JUnit XML report here: one test case per check.")
  String junit;

  @Option(names = "--report-html", paramLabel = "FILE", description = "Write an HTML report here: one self-contained page (tiles, charts, offending values; no network).")
  String html;

  @Option(names = "--quiet-progress", description = "Do not print the progress line on long runs.")
  boolean noProgress;
}
