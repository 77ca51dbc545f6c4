package io.sluice.odcs;

import io.sluice.contract.Contract;
import io.sluice.contract.DataType;
import io.sluice.contract.Excerpt;
import io.sluice.contract.Location;
import io.sluice.contract.Node;
import io.sluice.contract.Problem;
import io.sluice.contract.Problems;
import io.sluice.contract.Severity;
import io.sluice.contract.Suggest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One ODCS schema object read as a draft Sluice contract (docs/odcs.md has the mapping). What maps becomes
 * columns, flags and checks; what does not is {@link Kept} in {@code custom_properties} with a warning. Each
 * check made from ODCS is a {@link Unit}: when Sluice refuses it (a pattern it cannot run in linear time, a
 * bound that is not a date), it is demoted, that is kept instead, and the contract is written again.
 */
final class ObjectImport {
  static final List<String> OBJECT_KEYS = List.of("id", "name", "physicalType", "description", "businessName",
      "authoritativeDefinitions", "tags", "customProperties", "logicalType", "physicalName", "dataGranularityDescription",
      "properties", "relationships", "quality");
  static final List<String> PROPERTY_KEYS = List.of("id", "name", "physicalType", "description", "businessName",
      "authoritativeDefinitions", "tags", "customProperties", "primaryKey", "primaryKeyPosition", "logicalType",
      "logicalTypeOptions", "physicalName", "required", "unique", "partitioned", "partitionKeyPosition", "classification",
      "encryptedName", "transformSourceObjects", "transformLogic", "transformDescription", "examples",
      "criticalDataElement", "relationships", "quality", "items", "properties");
  /** ODCS says nothing of lakehouse layers: a contract that does not say guards the first. */
  static final String DEFAULT_LAYER = "bronze";
  /** Keys of a property with no Sluice meaning: kept whole. */
  private static final List<String> PROPERTY_KEPT = List.of("id", "businessName", "authoritativeDefinitions", "tags",
      "physicalName", "partitioned", "partitionKeyPosition", "encryptedName", "transformSourceObjects", "transformLogic",
      "transformDescription", "examples", "criticalDataElement", "items", "properties");
  private static final List<String> OBJECT_KEPT = List.of("id", "physicalType", "businessName", "authoritativeDefinitions",
      "tags", "physicalName", "dataGranularityDescription");

  /** A check, key or format made from ODCS content; {@code fallback} is what is kept if Sluice refuses it. */
  static final class Unit {
    final Node sluice;
    final List<Kept> fallback;
    final String what;
    final Location origin;
    final ColumnDraft owner;
    boolean demoted;

    Unit(Node sluice, List<Kept> fallback, String what, Location origin, ColumnDraft owner) {
      this.sluice = sluice;
      this.fallback = List.copyOf(fallback);
      this.what = what;
      this.origin = origin;
      this.owner = owner;
    }

    boolean demotable() {
      return !fallback.isEmpty();
    }
  }

  /** A column being drafted. */
  static final class ColumnDraft {
    final String name;
    final Location at;
    DataType type = DataType.of(DataType.Kind.STRING);
    Unit format;
    Optional<Severity> required = Optional.empty();
    Optional<Severity> unique = Optional.empty();
    Optional<String> classification = Optional.empty();
    Optional<String> description = Optional.empty();
    Optional<Node> protect = Optional.empty();
    final List<Unit> checks = new ArrayList<>();
    final Map<String, Node> custom = new LinkedHashMap<>();
    final List<Kept> kept = new ArrayList<>();

    ColumnDraft(String name, Location at) {
      this.name = name;
      this.at = at;
    }
  }

  /** What the document says for every object: its version and owner, and what it keeps of the document. */
  record Document(String version, Optional<String> owner, Optional<Node> id, Optional<Node> name, List<Kept> kept) {}

  private final Node.Mapping map;
  private final Document doc;
  private final Problems problems;
  private final List<MappingWarning> warnings;

  String id = "";
  String objectName = "";
  private Optional<String> description = Optional.empty();
  private Optional<Node> layer = Optional.empty();
  private Optional<Node> source = Optional.empty();
  private Optional<Node> extraColumns = Optional.empty();
  private Optional<Node> access = Optional.empty();
  private final List<ColumnDraft> columns = new ArrayList<>();
  private final List<Unit> keys = new ArrayList<>();
  private final List<Unit> rowChecks = new ArrayList<>();
  private final List<Unit> datasetChecks = new ArrayList<>();
  private final Map<String, Node> custom = new LinkedHashMap<>();
  private final List<Kept> kept = new ArrayList<>();
  private final IdentityHashMap<Node, Unit> units = new IdentityHashMap<>();
  private final List<PrimaryKeyPart> primaryKey = new ArrayList<>();

  private record PrimaryKeyPart(ColumnDraft column, long position, Location at) {}

  ObjectImport(Node.Mapping map, Document doc, Problems problems, List<MappingWarning> warnings) {
    this.map = map;
    this.doc = doc;
    this.problems = problems;
    this.warnings = warnings;
  }

  Location location() {
    return map.location();
  }

  Optional<Location> nameLocation() {
    return map.get("name").map(Node::location);
  }

  // ---------------------------------------------------------------- reading

