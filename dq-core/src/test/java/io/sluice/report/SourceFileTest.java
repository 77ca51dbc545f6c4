package io.sluice.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files are named relative to their git repository's root, else to the working directory, else absolutely. */
class SourceFileTest {
  @TempDir Path dir;

  private static void gitInit(Path where) throws Exception {
    Process git = new ProcessBuilder("git", "init", "-q").directory(where.toFile()).redirectErrorStream(true).start();
    assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(git.exitValue()).isZero();
  }

  @Test
  void aFileInARepositoryIsRelativeToItsRootWhereverTheWorkingDirectoryIs() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    gitInit(repo);
    Path file = Files.createDirectories(repo.resolve("contracts/silver")).resolve("orders.yaml");
    Files.writeString(file, "id: orders\n");
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    SourceFile f = SourceFile.of(file.toString(), elsewhere);
    assertThat(f.root()).contains(repo.toRealPath());
    assertThat(f.relativeUri()).contains("contracts/silver/orders.yaml");
  }

  @Test
  void aRelativePathIsReadAgainstTheWorkingDirectory() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    gitInit(repo);
    Files.createDirectories(repo.resolve("contracts"));
    assertThat(SourceFile.of("silver/orders.yaml", repo.resolve("contracts")).relativeUri())
        .contains("contracts/silver/orders.yaml");
    assertThat(SourceFile.of("../contracts/orders.yaml", repo.resolve("contracts")).relativeUri())
        .contains("contracts/orders.yaml");
  }

  @Test
  void outsideARepositoryTheWorkingDirectoryIsTheRoot() throws Exception {
    Path file = Files.createDirectories(dir.resolve("contracts")).resolve("orders.yaml");
    Files.writeString(file, "id: orders\n");
    SourceFile f = SourceFile.of(file.toString(), dir);
    assertThat(f.root()).contains(dir.toRealPath());
    assertThat(f.relativeUri()).contains("contracts/orders.yaml");
  }

  @Test
  void aFileOutsideTheRepositoryAndTheWorkingDirectoryIsNamedByItsAbsoluteUri() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    Path file = Files.createDirectories(dir.resolve("other")).resolve("orders.yaml");
    Files.writeString(file, "id: orders\n");
    SourceFile f = SourceFile.of(file.toString(), work);
    assertThat(f.root()).isEmpty();
    assertThat(f.relativeUri()).isEmpty();
    assertThat(f.absoluteUri()).isEqualTo(file.toRealPath().toUri().toString());
  }

  @Test
  void aFileAtAGitRefIsNamedInTheRepositoryOfTheFileItIsAVersionOf() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    gitInit(repo);
    Files.createDirectories(repo.resolve("contracts"));
    SourceFile f = SourceFile.inRepositoryOf(repo.resolve("contracts/gone.yaml").toString(), "contracts/gone.yaml", dir);
    assertThat(f.root()).contains(repo.toRealPath());
    assertThat(f.relativeUri()).contains("contracts/gone.yaml");
  }

  @Test
  void theRootItselfIsDotSlash() throws Exception {
    assertThat(SourceFile.of(".", dir).relativeUri()).contains("./");
  }

  @Test
  void urisEscapeWhatAUriCannotHold() throws Exception {
    SourceFile spaced = SourceFile.of("my contracts/orders 2024.yaml", dir);
    assertThat(spaced.relativeUri()).contains("my%20contracts/orders%202024.yaml");
    SourceFile colon = SourceFile.of("a:b.yaml", dir);
    assertThat(colon.relativeUri()).contains("./a:b.yaml"); // not the scheme 'a'
    assertThat(java.net.URI.create(colon.relativeUri().orElseThrow()).getScheme()).isNull();
  }

  @Test
  void aSymbolicLinkIsNamedByWhereItLeads() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real"));
    Files.writeString(real.resolve("orders.yaml"), "id: orders\n");
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    assertThat(SourceFile.of(link.resolve("orders.yaml").toString(), dir).relativeUri()).contains("real/orders.yaml");
  }
}
