package io.sluice.spark.suggest;

import io.sluice.contract.DataType;
import java.util.List;
import java.util.Optional;

/**
 * One column of a suggestion while it is assembled, pass after pass: what was observed, and what is suggested
 * from it. Never leaves the package; the contract it turns into does.
 */
final class ColumnDraft {
  final String name;
  DataType type;
  Optional<String> format = Optional.empty();
  /** Why the type (or format), for the comment on its line. */
  String typeNote;

  long rows;
  long nulls;
  /** Deequ's estimate of distinct values, or the exact count when the column is unique. */
  long distinct;
  boolean exactDistinct;
  /** The smallest and largest value (or length, for text) as the comment shows them. */
  Optional<String> observedMin = Optional.empty();
  Optional<String> observedMax = Optional.empty();
  boolean lengths;

  boolean required;
  boolean unique;
  /** Bounds as YAML scalars (numbers plain, dates and timestamps quoted); either may be absent. */
  Optional<String> rangeMin = Optional.empty();
  Optional<String> rangeMax = Optional.empty();
  List<String> allowedValues = List.of();
  Optional<DeequProfile.FoundPattern> pattern = Optional.empty();

  ColumnDraft(String name, DataType type, String typeNote) {
    this.name = name;
    this.type = type;
    this.typeNote = typeNote;
  }

  boolean hasRange() {
    return rangeMin.isPresent() || rangeMax.isPresent();
  }

  /** Back to text, with nothing that depended on the type: what is left when a type does not hold. */
  void asText(String why) {
    type = DataType.of(DataType.Kind.STRING);
    format = Optional.empty();
    typeNote = why;
    rangeMin = Optional.empty();
    rangeMax = Optional.empty();
  }
}
