package io.sluice.spark.quarantine;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Why a row is quarantined: one element of its {@code _dq_errors}. The message says what a failure means, never
 * the value itself, which may be protected data.
 */
public record Reason(String check, Optional<String> column, String message) {
  /** The type of {@code _dq_errors}: {@code array<struct<check:string,column:string,message:string>>}. */
  public static final DataType ERRORS_TYPE = DataTypes.createArrayType(new StructType()
      .add("check", DataTypes.StringType).add("column", DataTypes.StringType).add("message", DataTypes.StringType));

  /** {@code reasons} as a write option's value, in order ({@link #decode} reads it back). */
  public static String encode(List<Reason> reasons) {
    return OptionJson.of(reasons.stream().map(r -> new String[] {r.check(), r.column().orElse(null), r.message()}).toList());
  }

  public static List<Reason> decode(String option) {
    return OptionJson.rows(option, 3, "a reason").stream()
        .map(r -> new Reason(r[0], Optional.ofNullable(r[1]), r[2])).toList();
  }
}
