package io.sluice.odcs;

import io.sluice.contract.Access;
import io.sluice.contract.CheckSpec;
import io.sluice.contract.Column;
import io.sluice.contract.ColumnAccess;
import io.sluice.contract.CompositeKey;
import io.sluice.contract.Contract;
import io.sluice.contract.DataType;
import io.sluice.contract.Excerpt;
import io.sluice.contract.ExtraColumns;
import io.sluice.contract.Location;
import io.sluice.contract.Node;
import io.sluice.contract.Protect;
import io.sluice.contract.Severity;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a Sluice contract as an Open Data Contract Standard (ODCS) v3.1 document with one schema object
 * (docs/odcs.md has the mapping, both ways). What ODCS has a field or a quality rule for goes there; the rest
 * of what Sluice says (its layer, protection, access, checks ODCS cannot express) goes into the schema object's
 * and properties' {@code customProperties} under {@code sluice…} names, each named in a warning, and
 * {@link OdcsImporter} reads it back. ODCS content an import kept ({@code odcs.…} custom properties) is put
 * back where it came from.
 */
public final class OdcsExporter {
  static final String API_VERSION = "v3.1.0";
  static final String LAYER = "sluiceLayer";
  static final String SOURCE = "sluiceSource";
  static final String EXTRA_COLUMNS = "sluiceExtraColumns";
  static final String ACCESS = "sluiceAccess";
  static final String CHECKS = "sluiceChecks";
  static final String DATASET_CHECKS = "sluiceDatasetChecks";
  static final String PROTECT = "sluiceProtect";
  private static final List<String> OWN = List.of(LAYER, SOURCE, EXTRA_COLUMNS, ACCESS, CHECKS, DATASET_CHECKS, PROTECT);
  private static final String KEPT = "odcs.";
  private static final String KEPT_DOCUMENT = "odcs.contract.";

  private final Contract contract;
  private final Location at;
  /** The schema object's name: a relationship's 'from' names its properties through it. */
  private String objectName = "";
  private final List<MappingWarning> warnings = new ArrayList<>();

  private OdcsExporter(Contract contract) {
    this.contract = contract;
    this.at = Location.of(contract.file());
  }

  public static ExportResult export(Contract contract) {
    OdcsExporter e = new OdcsExporter(contract);
    Node.Mapping document = e.document();
    String source = Path.of(contract.file()).getFileName() == null ? contract.file()
        : Path.of(contract.file()).getFileName().toString();
    YamlWriter.Written written = YamlWriter.write(List.of("Exported from the Sluice contract " + source
        + " by Sluice's ODCS export: docs/odcs.md has the mapping."), document);
    return new ExportResult(written.text(), e.warnings);
  }

  // ---------------------------------------------------------------- the document

  private Node.Mapping document() {
    Map<String, Node> kept = kept(contract.customProperties(), KEPT_DOCUMENT);
    Tree.Builder d = Tree.map(at).put("apiVersion", API_VERSION).put("kind", "DataContract");
    d.put("id", Optional.ofNullable(kept.remove("id")).orElse(Tree.scalar(contract.id(), at)));
    Optional.ofNullable(kept.remove("name")).ifPresent(n -> d.put("name", n));
    d.put("version", contract.version().toString());
    d.put("status", Optional.ofNullable(kept.remove("status")).orElse(Tree.scalar("active", at)));
    Node team = kept.remove("team");
    Node customProperties = kept.remove("customProperties");
    restore(d, kept, OdcsImporter.DOCUMENT_KEYS, List.of("apiVersion", "kind", "version", "schema"), "the ODCS contract",
        KEPT_DOCUMENT);
    team(team).ifPresent(t -> d.put("team", t));
    d.put("schema", Tree.list(List.of(object()), at));
    if (customProperties != null) {
      d.put("customProperties", customProperties);
    }
    return d.build();
  }

  /** Sluice's owner is the ODCS team's name; the rest of a team an import kept comes back around it. */
  private Optional<Node> team(Node kept) {
    if (contract.owner().isEmpty()) {
      return Optional.ofNullable(kept);
    }
    Tree.Builder t = Tree.map(at).put("name", contract.owner().get());
    if (kept instanceof Node.Mapping m) {
      m.entries().forEach((k, v) -> {
        if (!k.equals("name")) {
          t.put(k, v);
        }
      });
    } else if (kept instanceof Node.Sequence members) {
      t.put("members", members);
    }
    return Optional.of(t.build());
  }

