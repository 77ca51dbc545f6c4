package io.sluice.odcs;

import io.sluice.contract.Excerpt;
import io.sluice.contract.Location;
import io.sluice.contract.Node;
import io.sluice.contract.Problems;
import io.sluice.contract.Severity;
import io.sluice.contract.Suggest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One ODCS {@code quality} item, read: its type, its metric or query, its comparison (the one {@code mustBe…}
 * operator ODCS allows), and the fields a Sluice check can carry (name, description, severity). The other
 * fields (dimension, schedule, tags…) are {@link #unkept()}: a mapped rule's warning names them.
 */
record QualityRule(
    Node.Mapping node,
    Type type,
    Optional<Metric> metric,
    List<Comparison> comparisons,
    Optional<String> unit,
    Optional<String> name,
    Optional<String> description,
    Optional<String> severity,
    Optional<Node.Mapping> arguments,
    Optional<String> query,
    List<String> unkept) {

  enum Type {
    TEXT, LIBRARY, SQL, CUSTOM;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** ODCS v3.1's library metrics. */
  enum Metric {
    NULL_VALUES("nullValues"), MISSING_VALUES("missingValues"), INVALID_VALUES("invalidValues"),
    DUPLICATE_VALUES("duplicateValues"), ROW_COUNT("rowCount");

    final String word;

    Metric(String word) {
      this.word = word;
    }

    static Optional<Metric> parse(String word) {
      return Arrays.stream(values()).filter(m -> m.word.equals(word)).findFirst();
    }

    static List<String> words() {
      return Arrays.stream(values()).map(m -> m.word).toList();
    }
  }

  enum Operator {
    MUST_BE("mustBe"), MUST_NOT_BE("mustNotBe"), MUST_BE_GREATER_THAN("mustBeGreaterThan"),
    MUST_BE_GREATER_OR_EQUAL_TO("mustBeGreaterOrEqualTo"), MUST_BE_LESS_THAN("mustBeLessThan"),
    MUST_BE_LESS_OR_EQUAL_TO("mustBeLessOrEqualTo"), MUST_BE_BETWEEN("mustBeBetween"),
    MUST_NOT_BE_BETWEEN("mustNotBeBetween");

    final String word;

    Operator(String word) {
      this.word = word;
    }

    static Optional<Operator> parse(String word) {
      return Arrays.stream(values()).filter(o -> o.word.equals(word)).findFirst();
    }
  }

  /** {@code mustBe…: value}; {@code value} is one number, or two for the between operators. */
  record Comparison(Operator operator, List<BigDecimal> value, Node node) {}

  /** The fields of a quality item that describe the check rather than define it, and that Sluice has no key for. */
  private static final List<String> DESCRIPTIVE = List.of("id", "authoritativeDefinitions", "businessImpact",
      "customProperties", "dimension", "method", "schedule", "scheduler", "tags");
  private static final List<String> KEYS;

  static {
    List<String> keys = new ArrayList<>(List.of("type", "name", "description", "severity", "unit", "metric", "rule",
        "arguments", "query", "engine", "implementation"));
    keys.addAll(DESCRIPTIVE);
    Arrays.stream(Operator.values()).forEach(o -> keys.add(o.word));
    KEYS = List.copyOf(keys);
  }

  /** Reads an item of a {@code quality} list; a wrong shape is a problem, and then there is no rule. */
  static Optional<QualityRule> read(Node item, String where, Problems problems) {
    if (!(item instanceof Node.Mapping map)) {
      problems.add(item.location(), "a quality rule of " + where + " must be a mapping, not " + item.describe(),
          "write '- metric: nullValues' and 'mustBe: 0' on their own lines");
      return Optional.empty();
    }
    int before = problems.size();
    Section s = new Section(map, "a quality rule of " + where, problems);
    s.allow(KEYS);
    Optional<String> metricWord = s.string("metric").or(() -> s.string("rule"));
    Optional<Type> type = s.string("type").flatMap(t -> {
      Optional<Type> parsed = Arrays.stream(Type.values()).filter(v -> v.word().equals(t)).findFirst();
      if (parsed.isEmpty()) {
        problems.add(map.get("type").orElseThrow().location(), "unknown quality type " + Excerpt.quoted(t)
            + Suggest.didYouMean(t, List.of("text", "library", "sql", "custom")), "use text, library, sql or custom");
      }
      return parsed;
    });
    Type t = type.orElse(metricWord.isPresent() || !s.has("type") ? Type.LIBRARY : Type.TEXT);
    Optional<Metric> metric = metricWord.flatMap(w -> {
      Optional<Metric> parsed = Metric.parse(w);
      if (parsed.isEmpty()) {
        Node at = map.get("metric").or(() -> map.get("rule")).orElseThrow();
        problems.add(at.location(), "unknown metric " + Excerpt.quoted(w) + Suggest.didYouMean(w, Metric.words()),
            "ODCS v3.1's metrics are " + String.join(", ", Metric.words()) + "; write other rules as type sql or custom");
      }
      return parsed;
    });
    if (t == Type.LIBRARY && metricWord.isEmpty() && problems.size() == before) {
      problems.add(map.location(), "a library quality rule of " + where + " has no 'metric'",
          "name one of " + String.join(", ", Metric.words()) + ", or give the rule another type (text, sql, custom)");
    }
    Optional<String> query = s.string("query");
    if (t == Type.SQL && query.isEmpty() && !s.has("query")) {
      problems.add(map.location(), "a sql quality rule of " + where + " has no 'query'",
          "write the query, e.g. \"SELECT COUNT(*) FROM {object} WHERE {property} < 0\", and 'mustBe: 0'");
    }
    List<Comparison> comparisons = new ArrayList<>();
    for (Operator o : Operator.values()) {
      map.get(o.word).ifPresent(n -> comparison(o, n, where, problems).ifPresent(comparisons::add));
    }
    List<String> unkept = DESCRIPTIVE.stream().filter(s::has).toList();
    Optional<QualityRule> rule = Optional.of(new QualityRule(map, t, metric, comparisons, s.string("unit"), s.string("name"),
        s.string("description"), s.string("severity"), s.mapping("arguments"), query, unkept));
    s.string("engine");
    return problems.size() == before ? rule : Optional.empty();
  }

  private static Optional<Comparison> comparison(Operator o, Node n, String where, Problems problems) {
    boolean between = o == Operator.MUST_BE_BETWEEN || o == Operator.MUST_NOT_BE_BETWEEN;
    if (between) {
      if (n instanceof Node.Sequence seq && seq.items().size() == 2
          && seq.items().stream().allMatch(i -> i instanceof Node.Scalar sc && sc.asNumber().isPresent())) {
        List<BigDecimal> values = seq.items().stream().map(i -> ((Node.Scalar) i).asNumber().orElseThrow()).toList();
        return Optional.of(new Comparison(o, values, n));
      }
      problems.add(n.location(), "'" + o.word + "' of a quality rule of " + where + " must be two numbers, not "
          + Section.describe(n), "write '" + o.word + ": [1, 10]', smallest first");
      return Optional.empty();
    }
    if (n instanceof Node.Scalar sc && sc.asNumber().isPresent()) {
      return Optional.of(new Comparison(o, List.of(sc.asNumber().get()), n));
    }
    if (o == Operator.MUST_BE || o == Operator.MUST_NOT_BE) {
      return Optional.of(new Comparison(o, List.of(), n)); // ODCS lets these compare with anything: no mapping reads it
    }
    problems.add(n.location(), "'" + o.word + "' of a quality rule of " + where + " must be a number, not "
        + Section.describe(n), "write e.g. '" + o.word + ": 0'");
    return Optional.empty();
  }

  Location location() {
    return node.location();
  }

  /** The one comparison ODCS allows, when there is exactly one. */
  Optional<Comparison> comparison() {
    return comparisons.size() == 1 ? Optional.of(comparisons.get(0)) : Optional.empty();
  }

  boolean percent() {
    return unit.map(u -> u.equalsIgnoreCase("percent")).orElse(false);
  }

  /** True when the rule asks for no failing row at all: {@code mustBe: 0}, or a count below 1 when counting rows. */
  boolean none() {
    return comparison().filter(c -> c.value().size() == 1).map(c -> {
      BigDecimal v = c.value().get(0);
      return switch (c.operator()) {
        case MUST_BE, MUST_BE_LESS_OR_EQUAL_TO -> v.signum() == 0;
        case MUST_BE_LESS_THAN -> !percent() && v.compareTo(BigDecimal.ONE) == 0;
        default -> false;
      };
    }).orElse(false);
  }

  /** ODCS's free severity word as Sluice's: {@code warning}, {@code warn} and {@code info} report, anything else quarantines. */
  Severity sluiceSeverity() {
    return severity.map(w -> switch (w.toLowerCase(Locale.ROOT)) {
      case "warning", "warn", "info" -> Severity.WARN;
      default -> Severity.ERROR;
    }).orElse(Severity.ERROR);
  }

  /** True when the severity word is one Sluice reads without guessing. */
  boolean knownSeverity() {
    return severity.map(w -> List.of("error", "warning", "warn", "info").contains(w.toLowerCase(Locale.ROOT))).orElse(true);
  }

  /** What the rule is, for messages: its name, or its metric or type, and where it is. */
  String describe() {
    String what = name.map(n -> "quality rule " + Excerpt.quoted(n))
        .orElse(metric.map(m -> m.word + " rule").orElse(type.word() + " rule"));
    return what + " (line " + location().line() + ")";
  }
}
