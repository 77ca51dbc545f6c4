package io.sluice.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The loader, with the rule catalog's validation (what {@code sluice lint} runs), answers any text with a
 * {@link ContractLoader.Result} — a contract, or problems — and throws nothing, whatever the text: example
 * contracts mutated line by line and character by character (lines deleted, duplicated, swapped; scalars
 * turned into other types, huge numbers, {@code .nan}; tabs, Unicode, deep nesting, anchors and aliases,
 * tags, truncation). The seeds and the texts that once crashed the loader are under
 * {@code src/test/resources/fuzz-corpus}.
 */
class ContractLoaderFuzzTest {
  private static final ContractLoader LOADER = ContractLoader.withDiscoveredValidators();
  private static final Path CORPUS = Path.of("src/test/resources/fuzz-corpus");
  private static final List<String> SEEDS = texts(CORPUS);

  /** Scalars of every YAML type and shape, written where a value was. */
  private static final List<String> SCALARS = List.of("0", "-1", "1.5", "1e3", "1e999999999", "-1e-999999999",
      "99999999999999999999999999999999999999999", "0x1F", "0o17", "1_000", ".nan", ".NaN", ".inf", "-.inf", "true", "no",
      "null", "~", "''", "\"\"", "[]", "{}", "[a, b]", "{a: 1}", "[[[]]]", "'x'", "\"\\u0000\"", "\"\\uD800\"", "!!binary aGVsbG8=",
      "!!int 12", "!!float 1", "!!str 1", "!!set {a, b}", "!!omap [a: 1]", "!!timestamp 2001-12-14", "!!null", "!custom x",
      "2024-01-01", "2024-01-01 10:00:00", "12:30", "decimal(99999999999,1)", "decimal(2,5)", "decimal(-1,0)", "decimal", "int ",
      "|\n  block", ">-\n  folded", "&anchor value", "*anchor", "? complex", "- item", "# comment", "'unterminated", "\"open",
      "%", "@", "`", "ążę 日本 🚀", "\u202e", "\t", "yyyy-MM-dd'T'HH", "'[", "'(?<!x)'", "'a{99999}'", "'\\\\'");
  /** Keys of every level of a contract, put where another key was. */
  private static final List<String> KEYS = List.of("apiVersion", "kind", "id", "version", "layer", "source", "schema",
      "extra_columns", "columns", "name", "type", "format", "required", "unique", "checks", "severity", "description",
      "protect", "mask", "encrypt", "key", "domain", "classification", "range", "min", "max", "allowed_values", "pattern",
      "length", "expression", "row_count", "completeness", "freshness", "max_age", "column", "anomaly", "metric", "strategy",
      "dataset_checks", "access", "default", "roles", "<<", "? ", "\"quoted key\"", "[a, b]", "{a: 1}", "1", "null", "true",
      "~", "", "ł");
  private static final List<String> INSERTS = List.of("&a [1, 2]", "*a", "<<: *a", "%YAML 1.2\n---", "---", "...",
      "\t", "\ufeff", "\u0000", "\r", "\r\n", "\u2028", "\u0085", "😀", "\uDC00", "{", "}", "[", "]", ":", ": ", "- ", "? ", "|",
      ">", "#", "!", "!!", "&", "*", "'", "\"", "%", "@", "`", ",", "\\", "  ", "\n", "\n  - ", "\n    -");

  private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("'[^']*'|\"[^\"]*\"|[\\w.+-]+");

  enum Kind { DELETE_LINE, DUPLICATE_LINE, SWAP_LINES, REPLACE_SCALAR, REPLACE_TOKEN, REPLACE_KEY, INSERT_TEXT, TABS_FOR_INDENT,
    DEEP_NESTING, ANCHOR_AND_ALIAS, TRUNCATE, REPEAT_LINE, INDENT_LINE, DEDENT_LINE }

