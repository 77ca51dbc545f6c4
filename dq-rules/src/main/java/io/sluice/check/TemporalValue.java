package io.sluice.check;

import io.sluice.contract.DataType;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A date or timestamp written in a contract ({@code "2024-01-31"}, {@code "2024-01-31 08:00:00"}) as a check
 * compares with it: its Spark literal and its order. Read as strictly as the column's own values are without a
 * {@code format}, so a value Spark's literal parser would refuse when the contract runs is refused by lint.
 */
record TemporalValue(String sql, Comparable<?> order) {

  /** The value of {@code text} for a date or timestamp column, if it is one. */
  static Optional<TemporalValue> parse(String text, DataType type) {
    try {
      if (type.kind() == DataType.Kind.DATE) {
        LocalDate d = LocalDate.parse(text);
        return Optional.of(new TemporalValue("DATE " + Sql.string(d.toString()), d));
      }
      LocalDateTime t = text.length() == 10 ? LocalDate.parse(text).atStartOfDay()
          : LocalDateTime.parse(text.replace(' ', 'T'));
      return Optional.of(new TemporalValue("TIMESTAMP " + Sql.string(t.toString().replace('T', ' ')), t));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** How to write a value of {@code type}. */
  static String hint(DataType type) {
    return type.kind() == DataType.Kind.DATE ? "write a date that exists, as yyyy-MM-dd"
        : "write a timestamp that exists, as yyyy-MM-dd HH:mm:ss";
  }
}