  void read() {
    Section s = new Section(map, "a schema object", problems);
    Optional<String> name = s.string("name");
    if (name.isEmpty() && !s.has("name")) {
      problems.add(map.location(), "a schema object has no 'name'",
          "name it: the name becomes the Sluice contract's id (lower case letters, digits, '_' and '-')");
      return;
    }
    if (name.isEmpty()) {
      return;
    }
    objectName = name.get();
    s = new Section(map, "schema object " + Excerpt.quoted(objectName), problems);
    s.allow(OBJECT_KEYS);
    id = contractId(objectName);
    if (id.isEmpty()) {
      problems.add(map.get("name").orElseThrow().location(), "schema object " + Excerpt.quoted(objectName)
          + " has no letter to make a contract id of", "name the object with letters, e.g. 'orders'");
      return;
    }
    if (!id.equals(objectName)) {
      kept.add(Kept.whole("name", map.get("name").orElseThrow()));
      warn(map.get("name").orElseThrow().location(), "schema object " + Excerpt.quoted(objectName) + " becomes contract "
          + Excerpt.quoted(id) + " (a Sluice id is lower case letters, digits, '_' and '-'); its name is kept in"
          + " custom_properties as 'odcs.name'");
    }
    s.string("logicalType").ifPresent(t -> {
      if (!t.equals("object")) {
        problems.add(map.get("logicalType").orElseThrow().location(), "the logicalType of schema object "
            + Excerpt.quoted(objectName) + " is " + Excerpt.quoted(t), "a schema object's logicalType is 'object'");
      }
    });
    description = s.string("description");
    for (String key : OBJECT_KEPT) {
      s.node(key).ifPresent(n -> keep(kept, Kept.whole(key, n), "'" + key + "' of schema object " + Excerpt.quoted(objectName),
          "odcs." + key));
    }
    Optional<Node.Sequence> properties = s.list("properties");
    if (properties.isEmpty() && !s.has("properties")) {
      problems.add(map.location(), "schema object " + Excerpt.quoted(objectName) + " has no 'properties'",
          "list its properties (columns), each with a name and a logicalType");
    }
    int before = problems.size();
    properties.ifPresent(list -> list.items().forEach(this::property));
    if (properties.isPresent() && columns.isEmpty() && problems.size() == before) {
      problems.add(properties.get().location(), "schema object " + Excerpt.quoted(objectName)
          + " has no property Sluice can check (nested objects and arrays are not columns)",
          "a Sluice contract needs at least one column of a flat type: string, integer, number, boolean, date, timestamp");
    }
    primaryKey();
    s.list("quality").ifPresent(list -> {
      int n = 0;
      for (Node item : list.items()) {
        n++;
        int index = n;
        QualityRule.read(item, "schema object " + Excerpt.quoted(objectName), problems)
            .ifPresent(r -> objectRule(r, index));
      }
    });
    s.list("relationships").ifPresent(list -> list.items().forEach(r -> relationship(r, Optional.empty())));
    s.list("customProperties").ifPresent(list -> customProperties(list, Optional.empty()));
    if (layer.isEmpty()) {
      warn(map.location(), "schema object " + Excerpt.quoted(objectName) + " names no Sluice layer (custom property '"
          + OdcsExporter.LAYER + "'): the contract guards the " + DEFAULT_LAYER + " layer; change its 'layer' if it"
          + " guards silver or gold");
    }
    if (doc.id().isPresent() && !(doc.id().get() instanceof Node.Scalar sc && id.equals(sc.value()))) {
      kept.add(Kept.whole("contract.id", doc.id().get()));
      warn(doc.id().get().location(), "the ODCS contract's id has no Sluice key (each contract takes its id from its"
          + " schema object's name): kept in custom_properties as 'odcs.contract.id'");
    }
    if (doc.name().isPresent() && !(doc.name().get() instanceof Node.Scalar sc && id.equals(sc.value()))) {
      kept.add(Kept.whole("contract.name", doc.name().get()));
      warn(doc.name().get().location(), "the ODCS contract's name has no Sluice key: kept in custom_properties as"
          + " 'odcs.contract.name'");
    }
  }

  /** {@code Orders Table} → {@code orders_table}: lower case, other characters as '_', starting with a letter. */
  static String contractId(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_").replaceAll("^[^a-z]+", "");
  }

