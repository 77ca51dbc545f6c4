package io.sluice.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a report file, making its folder first; a failure names the file, the kind of report and why. */
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
      throw new UncheckedIOException("cannot write the " + what + " to " + file + ": " + reason(e)
          + "; give a path in a folder that can be written", e);
    }
  }

  /** The JDK names only the path for these; say what is wrong with it. */
  private static String reason(IOException e) {
    if (e instanceof FileAlreadyExistsException f) {
      return f.getFile() + " is a file, not a folder";
    }
    if (e instanceof AccessDeniedException f) {
      return "permission denied on " + f.getFile();
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason() + (f.getFile() == null ? "" : " (" + f.getFile() + ")");
    }
    return e.getMessage();
  }
}
