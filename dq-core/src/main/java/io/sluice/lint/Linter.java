package io.sluice.lint;

import io.sluice.contract.ContractLoader;
import io.sluice.contract.Location;
import io.sluice.contract.Problem;
import io.sluice.contract.Problem.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks contract files, or folders of them, without starting Spark: what CI gating runs on every
 * change. A folder is searched recursively for {@code .yaml} and {@code .yml} files.
 */
public final class Linter {
  private final ContractLoader loader;

  public Linter(ContractLoader loader) {
    this.loader = loader;
  }

  /** A linter that validates check kinds with every rule catalog on the class path. */
  public static Linter standard() {
    return new Linter(ContractLoader.withDiscoveredValidators());
  }

  /** One file's result. */
  public record FileResult(Path file, List<Problem> problems) {
    public FileResult {
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** Every file's result, in path order. */
  public record Report(List<FileResult> files, List<Problem> pathProblems) {
    public Report {
      files = List.copyOf(files);
      pathProblems = List.copyOf(pathProblems);
    }

    public boolean ok() {
      return pathProblems.isEmpty() && files.stream().allMatch(FileResult::ok) && !files.isEmpty();
    }

    public int problemCount() {
      return pathProblems.size() + files.stream().mapToInt(f -> f.problems().size()).sum();
    }

    public long failedFiles() {
      return files.stream().filter(f -> !f.ok()).count();
    }
  }

  public Report lint(List<Path> paths) {
    List<Problem> pathProblems = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        List<Path> found = contractsUnder(path, pathProblems);
        if (found.isEmpty()) {
          pathProblems.add(new Problem(Kind.FILE_UNREADABLE, Location.of(path.toString()), "no contract files (.yaml, .yml) in this folder",
              "point lint at contract files or at a folder that holds them"));
        }
        files.addAll(found);
      } else if (Files.exists(path)) {
        files.add(path);
      } else {
        pathProblems.add(new Problem(Kind.FILE_UNREADABLE, Location.of(path.toString()), "no such file or folder", "check the path"));
      }
    }
    List<FileResult> results = files.stream().distinct()
        .map(f -> new FileResult(f, loader.read(f).problems())).toList();
    return new Report(results, pathProblems);
  }

  private static List<Path> contractsUnder(Path dir, List<Problem> problems) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> {
            String name = p.getFileName().toString();
            return name.endsWith(".yaml") || name.endsWith(".yml");
          })
          .sorted()
          .toList();
    } catch (IOException e) {
      problems.add(new Problem(Kind.FILE_UNREADABLE, Location.of(dir.toString()), "cannot list the folder: " + e.getMessage(),
          "check the folder's permissions"));
      return List.of();
    }
  }
}
