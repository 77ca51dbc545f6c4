package io.sluice.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.spark.Format;
import io.sluice.spark.Transition;
import io.sluice.spark.TransitionResult;
import io.sluice.testkit.LocalSpark;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The split write's local file system: Hadoop's modes and checksums, set without a process. */
@ExtendWith(LocalSpark.class)
class NioLocalFileSystemTest {

  private static FileSystem nio(Configuration conf) throws Exception {
    FileSystem fs = new NioLocalFileSystem();
    fs.initialize(java.net.URI.create("file:///"), conf);
    return fs;
  }

  @Test
  void filesFoldersAndChecksumFilesGetTheModesHadoopGivesThem(@TempDir java.nio.file.Path dir) throws Exception {
    Configuration conf = new Configuration();
    FileSystem hadoop = FileSystem.newInstance(java.net.URI.create("file:///"), conf);
    assertThat(hadoop).isExactlyInstanceOf(LocalFileSystem.class);
    FileSystem nio = nio(conf);
    for (FileSystem fs : List.of(hadoop, nio)) {
      String name = fs == hadoop ? "hadoop" : "nio";
      Path file = new Path(dir.resolve(name + "/a/b/f.parquet").toUri());
      // Modes other than those the process's umask gives a new file or folder: each must be set, not left.
      try (OutputStream out = fs.create(file, new FsPermission("600"), true, 4096, (short) 1, 1 << 20, null)) {
        out.write(new byte[] {1, 2, 3});
      }
      fs.mkdirs(new Path(dir.resolve(name + "/made/x").toUri()), new FsPermission("750"));
    }
    for (String p : List.of("a", "a/b", "a/b/f.parquet", "a/b/.f.parquet.crc", "made", "made/x")) {
      assertThat(mode(dir.resolve("nio/" + p))).as(p).isEqualTo(mode(dir.resolve("hadoop/" + p)));
    }
    assertThat(mode(dir.resolve("nio/a/b/f.parquet"))).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("nio/made/x"))).isEqualTo("rwxr-x---");
    // Hadoop reads the file back through its checksum.
    try (var in = hadoop.open(new Path(dir.resolve("nio/a/b/f.parquet").toUri()))) {
      assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
    }
  }

  @Test
  void anyModeIsSetAsAsked(@TempDir java.nio.file.Path dir) throws Exception {
    FileSystem nio = nio(new Configuration());
    Path file = new Path(dir.resolve("f").toUri());
    nio.create(file, true).close();
    for (String mode : List.of("640", "755", "600", "777", "000", "444")) {
      nio.setPermission(file, new FsPermission(mode));
      assertThat(mode(dir.resolve("f"))).as(mode).isEqualTo(new FsPermission(mode).toString());
    }
    // A sticky bit is not a java.nio mode: Hadoop's own way sets it (its nine bits are still those asked).
    Path folder = new Path(dir.resolve("shared").toUri());
    nio.mkdirs(folder);
    nio.setPermission(folder, new FsPermission("1777"));
    assertThat(mode(dir.resolve("shared"))).isEqualTo("rwxrwxrwx");
    assertThat(nio.getFileStatus(folder).getPermission().getStickyBit()).isTrue();
  }

  @Test
  void theWriteUsesItUnlessTheSessionNamesAFileSystemOfItsOwn() {
    Configuration conf = new Configuration();
    assertThat(NioLocalFileSystem.options(conf)).containsEntry(NioLocalFileSystem.IMPL, NioLocalFileSystem.class.getName());
    conf.set(NioLocalFileSystem.IMPL, LocalFileSystem.class.getName());
    assertThat(NioLocalFileSystem.options(conf)).containsEntry(NioLocalFileSystem.IMPL, NioLocalFileSystem.class.getName());
    conf.set(NioLocalFileSystem.IMPL, org.apache.hadoop.fs.RawLocalFileSystem.class.getName());
    assertThat(NioLocalFileSystem.options(conf)).isEmpty();
  }

  @Test
  @SuppressWarnings("deprecation") // Hadoop's per-class statistics: the only record of which file system wrote
  void aTransitionWritesItsLocalTargetAndQuarantineThroughIt(SparkSession spark, @TempDir java.nio.file.Path dir)
      throws Exception {
    String input = dir.resolve("in.parquet").toString();
    spark.range(0, 200, 1, 2).selectExpr("id", "CAST(id % 10 - 1 AS INT) AS v").write().parquet(input);
    java.nio.file.Path yaml = dir.resolve("c.yaml");
    Files.writeString(yaml, """
        apiVersion: sluice/v1
        kind: DataContract
        id: modes
        version: 1.0.0
        layer: silver
        source: bronze
        columns:
          - {name: id, type: long}
          - {name: v, type: int, checks: [{range: {min: 0}}]}
        """);
    Contract c = ContractLoader.withDiscoveredValidators().load(yaml);
    FileSystem.Statistics stats = FileSystem.getStatistics("file", NioLocalFileSystem.Raw.class);
    long before = stats.getBytesWritten();

    TransitionResult r = Transition.of(c).from(input, Format.PARQUET).to(dir.resolve("silver").toString())
        .quarantineTo(dir.resolve("q").toString()).auditTo(dir.resolve("audit")).run(spark);

    assertThat(r.committed()).isTrue();
    assertThat(r.report().rowsQuarantined()).isEqualTo(20);
    long dataBytes = 0;
    String fileMode = new FsPermission((short) 0666).applyUMask(
        FsPermission.getUMask(spark.sparkContext().hadoopConfiguration())).toString();
    for (String out : List.of("silver", "q")) {
      try (Stream<java.nio.file.Path> files = Files.list(dir.resolve(out))) {
        for (java.nio.file.Path f : files.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList()) {
          dataBytes += Files.size(f);
          assertThat(mode(f)).as(f.toString()).isEqualTo(fileMode);
        }
      }
    }
    assertThat(dataBytes).isPositive();
    assertThat(stats.getBytesWritten() - before).as("bytes written through the split write's file system")
        .isGreaterThanOrEqualTo(dataBytes);
    assertThat(spark.read().parquet(dir.resolve("silver").toString()).count()).isEqualTo(180);
    assertThat(spark.read().parquet(dir.resolve("q").toString()).count()).isEqualTo(20);
  }

  private static String mode(java.nio.file.Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
