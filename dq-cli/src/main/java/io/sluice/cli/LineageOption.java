package io.sluice.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where {@code validate} and {@code enforce} send their OpenLineage run events (docs/lineage.md). */
final class LineageOption {
  @Option(names = "--lineage", paramLabel = "FILE", description = "Append the run's OpenLineage events (START, then"
      + " COMPLETE or FAIL, with data-quality facets) to this local file as JSON lines, instead of where the OpenLineage"
      + " configuration sends them (OPENLINEAGE_URL, openlineage.yml).")
  Path file;
}
