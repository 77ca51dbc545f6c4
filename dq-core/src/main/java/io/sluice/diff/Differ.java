package io.sluice.diff;

import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.contract.Location;
import io.sluice.contract.Problem;
import io.sluice.contract.Problem.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Compares contracts without starting Spark: two files (or two folders, file by file), or files and
 * folders with their versions at a git ref, which is how CI gates a pull request
 * ({@code sluice diff --base origin/main contracts/}).
 */
public final class Differ {
  private final ContractLoader loader;

  public Differ(ContractLoader loader) {
    this.loader = loader;
  }

  /** A differ that validates check kinds with every rule catalog on the class path. */
  public static Differ standard() {
    return new Differ(ContractLoader.withDiscoveredValidators());
  }

  /** {@code OLD NEW}: two contract files, or two folders whose files pair by relative path. */
  public DiffReport files(Path before, Path after) {
    List<Problem> problems = new ArrayList<>();
    List<ContractDiff> diffs = new ArrayList<>();
    for (Path p : List.of(before, after)) {
      if (!Files.exists(p)) {
        problems.add(new Problem(Kind.FILE_UNREADABLE, Location.of(p.toString()), "no such file or folder", "check the path"));
      }
    }
    if (!problems.isEmpty()) {
      return new DiffReport(diffs, problems, false, Optional.empty());
    }
    if (Files.isDirectory(before) != Files.isDirectory(after)) {
      problems.add(new Problem(Kind.FILE_UNREADABLE, Location.of(after.toString()), "cannot compare a file with a folder",
          "give two contract files, or two folders of them"));
      return new DiffReport(diffs, problems, false, Optional.empty());
    }
    if (!Files.isDirectory(before)) {
      pair(after.toString(), load(before, problems), load(after, problems)).ifPresent(diffs::add);
      return new DiffReport(diffs, problems, false, Optional.empty());
    }
    TreeSet<Path> names = new TreeSet<>();
    contractsUnder(before, problems).forEach(f -> names.add(before.relativize(f)));
    contractsUnder(after, problems).forEach(f -> names.add(after.relativize(f)));
    Map<String, Contract> added = new LinkedHashMap<>();
    Map<String, Contract> removed = new LinkedHashMap<>();
    for (Path name : names) {
      Path b = before.resolve(name);
      Path a = after.resolve(name);
      Optional<Contract> cb = Files.exists(b) ? load(b, problems) : Optional.empty();
      Optional<Contract> ca = Files.exists(a) ? load(a, problems) : Optional.empty();
      if (Files.exists(b) && Files.exists(a)) {
        pair(a.toString(), cb, ca).ifPresent(diffs::add);
      } else if (Files.exists(a)) {
        ca.ifPresent(c -> added.put(a.toString(), c));
      } else {
        cb.ifPresent(c -> removed.put(b.toString(), c));
      }
    }
    matchMoves(added, removed, diffs);
    return new DiffReport(diffs, problems, false, Optional.empty());
  }