  private Node.Mapping object() {
    Map<String, Node> kept = kept(contract.customProperties(), KEPT);
    kept.keySet().removeIf(k -> k.startsWith("contract."));
    Tree.Builder o = Tree.map(at);
    Optional.ofNullable(kept.remove("id")).ifPresent(n -> o.put("id", n));
    Node name = Optional.ofNullable(kept.remove("name")).orElse(Tree.scalar(contract.id(), at));
    objectName = name instanceof Node.Scalar s && s.value() instanceof String t ? t : contract.id();
    o.put("name", name);
    o.put("logicalType", "object");
    contract.description().ifPresent(d -> o.put("description", d));
    Node nested = kept.remove("properties");
    Node keptQuality = kept.remove("quality");
    Node relationships = kept.remove("relationships");
    restore(o, kept, ObjectImport.OBJECT_KEYS, List.of("logicalType", "description", "customProperties"),
        "a schema object", KEPT);
    List<Node> properties = new ArrayList<>();
    for (Column c : contract.columns()) {
      properties.add(property(c));
    }
    if (nested instanceof Node.Sequence seq) {
      properties.addAll(seq.items());
    }
    o.put("properties", Tree.list(properties, at));
    List<Node> quality = new ArrayList<>();
    List<Node> ownChecks = new ArrayList<>();
    List<Node> ownDatasetChecks = new ArrayList<>();
    for (CompositeKey key : contract.keys()) {
      Tree.Builder q = Tree.map(key.location()).put("metric", "duplicateValues")
          .put("arguments", Tree.map(key.location()).put("properties", Tree.list(key.columns().stream()
              .map(c -> (Node) Tree.scalar(c, key.location())).toList(), key.location())).build())
          .put("mustBe", 0L);
      severity(q, key.severity());
      quality.add(q.build());
    }
    List<Node> foreignKeys = new ArrayList<>();
    for (CheckSpec spec : contract.checks()) {
      Optional<Node.Mapping> foreignKey = relationship(spec);
      if (CheckKindName.of(spec.kind()).filter(k -> k == CheckKindName.EXPRESSION).isPresent()) {
        quality.add(sql(spec));
      } else if (foreignKey.isPresent()) {
        foreignKeys.add(foreignKey.get());
      } else {
        ownChecks.add(item(spec));
        own(spec.location(), spec.kind() + " check " + Excerpt.quoted(spec.id()), "the schema object's", CHECKS);
      }
    }
    for (CheckSpec spec : contract.datasetChecks()) {
      Optional<CheckKindName> kind = CheckKindName.of(spec.kind());
      if (kind.filter(k -> k == CheckKindName.ROW_COUNT).isPresent() && spec.args() instanceof Node.Mapping args) {
        quality.add(rowCount(spec, args));
      } else if (kind.filter(k -> k == CheckKindName.COMPLETENESS).isEmpty()) {
        ownDatasetChecks.add(item(spec));
        own(spec.location(), spec.kind() + " check " + Excerpt.quoted(spec.id()), "the schema object's", DATASET_CHECKS);
      }
    }
    if (keptQuality instanceof Node.Sequence seq) {
      quality.addAll(seq.items());
    }
    if (!quality.isEmpty()) {
      o.put("quality", Tree.list(quality, at));
    }
    relationships(o, relationships, foreignKeys, at);
    List<Node> custom = new ArrayList<>();
    custom.add(property(LAYER, Tree.scalar(contract.layer().word(), at)));
    own(at, "layer " + Excerpt.quoted(contract.layer().word()), "the schema object's", LAYER);
    contract.source().ifPresent(s -> {
      custom.add(property(SOURCE, Tree.scalar(s.word(), at)));
      own(at, "source " + Excerpt.quoted(s.word()), "the schema object's", SOURCE);
    });
    if (contract.extraColumns() != ExtraColumns.KEEP) {
      String word = contract.extraColumns().name().toLowerCase(Locale.ROOT);
      custom.add(property(EXTRA_COLUMNS, Tree.scalar(word, at)));
      own(at, "schema.extra_columns " + Excerpt.quoted(word), "the schema object's", EXTRA_COLUMNS);
    }
    access(contract.access()).ifPresent(a -> {
      custom.add(property(ACCESS, a));
      own(contract.access().location(), "access", "the schema object's", ACCESS);
    });
    if (!ownChecks.isEmpty()) {
      custom.add(property(CHECKS, Tree.list(ownChecks, at)));
    }
    if (!ownDatasetChecks.isEmpty()) {
      custom.add(property(DATASET_CHECKS, Tree.list(ownDatasetChecks, at)));
    }
    custom.addAll(users(contract.customProperties(), "the contract"));
    o.put("customProperties", Tree.list(custom, at));
    return o.build();
  }

