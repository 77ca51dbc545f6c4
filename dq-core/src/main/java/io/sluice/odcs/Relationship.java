package io.sluice.odcs;

import io.sluice.contract.Excerpt;
import io.sluice.contract.Location;
import io.sluice.contract.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An ODCS 3.1 foreign key ({@code relationships}) as a Sluice {@code references} check, and back.
 *
 * <p>ODCS names the referenced schema object and its properties ({@code to: customers.customer_id}); a Sluice check
 * needs where the keys are read: a dataset path with its format, or a catalog table. Export keeps that in the
 * relationship's custom property {@value #REFERENCE}, and import reads it back; a relationship without it is checked
 * against the catalog table named like the referenced object, with a warning that says so.
 */
final class Relationship {
  /** The custom property of a relationship that says where Sluice reads the referenced keys. */
  static final String REFERENCE = "sluiceReference";
  static final String KIND = "references";
  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,2}");

  private Relationship() {}

  /** An {@code object.property} reference of ODCS's short notation. */
  record Ref(String object, String property) {
    static Optional<Ref> parse(Node n) {
      if (!(n instanceof Node.Scalar s) || !(s.value() instanceof String text)) {
        return Optional.empty();
      }
      int dot = text.lastIndexOf('.');
      if (dot <= 0 || dot == text.length() - 1 || text.contains("/") || text.contains("#")) {
        return Optional.empty();
      }
      return Optional.of(new Ref(text.substring(0, dot), text.substring(dot + 1)));
    }

    String text() {
      return object + "." + property;
    }
  }

  /**
   * What an import makes of one relationship: the key's columns in this object ({@code from}, or the property it is
   * written on), the referenced columns, and the check's arguments without the referenced columns.
   */
  record Mapped(List<String> from, List<String> to, Node.Mapping target, Optional<String> note) {}

  /**
   * Reads {@code r}, written on {@code property} (empty: on the schema object {@code object}), or says why it does not
   * map.
   */
  static Result read(Node r, String object, Optional<String> property) {
    if (!(r instanceof Node.Mapping m)) {
      return Result.no("it is not a mapping");
    }
    for (String key : m.entries().keySet()) {
      if (!List.of("type", "from", "to", "customProperties").contains(key)) {
        return Result.no("Sluice has no place for its " + Excerpt.quoted(key));
      }
    }
    Optional<Node> type = m.get("type");
    if (type.isPresent() && !(type.get() instanceof Node.Scalar s && "foreignKey".equals(s.value()))) {
      return Result.no("it is not a foreignKey");
    }
    Optional<Node> toNode = m.get("to");
    if (toNode.isEmpty()) {
      return Result.no("it has no 'to'");
    }
    List<Ref> to = refs(toNode.get());
    if (to.isEmpty()) {
      return Result.no("Sluice maps the short notation 'object.property', or a list of them, not "
          + Excerpt.quoted(String.valueOf(Tree.plain(toNode.get()))));
    }
    if (to.stream().map(Ref::object).distinct().count() > 1) {
      return Result.no("its 'to' names properties of more than one object");
    }
    List<String> from;
    Optional<Node> fromNode = m.get("from");
    if (property.isPresent()) {
      if (fromNode.isPresent() && !refs(fromNode.get()).equals(List.of(new Ref(object, property.get())))) {
        return Result.no("its 'from' is not the property it is written on");
      }
      from = List.of(property.get());
    } else {
      if (fromNode.isEmpty()) {
        return Result.no("it has no 'from'");
      }
      List<Ref> refs = refs(fromNode.get());
      if (refs.isEmpty() || refs.stream().anyMatch(f -> !f.object().equals(object))) {
        return Result.no("its 'from' is not 'object.property' of this schema object");
      }
      from = refs.stream().map(Ref::property).toList();
    }
    if (from.size() != to.size()) {
      return Result.no("its 'from' and 'to' name " + from.size() + " and " + to.size() + " properties");
    }
    if (from.stream().distinct().count() != from.size()) {
      return Result.no("its 'from' names a property twice");
    }
    Optional<Node> own = Optional.empty();
    Optional<Node> custom = m.get("customProperties");
    if (custom.isPresent()) {
      if (!(custom.get() instanceof Node.Sequence seq) || seq.items().size() != 1
          || !(seq.items().get(0) instanceof Node.Mapping p) || !p.get("property").filter(n -> n instanceof Node.Scalar s
              && REFERENCE.equals(s.value())).isPresent() || p.get("value").isEmpty()) {
        return Result.no("Sluice has no place for its customProperties other than '" + REFERENCE + "'");
      }
      own = p.get("value");
    }
    String object2 = to.get(0).object();
    Node.Mapping target;
    Optional<String> note = Optional.empty();
    if (own.isPresent()) {
      if (!(own.get() instanceof Node.Mapping t)) {
        return Result.no("its '" + REFERENCE + "' is not a mapping such as '{ dataset: silver/customers, format: delta }'");
      }
      target = t;
    } else {
      String table = TABLE.matcher(object2).matches() ? object2 : ObjectImport.contractId(object2);
      if (table.isEmpty()) {
        return Result.no("its object " + Excerpt.quoted(object2) + " is no table name");
      }
      target = Tree.map(toNode.get().location()).put("table", Tree.scalar(table, toNode.get().location())).build();
      note = Optional.of("the relationship to " + Excerpt.quoted(to.stream().map(Ref::text).reduce((a, b) -> a + ", " + b)
          .orElse("")) + " is checked against catalog table " + Excerpt.quoted(table) + " (ODCS names a schema object,"
          + " not where its data is read): change the check's 'table', or write 'dataset' and 'format'");
    }
    return new Result(Optional.of(new Mapped(from, to.stream().map(Ref::property).toList(), target, note)), Optional.empty());
  }

  /** The outcome of {@link #read}: the mapping, or why there is none. */
  record Result(Optional<Mapped> mapped, Optional<String> why) {
    static Result no(String why) {
      return new Result(Optional.empty(), Optional.of(why));
    }
  }

  private static List<Ref> refs(Node n) {
    if (n instanceof Node.Sequence seq) {
      List<Ref> refs = new ArrayList<>();
      for (Node item : seq.items()) {
        Optional<Ref> r = Ref.parse(item);
        if (r.isEmpty()) {
          return List.of();
        }
        refs.add(r.get());
      }
      return refs;
    }
    return Ref.parse(n).map(List::of).orElse(List.of());
  }

  /** The Sluice check item of a mapped relationship: a column's check, or a row check over its key. */
  static Node check(Mapped mapped, boolean onColumn, Location at) {
    Tree.Builder args = Tree.map(at);
    mapped.target().entries().forEach(args::put);
    if (onColumn) {
      args.put("column", Tree.scalar(mapped.to().get(0), at));
      return Tree.map(at).put(KIND, args.build()).build();
    }
    args.put("columns", Tree.list(mapped.to().stream().map(c -> (Node) Tree.scalar(c, at)).toList(), at));
    return Tree.map(at).put("columns", Tree.list(mapped.from().stream().map(c -> (Node) Tree.scalar(c, at)).toList(), at))
        .put(KIND, args.build()).build();
  }

  // ---------------------------------------------------------------- export

  /**
   * The ODCS relationship of a reference's arguments ({@code dataset}/{@code format} or {@code table}, and
   * {@code column} or {@code columns}), or empty when they are not of that shape. {@code from} is empty for a
   * relationship written on its property.
   */
  static Optional<Node.Mapping> write(Node args, String object, List<String> from, Location at) {
    if (!(args instanceof Node.Mapping m)) {
      return Optional.empty();
    }
    List<String> to = new ArrayList<>();
    Tree.Builder target = Tree.map(at);
    for (var e : m.entries().entrySet()) {
      switch (e.getKey()) {
        case "dataset", "format", "table" -> target.put(e.getKey(), e.getValue());
        case "column" -> text(e.getValue()).ifPresent(to::add);
        case "columns" -> {
          if (e.getValue() instanceof Node.Sequence seq) {
            seq.items().forEach(n -> text(n).ifPresent(to::add));
          }
        }
        default -> {
          return Optional.empty();
        }
      }
    }
    Node.Mapping t = target.build();
    Optional<String> where = t.get("table").or(() -> t.get("dataset")).flatMap(Relationship::text);
    if (where.isEmpty() || to.isEmpty() || (!from.isEmpty() && from.size() != to.size())) {
      return Optional.empty();
    }
    String referenced = objectOf(where.get(), t.get("table").isPresent());
    Tree.Builder r = Tree.map(at).put("type", "foreignKey");
    if (!from.isEmpty()) {
      r.put("from", Tree.list(from.stream().map(c -> (Node) Tree.scalar(object + "." + c, at)).toList(), at));
      r.put("to", Tree.list(to.stream().map(c -> (Node) Tree.scalar(referenced + "." + c, at)).toList(), at));
    } else {
      r.put("to", Tree.scalar(referenced + "." + to.get(0), at));
    }
    r.put("customProperties", Tree.list(List.of(Tree.map(at).put("property", REFERENCE).put("value", t).build()), at));
    return Optional.of(r.build());
  }

  /**
   * The schema object a dataset path or table stands for: its last segment ({@code silver/customers} and
   * {@code crm.customers} stand for {@code customers}).
   */
  static String objectOf(String where, boolean table) {
    String trimmed = where.replaceAll("/+$", "");
    String last = trimmed.substring(trimmed.lastIndexOf(table ? '.' : '/') + 1);
    return last.isEmpty() ? trimmed : last;
  }

  private static Optional<String> text(Node n) {
    return n instanceof Node.Scalar s && s.value() instanceof String t ? Optional.of(t) : Optional.empty();
  }
}