  private void property(Node item) {
    if (!(item instanceof Node.Mapping pm)) {
      problems.add(item.location(), "a property of schema object " + Excerpt.quoted(objectName) + " must be a mapping, not "
          + item.describe(), "write '- name: ...' and 'logicalType: ...' on their own lines");
      return;
    }
    Section p = new Section(pm, "a property of schema object " + Excerpt.quoted(objectName), problems);
    Optional<String> name = p.string("name");
    if (name.isEmpty()) {
      if (!p.has("name")) {
        problems.add(pm.location(), "a property of schema object " + Excerpt.quoted(objectName) + " has no 'name'",
            "name it: the name is the column's name");
      }
      return;
    }
    String what = "property " + Excerpt.quoted(name.get());
    p = new Section(pm, what, problems);
    p.allow(PROPERTY_KEYS);
    Optional<LogicalType> logical = p.string("logicalType").flatMap(w -> {
      Optional<LogicalType> t = LogicalType.parse(w);
      if (t.isEmpty()) {
        problems.add(pm.get("logicalType").orElseThrow().location(), "unknown logicalType " + Excerpt.quoted(w) + " of "
            + what + Suggest.didYouMean(w, LogicalType.words()), "use one of: " + String.join(", ", LogicalType.words()));
      }
      return t;
    });
    if (logical.filter(t -> t == LogicalType.OBJECT || t == LogicalType.ARRAY).isPresent()) {
      kept.add(Kept.item("properties", pm));
      warn(pm.location(), what + " is " + (logical.get() == LogicalType.ARRAY ? "an array" : "an object") + ", nested data"
          + " Sluice does not type: it is no column of the contract (the data's column passes as an extra column),"
          + " and it is kept in custom_properties as 'odcs.properties'");
      return;
    }
    ColumnDraft c = new ColumnDraft(name.get(), pm.location());
    Optional<String> physical = p.string("physicalType");
    Optional<Node.Mapping> options = p.mapping("logicalTypeOptions");
    Optional<String> numberFormat = logical.filter(t -> t == LogicalType.INTEGER || t == LogicalType.NUMBER)
        .flatMap(t -> options.flatMap(o -> o.get("format")).filter(n -> n instanceof Node.Scalar sc && sc.value() instanceof String)
            .map(n -> (String) ((Node.Scalar) n).value()));
    LogicalType.Typing typing = LogicalType.typing(logical, physical, numberFormat);
    c.type = typing.type();
    boolean typeReadable = logical.isPresent() || !pm.entries().containsKey("logicalType");
    typing.note().filter(n -> typeReadable).ifPresent(note -> warn(pm.get("logicalType").or(() -> pm.get("physicalType"))
        .map(Node::location).orElse(pm.location()), what + ": " + note));
    // The spelling the source uses is kept, so that an export writes it back; the type is what it says.
    logical.filter(t -> t != LogicalType.of(c.type)).ifPresent(t -> c.kept.add(Kept.whole("logicalType",
        pm.get("logicalType").orElseThrow())));
    physical.filter(t -> !t.equals(LogicalType.physical(c.type))).ifPresent(t -> c.kept.add(Kept.whole("physicalType",
        pm.get("physicalType").orElseThrow())));
    p.bool("required").filter(b -> b).ifPresent(b -> c.required = Optional.of(Severity.ERROR));
    p.bool("unique").filter(b -> b).ifPresent(b -> c.unique = Optional.of(Severity.ERROR));
    Optional<Boolean> pk = p.bool("primaryKey");
    Optional<BigDecimal> position = p.number("primaryKeyPosition");
    if (pk.orElse(false)) {
      primaryKey.add(new PrimaryKeyPart(c, position.map(BigDecimal::longValue).filter(v -> v >= 0).orElse(Long.MAX_VALUE),
          pm.get("primaryKey").orElseThrow().location()));
    } else {
      p.node("primaryKeyPosition").ifPresent(n -> keep(c.kept, Kept.whole("primaryKeyPosition", n),
          "'primaryKeyPosition' of " + what + " (not a primary key)", "odcs.primaryKeyPosition"));
    }
    c.classification = p.string("classification");
    c.description = p.string("description");
    columns.add(c);
    options.ifPresent(o -> options(c, logical, o));
    p.list("quality").ifPresent(list -> list.items().forEach(item2 ->
        QualityRule.read(item2, what, problems).ifPresent(r -> propertyRule(c, r))));
    p.list("relationships").ifPresent(list -> list.items().forEach(r -> relationship(r, Optional.of(c))));
    p.list("customProperties").ifPresent(list -> customProperties(list, Optional.of(c)));
    for (String key : PROPERTY_KEPT) {
      p.node(key).ifPresent(n -> keep(c.kept, Kept.whole(key, n), "'" + key + "' of " + what, "odcs." + key));
    }
  }

  /** A primary key is required and unique: on one column its flags, on several a composite key in key order. */
  private void primaryKey() {
    if (primaryKey.isEmpty()) {
      return;
    }
    List<PrimaryKeyPart> parts = new ArrayList<>(primaryKey);
    parts.sort(java.util.Comparator.comparingLong(PrimaryKeyPart::position));
    for (PrimaryKeyPart part : parts) {
      part.column().required = Optional.of(Severity.ERROR);
    }
    if (parts.size() == 1) {
      parts.get(0).column().unique = Optional.of(Severity.ERROR);
      return;
    }
    Location at = parts.get(0).at();
    Node.Sequence columnsOfKey = Tree.list(parts.stream().map(k -> (Node) Tree.scalar(k.column().name, k.at())).toList(), at);
    keys.add(unit(columnsOfKey, List.of(), "the primary key", at, null));
  }

  // ---------------------------------------------------------------- logicalTypeOptions

