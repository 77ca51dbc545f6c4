package io.sluice.odcs;

import java.util.Arrays;
import java.util.Optional;

/**
 * The built-in check kinds ODCS has a form for. dq-core cannot see the rule catalog (dq-rules) that defines
 * them, so the mapping names them here; a kind not listed (freshness, or one a jar adds) is carried in
 * Sluice's own custom properties.
 */
enum CheckKindName {
  RANGE("range"), LENGTH("length"), PATTERN("pattern"), ALLOWED_VALUES("allowed_values"), EXPRESSION("expression"),
  ROW_COUNT("row_count"), COMPLETENESS("completeness");

  final String word;

  CheckKindName(String word) {
    this.word = word;
  }

  static Optional<CheckKindName> of(String kind) {
    return Arrays.stream(values()).filter(k -> k.word.equals(kind)).findFirst();
  }
}
