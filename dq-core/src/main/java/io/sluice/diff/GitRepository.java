package io.sluice.diff;

import io.sluice.contract.SluiceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A git working tree, read through the {@code git} command (no library: CI machines have git, and
 * {@code sluice diff} must start fast). Paths are relative to the tree's top, with forward slashes.
 */
final class GitRepository {
  private final Path top;

  private GitRepository(Path top) {
    this.top = top;
  }

  /** The repository that holds {@code path} (a file or folder, which may no longer exist). */
  static GitRepository containing(Path path) {
    Path dir = path.toAbsolutePath().normalize();
    while (dir != null && !java.nio.file.Files.isDirectory(dir)) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new GitException(path + " is not inside a git repository");
    }
    Result r = run(dir, "rev-parse", "--show-toplevel");
    if (r.exit() != 0) {
      throw new GitException(path + " is not inside a git repository (" + r.error().strip() + "): compare with a git"
          + " ref from inside a clone, or compare two files");
    }
    return new GitRepository(Path.of(r.text().strip()));
  }

  Path top() {
    return top;
  }

  /** How a file's version at a ref is named in messages and locations: git's own {@code REF:path}. */
  static String objectName(String ref, String path) {
    return ref + ":" + path;
  }

  /**
   * The path (relative to the repository's top) of a name {@link #objectName} made; empty for the name of
   * a file in {@code workingDirectory} or anywhere else on disk. Git refs cannot hold a colon, so the first
   * one ends the ref.
   */
  static Optional<String> pathOf(String name, Path workingDirectory) {
    int colon = name.indexOf(':');
    if (colon <= 0 || colon == name.length() - 1) {
      return Optional.empty();
    }
    try {
      if (java.nio.file.Files.exists(workingDirectory.resolve(name))) {
        return Optional.empty();
      }
    } catch (java.nio.file.InvalidPathException e) {
      // not a path on this system: a git name
    }
    return Optional.of(name.substring(colon + 1));
  }

  /** Fails with what to do when {@code ref} names no commit. */
  void mustHave(String ref) {
    if (run(top, "rev-parse", "--verify", "--quiet", ref + "^{commit}").exit() != 0) {
      throw new GitException("git ref '" + ref + "' names no commit in " + top + ": fetch it first (git fetch origin;"
          + " in GitHub Actions, check out with fetch-depth: 0), or compare with another ref");
    }
  }

  /** The files under {@code path} (a file or a folder) at {@code ref}. */
  List<String> files(String ref, String path) {
    Result r = run(top, "ls-tree", "-r", "--name-only", "-z", ref, "--", path.isEmpty() ? "." : path);
    if (r.exit() != 0) {
      throw new GitException("git ls-tree " + ref + " " + path + " failed: " + r.error().strip());
    }
    List<String> files = new ArrayList<>();
    for (String f : r.text().split("\0")) {
      if (!f.isEmpty()) {
        files.add(f);
      }
    }
    return files;
  }

  /**
   * The text of each of {@code paths} at {@code ref} (absent where the file does not exist there), read by
   * one {@code git cat-file --batch}: one process for all files, not one per file.
   */
  java.util.Map<String, Optional<String>> show(String ref, List<String> paths) {
    java.util.Map<String, Optional<String>> texts = new java.util.LinkedHashMap<>();
    if (paths.isEmpty()) {
      return texts;
    }
    try {
      Process p = new ProcessBuilder("git", "cat-file", "--batch").directory(top.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      Thread writer = new Thread(() -> {
        try (var in = p.getOutputStream()) {
          for (String path : paths) {
            in.write((ref + ":" + path + "\n").getBytes(StandardCharsets.UTF_8));
          }
        } catch (IOException e) {
          // git stopped reading: its exit status and missing output say so below
        }
      }, "sluice-git-batch");
      writer.start();
      try (var out = new java.io.BufferedInputStream(p.getInputStream())) {
        for (String path : paths) {
          String header = line(out);
          if (header == null) {
            throw new GitException("git cat-file stopped before " + ref + ":" + path);
          }
          String[] parts = header.split(" ");
          if (parts.length == 3 && parts[1].equals("blob")) {
            byte[] body = out.readNBytes(Integer.parseInt(parts[2]));
            out.read(); // the newline after each object
            texts.put(path, Optional.of(new String(body, StandardCharsets.UTF_8)));
          } else {
            texts.put(path, Optional.empty()); // "<name> missing", or not a file
          }
        }
      }
      writer.join(60_000);
      p.waitFor(60, TimeUnit.SECONDS);
      return texts;
    } catch (IOException e) {
      throw new GitException("cannot run git (" + e.getMessage() + "): install git, or compare two files");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitException("interrupted while reading files at " + ref);
    }
  }

  private static String line(java.io.InputStream in) throws IOException {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      b.write(c);
    }
    return c == -1 && b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
  }

  /** {@code file} relative to the top, as git names it. */
  String relative(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path real = realPrefix(abs);
    return top.relativize(real).toString().replace('\\', '/');
  }

  /** Resolves symbolic links (such as /tmp on some systems) in the part of the path that exists. */
  private static Path realPrefix(Path abs) {
    Path existing = abs;
    Path rest = Path.of("");
    while (existing != null && !java.nio.file.Files.exists(existing)) {
      rest = existing.getFileName().resolve(rest);
      existing = existing.getParent();
    }
    try {
      return existing == null ? abs : existing.toRealPath().resolve(rest).normalize();
    } catch (IOException e) {
      return abs;
    }
  }

  private record Result(int exit, String text, String error) {}

  private static Result run(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new GitException("git " + String.join(" ", args) + " did not finish within 60 s in " + dir);
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new GitException("cannot run git (" + e.getMessage() + "): install git, or compare two files");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitException("interrupted while running git " + String.join(" ", args));
    }
  }

  /** Git could not answer: not a repository, an unknown ref, no git installed. */
  static final class GitException extends SluiceException {
    GitException(String message) {
      super(message);
    }
  }
}
