package io.sluice.diff;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.Column;
import io.sluice.contract.ColumnAccess;
import io.sluice.contract.CompositeKey;
import io.sluice.contract.Contract;
import io.sluice.contract.DataType;
import io.sluice.contract.ExtraColumns;
import io.sluice.contract.Location;
import io.sluice.contract.Node;
import io.sluice.contract.Protect;
import io.sluice.contract.Severity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Classifies every change between two versions of a contract (DESIGN.md, Breaking changes).
 *
 * <p>The principle: a contract is a promise to its consumers, and only error-level checks promise
 * anything (a warn-level failure lets the row through). Removing or loosening an error-level promise
 * breaks consumers; adding or tightening one can only make producers' rows fail. Warn-level changes
 * break nobody. Columns are matched by name, checks by id, keys by their columns.
 */
final class ContractChanges {
  private final Contract before;
  private final Contract after;
  private final CheckChanges kinds;
  private final List<Finding> found = new ArrayList<>();

  private ContractChanges(Contract before, Contract after, CheckChanges kinds) {
    this.before = before;
    this.after = after;
    this.kinds = kinds;
  }

  static List<Finding> between(Contract before, Contract after, CheckChanges kinds) {
    ContractChanges c = new ContractChanges(before, after, kinds);
    c.contract();
    c.columns();
    c.keys();
    c.checks(before.checks(), after.checks(), at(after));
    c.checks(before.datasetChecks(), after.datasetChecks(), at(after));
    c.access();
    // Worst first; within each audience, in the order the contract reads.
    return c.found.stream().sorted(java.util.Comparator.comparing(Finding::breaks)).toList();
  }

  private static Location at(Contract c) {
    return Location.of(c.file());
  }

  /** A change written in the new version. */
  private void add(Rule rule, Breaks breaks, String subject, Optional<String> check, String message, Location where) {
    found.add(new Finding(rule, breaks, subject, check, message, where, Finding.Side.AFTER));
  }

  /** A change of what only the old version has: a removed column, key or check. */
  private void addRemoved(Rule rule, Breaks breaks, String subject, Optional<String> check, String message,
      Location where) {
    found.add(new Finding(rule, breaks, subject, check, message, where, Finding.Side.BEFORE));
  }

  /** A change of top-level {@code key}: at its value in the new version, or in the old one if the new one dropped it. */
  private void addAtKey(String key, Rule rule, Breaks breaks, String message) {
    Optional<Location> now = after.locationOf(key);
    Optional<Location> then = before.locationOf(key);
    if (now.isEmpty() && then.isPresent()) {
      addRemoved(rule, breaks, key, Optional.empty(), message, then.get());
    } else {
      add(rule, breaks, key, Optional.empty(), message, now.orElse(at(after)));
    }
  }

  private void contract() {
    if (!before.id().equals(after.id())) {
      addAtKey("id", Rule.ID_CHANGED, Breaks.CONSUMERS,
          "id changed from '" + before.id() + "' to '" + after.id() + "': consumers find the contract by its id");
    }
    if (before.layer() != after.layer()) {
      addAtKey("layer", Rule.LAYER_CHANGED, Breaks.CONSUMERS,
          "layer changed from " + before.layer().word() + " to " + after.layer().word());
    }
    if (!before.source().equals(after.source())) {
      addAtKey("source", Rule.SOURCE_CHANGED, Breaks.PRODUCERS, "source layer changed from "
          + before.source().map(l -> l.word()).orElse("none") + " to " + after.source().map(l -> l.word()).orElse("none"));
    }
    if (!before.owner().equals(after.owner())) {
      addAtKey("owner", Rule.OWNER_CHANGED, Breaks.NOBODY,
          "owner changed from " + before.owner().orElse("none") + " to " + after.owner().orElse("none"));
    }
    if (!before.description().equals(after.description())) {
      addAtKey("description", Rule.DESCRIPTION_CHANGED, Breaks.NOBODY, "the contract's description changed");
    }
    customProperties("custom_properties", "the contract's", before.customProperties(), after.customProperties(),
        after.locationOf("custom_properties").orElse(at(after)));
    if (before.extraColumns() != after.extraColumns()) {
      ExtraColumns b = before.extraColumns();
      ExtraColumns a = after.extraColumns();
      Breaks breaks = a == ExtraColumns.FAIL ? Breaks.PRODUCERS
          : b == ExtraColumns.KEEP && a == ExtraColumns.DROP ? Breaks.CONSUMERS : Breaks.NOBODY;
      addAtKey("schema.extra_columns", Rule.EXTRA_COLUMNS_CHANGED, breaks, "extra_columns changed from "
          + word(b) + " to " + word(a) + (breaks == Breaks.CONSUMERS ? ": columns the contract does not name are no longer passed on"
          : breaks == Breaks.PRODUCERS ? ": data with columns the contract does not name now stops the run" : ""));
    }
  }