  private void options(ColumnDraft c, Optional<LogicalType> logical, Node.Mapping options) {
    String what = "logicalTypeOptions of property " + Excerpt.quoted(c.name);
    Map<String, Node> rest = new LinkedHashMap<>(options.entries());
    rest.values().removeIf(n -> n instanceof Node.Scalar s && s.isNull());
    DataType.Kind kind = c.type.kind();
    if (kind.isNumeric() || kind.isTemporal()) {
      Optional<Node> min = take(rest, "minimum");
      Optional<Node> max = take(rest, "maximum");
      if (min.isPresent() || max.isPresent()) {
        Tree.Builder args = Tree.map(options.location());
        min.ifPresent(n -> args.put("min", n));
        max.ifPresent(n -> args.put("max", n));
        List<Kept> fallback = new ArrayList<>();
        min.ifPresent(n -> fallback.add(Kept.entry("logicalTypeOptions", "minimum", n)));
        max.ifPresent(n -> fallback.add(Kept.entry("logicalTypeOptions", "maximum", n)));
        c.checks.add(unit(check(CheckKindName.RANGE.word, args.build(), options.location()), fallback, "the minimum and maximum of "
            + Excerpt.quoted(c.name), options.location(), c));
      }
      exclusive(c, rest, options);
      if (kind.isNumeric()) {
        take(rest, "multipleOf").ifPresent(n -> {
          if (n instanceof Node.Scalar s && s.asNumber().filter(v -> v.signum() > 0).isPresent()) {
            String predicate = Sql.ident(c.name) + " % " + s.text() + " = 0";
            c.checks.add(unit(expression(predicate, c.name + ".multiple_of", n.location()),
                List.of(Kept.entry("logicalTypeOptions", "multipleOf", n)), "multipleOf of " + Excerpt.quoted(c.name),
                n.location(), c));
          } else {
            keep(c.kept, Kept.entry("logicalTypeOptions", "multipleOf", n), "multipleOf of " + Excerpt.quoted(c.name)
                + " (not a positive number)", "odcs.logicalTypeOptions");
          }
        });
      }
    }
    if (kind == DataType.Kind.STRING) {
      Optional<Node> min = take(rest, "minLength");
      Optional<Node> max = take(rest, "maxLength");
      if (min.isPresent() || max.isPresent()) {
        Tree.Builder args = Tree.map(options.location());
        min.ifPresent(n -> args.put("min", n));
        max.ifPresent(n -> args.put("max", n));
        List<Kept> fallback = new ArrayList<>();
        min.ifPresent(n -> fallback.add(Kept.entry("logicalTypeOptions", "minLength", n)));
        max.ifPresent(n -> fallback.add(Kept.entry("logicalTypeOptions", "maxLength", n)));
        c.checks.add(unit(check(CheckKindName.LENGTH.word, args.build(), options.location()), fallback, "the minLength and maxLength of "
            + Excerpt.quoted(c.name), options.location(), c));
      }
      take(rest, "pattern").ifPresent(n -> c.checks.add(unit(check(CheckKindName.PATTERN.word, n, n.location()),
          List.of(Kept.entry("logicalTypeOptions", "pattern", n)), "the pattern of " + Excerpt.quoted(c.name), n.location(), c)));
    }
    if (kind.isTemporal()) {
      take(rest, "format").ifPresent(n -> c.format = unit(n, List.of(Kept.entry("logicalTypeOptions", "format", n)),
          "the format of " + Excerpt.quoted(c.name), n.location(), c));
    }
    if (logical.filter(t -> t == LogicalType.INTEGER || t == LogicalType.NUMBER).isPresent()) {
      // the number's size (i64, f32) is part of the column's type: kept as written, for the export
      take(rest, "format").ifPresent(n -> c.kept.add(Kept.entry("logicalTypeOptions", "format", n)));
    }
    rest.forEach((key, n) -> keep(c.kept, Kept.entry("logicalTypeOptions", key, n), "'logicalTypeOptions." + key
        + "' of property " + Excerpt.quoted(c.name), "odcs.logicalTypeOptions"));
  }

  /** Exclusive bounds have no range form for every type: they become one expression check. */
  private void exclusive(ColumnDraft c, Map<String, Node> rest, Node.Mapping options) {
    Optional<Node> min = take(rest, "exclusiveMinimum");
    Optional<Node> max = take(rest, "exclusiveMaximum");
    if (min.isEmpty() && max.isEmpty()) {
      return;
    }
    List<Kept> fallback = new ArrayList<>();
    min.ifPresent(n -> fallback.add(Kept.entry("logicalTypeOptions", "exclusiveMinimum", n)));
    max.ifPresent(n -> fallback.add(Kept.entry("logicalTypeOptions", "exclusiveMaximum", n)));
    Optional<String> low = min.flatMap(n -> literal(n, c.type));
    Optional<String> high = max.flatMap(n -> literal(n, c.type));
    String what = "the exclusive bounds of " + Excerpt.quoted(c.name);
    if (min.isPresent() != low.isPresent() || max.isPresent() != high.isPresent()) {
      fallback.forEach(k -> keep(c.kept, k, what + " (not values of its type)", "odcs.logicalTypeOptions"));
      return;
    }
    List<String> terms = new ArrayList<>();
    low.ifPresent(l -> terms.add(Sql.ident(c.name) + " > " + l));
    high.ifPresent(h -> terms.add(Sql.ident(c.name) + " < " + h));
    c.checks.add(unit(expression(String.join(" AND ", terms), c.name + ".exclusive_range", options.location()), fallback,
        what, options.location(), c));
  }

  /** A bound as a Spark SQL literal of the column's type. */
  private static Optional<String> literal(Node n, DataType type) {
    if (!(n instanceof Node.Scalar s)) {
      return Optional.empty();
    }
    if (type.kind().isNumeric()) {
      return s.asNumber().map(BigDecimal::toPlainString);
    }
    return s.asString().map(text -> (type.kind() == DataType.Kind.DATE ? "DATE " : "TIMESTAMP ") + Sql.string(text));
  }

  // ---------------------------------------------------------------- quality rules

  private void propertyRule(ColumnDraft c, QualityRule r) {
    String what = r.describe() + " of property " + Excerpt.quoted(c.name);
    if (r.type() == QualityRule.Type.SQL) {
      Optional<String> predicate = r.none() ? r.query().flatMap(q -> Sql.predicate(q, objectName, Optional.of(c.name)))
          : Optional.empty();
      if (predicate.isEmpty()) {
        keepRule(c.kept, r, what, "its query is not a count of rows breaking a row predicate with 'mustBe: 0'");
        return;
      }
      Unit u = unit(checkOf(CheckKindName.EXPRESSION.word, Tree.scalar(predicate.get(), r.query().map(q -> r.node().get("query")
          .orElseThrow().location()).orElse(r.location())), r, r.name()), List.of(Kept.item("quality", r.node())), what,
          r.location(), c);
      c.checks.add(u);
      mapped(r, what, c.name + ".expression", List.of());
      return;
    }
    if (r.type() != QualityRule.Type.LIBRARY || r.metric().isEmpty()) {
      keepRule(c.kept, r, what, "a " + r.type().word() + " rule is not a check Sluice runs");
      return;
    }
    switch (r.metric().get()) {
      case NULL_VALUES -> nullValues(c, r, what);
      case DUPLICATE_VALUES -> {
        if (!r.none()) {
          keepRule(c.kept, r, what, "Sluice's unique allows no duplicate: only 'mustBe: 0' maps");
          return;
        }
        c.unique = stricter(c.unique, r.sluiceSeverity());
        mapped(r, what, c.name + ".unique", flagFields(r));
      }
      case INVALID_VALUES -> invalidValues(c, r, what);
      case MISSING_VALUES, ROW_COUNT -> keepRule(c.kept, r, what, "Sluice has no check for " + r.metric().get().word
          + " on a property");
    }
  }