  // ---------------------------------------------------------------- properties

  private Node property(Column c) {
    Map<String, Node> kept = kept(c.customProperties(), KEPT);
    Location where = c.location();
    Tree.Builder p = Tree.map(where);
    Optional.ofNullable(kept.remove("id")).ifPresent(n -> p.put("id", n));
    p.put("name", Tree.scalar(c.name(), where));
    types(c, kept, p);
    Tree.Builder options = Tree.map(where);
    c.format().ifPresent(f -> options.put("format", f));
    List<Node> quality = new ArrayList<>();
    List<Node> ownChecks = new ArrayList<>();
    List<Node> foreignKeys = new ArrayList<>();
    for (CheckSpec spec : c.checks()) {
      Optional<Node.Mapping> foreignKey = relationship(spec);
      if (foreignKey.isPresent()) {
        foreignKeys.add(foreignKey.get());
      } else if (!inOptions(c, spec, options)) {
        Optional<Node> rule = rule(spec);
        if (rule.isPresent()) {
          quality.add(rule.get());
        } else {
          ownChecks.add(item(spec));
          own(spec.location(), spec.kind() + " check " + Excerpt.quoted(spec.id()), "the property's", CHECKS);
        }
      }
    }
    for (CheckSpec spec : contract.datasetChecks()) {
      if (CheckKindName.of(spec.kind()).filter(k -> k == CheckKindName.COMPLETENESS).isPresent()
          && spec.column().filter(c.name()::equals).isPresent() && spec.args() instanceof Node.Mapping args) {
        quality.add(completeness(spec, args));
      }
    }
    List<Node> flags = new ArrayList<>();
    c.required().filter(s -> s == Severity.WARN).ifPresent(s -> flags.add(flagRule("nullValues", where)));
    c.unique().filter(s -> s == Severity.WARN).ifPresent(s -> flags.add(flagRule("duplicateValues", where)));
    quality.addAll(0, flags);
    Node keptOptions = kept.remove("logicalTypeOptions");
    if (keptOptions instanceof Node.Mapping m) {
      m.entries().forEach((k, v) -> {
        if (options.has(k)) {
          warnings.add(new MappingWarning(v.location(), "custom property 'odcs.logicalTypeOptions' of column "
              + Excerpt.quoted(c.name()) + " keeps " + Excerpt.quoted(k) + ", which the column's own checks now give:"
              + " the kept value is not exported"));
        } else {
          options.put(k, v);
        }
      });
    }
    if (!options.isEmpty()) {
      p.put("logicalTypeOptions", options.build());
    }
    c.required().filter(s -> s == Severity.ERROR).ifPresent(s -> p.put("required", true));
    c.unique().filter(s -> s == Severity.ERROR).ifPresent(s -> p.put("unique", true));
    c.classification().ifPresent(v -> p.put("classification", v));
    c.description().ifPresent(v -> p.put("description", v));
    Node keptQuality = kept.remove("quality");
    Node relationships = kept.remove("relationships");
    restore(p, kept, ObjectImport.PROPERTY_KEYS, List.of("name", "logicalType", "physicalType", "logicalTypeOptions",
        "required", "unique", "classification", "description", "customProperties"), "column " + Excerpt.quoted(c.name()), KEPT);
    if (keptQuality instanceof Node.Sequence seq) {
      quality.addAll(seq.items());
    }
    if (!quality.isEmpty()) {
      p.put("quality", Tree.list(quality, where));
    }
    relationships(p, relationships, foreignKeys, where);
    List<Node> custom = new ArrayList<>();
    c.protect().ifPresent(pr -> {
      custom.add(property(PROTECT, protect(pr)));
      own(pr.location(), "protect of column " + Excerpt.quoted(c.name()), "the property's", PROTECT);
    });
    if (!ownChecks.isEmpty()) {
      custom.add(property(CHECKS, Tree.list(ownChecks, where)));
    }
    custom.addAll(users(c.customProperties(), "column " + Excerpt.quoted(c.name())));
    if (!custom.isEmpty()) {
      p.put("customProperties", Tree.list(custom, where));
    }
    return p.build();
  }