  private static String word(Enum<?> e) {
    return e.name().toLowerCase(java.util.Locale.ROOT);
  }

  private void columns() {
    Map<String, Column> now = byKey(after.columns(), Column::name);
    for (Column b : before.columns()) {
      Column a = now.get(b.name());
      if (a == null) {
        addRemoved(Rule.COLUMN_REMOVED, Breaks.CONSUMERS, b.name(), Optional.empty(), "column '" + b.name()
            + "' removed (a rename is a removal for consumers: keep the old column, or bump the major version)", b.location());
      } else {
        column(b, a);
      }
    }
    Map<String, Column> then = byKey(before.columns(), Column::name);
    for (Column a : after.columns()) {
      if (!then.containsKey(a.name())) {
        boolean required = a.required().filter(s -> s == Severity.ERROR).isPresent();
        add(Rule.COLUMN_ADDED, required ? Breaks.PRODUCERS : Breaks.NOBODY, a.name(),
            required ? Optional.of(a.name() + ".required") : Optional.empty(),
            "column '" + a.name() + "' (" + a.type() + ") added" + (required ? " as required: producers must now supply it" : ""),
            a.location());
      }
    }
  }

  private void column(Column b, Column a) {
    String name = a.name();
    Location where = a.location();
    if (!b.type().equals(a.type())) {
      Optional<String> check = Optional.of(name + ".type");
      if (widens(b.type(), a.type())) {
        add(Rule.TYPE_WIDENED, Breaks.NOBODY, name, check, "type of '" + name + "' widened from " + b.type() + " to " + a.type(), where);
      } else if (widens(a.type(), b.type())) {
        add(Rule.TYPE_NARROWED, Breaks.CONSUMERS, name, check, "type of '" + name + "' narrowed from " + b.type() + " to "
            + a.type() + ": readers see a new type, and values that fitted may no longer", where);
      } else {
        add(Rule.TYPE_CHANGED, Breaks.CONSUMERS, name, check, "type of '" + name + "' changed from " + b.type() + " to " + a.type(), where);
      }
    }
    if (!b.format().equals(a.format())) {
      add(Rule.FORMAT_CHANGED, Breaks.PRODUCERS, name, Optional.of(name + ".type"), "format of '" + name + "' changed from "
          + b.format().orElse("the default") + " to " + a.format().orElse("the default") + ": values that parsed may no longer", where);
    }
    flag(name, "required", b.required(), a.required(), Rule.REQUIRED_DROPPED, Rule.REQUIRED_ADDED, where);
    flag(name, "unique", b.unique(), a.unique(), Rule.UNIQUE_DROPPED, Rule.UNIQUE_ADDED, where);
    checks(b.checks(), a.checks(), where);
    if (!b.classification().equals(a.classification())) {
      add(Rule.CLASSIFICATION_CHANGED, Breaks.NOBODY, name, Optional.empty(), "classification of '" + name + "' changed from "
          + b.classification().orElse("none") + " to " + a.classification().orElse("none"), where);
    }
    String pb = protection(b);
    String pa = protection(a);
    if (!pb.equals(pa)) {
      add(Rule.PROTECTION_CHANGED, Breaks.CONSUMERS, name, Optional.empty(), "protection of '" + name + "' changed from "
          + pb + " to " + pa + ": stored values change, so old and new values no longer compare or join", where);
    }
    if (!b.description().equals(a.description())) {
      add(Rule.DESCRIPTION_CHANGED, Breaks.NOBODY, name, Optional.empty(), "description of column '" + name + "' changed", where);
    }
    customProperties(name, "column '" + name + "':", b.customProperties(), a.customProperties(), where);
  }