  private void nullValues(ColumnDraft c, QualityRule r, String what) {
    Optional<QualityRule.Comparison> cmp = r.comparison();
    boolean mustBeZero = cmp.filter(k -> k.operator() == QualityRule.Operator.MUST_BE).isPresent() && r.none();
    if (mustBeZero || (!r.percent() && r.none())) {
      c.required = stricter(c.required, r.sluiceSeverity());
      mapped(r, what, c.name + ".required", flagFields(r));
      return;
    }
    if (r.percent() && cmp.filter(k -> k.operator() == QualityRule.Operator.MUST_BE_LESS_OR_EQUAL_TO).isPresent()) {
      BigDecimal share = cmp.get().value().get(0);
      if (share.signum() >= 0 && share.compareTo(BigDecimal.valueOf(100)) <= 0) {
        BigDecimal min = BigDecimal.ONE.subtract(share.divide(BigDecimal.valueOf(100), share.scale() + 2,
            RoundingMode.UNNECESSARY)).stripTrailingZeros();
        Tree.Builder args = Tree.map(r.location()).put("column", Tree.scalar(c.name, r.location()))
            .put("min", Tree.scalar(min.scale() < 0 ? min.setScale(0) : min, cmp.get().node().location()));
        datasetChecks.add(unit(checkOf(CheckKindName.COMPLETENESS.word, args.build(), r, r.name()), List.of(Kept.item("quality", r.node())),
            what, r.location(), c));
        mapped(r, what, c.name + ".completeness", List.of());
        return;
      }
    }
    keepRule(c.kept, r, what, "only 'mustBe: 0' (required) and a percentage with 'mustBeLessOrEqualTo' (completeness) map");
  }

  private void invalidValues(ColumnDraft c, QualityRule r, String what) {
    Optional<Node.Mapping> args = r.arguments();
    Optional<Node> valid = args.flatMap(a -> a.get("validValues"));
    Optional<Node> pattern = args.flatMap(a -> a.get("pattern"));
    boolean onlyKnownArgs = args.map(a -> a.entries().keySet().stream().allMatch(k -> k.equals("validValues")
        || k.equals("pattern"))).orElse(true);
    if (!r.none() || !onlyKnownArgs || valid.isPresent() == pattern.isPresent()) {
      keepRule(c.kept, r, what, "only 'mustBe: 0' with validValues or a pattern (one of them) maps");
      return;
    }
    if (valid.isPresent()) {
      if (!(valid.get() instanceof Node.Sequence values)) {
        keepRule(c.kept, r, what, "validValues is not a list");
        return;
      }
      // A null passes every Sluice check but required: listing it changes nothing.
      List<Node> nonNull = values.items().stream().filter(n -> !(n instanceof Node.Scalar s && s.isNull())).toList();
      if (nonNull.isEmpty()) {
        keepRule(c.kept, r, what, "validValues lists no value");
        return;
      }
      c.checks.add(unit(checkOf(CheckKindName.ALLOWED_VALUES.word, Tree.list(nonNull, values.location()), r, r.name()),
          List.of(Kept.item("quality", r.node())), what, r.location(), c));
      mapped(r, what, c.name + ".allowed_values", List.of());
    } else {
      c.checks.add(unit(checkOf(CheckKindName.PATTERN.word, pattern.get(), r, r.name()), List.of(Kept.item("quality", r.node())), what,
          r.location(), c));
      mapped(r, what, c.name + ".pattern", List.of());
    }
  }

  private void objectRule(QualityRule r, int index) {
    String what = r.describe() + " of schema object " + Excerpt.quoted(objectName);
    if (r.type() == QualityRule.Type.SQL) {
      Optional<String> predicate = r.none() ? r.query().flatMap(q -> Sql.predicate(q, objectName, Optional.empty()))
          : Optional.empty();
      if (predicate.isEmpty()) {
        keepRule(kept, r, what, "its query is not a count of rows breaking a row predicate with 'mustBe: 0'");
        return;
      }
      Optional<String> name = r.name().or(() -> r.node().get("id").filter(n -> n instanceof Node.Scalar s
          && s.value() instanceof String).map(n -> (String) ((Node.Scalar) n).value()));
      if (name.isEmpty()) {
        name = Optional.of("quality_" + index);
        warn(r.location(), what + " has no name, and a Sluice row check needs one: it is named " + Excerpt.quoted(name.get()));
      }
      Node check = checkOf(CheckKindName.EXPRESSION.word, Tree.scalar(predicate.get(), r.node().get("query").orElseThrow().location()), r, name);
      rowChecks.add(unit(check, List.of(Kept.item("quality", r.node())), what, r.location(), null));
      mapped(r, what, name.get(), List.of());
      return;
    }
    if (r.type() != QualityRule.Type.LIBRARY || r.metric().isEmpty()) {
      keepRule(kept, r, what, "a " + r.type().word() + " rule is not a check Sluice runs");
      return;
    }
    switch (r.metric().get()) {
      case ROW_COUNT -> rowCount(r, what);
      case DUPLICATE_VALUES -> duplicates(r, what);
      case NULL_VALUES, MISSING_VALUES, INVALID_VALUES -> keepRule(kept, r, what, "Sluice checks " + r.metric().get().word
          + " on a property, not on a schema object");
    }
  }