  /**
   * Each contract file under {@code paths} against its version at git {@code ref}: modified files are
   * compared, added ones checked for validity, and files present at {@code ref} but gone now are
   * removals (a file moved with its id kept is compared with its old self).
   */
  public DiffReport against(String ref, List<Path> paths) {
    List<Problem> problems = new ArrayList<>();
    List<ContractDiff> diffs = new ArrayList<>();
    Map<String, Contract> added = new LinkedHashMap<>();
    Map<String, Contract> removed = new LinkedHashMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Path path : paths) {
      GitRepository git;
      try {
        git = GitRepository.containing(path);
        git.mustHave(ref);
      } catch (GitRepository.GitException e) {
        problems.add(new Problem(Kind.FILE_UNREADABLE, Location.of(path.toString()), e.getMessage(), ""));
        continue;
      }
      String rel = git.relative(path);
      List<String> atRef;
      try {
        atRef = git.files(ref, rel).stream().filter(Differ::isContractFile).toList();
      } catch (GitRepository.GitException e) {
        problems.add(new Problem(Kind.FILE_UNREADABLE, Location.of(path.toString()), e.getMessage(), ""));
        continue;
      }
      if (!Files.exists(path) && atRef.isEmpty()) {
        problems.add(new Problem(Kind.FILE_UNREADABLE, Location.of(path.toString()), "no such file or folder, now or at " + ref, "check the path"));
        continue;
      }
      // Files now, and files then, each under the name the user's path gives it.
      Map<String, Path> now = new LinkedHashMap<>();
      if (Files.isDirectory(path)) {
        contractsUnder(path, problems).forEach(f -> now.put(git.relative(f), f));
      } else if (Files.exists(path)) {
        now.put(rel, path);
      }
      TreeSet<String> all = new TreeSet<>(now.keySet());
      all.addAll(atRef);
      Map<String, Optional<String>> texts;
      try {
        texts = git.show(ref, atRef);
      } catch (GitRepository.GitException e) {
        problems.add(new Problem(Kind.FILE_UNREADABLE, Location.of(path.toString()), e.getMessage(), ""));
        continue;
      }
      for (String file : all) {
        if (!seen.add(git.top().resolve(file).toString())) {
          continue;
        }
        Path shown = now.containsKey(file) ? now.get(file) : shown(path, rel, file);
        String oldName = GitRepository.objectName(ref, file);
        Optional<Contract> before = texts.getOrDefault(file, Optional.empty()).flatMap(text -> {
          ContractLoader.Result r = loader.parse(text, oldName);
          return r.contract();
        });
        if (now.containsKey(file)) {
          Optional<Contract> after = load(now.get(file), problems);
          if (after.isEmpty()) {
            continue;
          }
          if (before.isPresent()) {
            diffs.add(ContractDiff.between(shown.toString(), before.get(), after.get()));
          } else if (atRef.contains(file)) {
            // The version at the ref did not load: there was no promise to compare with.
            diffs.add(ContractDiff.added(shown.toString(), after.get(),
                " (its version at " + ref + " was not a valid contract)"));
          } else {
            added.put(shown.toString(), after.get());
          }
        } else if (before.isPresent()) {
          removed.put(shown.toString(), before.get());
        }
      }
    }
    matchMoves(added, removed, diffs);
    return new DiffReport(diffs, problems, false, Optional.empty());
  }

  /** A file under the user's {@code path} named as the user would: {@code contracts/} + the rest. */
  private static Path shown(Path path, String rel, String file) {
    if (file.equals(rel)) {
      return path;
    }
    String rest = rel.isEmpty() || rel.equals(".") ? file : file.substring(rel.length() + 1);
    return path.resolve(rest);
  }

  /** Pairs a removed file with an added one that keeps its id: a move, compared like any change. */
  private static void matchMoves(Map<String, Contract> added, Map<String, Contract> removed, List<ContractDiff> diffs) {
    for (var r : removed.entrySet()) {
      Optional<String> moved = added.entrySet().stream().filter(a -> a.getValue().id().equals(r.getValue().id()))
          .map(Map.Entry::getKey).findFirst();
      if (moved.isPresent()) {
        diffs.add(ContractDiff.between(moved.get(), r.getValue(), added.remove(moved.get())));
      } else {
        diffs.add(ContractDiff.removed(r.getKey(), r.getValue()));
      }
    }
    added.forEach((file, c) -> diffs.add(ContractDiff.added(file, c, "")));
  }

  private static Optional<ContractDiff> pair(String file, Optional<Contract> before, Optional<Contract> after) {
    return before.isPresent() && after.isPresent()
        ? Optional.of(ContractDiff.between(file, before.get(), after.get())) : Optional.empty();
  }

  private Optional<Contract> load(Path file, List<Problem> problems) {
    ContractLoader.Result r = loader.read(file);
    problems.addAll(r.problems());
    return r.contract();
  }

  static boolean isContractFile(String name) {
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private static List<Path> contractsUnder(Path dir, List<Problem> problems) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).filter(p -> isContractFile(p.getFileName().toString())).sorted().toList();
    } catch (IOException e) {
      problems.add(new Problem(Kind.FILE_UNREADABLE, Location.of(dir.toString()), "cannot list the folder: " + e.getMessage(),
          "check the folder's permissions"));
      return List.of();
    }
  }
}
