package io.sluice.spark.commit;

import io.sluice.spark.Sluice;
import io.sluice.spark.internal.NioLocalFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Folders and small files of Sluice's own (staging folders, commit intents, batch markers) on a local disk,
 * written with {@code java.nio} instead of Hadoop's local file system.
 *
 * <p>Without Hadoop's native library, which Spark does not ship, Hadoop's local file system sets the mode of
 * every folder it makes and every file it creates by starting a {@code chmod} process, and
 * writes a checksum file beside each file, itself set by another {@code chmod}. {@code java.nio} creates them
 * with the same modes (those the process's umask gives), with no process and no checksum file. Other file
 * systems (HDFS, object stores) go through Hadoop as before. The split write's data files, which Spark's
 * committer writes through Hadoop, get the same treatment from {@link NioLocalFileSystem}.
 */
public final class LocalFiles {
  private LocalFiles() {}

  /** The path on the local disk, when {@code fs} is Hadoop's local file system. */
  public static Optional<java.nio.file.Path> of(FileSystem fs, Path path) {
    // Hadoop's own mapping of a path to a file (not the URI: a name with '%' in it is not escaped there).
    if (fs instanceof LocalFileSystem local) {
      return Optional.of(local.pathToFile(path).toPath());
    }
    if (fs instanceof RawLocalFileSystem raw) {
      return Optional.of(raw.pathToFile(path).toPath());
    }
    return Optional.empty();
  }

  /** Makes {@code dir} and its missing parents. */
  public static void mkdirs(FileSystem fs, Path dir) throws IOException {
    Optional<java.nio.file.Path> local = of(fs, dir);
    if (local.isPresent()) {
      Files.createDirectories(local.get());
    } else if (!fs.mkdirs(dir)) {
      throw new IOException("cannot create " + dir);
    }
  }

  /**
   * Writes {@code bytes} to {@code file} atomically: into a hidden file beside it, then renamed over it. Readers
   * see the old content or the new, never a part. Returns false when {@code fs} is not local (the caller writes
   * through Hadoop).
   */
  public static boolean writeAtomically(FileSystem fs, Path file, byte[] bytes) throws IOException {
    Optional<java.nio.file.Path> local = of(fs, file);
    if (local.isEmpty()) {
      return false;
    }
    java.nio.file.Path target = local.get();
    java.nio.file.Path dir = target.getParent();
    Files.createDirectories(dir);
    java.nio.file.Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    // A checksum Hadoop wrote for an earlier version of the file would no longer match: Hadoop would refuse to read it.
    Files.deleteIfExists(dir.resolve("." + target.getFileName() + ".crc"));
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return true;
  }

  /**
   * Creates {@code file} with {@code bytes} only if no file of that name exists, atomically: of two runs that try at
   * once, exactly one succeeds. On a local disk a hard link (which fails when the name is taken) publishes a
   * private temporary file; elsewhere the same by Hadoop's rename, which does not overwrite on HDFS. Object
   * stores, whose rename is a copy, give no such guarantee (docs/deploy.md).
   *
   * @return false when the file already existed
   */
  public static boolean createNew(FileSystem fs, Path file, byte[] bytes) throws IOException {
    Optional<java.nio.file.Path> local = of(fs, file);
    String tmpName = "." + file.getName() + "." + java.util.UUID.randomUUID() + ".tmp";
    if (local.isPresent()) {
      java.nio.file.Path target = local.get();
      Files.createDirectories(target.getParent());
      java.nio.file.Path tmp = target.resolveSibling(tmpName);
      Files.write(tmp, bytes);
      try {
        Files.createLink(target, tmp);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        return false;
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    Path tmp = new Path(file.getParent(), tmpName);
    try (java.io.OutputStream out = fs.create(tmp, false)) {
      out.write(bytes);
    }
    try {
      return fs.rename(tmp, file);
    } finally {
      fs.delete(tmp, false);
    }
  }
}