  private void rowCount(QualityRule r, String what) {
    Optional<QualityRule.Comparison> cmp = r.comparison();
    if (cmp.isEmpty() || cmp.get().value().isEmpty()) {
      keepRule(kept, r, what, "it has no single numeric comparison");
      return;
    }
    List<BigDecimal> v = cmp.get().value();
    Optional<BigDecimal> min = Optional.empty();
    Optional<BigDecimal> max = Optional.empty();
    switch (cmp.get().operator()) {
      case MUST_BE -> {
        min = Optional.of(v.get(0));
        max = Optional.of(v.get(0));
      }
      case MUST_BE_BETWEEN -> {
        min = Optional.of(v.get(0));
        max = Optional.of(v.get(1));
      }
      case MUST_BE_GREATER_OR_EQUAL_TO -> min = Optional.of(v.get(0));
      case MUST_BE_GREATER_THAN -> min = Optional.of(v.get(0).setScale(0, RoundingMode.FLOOR).add(BigDecimal.ONE));
      case MUST_BE_LESS_OR_EQUAL_TO -> max = Optional.of(v.get(0));
      case MUST_BE_LESS_THAN -> max = Optional.of(v.get(0).setScale(0, RoundingMode.CEILING).subtract(BigDecimal.ONE));
      case MUST_NOT_BE, MUST_NOT_BE_BETWEEN -> {
        keepRule(kept, r, what, "Sluice's row_count is a range: '" + cmp.get().operator().word + "' does not map");
        return;
      }
    }
    Location at = cmp.get().node().location();
    Tree.Builder args = Tree.map(at);
    min.ifPresent(m -> args.put("min", Tree.scalar(whole(m), at)));
    max.ifPresent(m -> args.put("max", Tree.scalar(whole(m), at)));
    datasetChecks.add(unit(checkOf(CheckKindName.ROW_COUNT.word, args.build(), r, r.name()), List.of(Kept.item("quality", r.node())),
        what, r.location(), null));
    mapped(r, what, r.name().orElse("dataset.row_count"), List.of());
  }

  private static Object whole(BigDecimal n) {
    BigDecimal s = n.stripTrailingZeros();
    return s.scale() <= 0 && s.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0 ? (Object) s.longValueExact() : n;
  }

  private void duplicates(QualityRule r, String what) {
    Optional<Node> props = r.arguments().flatMap(a -> a.get("properties"));
    boolean names = props.filter(p -> p instanceof Node.Sequence seq && !seq.items().isEmpty()
        && seq.items().stream().allMatch(i -> i instanceof Node.Scalar s && s.value() instanceof String)).isPresent();
    boolean onlyProperties = r.arguments().map(a -> a.entries().size() == 1).orElse(false);
    if (!r.none() || !names || !onlyProperties) {
      keepRule(kept, r, what, "only 'mustBe: 0' over arguments.properties maps (a composite key)");
      return;
    }
    Node.Sequence list = (Node.Sequence) props.get();
    if (list.items().size() == 1) {
      String column = (String) ((Node.Scalar) list.items().get(0)).value();
      Optional<ColumnDraft> c = columns.stream().filter(k -> k.name.equals(column)).findFirst();
      if (c.isEmpty()) {
        keepRule(kept, r, what, "it names no property of the object");
        return;
      }
      c.get().unique = stricter(c.get().unique, r.sluiceSeverity());
      mapped(r, what, column + ".unique", flagFields(r));
      return;
    }
    Node key = r.sluiceSeverity() == Severity.WARN
        ? Tree.map(r.location()).put("columns", list).put("severity", Tree.scalar("warn", r.location())).build() : list;
    keys.add(unit(key, List.of(Kept.item("quality", r.node())), what, r.location(), null));
    mapped(r, what, "unique(" + String.join(",", list.items().stream().map(i -> ((Node.Scalar) i).text()).toList()) + ")",
        flagFields(r));
  }

  /** Fields a flag (required, unique, a key) cannot carry, beside those no Sluice check carries. */
  private static List<String> flagFields(QualityRule r) {
    List<String> fields = new ArrayList<>();
    r.name().ifPresent(n -> fields.add("name"));
    r.description().ifPresent(n -> fields.add("description"));
    return fields;
  }

  private static Optional<Severity> stricter(Optional<Severity> current, Severity s) {
    return Optional.of(current.isPresent() && current.get() == Severity.ERROR ? Severity.ERROR : s);
  }

  /** A check item: {@code { kind: args, name?, severity?, description? }} with the rule's fields. */
  private Node checkOf(String kind, Node args, QualityRule r, Optional<String> name) {
    Tree.Builder b = Tree.map(r.location()).put(kind, args);
    name.ifPresent(n -> b.put("name", Tree.scalar(n, r.node().get("name").map(Node::location).orElse(r.location()))));
    if (r.sluiceSeverity() == Severity.WARN) {
      b.put("severity", Tree.scalar("warn", r.node().get("severity").orElseThrow().location()));
    }
    r.description().ifPresent(d -> b.put("description", r.node().get("description").orElseThrow()));
    return b.build();
  }

  private static Node check(String kind, Node args, Location at) {
    return Tree.map(at).put(kind, args).build();
  }

  private static Node expression(String predicate, String name, Location at) {
    return Tree.map(at).put(CheckKindName.EXPRESSION.word, Tree.scalar(predicate, at)).put("name", Tree.scalar(name, at)).build();
  }

  /** The warning of a mapped rule, naming what of it Sluice does not keep. */
  private void mapped(QualityRule r, String what, String to, List<String> unkeptToo) {
    List<String> lost = new ArrayList<>(unkeptToo);
    lost.addAll(r.unkept());
    if (!r.knownSeverity()) {
      warn(r.node().get("severity").orElseThrow().location(), what + ": severity " + Excerpt.quoted(r.severity().get())
          + " is read as error (Sluice's severities are error and warn; warning and info read as warn)");
    }
    if (!lost.isEmpty()) {
      warn(r.location(), what + " is checked as " + Excerpt.quoted(to) + "; its " + String.join(", ", lost)
          + (lost.size() == 1 ? " has" : " have") + " no place in a Sluice check and " + (lost.size() == 1 ? "is" : "are")
          + " not kept");
    }
  }

