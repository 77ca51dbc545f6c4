package io.sluice.spark.plan;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.sluice.check.Sql;
import io.sluice.check.StrictCast;
import io.sluice.contract.DataType;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * A column's value typed as its contract declares it: the one rule the check plan and {@code sluice suggest} share,
 * so that a suggested type is one the engine's cast accepts for every value.
 */
public final class TypedValues {
  private TypedValues() {}

  /** Spark's type for a contract's type. */
  public static org.apache.spark.sql.types.DataType sparkType(DataType t) {
    return switch (t.kind()) {
      case STRING -> DataTypes.StringType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case FLOAT -> DataTypes.FloatType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
      case DATE -> DataTypes.DateType;
      case TIMESTAMP -> DataTypes.TimestampType;
      case DECIMAL -> DataTypes.createDecimalType(t.precision(), t.scale());
    };
  }

  /** Whether {@code f}'s values are the typed values as they are: it has the type, and no value can fail it. */
  public static boolean asIs(StructField f, DataType type) {
    return f.dataType().sameType(sparkType(type)) && !floating(type);
  }

  /**
   * {@code f}'s value typed as {@code type}: the column itself when it has the type, except that NaN and Infinity
   * are not numbers of a contract (StrictCast refuses them as text, so a float or double column that has its type
   * still fails on them), else the strict cast, given to {@code rewrite} (the engine evaluates its shape test
   * with its own RLIKE).
   */
  public static Column typed(StructField f, DataType type, Optional<String> format, UnaryOperator<Column> rewrite) {
    String ref = Sql.ident(f.name());
    if (f.dataType().sameType(sparkType(type))) {
      return floating(type) ? when(abs(col(ref)).lt(lit(Double.POSITIVE_INFINITY)), col(ref)) : col(ref);
    }
    return rewrite.apply(expr(StrictCast.of(ref, type, format)));
  }

  private static boolean floating(DataType type) {
    return type.kind() == DataType.Kind.FLOAT || type.kind() == DataType.Kind.DOUBLE;
  }
}
