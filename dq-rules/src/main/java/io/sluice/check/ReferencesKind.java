package io.sluice.check;

import io.sluice.check.Reference.CatalogTable;
import io.sluice.check.Reference.DatasetPath;
import io.sluice.check.Reference.ReferencedData;
import io.sluice.contract.CheckSpec;
import io.sluice.contract.Excerpt;
import io.sluice.contract.Node;
import io.sluice.contract.Placement;
import io.sluice.contract.Problem.Kind;
import io.sluice.contract.Problems;
import io.sluice.contract.Suggest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code references: { dataset: silver/customers, format: delta, column: customer_id }} (or {@code table: db.t}
 * instead of a dataset): the value must be one of the referenced dataset's keys. On a column; or, for a key of
 * several columns, among the row checks with {@code columns: [a, b]} and {@code columns: [x, y]} in the reference.
 * A row whose key has a null part passes (as for {@code unique}); only {@code required} fails a null.
 */
public final class ReferencesKind implements CheckKind {
  /** The formats a referenced dataset may be read as: those the engine reads. */
  public static final List<String> FORMATS = List.of("parquet", "delta", "orc", "csv", "json");
  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,2}");
  private static final String COLUMN_FORM = "references: { dataset: silver/customers, format: delta, column: customer_id }";
  private static final String ROW_FORM = "columns: [customer_id, region] with references: { dataset: silver/customers,"
      + " format: delta, columns: [customer_id, region] }";

  @Override
  public String name() {
    return "references";
  }

  @Override
  public Set<Placement> placements() {
    return Set.of(Placement.COLUMN, Placement.ROW);
  }

  @Override
  public boolean takesColumns() {
    return true;
  }

  @Override
  public io.sluice.diff.ArgumentChange argumentChange() {
    return io.sluice.diff.ArgumentChange.REFERENCE;
  }

  @Override
  public String summary() {
    return "the value (or the key of 'columns') is a key of another dataset: a path with a format, or a catalog table";
  }

  @Override
  public Optional<Rule> bind(CheckSpec spec, Binding binding, Problems problems) {
    boolean composite = spec.placement() == Placement.ROW;
    if (composite && spec.columns().isEmpty()) {
      problems.add(Kind.MISSING_KEY, spec.location(), "the row check " + Excerpt.quoted(spec.id()) + " references another"
          + " dataset but names no key", "write 'columns: [a, b]' beside 'references' (a key of one column is checked on"
          + " the column: '" + COLUMN_FORM + "')");
      return Optional.empty();
    }
    Args args = new Args(spec, problems);
    List<String> allowed = composite ? List.of("dataset", "table", "format", "columns") : List.of("dataset", "table", "format", "column");
    Optional<Node.Mapping> m = args.mapping(allowed, composite ? ROW_FORM : COLUMN_FORM);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Optional<ReferencedData> data = data(m.get(), args, problems);
    List<String> key = composite ? spec.columns() : List.of(binding.requireColumn().name());
    Optional<List<String>> referenced = composite ? referencedColumns(m.get(), key, args, problems)
        : referencedColumn(m.get(), args, problems);
    if (data.isEmpty() || referenced.isEmpty()) {
      return Optional.empty();
    }
    String nulls = key.stream().map(c -> Sql.ident(c) + " IS NULL").collect(Collectors.joining(" OR "));
    return Optional.of(new RowRule(spec.id(), name(), composite ? Optional.empty() : Optional.of(key.get(0)), key,
        spec.severity(), "(" + nulls + ")", new Reference(data.get(), referenced.get())));
  }

  private static Optional<ReferencedData> data(Node.Mapping m, Args args, Problems problems) {
    boolean dataset = m.get("dataset").isPresent();
    boolean table = m.get("table").isPresent();
    if (dataset == table) {
      problems.add(dataset ? Kind.INVALID_VALUE : Kind.MISSING_KEY, m.location(), "references of " + args.what()
              + (dataset ? " names both a 'dataset' and a 'table'" : " names neither a 'dataset' nor a 'table'"),
          "name exactly one: 'dataset: <path>' with its 'format' (files on any Hadoop file system), or 'table: <db.table>'"
              + " (a table of Spark's catalog)");
      return Optional.empty();
    }
    if (table) {
      if (m.get("format").isPresent()) {
        problems.add(Kind.UNKNOWN_KEY, m.keyLocation("format"), "'format' of " + args.what() + " applies to a 'dataset', not a"
            + " 'table'", "remove 'format': the catalog knows the table's format");
      }
      return args.string(m, "table").flatMap(name -> {
        if (!TABLE.matcher(name).matches()) {
          problems.add(Kind.INVALID_VALUE, m.get("table").orElseThrow().location(), "table " + Excerpt.quoted(name) + " of "
              + args.what() + " is not a table name", "write the table as Spark's catalog names it: 'db.table' (letters,"
              + " digits and '_'; 'catalog.db.table' for another catalog)");
          return Optional.empty();
        }
        return Optional.of(new CatalogTable(name));
      });
    }
    Optional<String> path = args.string(m, "dataset").filter(p -> {
      if (p.isBlank()) {
        problems.add(Kind.INVALID_VALUE, m.get("dataset").orElseThrow().location(), "'dataset' of " + args.what() + " is blank",
            "write the referenced dataset's path, e.g. 'dataset: silver/customers' or 'dataset: hdfs://nn/lake/silver/customers'");
        return false;
      }
      return true;
    });
    Optional<String> format = Optional.empty();
    if (m.get("format").isPresent()) {
      format = args.string(m, "format").filter(f -> {
        if (!FORMATS.contains(f)) {
          problems.add(Kind.INVALID_VALUE, m.get("format").orElseThrow().location(), "format " + Excerpt.quoted(f) + " of "
              + args.what() + " is not one Sluice reads" + Suggest.didYouMean(f, FORMATS), "use one of: " + String.join(", ", FORMATS));
          return false;
        }
        return true;
      });
      if (format.isEmpty()) {
        return Optional.empty();
      }
    }
    Optional<String> f = format;
    return path.map(p -> new DatasetPath(p, f));
  }

  private static Optional<List<String>> referencedColumn(Node.Mapping m, Args args, Problems problems) {
    if (m.get("columns").isPresent()) {
      problems.add(Kind.UNKNOWN_KEY, m.keyLocation("columns"), "references of " + args.what() + " on one column names 'columns'",
          "write 'column: <the referenced column>'; a key of several columns is a row check with 'columns: [a, b]'");
      return Optional.empty();
    }
    if (!args.require(m, "column", "name the referenced dataset's column: 'column: customer_id'")) {
      return Optional.empty();
    }
    return args.string(m, "column").filter(c -> nonBlank(c, m.get("column").orElseThrow(), args, problems)).map(List::of);
  }

  private static Optional<List<String>> referencedColumns(Node.Mapping m, List<String> key, Args args, Problems problems) {
    if (m.get("column").isPresent()) {
      problems.add(Kind.UNKNOWN_KEY, m.keyLocation("column"), "references of " + args.what() + " over a key of "
          + key.size() + " columns names one 'column'", "write 'columns: [" + String.join(", ", key) + "]' with the referenced"
          + " dataset's names for them, in that order");
      return Optional.empty();
    }
    if (!args.require(m, "columns", "write 'columns: [" + String.join(", ", key) + "]' with the referenced dataset's names,"
        + " in the order of the checked key")) {
      return Optional.empty();
    }
    Node node = m.get("columns").orElseThrow();
    if (!(node instanceof Node.Sequence seq)) {
      problems.add(Kind.WRONG_SHAPE, node.location(), "'columns' of references of " + args.what() + " must be a list, not "
          + node.describe(), "write 'columns: [x, y]'");
      return Optional.empty();
    }
    List<String> names = new ArrayList<>();
    for (Node n : seq.items()) {
      if (n instanceof Node.Scalar s && s.value() instanceof String c && nonBlank(c, n, args, problems)) {
        names.add(c);
      } else if (!(n instanceof Node.Scalar s && s.value() instanceof String)) {
        problems.add(Kind.WRONG_SHAPE, n.location(), "'columns' of references lists column names, not " + n.describe(),
            "write the referenced column's name");
        return Optional.empty();
      } else {
        return Optional.empty();
      }
    }
    if (names.size() != key.size()) {
      problems.add(Kind.INVALID_VALUE, seq.location(), "references of " + args.what() + " names " + names.size()
              + " referenced column" + (names.size() == 1 ? "" : "s") + " for a key of " + key.size() + " (" + String.join(", ", key) + ")",
          "name one referenced column for each key column, in the same order");
      return Optional.empty();
    }
    return Optional.of(List.copyOf(names));
  }

  private static boolean nonBlank(String c, Node at, Args args, Problems problems) {
    if (c.isBlank()) {
      problems.add(Kind.INVALID_VALUE, at.location(), "a referenced column of " + args.what() + " is blank",
          "write the referenced dataset's column name");
      return false;
    }
    return true;
  }
}