  /** Custom properties are for other tools: Sluice reads none of them, so a change breaks nobody here. */
  private void customProperties(String subject, String whose, Map<String, Node> b, Map<String, Node> a, Location where) {
    Set<String> names = new LinkedHashSet<>(b.keySet());
    names.addAll(a.keySet());
    List<String> changed = names.stream()
        .filter(n -> !Objects.equals(Optional.ofNullable(b.get(n)).map(ContractChanges::plain),
            Optional.ofNullable(a.get(n)).map(ContractChanges::plain)))
        .toList();
    if (!changed.isEmpty()) {
      add(Rule.CUSTOM_PROPERTIES_CHANGED, Breaks.NOBODY, subject, Optional.empty(), whose + " custom properties "
          + String.join(", ", changed.stream().map(n -> "'" + n + "'").toList()) + " changed", where);
    }
  }

  /** Widening per DESIGN.md: int to long, float to double, decimal precision up at the same scale. */
  static boolean widens(DataType from, DataType to) {
    return switch (from.kind()) {
      case INT -> to.kind() == DataType.Kind.LONG;
      case FLOAT -> to.kind() == DataType.Kind.DOUBLE;
      case DECIMAL -> to.kind() == DataType.Kind.DECIMAL && to.scale() == from.scale() && to.precision() > from.precision();
      default -> false;
    };
  }

  private static String protection(Column c) {
    if (c.protect().isEmpty()) {
      return "none";
    }
    Protect p = c.protect().get();
    if (p.mask().isPresent()) {
      return "mask " + p.mask().get().word() + p.key().map(k -> " (key " + k + ")").orElse("");
    }
    return "encrypt " + p.encrypt().orElseThrow().word() + " (key " + p.key().orElse("none") + ", domain "
        + p.domain().orElse(c.name()) + ")";
  }

  /** {@code required} and {@code unique}: absent, or present with a severity. */
  private void flag(String column, String kind, Optional<Severity> b, Optional<Severity> a, Rule dropped, Rule added,
      Location where) {
    Optional<String> id = Optional.of(column + "." + kind);
    if (b.equals(a)) {
      return;
    }
    if (a.isEmpty()) {
      add(dropped, b.get() == Severity.ERROR ? Breaks.CONSUMERS : Breaks.NOBODY, column, id,
          "'" + kind + "' dropped from column '" + column + "'" + (b.get() == Severity.WARN ? " (it was warn-level)" : ""), where);
    } else if (b.isEmpty()) {
      add(added, a.get() == Severity.ERROR ? Breaks.PRODUCERS : Breaks.NOBODY, column, id,
          "'" + kind + "' added to column '" + column + "'" + (a.get() == Severity.WARN ? " (warn-level)" : ""), where);
    } else {
      severity(column + "." + kind, b.get(), a.get(), where);
    }
  }

  private void severity(String id, Severity b, Severity a, Location where) {
    if (b == Severity.ERROR && a == Severity.WARN) {
      add(Rule.SEVERITY_LOWERED, Breaks.CONSUMERS, id, Optional.of(id),
          "severity of " + id + " lowered from error to warn: failing rows now reach consumers", where);
    } else if (b == Severity.WARN && a == Severity.ERROR) {
      add(Rule.SEVERITY_RAISED, Breaks.PRODUCERS, id, Optional.of(id),
          "severity of " + id + " raised from warn to error: failing rows are now quarantined", where);
    }
  }

  private void keys() {
    Map<String, CompositeKey> now = byKey(after.keys(), CompositeKey::id);
    Map<String, CompositeKey> then = byKey(before.keys(), CompositeKey::id);
    for (CompositeKey b : before.keys()) {
      CompositeKey a = now.get(b.id());
      if (a == null) {
        addRemoved(Rule.KEY_DROPPED, b.severity() == Severity.ERROR ? Breaks.CONSUMERS : Breaks.NOBODY, b.id(), Optional.of(b.id()),
            "key " + b.id() + " dropped: rows may now repeat it", b.location());
      } else {
        severity(a.id(), b.severity(), a.severity(), a.location());
      }
    }
    for (CompositeKey a : after.keys()) {
      if (!then.containsKey(a.id())) {
        add(Rule.KEY_ADDED, a.severity() == Severity.ERROR ? Breaks.PRODUCERS : Breaks.NOBODY, a.id(), Optional.of(a.id()),
            "key " + a.id() + " added", a.location());
      }
    }
  }

