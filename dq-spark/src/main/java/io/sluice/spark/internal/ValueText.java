package io.sluice.spark.internal;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.EvalMode$;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * A field of an internal row as the text {@code CAST(value AS STRING)} gives (null stays null): how a split writer
 * reads a failing row's offending value. A string is read as it is; another type goes through Spark's own cast,
 * evaluated without generated code (only failing rows are read, so compiling one would cost more).
 */
final class ValueText {
  private final int ordinal;
  private final Cast cast; // null for a string

  ValueText(int ordinal, DataType type, String timeZone) {
    this.ordinal = ordinal;
    this.cast = type == DataTypes.StringType ? null
        : new Cast(new BoundReference(ordinal, type, true), DataTypes.StringType, scala.Option.apply(timeZone),
            EvalMode$.MODULE$.LEGACY());
  }

  String of(InternalRow row) {
    if (row.isNullAt(ordinal)) {
      return null;
    }
    if (cast == null) {
      return row.getUTF8String(ordinal).toString();
    }
    Object text = cast.eval(row);
    return text == null ? null : text.toString();
  }
}
