package io.sluice.spark.plan;

import io.sluice.contract.Column;
import io.sluice.contract.Contract;
import io.sluice.contract.Excerpt;
import io.sluice.contract.ExtraColumns;
import io.sluice.spark.SchemaMismatchException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The input's columns matched to the contract's, by name regardless of case. Refuses an input that lacks a column
 * the contract requires, that has one it does not name when it says {@code extra_columns: fail}, or that has one
 * with a name the engine keeps for its own columns.
 *
 * @param source per contract column (by its name), the input field that holds it
 * @param extras the input's fields the contract does not name (the corrupt-record column aside)
 * @param kept the fields whose values the plan keeps as they came in: the source fields, then the extras
 * @param hasCorrupt whether the input has the reader's corrupt-record column
 */
record SchemaMatch(Map<String, StructField> source, List<StructField> extras, List<StructField> kept, boolean hasCorrupt) {

  static SchemaMatch of(StructType schema, Contract contract, String corruptRecordColumn) {
    Map<String, StructField> byName = new LinkedHashMap<>();
    for (StructField f : schema.fields()) {
      byName.put(f.name().toLowerCase(Locale.ROOT), f);
    }
    boolean hasCorrupt = byName.containsKey(corruptRecordColumn.toLowerCase(Locale.ROOT));
    List<String> missing = new ArrayList<>();
    Map<String, StructField> source = new LinkedHashMap<>(); // contract name -> input field
    for (Column c : contract.columns()) {
      StructField f = byName.get(c.name().toLowerCase(Locale.ROOT));
      if (f == null) {
        missing.add(c.name());
      } else {
        source.put(c.name(), f);
      }
    }
    String file = contract.file();
    List<String> inputNames = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (!f.name().equalsIgnoreCase(corruptRecordColumn)) {
        inputNames.add(f.name());
      }
    }
    if (!missing.isEmpty()) {
      throw new SchemaMismatchException("the data has no column " + Excerpt.list(missing) + " that contract " + file
          + " requires; columns found: " + Excerpt.list(inputNames));
    }
    List<StructField> extras = new ArrayList<>();
    for (StructField f : schema.fields()) {
      boolean named = source.values().stream().anyMatch(s -> s.name().equals(f.name()));
      if (!named && !f.name().equalsIgnoreCase(corruptRecordColumn)) {
        extras.add(f);
      }
    }
    if (contract.extraColumns() == ExtraColumns.FAIL && !extras.isEmpty()) {
      throw new SchemaMismatchException("the data has column " + Excerpt.list(extras.stream().map(StructField::name).toList())
          + " that contract " + file + " does not name, and the contract says 'extra_columns: fail'");
    }
    List<String> reserved = extras.stream().map(StructField::name).filter(Column::reserved).toList();
    if (!reserved.isEmpty()) { // the contract's own columns cannot have such names: lint refuses them
      throw new SchemaMismatchException("the data has column " + Excerpt.list(reserved) + ", a name the engine keeps for its"
          + " own columns (_dq_…, __dq_…, " + Column.CORRUPT_RECORD + "): rename or drop it before enforcing contract " + file);
    }
    List<StructField> kept = new ArrayList<>(source.values());
    kept.addAll(extras);
    return new SchemaMatch(Collections.unmodifiableMap(source), List.copyOf(extras), List.copyOf(kept), hasCorrupt);
  }

  /** The column of the checked rows that holds the value of the contract's {@code column} as it came in. */
  String asRead(String column) {
    return asRead(source.get(column));
  }

  /** The column of the checked rows that holds the value of input field {@code f} as it came in. */
  String asRead(StructField f) {
    return kept(indexOf(f));
  }

  /** The column of the checked rows that holds the value of the {@code k}th kept field as it came in. */
  static String kept(int k) {
    return "__dq_src" + k;
  }

  private int indexOf(StructField f) {
    for (int i = 0; i < kept.size(); i++) {
      if (kept.get(i).name().equals(f.name())) {
        return i;
      }
    }
    throw new IllegalStateException("column " + f.name() + " is not in the plan");
  }
}
