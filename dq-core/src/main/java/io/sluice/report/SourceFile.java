package io.sluice.report;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A file as code-review tools name it: by its path relative to the root of the git repository that
 * holds it (GitHub matches a result to a file of the repository so), or relative to the working
 * directory when no repository holds it.
 *
 * @param path the file's absolute path, symbolic links resolved as far as the path exists (GitHub does not
 *     follow links)
 * @param root the folder the file is named relative to; empty for a file outside any repository and
 *     outside the working directory, which is named by its absolute URI
 */
public record SourceFile(Path path, Optional<Path> root) {

  public SourceFile {
    if (root.isPresent() && !path.startsWith(root.get())) {
      throw new IllegalArgumentException(path + " is not under " + root.get());
    }
  }

  /** A file as its path is written (relative paths against the working directory). */
  public static SourceFile of(String file) {
    return of(file, Path.of(""));
  }

  public static SourceFile of(String file, Path workingDirectory) {
    Path wd = real(workingDirectory);
    Path path = real(wd.resolve(file));
    Optional<Path> root = repositoryRoot(path).or(() -> path.startsWith(wd) ? Optional.of(wd) : Optional.empty());
    return new SourceFile(path, root);
  }

  /**
   * {@code path}, relative to the root of the repository that holds {@code near}: how git names a file
   * at a ref, which need not exist in the working tree any more.
   */
  public static SourceFile inRepositoryOf(String near, String path, Path workingDirectory) {
    SourceFile anchor = of(near, workingDirectory);
    Path root = anchor.root().orElse(real(workingDirectory));
    Path resolved = root.resolve(path).normalize();
    return new SourceFile(resolved, resolved.startsWith(root) ? Optional.of(root) : Optional.empty());
  }

  /** {@code contracts/silver/orders.yaml}: the path relative to the root, as a URI reference; empty without a root. */
  public Optional<String> relativeUri() {
    return root.map(r -> {
      String rel = r.relativize(path).toString().replace(java.io.File.separatorChar, '/');
      if (rel.isEmpty()) {
        return "./"; // the root itself: a folder lint found no contract in
      }
      try {
        String uri = new URI(null, null, rel, null).toASCIIString();
        // A colon in the first segment would read as a URI scheme.
        int colon = uri.indexOf(':');
        return colon >= 0 && (uri.indexOf('/') < 0 || colon < uri.indexOf('/')) ? "./" + uri : uri;
      } catch (URISyntaxException e) {
        throw new IllegalStateException("a relative path always makes a URI: " + rel, e);
      }
    });
  }

  /** {@code file:///...}: the file's absolute URI. */
  public String absoluteUri() {
    return path.toUri().toASCIIString();
  }

  /** The nearest folder holding {@code path} that has a {@code .git} (a folder, or a file in a worktree or submodule). */
  static Optional<Path> repositoryRoot(Path path) {
    for (Path dir = Files.isDirectory(path) ? path : path.getParent(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(".git"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /** The absolute path with links resolved as far as it exists, the rest appended as written. */
  static Path real(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    } catch (IOException e) {
      return absolute; // unreadable as it is: named as written
    }
  }
}