  private void checks(List<CheckSpec> before, List<CheckSpec> after, Location fallback) {
    Map<String, CheckSpec> now = byKey(after, CheckSpec::id);
    Map<String, CheckSpec> then = byKey(before, CheckSpec::id);
    for (CheckSpec b : before) {
      CheckSpec a = now.get(b.id());
      if (a != null && a.kind().equals(b.kind())) {
        check(b, a);
      } else {
        Breaks breaks = b.severity() == Severity.ERROR ? Breaks.CONSUMERS : Breaks.NOBODY;
        String message = b.kind() + " check " + b.id() + " removed" + (b.severity() == Severity.WARN ? " (it was warn-level)" : "");
        if (a != null) { // the id now names a check of another kind: point at that one
          add(Rule.CHECK_REMOVED, breaks, b.id(), Optional.of(b.id()), message, a.location());
        } else {
          addRemoved(Rule.CHECK_REMOVED, breaks, b.id(), Optional.of(b.id()), message, b.location());
        }
      }
    }
    for (CheckSpec a : after) {
      CheckSpec b = then.get(a.id());
      if (b == null || !b.kind().equals(a.kind())) {
        add(Rule.CHECK_ADDED, a.severity() == Severity.ERROR ? Breaks.PRODUCERS : Breaks.NOBODY, a.id(), Optional.of(a.id()),
            a.kind() + " check " + a.id() + " added" + (a.severity() == Severity.WARN ? " (warn-level)" : ""), a.location());
      }
    }
  }

  /** One check present in both versions, with the same kind. */
  private void check(CheckSpec b, CheckSpec a) {
    String id = a.id();
    Optional<String> check = Optional.of(id);
    Location where = a.location();
    // A loosening breaks consumers only if the old check promised something; a tightening fails producers'
    // rows only if the new check quarantines.
    Breaks loosened = b.severity() == Severity.ERROR ? Breaks.CONSUMERS : Breaks.NOBODY;
    Breaks tightened = a.severity() == Severity.ERROR ? Breaks.PRODUCERS : Breaks.NOBODY;
    Object pb = plain(b.args());
    Object pa = plain(a.args());
    if (!pb.equals(pa)) {
      switch (kinds.judged(a.kind())) {
        case RANGE -> {
          Bounds d = Bounds.compare(pb, pa);
          if (d.looser()) {
            add(Rule.RANGE_WIDENED, loosened, id, check, "range of " + id + " widened from " + Bounds.show(pb) + " to "
                + Bounds.show(pa) + " (bounds are inclusive): values the old range refused now pass", where);
          }
          if (d.tighter()) {
            add(Rule.RANGE_TIGHTENED, tightened, id, check, "range of " + id + " tightened from " + Bounds.show(pb) + " to "
                + Bounds.show(pa) + " (bounds are inclusive): values that passed may now fail", where);
          }
        }
        case LENGTH -> {
          Bounds d = Bounds.compare(pb, pa);
          if (d.looser()) {
            add(Rule.LENGTH_CHANGED, loosened, id, check, "length of " + id + " changed from " + Bounds.show(pb) + " to "
                + Bounds.show(pa) + ": lengths the old check refused now pass", where);
          } else {
            add(Rule.LENGTH_TIGHTENED, tightened, id, check, "length of " + id + " tightened from " + Bounds.show(pb) + " to "
                + Bounds.show(pa), where);
          }
        }
        case VALUE_SET -> allowedValues(id, pb, pa, loosened, tightened, where);
        case PATTERN -> add(Rule.PATTERN_CHANGED, loosened, id, check, "pattern of " + id + " changed from " + pb + " to " + pa
            + ": values the old pattern refused may now pass", where);
        // Consumers keep a promise of the same kind (the key is somewhere it is checked).
        case REFERENCE -> add(Rule.REFERENCE_CHANGED, tightened, id, check, "reference of " + id + " changed from "
            + text(pb) + " to " + text(pa) + ": keys found in the old reference may be missing from the new one", where);
        case EXPRESSION -> add(Rule.EXPRESSION_CHANGED, loosened, id, check, "expression of " + id + " changed from '" + pb
            + "' to '" + pa + "'", where);
        case ANOMALY -> {
          Optional<Boolean> looser = AnomalyBounds.looser(pb, pa);
          if (looser.isPresent() && !looser.get()) {
            add(Rule.CHECK_TIGHTENED, tightened, id, check, "anomaly check " + id + " tightened from " + text(pb) + " to "
                + text(pa) + ": runs whose metric passed may now fail", where);
          } else if (looser.isPresent()) {
            add(Rule.CHECK_LOOSENED, loosened, id, check, "anomaly check " + id + " loosened from " + text(pb) + " to "
                + text(pa) + ": runs it stopped may now pass", where);
          } else {
            add(Rule.CHECK_CHANGED, loosened, id, check, "anomaly check " + id + " changed from " + text(pb) + " to " + text(pa),
                where);
          }
        }
        case BOUNDS -> {
          Bounds d = Bounds.compare(pb, pa);
          if (d.comparable() && !d.looser()) {
            add(Rule.CHECK_TIGHTENED, tightened, id, check, a.kind() + " check " + id + " tightened from " + Bounds.show(pb)
                + " to " + Bounds.show(pa), where);
          } else if (d.comparable() && !d.tighter()) {
            add(Rule.CHECK_LOOSENED, loosened, id, check, a.kind() + " check " + id + " loosened from " + Bounds.show(pb)
                + " to " + Bounds.show(pa), where);
          } else {
            add(Rule.CHECK_CHANGED, loosened, id, check, a.kind() + " check " + id + " changed from " + text(pb) + " to " + text(pa), where);
          }
        }
      }
    }
    severity(id, b.severity(), a.severity(), where);
    if (!b.description().equals(a.description())) {
      add(Rule.DESCRIPTION_CHANGED, Breaks.NOBODY, id, check, "description of check " + id + " changed", where);
    }
  }

