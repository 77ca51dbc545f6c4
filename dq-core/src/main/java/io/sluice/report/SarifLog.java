package io.sluice.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.contract.Problem;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A SARIF 2.1.0 log (the OASIS Static Analysis Results Interchange Format) of one run of Sluice: what
 * code-review tools, GitHub code scanning among them, read to put each problem on its line of a pull
 * request. One rule per kind of result, with its help; each result at a line and column of a file named
 * relative to its repository's root ({@value #SOURCE_ROOT}).
 */
public final class SarifLog {
  public static final String VERSION = "2.1.0";
  public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  /** The base of every relative file URI: the repository root, given in the run's {@code originalUriBaseIds}. */
  public static final String SOURCE_ROOT = "%SRCROOT%";

  private SarifLog() {}

  /** How much a result matters; code scanning filters and gates on it. */
  public enum Level {
    ERROR, WARNING, NOTE;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A kind of result and its help: a kind of lint problem, or a rule of diff.
   *
   * @param id the stable id results refer to
   * @param title one line (the rule's short description)
   * @param description what falls under it and what to do (its full description and help)
   */
  public record Rule(String id, String title, String description, Optional<Level> defaultLevel, List<String> tags) {
    public Rule {
      tags = List.copyOf(tags);
    }
  }

  /**
   * One result: under which rule, how much it matters, what it says, and where: a file, and the 1-based line
   * and column of the YAML node it is about.
   *
   * @param where words about the location (which version of a contract it is in), or empty
   * @param properties more about the result, for tools that read it (whom a change breaks, its subject)
   */
  public record Result(String ruleId, Level level, String message, SourceFile file, int line, int column,
      Optional<String> where, Map<String, String> properties) {
    public Result {
      properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
    }
  }

  /** A rule for each kind of contract problem ({@link Problem.Kind}): errors, as lint refuses them all. */
  public static List<Rule> problemRules() {
    return java.util.Arrays.stream(Problem.Kind.values())
        .map(k -> new Rule(k.name(), k.title(), k.description(), Optional.of(Level.ERROR), List.of("data-contract", "lint")))
        .toList();
  }

  /** A contract problem as an error at its place, its fix after its message. */
  public static Result problem(Problem p, Path workingDirectory) {
    return new Result(p.kind().name(), Level.ERROR, p.hint().isEmpty() ? p.message() : p.message() + "\nFix: " + p.hint(),
        SourceFile.of(p.location().file(), workingDirectory), p.location().line(), p.location().column(), Optional.empty(),
        Map.of());
  }

  /** The log: one run with every rule, then the results in the order given. */
  public static ObjectNode log(List<Rule> rules, List<Result> results) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode log = nodes.objectNode();
    log.put("$schema", SCHEMA);
    log.put("version", VERSION);
    ObjectNode run = log.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "Sluice");
    driver.put("fullName", "Sluice data contracts");
    ArrayNode ruleNodes = driver.putArray("rules");
    Map<String, Integer> index = new HashMap<>();
    for (Rule rule : rules) {
      if (index.putIfAbsent(rule.id(), index.size()) != null) {
        throw new IllegalArgumentException("two rules have the id " + rule.id());
      }
      ObjectNode r = ruleNodes.addObject();
      r.put("id", rule.id());
      r.put("name", rule.id().toLowerCase(Locale.ROOT).replace('_', '-'));
      r.putObject("shortDescription").put("text", rule.title());
      r.putObject("fullDescription").put("text", rule.description());
      r.putObject("help").put("text", rule.title() + ". " + rule.description());
      rule.defaultLevel().ifPresent(l -> r.putObject("defaultConfiguration").put("level", l.word()));
      if (!rule.tags().isEmpty()) {
        ArrayNode tags = r.putObject("properties").putArray("tags");
        rule.tags().forEach(tags::add);
      }
    }
    // Relative URIs need one base; the first result's repository is the run's. A file of another repository
    // (rare: paths from two clones) is named by its absolute URI.
    Optional<Path> root = results.stream().map(r -> r.file().root()).flatMap(Optional::stream).findFirst();
    root.ifPresent(r -> {
      ObjectNode base = run.putObject("originalUriBaseIds").putObject(SOURCE_ROOT);
      String uri = r.toUri().toASCIIString();
      base.put("uri", uri.endsWith("/") ? uri : uri + "/");
      base.putObject("description").put("text", "The root of the git repository that holds the contracts "
          + "(the working directory outside a repository).");
    });
    run.put("columnKind", "unicodeCodePoints"); // as the YAML parser counts columns
    ArrayNode resultNodes = run.putArray("results");
    for (Result result : results) {
      Integer at = index.get(result.ruleId());
      if (at == null) {
        throw new IllegalArgumentException("result of unknown rule " + result.ruleId());
      }
      ObjectNode n = resultNodes.addObject();
      n.put("ruleId", result.ruleId());
      n.put("ruleIndex", at);
      n.put("level", result.level().word());
      n.putObject("message").put("text", result.message());
      ObjectNode location = n.putArray("locations").addObject();
      ObjectNode physical = location.putObject("physicalLocation");
      ObjectNode artifact = physical.putObject("artifactLocation");
      Optional<String> relative = result.file().root().equals(root) ? result.file().relativeUri() : Optional.empty();
      if (relative.isPresent()) {
        artifact.put("uri", relative.get());
        artifact.put("uriBaseId", SOURCE_ROOT);
      } else {
        artifact.put("uri", result.file().absoluteUri());
      }
      ObjectNode region = physical.putObject("region");
      region.put("startLine", Math.max(1, result.line()));
      region.put("startColumn", Math.max(1, result.column()));
      result.where().ifPresent(w -> location.putObject("message").put("text", w));
      if (!result.properties().isEmpty()) {
        ObjectNode properties = n.putObject("properties");
        result.properties().forEach(properties::put);
      }
    }
    return log;
  }

  /** Writes {@code log} to {@code file}, making its folder; fails with an {@link java.io.UncheckedIOException} naming why. */
  public static void write(ObjectNode log, Path file) {
    try {
      // Made here, not in a static field: a run that writes no SARIF log does not pay for a mapper.
      ObjectMapper pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ReportFiles.write(file, pretty.writeValueAsString(log) + "\n", "SARIF log");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the SARIF log as JSON", e);
    }
  }
}