  private void keepRule(List<Kept> into, QualityRule r, String what, String why) {
    into.add(Kept.item("quality", r.node()));
    warn(r.location(), what + " is not checked (" + why + "): kept in custom_properties as 'odcs.quality'");
  }

  /** A foreign key as a {@code references} check: on {@code column}'s, or the object's, over the key of its 'from'. */
  private void relationship(Node r, Optional<ColumnDraft> column) {
    String to = r instanceof Node.Mapping m ? m.get("to").map(n -> n instanceof Node.Scalar s ? Excerpt.quoted(s.text())
        : Tree.plain(n).toString()).map(t -> " to " + t).orElse("") : "";
    String what = "the relationship" + to;
    Relationship.Result read = Relationship.read(r, objectName, column.map(c -> c.name));
    Optional<ColumnDraft> owner = column;
    if (read.mapped().isPresent() && column.isEmpty() && read.mapped().get().from().size() == 1) {
      String name = read.mapped().get().from().get(0);
      owner = columns.stream().filter(c -> c.name.equals(name)).findFirst();
    }
    List<Kept> into = column.map(c -> c.kept).orElse(kept);
    if (read.mapped().isEmpty()) {
      into.add(Kept.item("relationships", r));
      warn(r.location(), what + " is not checked (" + read.why().orElse("") + "): kept in custom_properties as"
          + " 'odcs.relationships'");
      return;
    }
    Relationship.Mapped mapped = read.mapped().get();
    boolean onColumn = mapped.from().size() == 1 && owner.isPresent();
    Node check = Relationship.check(mapped, onColumn, r.location());
    // Refused by Sluice (a column the object does not have, a format it does not read): kept where it was written.
    Unit u = unit(check, List.of(Kept.item("relationships", r)), what, r.location(), column.orElse(null));
    if (onColumn && column.isPresent()) {
      column.get().checks.add(u);
    } else if (onColumn) {
      owner.get().checks.add(u);
    } else {
      rowChecks.add(u);
    }
    mapped.note().ifPresent(n -> warn(r.location(), n));
  }

  // ---------------------------------------------------------------- custom properties

  private void customProperties(Node.Sequence list, Optional<ColumnDraft> column) {
    Map<String, Node> into = column.map(c -> c.custom).orElse(custom);
    String whose = column.map(c -> "property " + Excerpt.quoted(c.name)).orElse("schema object " + Excerpt.quoted(objectName));
    for (Node item : list.items()) {
      if (!(item instanceof Node.Mapping m)) {
        problems.add(item.location(), "a custom property of " + whose + " must be a mapping, not " + item.describe(),
            "write '- property: name' and 'value: ...'");
        continue;
      }
      Section s = new Section(m, "a custom property of " + whose, problems);
      s.allow(List.of("id", "property", "value", "description"));
      Optional<String> name = s.string("property");
      if (name.isEmpty()) {
        if (!s.has("property")) {
          problems.add(m.location(), "a custom property of " + whose + " has no 'property'", "name it: 'property: ...'");
        }
        continue;
      }
      Node value = m.get("value").orElse(Tree.scalar(null, m.location()));
      if (column.isEmpty() ? objectSluiceProperty(name.get(), value) : columnSluiceProperty(column.get(), name.get(), value)) {
        continue;
      }
      if (into.containsKey(name.get()) || name.get().startsWith("odcs.")) {
        problems.add(m.get("property").orElseThrow().location(), "custom property " + Excerpt.quoted(name.get()) + " of "
            + whose + (name.get().startsWith("odcs.") ? " uses the prefix 'odcs.', which Sluice keeps for ODCS fields"
            : " appears twice"), "rename it");
        continue;
      }
      into.put(name.get(), value);
      List<String> lost = new ArrayList<>();
      s.node("description").ifPresent(n -> lost.add("description"));
      s.node("id").ifPresent(n -> lost.add("id"));
      if (!lost.isEmpty()) {
        warn(m.location(), "custom property " + Excerpt.quoted(name.get()) + " of " + whose + " is kept by its value; its "
            + String.join(" and ", lost) + (lost.size() == 1 ? " is" : " are") + " not kept");
      }
    }
  }

  /** Sluice's own custom properties on a schema object, as export writes them. */
  private boolean objectSluiceProperty(String name, Node value) {
    switch (name) {
      case OdcsExporter.LAYER -> layer = Optional.of(value);
      case OdcsExporter.SOURCE -> source = Optional.of(value);
      case OdcsExporter.EXTRA_COLUMNS -> extraColumns = Optional.of(value);
      case OdcsExporter.ACCESS -> access = Optional.of(value);
      case OdcsExporter.CHECKS -> items(value, name).forEach(n -> rowChecks.add(unit(n, List.of(), name, n.location(), null)));
      case OdcsExporter.DATASET_CHECKS -> items(value, name).forEach(n ->
          datasetChecks.add(unit(n, List.of(), name, n.location(), null)));
      default -> {
        return false;
      }
    }
    return true;
  }

  private boolean columnSluiceProperty(ColumnDraft c, String name, Node value) {
    switch (name) {
      case OdcsExporter.PROTECT -> c.protect = Optional.of(value);
      case OdcsExporter.CHECKS -> items(value, name).forEach(n -> c.checks.add(unit(n, List.of(), name, n.location(), c)));
      default -> {
        return false;
      }
    }
    return true;
  }

