package io.sluice.keys;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * A folder of a {@link KeysetStore}, with the few file operations the store's guarantees rest on: files readable by
 * their owner only, written in full before anything names them, and replaced at once (a reader sees the old file or
 * the new one, never a part). On the local disk through {@code java.nio} ({@link Local}: an atomic move, and
 * {@code fsync}); on every other Hadoop file system through Hadoop's {@code FileSystem} ({@link OnHadoop}: a file
 * created only if absent, and a rename that replaces, which HDFS performs atomically in the name node). Object stores
 * ({@code s3a:}, {@code gs:}, …) rename by copying and deleting: there a replacement is not atomic (docs/governance.md,
 * "Where keysets live").
 */
sealed interface StoreFolder permits StoreFolder.Local, StoreFolder.OnHadoop {

  /**
   * The folder at {@code location}: a path of {@code conf}'s default file system, as in Spark, or a URI of any Hadoop
   * file system. A folder on the local disk is reached through {@code java.nio}, exactly as a {@link java.nio.file.Path}.
   */
  static StoreFolder at(String location, Configuration conf) {
    Path path = new Path(location);
    try {
      FileSystem fs = path.getFileSystem(conf);
      Path qualified = fs.makeQualified(path);
      if (fs instanceof LocalFileSystem local) {
        return new Local(path.toUri().getScheme() == null ? java.nio.file.Path.of(location)
            : local.pathToFile(qualified).toPath());
      }
      if (fs instanceof RawLocalFileSystem raw) {
        return new Local(path.toUri().getScheme() == null ? java.nio.file.Path.of(location)
            : raw.pathToFile(qualified).toPath());
      }
      return new OnHadoop(fs, qualified, location);
    } catch (IOException e) {
      throw new KeyException("Cannot reach the keyset folder " + location + ": " + e.getClass().getSimpleName()
          + " (" + e.getMessage() + "); check the URI and the file system's settings");
    }
  }

  /** The Hadoop configuration a location is reached with when none is given: the active Spark session's, or Hadoop's defaults. */
  static Configuration activeConf() {
    var session = org.apache.spark.sql.SparkSession.getActiveSession();
    return session.isDefined() ? session.get().sparkContext().hadoopConfiguration() : new Configuration();
  }

  /** The Hadoop configuration this folder is reached with; null on the local disk. */
  Configuration conf();

  /** The folder {@code name} inside this one. */
  StoreFolder child(String name);

  /** This folder's own name. */
  String name();

  /** How to name {@code name} (a file of this folder) in messages: the path or URI, never a content. */
  String show(String name);

  /** A reference to file {@code name} that reaches it from any JVM: an absolute path, or a qualified URI. */
  String reference(String name);

  boolean exists(String name) throws IOException;

  boolean isFolder() throws IOException;

  String read(String name) throws IOException;

  /** The names in this folder; none when it does not exist. */
  List<String> list() throws IOException;

  void mkdirs() throws IOException;

  /** Makes this folder, which must not exist yet. */
  void create() throws IOException;

  /**
   * Writes a file that must not exist yet, readable by its owner only, forced to the disk (or the data nodes) before
   * this returns: a switch that follows never points at a file still in a cache.
   */
  void writeNew(String name, String text) throws IOException;

  /** Replaces (or creates) file {@code name} with {@code text} at once, through a hidden file beside it. */
  void replace(String name, String text) throws IOException;

  /** Publishes {@code text} as file {@code name} only if there is none: fails, changing nothing, when there is. */
  void publish(String name, String text) throws IOException;

  /** Deletes this folder and what it holds, or what of it can be deleted. */
  void deleteQuietly();

  /** Forces this folder's entries (a rename) to the disk, where the file system allows it. */
  void syncQuietly();