  /** One change to a contract's text, at relative positions {@code at} and {@code to} (0 to 1). */
  record Mutation(Kind kind, double at, double to, int count, String payload) {
    String applyTo(String text) {
      List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
      int line = (int) (at * lines.size()) % lines.size();
      int other = (int) (to * lines.size()) % lines.size();
      switch (kind) {
        case DELETE_LINE -> lines.remove(line);
        case DUPLICATE_LINE -> lines.add(line, lines.get(line));
        case SWAP_LINES -> {
          String l = lines.get(line);
          lines.set(line, lines.get(other));
          lines.set(other, l);
        }
        case REPLACE_SCALAR -> {
          String l = lines.get(line);
          int colon = l.indexOf(": ");
          int dash = l.indexOf("- ");
          int from = colon >= 0 ? colon + 2 : dash >= 0 ? dash + 2 : l.length();
          lines.set(line, l.substring(0, from) + payload);
        }
        case REPLACE_TOKEN -> { // a word, number or quoted text anywhere in the line, inside flow collections too
          java.util.regex.Matcher m = TOKEN.matcher(lines.get(line));
          List<int[]> tokens = new ArrayList<>();
          while (m.find()) {
            tokens.add(new int[] {m.start(), m.end()});
          }
          if (!tokens.isEmpty()) {
            int[] t = tokens.get((int) (to * tokens.size()) % tokens.size());
            String l = lines.get(line);
            lines.set(line, l.substring(0, t[0]) + payload + l.substring(t[1]));
          }
        }
        case REPLACE_KEY -> {
          String l = lines.get(line);
          int colon = l.indexOf(':');
          int start = l.length() - l.stripLeading().length() + (l.stripLeading().startsWith("- ") ? 2 : 0);
          if (colon > start) {
            lines.set(line, l.substring(0, start) + payload + l.substring(colon));
          }
        }
        case INSERT_TEXT -> {
          int position = (int) (to * text.length());
          return text.substring(0, position) + payload + text.substring(position);
        }
        case TABS_FOR_INDENT -> lines.replaceAll(l -> l.replace("  ", "\t"));
        case DEEP_NESTING -> {
          String l = lines.get(line);
          int colon = l.indexOf(": ");
          String nest = (at < 0.5 ? "[" : "{a: ").repeat(count) + "1" + (at < 0.5 ? "]" : "}").repeat(count);
          lines.set(line, colon >= 0 ? l.substring(0, colon + 2) + nest : l + nest);
          if (to < 0.2) { // block style as well: one more level per line
            StringBuilder block = new StringBuilder("deep:");
            for (int d = 1; d <= Math.min(count, 400); d++) {
              block.append('\n').append(" ".repeat(d)).append("k:");
            }
            lines.add(block.append(" 1").toString());
          }
        }
        case ANCHOR_AND_ALIAS -> {
          String anchored = lines.get(line);
          int colon = anchored.indexOf(": ");
          if (colon >= 0) {
            lines.set(line, anchored.substring(0, colon + 2) + "&a " + anchored.substring(colon + 2));
          }
          String l = lines.get(other);
          int c = l.indexOf(": ");
          lines.set(other, c >= 0 ? l.substring(0, c + 2) + "*a" : l + " *a");
        }
        case TRUNCATE -> {
          return text.substring(0, (int) (at * text.length()));
        }
        case REPEAT_LINE -> {
          for (int k = 0; k < count; k++) {
            lines.add(line, lines.get(line));
          }
        }
        case INDENT_LINE -> lines.set(line, " ".repeat(1 + count % 7) + lines.get(line));
        case DEDENT_LINE -> lines.set(line, lines.get(line).stripLeading());
      }
      return String.join("\n", lines);
    }
  }

  @Property(tries = 2000)
  void mutatedContractsGetProblemsOrAContractNeverAnException(@ForAll("mutated") String text) {
    answers(() -> LOADER.parse(text, "fuzz.yaml"));
  }

  /** One value anywhere in a contract (inside flow mappings and lists too) turned into another YAML scalar. */
  @Property(tries = 2000)
  void aContractWithAnyValueReplacedGetsProblemsOrAContract(@ForAll("seeds") String seed, @ForAll("fractions") double where,
      @ForAll("scalars") String scalar) {
    java.util.regex.Matcher m = TOKEN.matcher(seed);
    List<int[]> tokens = new ArrayList<>();
    while (m.find()) {
      tokens.add(new int[] {m.start(), m.end()});
    }
    int[] t = tokens.get((int) (where * tokens.size()) % tokens.size());
    String text = seed.substring(0, t[0]) + scalar + seed.substring(t[1]);
    answers(() -> LOADER.parse(text, "fuzz.yaml"));
  }

  /** Every check kind, type and column key, given values of every YAML type: the rule catalog validates them all. */
  @Property(tries = 2000)
  void checksWithArgumentsOfAnyTypeGetProblemsOrAContract(@ForAll("types") String type, @ForAll("scalars") String a,
      @ForAll("scalars") String b, @ForAll("templates") String template) {
    String text = """
        apiVersion: sluice/v1
        kind: DataContract
        id: fuzz
        version: 1.0.0
        layer: silver
        columns:
          - name: c
            type: %s
        """.formatted(type) + template.replace("A", a.replace("\n", "\n      ")).replace("B", b.replace("\n", "\n      "));
    answers(() -> LOADER.parse(text, "fuzz.yaml"));
  }

