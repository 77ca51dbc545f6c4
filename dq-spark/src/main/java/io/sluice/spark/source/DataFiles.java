package io.sluice.spark.source;

import io.sluice.spark.Sluice;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Which files of a folder are data, as Spark's file sources decide it. */
public final class DataFiles {
  /** The most of a message from below (Spark's, the file system's) that an error of ours quotes. */
  public static final int MESSAGE_CHARS = 300;

  private DataFiles() {}

  /**
   * Whether Spark skips a file or folder of this name when it lists an input: names starting with {@code _} or
   * {@code .} ({@code _SUCCESS}, checksums, {@code _temporary}, Sluice's {@code _sluice}) and files being copied.
   */
  public static boolean hidden(String name) {
    return name.startsWith("_") || name.startsWith(".") || name.endsWith("._COPYING_");
  }

  /** The files Spark reads in a folder: every file below it, less hidden names and what hidden folders hold. */
  public static List<FileStatus> list(FileSystem fs, Path dir) throws IOException {
    List<FileStatus> files = new ArrayList<>();
    java.util.ArrayDeque<Path> todo = new java.util.ArrayDeque<>(List.of(dir));
    while (!todo.isEmpty()) {
      for (FileStatus s : fs.listStatus(todo.poll())) {
        if (hidden(s.getPath().getName())) {
          continue;
        }
        if (s.isDirectory()) {
          todo.add(s.getPath());
        } else {
          files.add(s);
        }
      }
    }
    files.sort(Comparator.comparing(s -> s.getPath().toString()));
    return files;
  }
}
