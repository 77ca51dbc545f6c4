package io.sluice.spark.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spark.Sluice;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sluice's own folders and files on a local disk: what Hadoop would have made, without a process per entry. */
class LocalFilesTest {
  @Test
  void aFileWrittenAtomicallyIsReadBackThroughHadoopAndReplacesAnOlderOneWithItsChecksum(@TempDir java.nio.file.Path dir)
      throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    // A folder name with a space, a non-ASCII letter and a %: Hadoop maps its path to the file (its URI would not do).
    Path file = new Path(dir.toString() + "/état 50%d/batches/b1.json");
    // An older version written by Hadoop itself, with its checksum file beside it.
    try (OutputStream out = fs.create(file, true)) {
      out.write("{\"run_id\":\"old run with a longer text\"}".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(dir.resolve("état 50%d/batches/.b1.json.crc")).exists();

    assertThat(LocalFiles.writeAtomically(fs, file, "{\"run_id\":\"new\"}".getBytes(StandardCharsets.UTF_8))).isTrue();

    // Hadoop reads the new content (a stale checksum would make it fail), and nothing else is left beside it.
    try (InputStream in = fs.open(file)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"run_id\":\"new\"}");
    }
    try (Stream<java.nio.file.Path> left = Files.list(dir.resolve("état 50%d/batches"))) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("b1.json");
    }
  }

  @Test
  void foldersAndFilesGetTheModesHadoopWouldGiveThem(@TempDir java.nio.file.Path dir) throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path byHadoop = new Path(dir.resolve("hadoop/a/b").toUri());
    Path byNio = new Path(dir.resolve("nio/a/b").toUri());
    fs.mkdirs(byHadoop);
    LocalFiles.mkdirs(fs, byNio);
    assertThat(mode(dir.resolve("nio/a/b"))).isEqualTo(mode(dir.resolve("hadoop/a/b")));
    assertThat(mode(dir.resolve("nio/a"))).isEqualTo(mode(dir.resolve("hadoop/a")));

    try (OutputStream out = fs.create(new Path(byHadoop, "f.json"), true)) {
      out.write('1');
    }
    LocalFiles.writeAtomically(fs, new Path(byNio, "f.json"), new byte[] {'1'});
    assertThat(mode(dir.resolve("nio/a/b/f.json"))).isEqualTo(mode(dir.resolve("hadoop/a/b/f.json")));
  }

  @Test
  void otherFileSystemsAreLeftToHadoop() {
    FileSystem raw = new org.apache.hadoop.fs.RawLocalFileSystem();
    assertThat(LocalFiles.of(raw, new Path("/tmp/x"))).isPresent();
    assertThat(LocalFiles.of(new org.apache.hadoop.fs.FilterFileSystem(raw), new Path("/tmp/x"))).isEmpty();
  }

  private static String mode(java.nio.file.Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
