package io.sluice.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library speaks its own words: no string in the main sources of a library module names a CLI flag ({@code --keys})
 * or a {@code sluice <command>} invocation. A refusal says what is missing in the library's terms and carries a
 * {@link Remedy}; the CLI maps that to its flags. Comments may name flags; strings reach users.
 */
class LibraryWordsTest {
  private static final List<String> LIBRARIES = List.of("dq-core", "dq-rules", "governance", "governance-ranger", "dq-spark");
  /** Where the commands of {@code sluice} are declared. */
  private static final List<String> FRONT_ENDS = List.of("dq-cli", "dq-bench");
  /** Files whose literals that are nothing but a flag are another program's arguments, with that program. */
  private static final Map<String, String> RUNS_A_PROGRAM = Map.of(
      "dq-core/src/main/java/io/sluice/diff/GitRepository.java", "git");

  private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[A-Za-z]");
  private static final Pattern LONE_FLAG = Pattern.compile("--[a-z][a-z-]*");
  private static final Pattern COMMAND_NAME = Pattern.compile("@Command\\(\\s*name\\s*=\\s*\"([a-z-]+)\"");

  @Test
  void noLibraryStringNamesACliFlagOrCommand() throws IOException {
    Path root = root();
    Set<String> commands = commands(root);
    assertThat(commands).as("the CLI's command names, read from its sources").contains("keys", "diff", "policies");
    Pattern invocation = Pattern.compile("\\bsluice\\s+(" + String.join("|", commands) + ")\\b");
    List<String> found = new ArrayList<>();
    for (String module : LIBRARIES) {
      Path main = root.resolve(module).resolve("src/main/java");
      assertThat(main).as("library sources").isDirectory();
      for (Path file : javaFiles(main)) {
        String relative = root.relativize(file).toString().replace('\\', '/');
        for (Literal l : literals(Files.readString(file, StandardCharsets.UTF_8))) {
          boolean programArgument = RUNS_A_PROGRAM.containsKey(relative) && LONE_FLAG.matcher(l.text()).matches();
          if ((FLAG.matcher(l.text()).find() && !programArgument) || invocation.matcher(l.text()).find()) {
            found.add(relative + ":" + l.line() + ": \"" + l.text() + "\"");
          }
        }
      }
    }
    assertThat(found).as("strings in library code that name the CLI: say it in the library's words and give a Remedy")
        .isEmpty();
  }

  @Test
  void theScanSeesFlagsInStringsAndNotInComments() {
    String source = """
        class A {
          // give --keys DIR
          /* or "--as ROLE" */
          String a = "name the folder (--keys DIR)";
          char c = '"';
          String b = "rw-r--r-- \\" --as";
          String t = \"""
              sluice keys create
              \""";
        }
        """;
    assertThat(literals(source)).extracting(Literal::text)
        .containsExactly("name the folder (--keys DIR)", "rw-r--r-- \\\" --as", "      sluice keys create\n      ");
    assertThat(literals(source)).extracting(Literal::line).containsExactly(4, 6, 7);
    assertThat(literals(source).stream().filter(l -> FLAG.matcher(l.text()).find())).hasSize(2);
    assertThat(FLAG.matcher("rw-r--r--").find()).isFalse();
  }

  private static Set<String> commands(Path root) throws IOException {
    Set<String> names = new TreeSet<>();
    for (String module : FRONT_ENDS) {
      for (Path file : javaFiles(root.resolve(module).resolve("src/main/java"))) {
        Matcher m = COMMAND_NAME.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    names.remove("sluice");
    return names;
  }

  private static List<Path> javaFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }

  /** The reactor's root: the nearest folder up from here that holds the library modules. */
  private static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("dq-core").resolve("src"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the reactor root above " + Path.of("").toAbsolutePath()).isNotNull();
    return dir;
  }

  record Literal(int line, String text) {}

  /** The string literals and text blocks of a Java source, as written (escapes undone only for quotes' sake), comments skipped. */
  static List<Literal> literals(String s) {
    List<Literal> out = new ArrayList<>();
    int line = 1;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\n') {
        line++;
        i++;
      } else if (s.startsWith("//", i)) {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? s.length() : end + 2;
        line += count(s, i, end);
        i = end;
      } else if (c == '\'') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != '\'') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        i = j + 1;
      } else if (s.startsWith("\"\"\"", i)) {
        int start = s.indexOf('\n', i) + 1;
        int j = start;
        while (j < s.length() && !s.startsWith("\"\"\"", j)) {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        out.add(new Literal(line, s.substring(start, Math.min(j, s.length()))));
        line += count(s, i, Math.min(j, s.length()));
        i = j + 3;
      } else if (c == '"') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != '"' && s.charAt(j) != '\n') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        out.add(new Literal(line, s.substring(i + 1, Math.min(j, s.length()))));
        i = j + 1;
      } else {
        i++;
      }
    }
    return out;
  }

  private static int count(String s, int from, int to) {
    int n = 0;
    for (int k = from; k < to; k++) {
      if (s.charAt(k) == '\n') {
        n++;
      }
    }
    return n;
  }
}
