package io.sluice.lineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.transports.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Events appended to a local file, one JSON document a line. OpenLineage's own file transport does the same but
 * only logs a write that fails; this one throws, so that {@link OpenLineageRuns} can say which event was lost.
 */
final class JsonLinesFile extends Transport {
  private final Path file;

  JsonLinesFile(Path file) {
    this.file = file.toAbsolutePath();
  }

  @Override
  public void emit(OpenLineage.RunEvent event) {
    append(OpenLineageClientUtils.toJson(event));
  }

  @Override
  public void emit(OpenLineage.DatasetEvent event) {
    append(OpenLineageClientUtils.toJson(event));
  }

  @Override
  public void emit(OpenLineage.JobEvent event) {
    append(OpenLineageClientUtils.toJson(event));
  }

  private synchronized void append(String json) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, (json.replace("\n", "").replace("\r", "") + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file + ": " + e, e);
    }
  }
}
