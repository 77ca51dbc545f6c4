package io.sluice.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a report file, making its folder first; a failure names the file and the kind of report. */
public final class ReportFiles {
  private ReportFiles() {}

  public static void write(Path file, String text, String what) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the " + what + " to " + file + ": " + e.getMessage(), e);
    }
  }
}