  @Provide
  Arbitrary<String> types() {
    return Arbitraries.of("string", "int", "long", "float", "double", "boolean", "date", "timestamp", "'decimal(12,2)'",
        "'decimal(38,38)'", "'decimal(1,0)'");
  }

  @Provide
  Arbitrary<String> templates() {
    String check = "    checks:\n      - ";
    return Arbitraries.of(check + "range: { min: A, max: B }\n", check + "range: { min: A }\n", check + "range: A\n",
        check + "length: { min: A, max: B }\n", check + "allowed_values: [A, B]\n", check + "allowed_values: A\n",
        check + "pattern: A\n", check + "expression: A\n        name: B\n", check + "range: { min: 1 }\n        severity: A\n",
        check + "range: { max: 1 }\n        name: A\n", check + "A: B\n", "    format: A\n", "    required: A\n",
        "    unique: A\n", "    unique: { severity: A }\n", "    protect: { mask: A }\n", "    protect: { encrypt: A, key: B }\n",
        "    protect: { mask: hash, key: A }\n", "    classification: A\n",
        "dataset_checks:\n  - row_count: { min: A, max: B }\n", "dataset_checks:\n  - completeness: { column: A, min: B }\n",
        "dataset_checks:\n  - completeness: { column: c, min: A }\n", "dataset_checks:\n  - freshness: { column: c, max_age: A }\n",
        "dataset_checks:\n  - freshness: { column: A, max_age: B }\n", "dataset_checks:\n  - A: { column: c }\n",
        "unique:\n  - [c, A]\n", "unique:\n  - { columns: A, severity: B }\n", "checks:\n  - name: A\n    expression: B\n",
        "access:\n  default: A\n  roles:\n    r: { c: B }\n", "access:\n  roles:\n    A: B\n", "schema: { extra_columns: A }\n",
        "source: A\n");
  }

  @Property(tries = 300)
  void mutatedBytesGetProblemsOrAContractNeverAnException(@ForAll("mutatedBytes") byte[] bytes) {
    answers(() -> LOADER.read(bytes, "fuzz.yaml"));
  }

  @Example
  void everyTextOfTheCorpusGetsProblemsOrAContract() {
    assertThat(SEEDS).hasSizeGreaterThanOrEqualTo(4);
    for (String text : texts(CORPUS.resolve("regressions"))) {
      answers(() -> LOADER.parse(text, "regression.yaml"));
    }
    SEEDS.forEach(text -> assertThat(LOADER.parse(text, "seed.yaml").problems()).isEmpty());
  }

  private static void answers(Supplier<ContractLoader.Result> load) {
    ContractLoader.Result result = load.get(); // an exception of any kind fails the property
    assertThat(result).isNotNull();
    assertThat(result.ok()).isEqualTo(result.contract().isPresent());
    result.problems().forEach(p -> {
      assertThat(p.location()).isNotNull();
      assertThat(p.message()).isNotBlank();
    });
  }

  @Provide
  Arbitrary<String> mutated() {
    Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.doubles().between(0, 1),
        Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(1, 3000), payloads()).as(Mutation::new);
    return Combinators.combine(Arbitraries.of(SEEDS), mutation.list().ofMinSize(1).ofMaxSize(6)).as((seed, mutations) -> {
      String text = seed;
      for (Mutation m : mutations) {
        text = m.applyTo(text);
      }
      return text;
    });
  }

  @Provide
  Arbitrary<String> seeds() {
    return Arbitraries.of(SEEDS);
  }

  @Provide
  Arbitrary<Double> fractions() {
    return Arbitraries.doubles().between(0, 1);
  }

  @Provide
  Arbitrary<String> scalars() {
    return Arbitraries.of(SCALARS);
  }

  @Provide
  Arbitrary<byte[]> mutatedBytes() {
    return Combinators.combine(Arbitraries.of(SEEDS), Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(8),
        Arbitraries.bytes().list().ofMinSize(1).ofMaxSize(8)).as((seed, positions, values) -> {
          byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
          for (int k = 0; k < positions.size(); k++) {
            bytes[positions.get(k) % bytes.length] = values.get(k % values.size());
          }
          return bytes;
        });
  }

  private static Arbitrary<String> payloads() {
    return Arbitraries.oneOf(Arbitraries.of(SCALARS), Arbitraries.of(KEYS), Arbitraries.of(INSERTS),
        Arbitraries.strings().all().ofMaxLength(12));
  }

  private static List<String> texts(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().map(p -> {
        try {
          return Files.readString(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    }  catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
