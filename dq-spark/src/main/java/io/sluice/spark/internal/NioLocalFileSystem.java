package io.sluice.spark.internal;

import io.sluice.spark.Sluice;
import io.sluice.spark.commit.LocalFiles;
import java.io.IOException;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system (checksum files included) that sets the mode of what it creates through
 * {@code java.nio} rather than a {@code chmod} process: the file system a split write ({@link SplitParquetFormat})
 * writes a local target with, named in that write's options only ({@link #options}).
 *
 * <p>Without Hadoop's native library, which Spark does not ship, Hadoop's local file system starts a {@code chmod}
 * for every file it creates, for the checksum file beside it, and for every folder it makes ({@link LocalFiles}
 * says the same of Sluice's own small files). A split write creates two data files per task (valid rows and
 * quarantine) in folders of its own, so those processes are a fixed cost of every run, whatever its size. The modes are the same (those the umask gives); a mode {@code java.nio} cannot express
 * (sticky bit) or a file system without POSIX modes goes to Hadoop's own way.
 */
public final class NioLocalFileSystem extends LocalFileSystem {
  /** The Hadoop setting that names the file system of {@code file:} paths. */
  public static final String IMPL = "fs.file.impl";
  private static final String NO_CACHE = "fs.file.impl.disable.cache";

  public NioLocalFileSystem() {
    super(new Raw());
  }

  /**
   * The options that make a write use this file system for {@code file:} paths: empty when {@code conf} names a
   * file system of its own for them (the user's choice stands). Hadoop caches file systems by scheme, not by
   * setting, so the write's own instances are not cached.
   */
  public static java.util.Map<String, String> options(Configuration conf) {
    String impl = conf.get(IMPL);
    if (impl != null && !impl.equals(LocalFileSystem.class.getName()) && !impl.equals(NioLocalFileSystem.class.getName())) {
      return java.util.Map.of();
    }
    return java.util.Map.of(IMPL, NioLocalFileSystem.class.getName(), NO_CACHE, "true");
  }

  /** The raw local file system, its modes set in place. */
  public static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      java.nio.file.Path file = pathToFile(p).toPath();
      if ((permission.toShort() & ~0777) != 0 || !file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        super.setPermission(p, permission);
        return;
      }
      // Nine bits, no sticky bit: Hadoop spells them as java.nio reads them ("rw-r--r--").
      java.nio.file.Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permission.toString()));
    }
  }
}