  private void allowedValues(String id, Object pb, Object pa, Breaks loosened, Breaks tightened, Location where) {
    Set<Object> b = new LinkedHashSet<>(pb instanceof List<?> l ? l : List.of(pb));
    Set<Object> a = new LinkedHashSet<>(pa instanceof List<?> l ? l : List.of(pa));
    Set<Object> added = new LinkedHashSet<>(a);
    added.removeAll(b);
    Set<Object> removed = new LinkedHashSet<>(b);
    removed.removeAll(a);
    if (!added.isEmpty()) {
      add(Rule.ALLOWED_VALUES_ADDED, loosened, id, Optional.of(id), "allowed values of " + id + " gained " + text(List.copyOf(added))
          + ": consumers may meet values they do not handle", where);
    }
    if (!removed.isEmpty()) {
      add(Rule.ALLOWED_VALUES_REMOVED, tightened, id, Optional.of(id), "allowed values of " + id + " lost " + text(List.copyOf(removed))
          + ": rows with them now fail", where);
    }
  }

  private void access() {
    Set<String> roles = new LinkedHashSet<>(before.access().roles().keySet());
    roles.addAll(after.access().roles().keySet());
    List<String> everyone = new ArrayList<>(roles);
    everyone.add(null); // roles neither version names: they get the default
    for (Column c : after.columns()) {
      if (before.column(c.name()).isEmpty()) {
        continue;
      }
      for (String role : everyone) {
        ColumnAccess b = effective(before, role, c.name());
        ColumnAccess a = effective(after, role, c.name());
        if (b.equals(a)) {
          continue;
        }
        String who = role == null ? "roles the contract does not name" : "role '" + role + "'";
        String subject = (role == null ? "*" : role) + ":" + c.name();
        int rb = openness(b);
        int ra = openness(a);
        String change = who + " now reads column '" + c.name() + "' " + a + " (was " + b + ")";
        if (ra < rb) {
          add(Rule.ACCESS_NARROWED, Breaks.CONSUMERS, subject, Optional.empty(), change, after.access().location());
        } else if (ra > rb) {
          add(Rule.ACCESS_WIDENED, Breaks.NOBODY, subject, Optional.empty(), change, after.access().location());
        } else {
          add(Rule.ACCESS_CHANGED, Breaks.CONSUMERS, subject, Optional.empty(), change, after.access().location());
        }
      }
    }
  }

  /** What {@code role} reads of a column (DESIGN.md, Governance: {@code access}). */
  private static ColumnAccess effective(Contract c, String role, String column) {
    Map<String, ColumnAccess> listed = role == null ? null : c.access().roles().get(role);
    if (listed != null && listed.containsKey(column)) {
      return listed.get(column);
    }
    boolean protectedColumn = c.column(column).flatMap(Column::protect).isPresent();
    return protectedColumn ? c.access().defaultAccess() : ColumnAccess.CLEAR;
  }