  private List<Node> items(Node value, String name) {
    if (value instanceof Node.Sequence seq) {
      return seq.items();
    }
    problems.add(value.location(), "custom property '" + name + "' must be a list of Sluice checks, not " + value.describe(),
        "write it as export does: a list of check items");
    return List.of();
  }

  // ---------------------------------------------------------------- demotion

  private Unit unit(Node sluice, List<Kept> fallback, String what, Location origin, ColumnDraft owner) {
    Unit u = new Unit(sluice, fallback, what, origin, owner);
    units.put(sluice, u);
    return u;
  }

  Optional<Unit> unitOf(Node node) {
    return Optional.ofNullable(units.get(node));
  }

  /** Keeps a unit's ODCS content instead of its check, because Sluice refused the check. */
  void demote(Unit u, Problem why) {
    u.demoted = true;
    String as = u.fallback.stream().map(k -> "'odcs." + k.field() + "'").distinct().reduce((a, b) -> a + ", " + b).orElse("");
    warn(u.origin, u.what + " is not checked (Sluice refuses it: " + why.message() + "): kept in custom_properties as " + as);
  }

  private void keep(List<Kept> into, Kept k, String what, String as) {
    into.add(k);
    warn(k.value().location(), what + " has no Sluice key: kept in custom_properties as '" + as + "'");
  }

  private void warn(Location at, String message) {
    warnings.add(new MappingWarning(at, message));
  }

  private static Optional<Node> take(Map<String, Node> rest, String key) {
    return Optional.ofNullable(rest.remove(key));
  }

  // ---------------------------------------------------------------- writing

  /** The Sluice contract as a YAML tree, without the units demoted so far. */
  Node.Mapping render() {
    Location at = map.location();
    Tree.Builder b = Tree.map(at)
        .put("apiVersion", Contract.API_VERSION)
        .put("kind", Contract.KIND)
        .put("id", Tree.scalar(id, map.get("name").map(Node::location).orElse(at)))
        .put("version", Tree.scalar(doc.version(), at));
    doc.owner().ifPresent(o -> b.put("owner", o));
    description.ifPresent(d -> b.put("description", map.get("description").orElseThrow()));
    b.put("layer", layer.orElse(Tree.scalar(DEFAULT_LAYER, at)));
    source.ifPresent(s -> b.put("source", s));
    extraColumns.ifPresent(e -> b.put("schema", Tree.map(e.location()).put("extra_columns", e).build()));
    List<Kept> objectKept = new ArrayList<>(kept);
    List<Node> cols = new ArrayList<>();
    for (ColumnDraft c : columns) {
      cols.add(column(c));
    }
    b.put("columns", Tree.list(cols, at));
    List<Node> keyNodes = live(keys, objectKept);
    if (!keyNodes.isEmpty()) {
      b.put("unique", Tree.list(keyNodes, at));
    }
    List<Node> rows = live(rowChecks, objectKept);
    if (!rows.isEmpty()) {
      b.put("checks", Tree.list(rows, at));
    }
    List<Node> dataset = new ArrayList<>();
    for (Unit u : datasetChecks) {
      if (!u.demoted) {
        dataset.add(u.sluice);
      } else if (u.owner == null) {
        objectKept.addAll(u.fallback);
      }
    }
    if (!dataset.isEmpty()) {
      b.put("dataset_checks", Tree.list(dataset, at));
    }
    access.ifPresent(a -> b.put("access", a));
    Map<String, Node> customs = new LinkedHashMap<>(custom);
    Kept.into(customs, "odcs.", objectKept, at);
    Kept.into(customs, "odcs.contract.", doc.kept(), at);
    if (!customs.isEmpty()) {
      Tree.Builder cp = Tree.map(at);
      customs.forEach(cp::put);
      b.put("custom_properties", cp.build());
    }
    return b.build();
  }

  private Node column(ColumnDraft c) {
    Tree.Builder b = Tree.map(c.at).put("name", Tree.scalar(c.name, c.at)).put("type", Tree.scalar(c.type.toString(), c.at));
    List<Kept> columnKept = new ArrayList<>(c.kept);
    if (c.format != null && !c.format.demoted) {
      b.put("format", c.format.sluice);
    } else if (c.format != null) {
      columnKept.addAll(c.format.fallback);
    }
    c.required.ifPresent(s -> b.put("required", flag(s, c.at)));
    c.unique.ifPresent(s -> b.put("unique", flag(s, c.at)));
    c.classification.ifPresent(v -> b.put("classification", v));
    c.description.ifPresent(v -> b.put("description", v));
    c.protect.ifPresent(p -> b.put("protect", p));
    List<Node> checks = live(c.checks, columnKept);
    for (Unit u : datasetChecks) {
      if (u.demoted && u.owner == c) {
        columnKept.addAll(u.fallback);
      }
    }
    if (!checks.isEmpty()) {
      b.put("checks", Tree.list(checks, c.at));
    }
    Map<String, Node> customs = new LinkedHashMap<>(c.custom);
    Kept.into(customs, "odcs.", columnKept, c.at);
    if (!customs.isEmpty()) {
      Tree.Builder cp = Tree.map(c.at);
      customs.forEach(cp::put);
      b.put("custom_properties", cp.build());
    }
    return b.build();
  }

  private static List<Node> live(List<Unit> units, List<Kept> keptOfDemoted) {
    List<Node> nodes = new ArrayList<>();
    for (Unit u : units) {
      if (u.demoted) {
        keptOfDemoted.addAll(u.fallback);
      } else {
        nodes.add(u.sluice);
      }
    }
    return nodes;
  }

  private static Node flag(Severity s, Location at) {
    return s == Severity.ERROR ? Tree.scalar(true, at) : Tree.map(at).put("severity", "warn").build();
  }
}
