package io.sluice.spark;

import java.util.Locale;
import java.util.Optional;

/** The formats a transition reads ({@code csv}, {@code json} lines, {@code parquet}, {@code orc}, {@code delta}) and writes ({@code parquet}, {@code delta}). */
public enum Format {
  CSV, JSON, PARQUET, ORC, DELTA;

  /** The name Spark's readers and writers know it by. */
  public String sparkName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean writable() {
    return this == PARQUET || this == DELTA;
  }

  /** {@code csv}, {@code json} (or {@code jsonl}, {@code ndjson}), {@code parquet}, {@code orc}, {@code delta}. */
  public static Optional<Format> named(String word) {
    return switch (word.toLowerCase(Locale.ROOT)) {
      case "csv" -> Optional.of(CSV);
      case "json", "jsonl", "ndjson" -> Optional.of(JSON);
      case "parquet" -> Optional.of(PARQUET);
      case "orc" -> Optional.of(ORC);
      case "delta" -> Optional.of(DELTA);
      default -> Optional.empty();
    };
  }
}