  /**
   * logicalType and physicalType: as an import kept them when they still give the column's type (so a
   * {@code VARCHAR(255)} comes back as written), else as Sluice names the type.
   */
  private void types(Column c, Map<String, Node> kept, Tree.Builder p) {
    Node keptLogical = kept.remove("logicalType");
    Node keptPhysical = kept.remove("physicalType");
    Optional<String> logicalWord = text(keptLogical);
    Optional<String> physical = text(keptPhysical);
    Optional<Node> keptFormat = Optional.ofNullable(c.customProperties().get(KEPT + "logicalTypeOptions"))
        .flatMap(o -> o instanceof Node.Mapping m ? m.get("format") : Optional.empty());
    Optional<String> format = keptFormat.flatMap(OdcsExporter::text);
    LogicalType logical = logicalWord.flatMap(LogicalType::parse).orElse(LogicalType.of(c.type()));
    String physicalType = physical.orElse(LogicalType.physical(c.type()));
    if ((keptLogical != null || keptPhysical != null)
        && !LogicalType.typing(Optional.of(logical), Optional.of(physicalType), format).type().equals(c.type())) {
      warnings.add(new MappingWarning(c.location(), "the type of column " + Excerpt.quoted(c.name()) + " changed since"
          + " its import: logicalType and physicalType are written from " + c.type() + ", not as kept"));
      logical = LogicalType.of(c.type());
      physicalType = LogicalType.physical(c.type());
    }
    p.put("logicalType", logical.word());
    p.put("physicalType", physicalType);
  }

  private static Optional<String> text(Node node) {
    return node instanceof Node.Scalar s && s.value() instanceof String t ? Optional.of(t) : Optional.empty();
  }