  private static int openness(ColumnAccess a) {
    return switch (a.mode()) {
      case DENIED -> 0;
      case MASKED -> 1;
      case MASK -> 2;
      case CLEAR -> 3;
    };
  }

  private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
    Map<String, T> map = new LinkedHashMap<>();
    items.forEach(i -> map.putIfAbsent(key.apply(i), i));
    return map;
  }

  /**
   * A YAML value without its locations, for comparison: strings, numbers (scale-free, so 1.0 equals 1),
   * booleans, lists and maps.
   */
  static Object plain(Node node) {
    if (node instanceof Node.Scalar s) {
      if (s.asNumber().isPresent()) {
        BigDecimal n = s.asNumber().get();
        return n.signum() == 0 ? BigDecimal.ZERO : n.stripTrailingZeros();
      }
      return s.value() == null ? "null" : s.value();
    }
    if (node instanceof Node.Sequence seq) {
      return seq.items().stream().map(ContractChanges::plain).toList();
    }
    Node.Mapping m = (Node.Mapping) node;
    Map<String, Object> map = new LinkedHashMap<>();
    m.entries().forEach((k, v) -> map.put(k, plain(v)));
    return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(map));
  }

  /**
   * How the inclusive bounds {@code min} and {@code max} of two argument maps compare; the other
   * arguments must be equal for the two to be comparable.
   */
  record Bounds(boolean comparable, boolean looser, boolean tighter) {
    static Bounds compare(Object b, Object a) {
      if (!(b instanceof Map<?, ?> mb) || !(a instanceof Map<?, ?> ma)) {
        return new Bounds(false, true, true);
      }
      Map<Object, Object> restB = new LinkedHashMap<>(mb);
      Map<Object, Object> restA = new LinkedHashMap<>(ma);
      for (String k : List.of("min", "max")) {
        restB.remove(k);
        restA.remove(k);
      }
      if (!restB.equals(restA)) {
        return new Bounds(false, true, true);
      }
      int min = side(mb.get("min"), ma.get("min"), -1);
      int max = side(mb.get("max"), ma.get("max"), 1);
      if (min == Integer.MIN_VALUE || max == Integer.MIN_VALUE) {
        return new Bounds(false, true, true);
      }
      return new Bounds(true, min > 0 || max > 0, min < 0 || max < 0);
    }

    /** +1 when the bound lets more through, -1 when less, 0 when the same; MIN_VALUE when incomparable. */
    private static int side(Object b, Object a, int direction) {
      if (Objects.equals(b, a)) {
        return 0;
      }
      if (a == null) {
        return 1;
      }
      if (b == null) {
        return -1;
      }
      int c;
      if (b instanceof BigDecimal x && a instanceof BigDecimal y) {
        c = y.compareTo(x);
      } else if (b instanceof String x && a instanceof String y) {
        c = instant(y).compareTo(instant(x));
      } else {
        return Integer.MIN_VALUE;
      }
      return Integer.signum(c) * direction;
    }

    /** Dates and timestamps as the contract writes them, in an order that compares as text. */
    private static String instant(String text) {
      String t = text.trim().replace('T', ' ');
      return t.length() == 10 ? t + " 00:00:00" : t;
    }

    static String show(Object args) {
      if (args instanceof Map<?, ?> m) {
        return "[" + (m.containsKey("min") ? text(m.get("min")) : "-inf") + ", "
            + (m.containsKey("max") ? text(m.get("max")) : "+inf") + "]"
            + (m.size() > (m.containsKey("min") ? 1 : 0) + (m.containsKey("max") ? 1 : 0) ? " " + text(m) : "");
      }
      return text(args);
    }
  }

  /** A plain value as the contract would write it: numbers unscientific. */
  static String text(Object value) {
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof List<?> l) {
      return "[" + String.join(", ", l.stream().map(ContractChanges::text).toList()) + "]";
    }
    if (value instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      m.forEach((k, v) -> parts.add(k + ": " + text(v)));
      return "{" + String.join(", ", parts) + "}";
    }
    return String.valueOf(value);
  }
}
