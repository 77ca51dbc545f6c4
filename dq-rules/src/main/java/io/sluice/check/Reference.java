package io.sluice.check;

import java.util.List;
import java.util.Optional;

/**
 * Where a {@code references} check looks its keys up: a dataset and the columns of the key there, in the order of
 * the checked row's key columns ({@link RowRule#columns()}).
 */
public record Reference(ReferencedData data, List<String> columns) {
  public Reference {
    columns = List.copyOf(columns);
  }

  /** The dataset that holds the referenced keys: files at a path, or a table of Spark's catalog. */
  public sealed interface ReferencedData permits DatasetPath, CatalogTable {
    /** How messages name it: {@code dataset silver/customers (delta)}, {@code table crm.customers}. */
    String describe();
  }

  /**
   * Files at {@code path} on any Hadoop file system; {@code format} ({@code parquet}, {@code delta}, {@code orc},
   * {@code csv}, {@code json}) or, when absent, the format the engine finds there.
   */
  public record DatasetPath(String path, Optional<String> format) implements ReferencedData {
    @Override
    public String describe() {
      return "dataset " + path + format.map(f -> " (" + f + ")").orElse("");
    }
  }

  /** A table of the Spark session's catalog, as {@code db.table} or {@code catalog.db.table}. */
  public record CatalogTable(String name) implements ReferencedData {
    @Override
    public String describe() {
      return "table " + name;
    }
  }
}