  /** Reads the file a {@link #reference} names, from whichever JVM: the driver, or a Spark executor. */
  static String read(String reference, Configuration conf) throws IOException {
    java.nio.file.Path local = java.nio.file.Path.of(reference);
    if (local.isAbsolute()) {
      if (!Files.isReadable(local)) {
        throw new FileNotFoundException(reference);
      }
      return Files.readString(local, StandardCharsets.UTF_8);
    }
    Path path = new Path(reference);
    FileSystem fs = path.getFileSystem(conf != null ? conf : activeConf());
    try (InputStream in = fs.open(path)) {
      return new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8); // a keyset is a few hundred bytes
    }
  }

  /** A folder on the local disk: what the store has always been. */
  record Local(java.nio.file.Path dir) implements StoreFolder {
    @Override
    public Configuration conf() {
      return null;
    }

    @Override
    public StoreFolder child(String name) {
      return new Local(dir.resolve(name));
    }

    @Override
    public String name() {
      return dir.getFileName().toString();
    }

    @Override
    public String show(String name) {
      return dir.resolve(name).toString();
    }

    @Override
    public String reference(String name) {
      return dir.toAbsolutePath().resolve(name).toString();
    }

    @Override
    public boolean exists(String name) {
      return Files.exists(dir.resolve(name));
    }

    @Override
    public boolean isFolder() {
      return Files.isDirectory(dir);
    }

    @Override
    public String read(String name) throws IOException {
      return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    @Override
    public List<String> list() throws IOException {
      if (!Files.isDirectory(dir)) {
        return List.of();
      }
      try (Stream<java.nio.file.Path> files = Files.list(dir)) {
        return files.map(f -> f.getFileName().toString()).toList();
      }
    }

    @Override
    public void mkdirs() throws IOException {
      Files.createDirectories(dir);
    }

    @Override
    public void create() throws IOException {
      Files.createDirectory(dir);
    }

    @Override
    public void writeNew(String name, String text) throws IOException {
      writeSynced(dir.resolve(name), text);
    }

    @Override
    public void replace(String name, String text) throws IOException {
      java.nio.file.Path file = dir.resolve(name);
      java.nio.file.Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
      try {
        writeSynced(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }

    @Override
    public void publish(String name, String text) throws IOException {
      java.nio.file.Path tmp = Files.createTempFile(dir, "." + name, ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(tmp, text);
        Files.move(tmp, dir.resolve(name)); // refuses to replace a file that is there
      } finally {
        Files.deleteIfExists(tmp);
      }
    }

    /** Writes {@code text} and forces it to the disk. */
    private static void writeSynced(java.nio.file.Path file, String text) throws IOException {
      if (!Files.exists(file)) { // readable by its owner only, as Files.createTempFile makes them
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
          Files.createFile(file);
        }
      }
      try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
          c.write(b);
        }
        c.force(true);
      }
    }

    @Override
    public void deleteQuietly() {
      if (!Files.exists(dir)) {
        return;
      }
      try (Stream<java.nio.file.Path> files = Files.walk(dir)) {
        for (java.nio.file.Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      } catch (IOException | RuntimeException e) {
        // left behind: never read, as no pointer names it
      }
    }

    @Override
    public void syncQuietly() {
      try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
        c.force(true);
      } catch (IOException | RuntimeException e) {
        // not every file system lets a folder be synced; the rename is atomic either way
      }
    }

    @Override
    public String toString() {
      return dir.toString();
    }
  }

  /**
   * A folder on a Hadoop file system other than the local disk. Files are written under a hidden name and renamed into
   * place: {@code Options.Rename.NONE} fails when the name is taken, {@code OVERWRITE} replaces. HDFS does either as
   * one name-node operation; file systems without an atomic rename (object stores) fall back to Hadoop's check, delete
   * and copy.
   */
  final class OnHadoop implements StoreFolder {
    private static final FsPermission OWNER_ONLY = new FsPermission((short) 0600);

    private final FileSystem fs;
    private final Path dir;
    private final String shown;

    OnHadoop(FileSystem fs, Path dir, String shown) {
      this.fs = fs;
      this.dir = dir;
      this.shown = shown;
    }

    @Override
    public Configuration conf() {
      return fs.getConf();
    }

    @Override
    public StoreFolder child(String name) {
      return new OnHadoop(fs, new Path(dir, name), shown.endsWith("/") ? shown + name : shown + "/" + name);
    }

    @Override
    public String name() {
      return dir.getName();
    }

    @Override
    public String show(String name) {
      return shown.endsWith("/") ? shown + name : shown + "/" + name;
    }

    @Override
    public String reference(String name) {
      return new Path(dir, name).toString();
    }

    @Override
    public boolean exists(String name) throws IOException {
      return fs.exists(new Path(dir, name));
    }

    @Override
    public boolean isFolder() throws IOException {
      try {
        return fs.getFileStatus(dir).isDirectory();
      } catch (FileNotFoundException e) {
        return false;
      }
    }

    @Override
    public String read(String name) throws IOException {
      try (InputStream in = fs.open(new Path(dir, name))) {
        return new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8); // a keyset is a few hundred bytes
      }
    }

    @Override
    public List<String> list() throws IOException {
      FileStatus[] entries;
      try {
        entries = fs.listStatus(dir);
      } catch (FileNotFoundException e) {
        return List.of();
      }
      List<String> names = new ArrayList<>();
      for (FileStatus s : entries) {
        names.add(s.getPath().getName());
      }
      return names;
    }

    @Override
    public void mkdirs() throws IOException {
      if (!fs.mkdirs(dir)) {
        throw new IOException("cannot create " + dir);
      }
    }

    /** Made under a hidden name and renamed: Hadoop's mkdirs succeeds on a folder that exists. */
    @Override
    public void create() throws IOException {
      Path tmp = new Path(dir.getParent(), "." + dir.getName() + "." + UUID.randomUUID() + ".tmp");
      if (!fs.mkdirs(tmp)) {
        throw new IOException("cannot create " + tmp);
      }
      try {
        FileUtil.rename(fs, tmp, dir, Options.Rename.NONE);
      } finally {
        fs.delete(tmp, true);
      }
    }

    @Override
    public void writeNew(String name, String text) throws IOException {
      write(new Path(dir, name), text);
    }

    @Override
    public void replace(String name, String text) throws IOException {
      Path tmp = hidden(name);
      try {
        write(tmp, text);
        FileUtil.rename(fs, tmp, new Path(dir, name), Options.Rename.OVERWRITE);
      } finally {
        fs.delete(tmp, false);
      }
    }

    @Override
    public void publish(String name, String text) throws IOException {
      Path tmp = hidden(name);
      try {
        write(tmp, text);
        FileUtil.rename(fs, tmp, new Path(dir, name), Options.Rename.NONE);
      } finally {
        fs.delete(tmp, false);
      }
    }

    private Path hidden(String name) {
      return new Path(dir, "." + name + "." + UUID.randomUUID() + ".tmp");
    }

    /** Creates {@code file} (never over another), owner-only, synced to the data nodes where the file system can. */
    private void write(Path file, String text) throws IOException {
      try (FSDataOutputStream out = fs.createFile(file).overwrite(false).permission(OWNER_ONLY).recursive().build()) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        if (out.hasCapability(StreamCapabilities.HSYNC)) {
          out.hsync();
        }
      }
    }

    @Override
    public void deleteQuietly() {
      try {
        fs.delete(dir, true);
      } catch (IOException | RuntimeException e) {
        // left behind: never read, as no pointer names it
      }
    }

    @Override
    public void syncQuietly() {
      // a rename is durable once the name node (or the store) has answered
    }

    @Override
    public String toString() {
      return shown;
    }
  }
}