  /** A plain check (the default id, error, no description) ODCS's logicalTypeOptions can say. */
  private boolean inOptions(Column c, CheckSpec spec, Tree.Builder options) {
    Optional<CheckKindName> kind = CheckKindName.of(spec.kind());
    boolean plain = spec.severity() == Severity.ERROR && spec.description().isEmpty()
        && spec.id().equals(CheckSpec.defaultId(spec.kind(), spec.placement(), spec.column()));
    if (kind.isEmpty() || !plain) {
      return false;
    }
    DataType.Kind type = c.type().kind();
    switch (kind.get()) {
      case RANGE -> {
        return bounds(spec, type.isNumeric() || type.isTemporal(), "minimum", "maximum", options);
      }
      case LENGTH -> {
        return bounds(spec, type == DataType.Kind.STRING, "minLength", "maxLength", options);
      }
      case PATTERN -> {
        if (type != DataType.Kind.STRING || options.has("pattern") || !(spec.args() instanceof Node.Scalar)) {
          return false;
        }
        options.put("pattern", spec.args());
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private static boolean bounds(CheckSpec spec, boolean applies, String min, String max, Tree.Builder options) {
    if (!applies || options.has(min) || options.has(max) || !(spec.args() instanceof Node.Mapping args)
        || !args.entries().keySet().stream().allMatch(k -> k.equals("min") || k.equals("max"))) {
      return false;
    }
    args.get("min").ifPresent(n -> options.put(min, n));
    args.get("max").ifPresent(n -> options.put(max, n));
    return true;
  }

  // ---------------------------------------------------------------- relationships

  /**
   * A plain {@code references} check (the default id, error, no description) as an ODCS foreign key; any other is
   * carried in Sluice's own custom properties, as checks ODCS has no form for are.
   */
  private Optional<Node.Mapping> relationship(CheckSpec spec) {
    boolean plain = spec.kind().equals(Relationship.KIND) && spec.severity() == Severity.ERROR
        && spec.description().isEmpty() && spec.id().equals(spec.defaultId());
    if (!plain) {
      return Optional.empty();
    }
    Optional<Node.Mapping> r = Relationship.write(spec.args(), objectName, spec.columns(), spec.location());
    r.ifPresent(x -> warnings.add(new MappingWarning(spec.location(), "check " + Excerpt.quoted(spec.id()) + " is a"
        + " relationship; where its keys are read (a dataset and format, or a table) has no ODCS field: kept in the"
        + " relationship's customProperties as '" + Relationship.REFERENCE + "'")));
    return r;
  }

  /** The relationships an import kept, then those of the contract's references. */
  private static void relationships(Tree.Builder into, Node kept, List<Node> foreignKeys, Location where) {
    List<Node> all = new ArrayList<>();
    if (kept instanceof Node.Sequence seq) {
      all.addAll(seq.items());
    } else if (kept != null) {
      into.put("relationships", kept);
      return;
    }
    all.addAll(foreignKeys);
    if (!all.isEmpty()) {
      into.put("relationships", Tree.list(all, where));
    }
  }

  // ---------------------------------------------------------------- quality rules

  /** A column check as an ODCS quality rule, when there is one for its kind. */
  private Optional<Node> rule(CheckSpec spec) {
    Optional<CheckKindName> kind = CheckKindName.of(spec.kind());
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    return switch (kind.get()) {
      case ALLOWED_VALUES -> Optional.of(invalidValues(spec, "validValues"));
      case PATTERN -> Optional.of(invalidValues(spec, "pattern"));
      case EXPRESSION -> Optional.of(sql(spec));
      case RANGE, LENGTH, ROW_COUNT, COMPLETENESS -> Optional.empty();
    };
  }

  private Node invalidValues(CheckSpec spec, String argument) {
    Tree.Builder q = Tree.map(spec.location());
    name(q, spec);
    q.put("metric", "invalidValues").put("arguments", Tree.map(spec.location()).put(argument, spec.args()).build())
        .put("mustBe", 0L);
    return described(q, spec);
  }

  private Node sql(CheckSpec spec) {
    Tree.Builder q = Tree.map(spec.location());
    name(q, spec);
    String predicate = spec.args() instanceof Node.Scalar s ? s.text() : String.valueOf(Tree.plain(spec.args()));
    q.put("type", "sql").put("query", Tree.scalar(Sql.countOfRowsBreaking(predicate), spec.args().location())).put("mustBe", 0L);
    return described(q, spec);
  }

  private Node rowCount(CheckSpec spec, Node.Mapping args) {
    Tree.Builder q = Tree.map(spec.location());
    name(q, spec);
    q.put("metric", "rowCount");
    Optional<Node> min = args.get("min");
    Optional<Node> max = args.get("max");
    if (min.isPresent() && max.isPresent()) {
      boolean same = Tree.plain(min.get()).equals(Tree.plain(max.get()));
      q.put(same ? "mustBe" : "mustBeBetween", same ? min.get() : Tree.list(List.of(min.get(), max.get()), args.location()));
    } else if (min.isPresent()) {
      q.put("mustBeGreaterOrEqualTo", min.get());
    } else {
      max.ifPresent(m -> q.put("mustBeLessOrEqualTo", m));
    }
    return described(q, spec);
  }

  /** {@code completeness: { min }} is a share of non-null values; ODCS counts the nulls, in percent. */
  private Node completeness(CheckSpec spec, Node.Mapping args) {
    Tree.Builder q = Tree.map(spec.location());
    name(q, spec);
    BigDecimal min = args.get("min").flatMap(n -> n instanceof Node.Scalar s ? s.asNumber() : Optional.empty())
        .orElse(BigDecimal.ONE);
    BigDecimal nulls = BigDecimal.ONE.subtract(min).movePointRight(2).stripTrailingZeros();
    q.put("metric", "nullValues").put("unit", "percent")
        .put("mustBeLessOrEqualTo", nulls.scale() < 0 ? nulls.setScale(0) : nulls);
    return described(q, spec);
  }

  private static Node flagRule(String metric, Location where) {
    return Tree.map(where).put("metric", metric).put("mustBe", 0L).put("severity", "warning").build();
  }

  /** A row check's name is its id, always written; another check's only when it is not the default id. */
  private static void name(Tree.Builder q, CheckSpec spec) {
    if (spec.placement() == io.sluice.contract.Placement.ROW
        || !spec.id().equals(CheckSpec.defaultId(spec.kind(), spec.placement(), spec.column()))) {
      q.put("name", Tree.scalar(spec.id(), spec.location()));
    }
  }

  private static Node described(Tree.Builder q, CheckSpec spec) {
    severity(q, spec.severity());
    spec.description().ifPresent(d -> q.put("description", Tree.scalar(d, spec.location())));
    return q.build();
  }

  private static void severity(Tree.Builder q, Severity s) {
    if (s == Severity.WARN) {
      q.put("severity", "warning");
    }
  }

  /** A check as the Sluice contract writes it, for Sluice's own custom properties. */
  private static Node item(CheckSpec spec) {
    Tree.Builder b = Tree.map(spec.location());
    if (!spec.columns().isEmpty()) {
      b.put("columns", Tree.list(spec.columns().stream().map(c -> (Node) Tree.scalar(c, spec.location())).toList(),
          spec.location()));
    }
    b.put(spec.kind(), spec.args());
    if (!spec.id().equals(spec.defaultId()) || spec.placement() == io.sluice.contract.Placement.ROW && spec.columns().isEmpty()) {
      b.put("name", Tree.scalar(spec.id(), spec.location()));
    }
    if (spec.severity() == Severity.WARN) {
      b.put("severity", "warn");
    }
    spec.description().ifPresent(d -> b.put("description", Tree.scalar(d, spec.location())));
    return b.build();
  }

  // ---------------------------------------------------------------- Sluice's own custom properties

  private static Node protect(Protect p) {
    Tree.Builder b = Tree.map(p.location());
    p.mask().ifPresent(m -> b.put("mask", m.word()));
    p.encrypt().ifPresent(e -> b.put("encrypt", e.word()));
    p.key().ifPresent(k -> b.put("key", k));
    p.domain().ifPresent(d -> b.put("domain", d));
    return b.build();
  }

  /** Nothing when access is the default: protected columns masked for everyone. */
  private static Optional<Node> access(Access a) {
    if (a.defaultAccess().equals(ColumnAccess.MASKED) && a.roles().isEmpty()) {
      return Optional.empty();
    }
    Tree.Builder roles = Tree.map(a.location());
    a.roles().forEach((role, columns) -> {
      Tree.Builder cols = Tree.map(a.location());
      columns.forEach((column, access) -> cols.put(column, access.toString()));
      roles.put(role, cols.build());
    });
    Tree.Builder b = Tree.map(a.location()).put("default", a.defaultAccess().toString());
    if (!roles.isEmpty()) {
      b.put("roles", roles.build());
    }
    return Optional.of(b.build());
  }

  private static Node property(String name, Node value) {
    return Tree.map(value.location()).put("property", Tree.scalar(name, value.location())).put("value", value).build();
  }

  private void own(Location where, String what, String whose, String name) {
    warnings.add(new MappingWarning(where, what + " has no ODCS field: kept in " + whose + " customProperties as '"
        + name + "'"));
  }

  // ---------------------------------------------------------------- kept ODCS content

  /** The custom properties an import kept under {@code prefix}, by ODCS field, in order. */
  private static Map<String, Node> kept(Map<String, Node> custom, String prefix) {
    Map<String, Node> kept = new LinkedHashMap<>();
    custom.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        kept.put(k.substring(prefix.length()), v);
      }
    });
    return kept;
  }

  /** Puts kept fields back where ODCS defines them; a name it does not define here is named in a warning. */
  private void restore(Tree.Builder into, Map<String, Node> kept, List<String> defined, List<String> written, String where,
      String prefix) {
    kept.forEach((field, value) -> {
      if (defined.contains(field) && !written.contains(field) && !into.has(field)) {
        into.put(field, value);
      } else {
        warnings.add(new MappingWarning(value.location(), "custom property " + Excerpt.quoted(prefix + field)
            + " does not name an ODCS field of " + where + " that export leaves to it: not exported"));
      }
    });
  }

  /** Custom properties of the user's own (not kept ODCS content) as ODCS custom properties. */
  private List<Node> users(Map<String, Node> custom, String whose) {
    List<Node> out = new ArrayList<>();
    custom.forEach((name, value) -> {
      if (name.startsWith(KEPT)) {
        return;
      }
      if (OWN.contains(name)) {
        warnings.add(new MappingWarning(value.location(), "custom property " + Excerpt.quoted(name) + " of " + whose
            + " has the name of one Sluice writes itself: not exported (rename it)"));
        return;
      }
      out.add(property(name, value));
    });
    return out;
  }
}
