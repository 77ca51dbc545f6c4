package io.sluice.spark.internal;

import org.apache.spark.sql.catalyst.InternalRow$;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.CalendarInterval;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One output's view of a split row ({@link SplitParquetFormat}): column {@code i} of the view is column
 * {@code ordinals[i]} of the row, or, where that ordinal is -1, {@code values[i]}: a value the same for every
 * row of the run (Spark's internal form: a {@link UTF8String}, or a {@code Long} for a timestamp), or one the
 * writer {@link #set sets} for each row (the reasons of a quarantined row). Nothing is copied: the Parquet
 * writer reads through the view. Read-only for the writer.
 */
public final class SideRow extends InternalRow {
  private static final long serialVersionUID = 1L;
  private final int[] ordinals;
  private final Object[] values;
  private final DataType[] types;
  private transient InternalRow row;

  public SideRow(org.apache.spark.sql.types.StructType schema, int[] ordinals, Object[] values) {
    if (ordinals.length != values.length || ordinals.length != schema.size()) {
      throw new IllegalArgumentException("one ordinal, one value slot and one field per column");
    }
    this.types = java.util.Arrays.stream(schema.fields()).map(f -> f.dataType()).toArray(DataType[]::new);
    this.ordinals = ordinals.clone();
    this.values = values.clone();
    for (int i = 0; i < ordinals.length; i++) {
      if (ordinals[i] >= 0 && values[i] != null) {
        throw new IllegalArgumentException("column " + i + " is either a column of the row or a value of its own");
      }
    }
  }

  /** Column {@code i}, one of the view's own (ordinal -1), is {@code value} (null: null) until set again. */
  public SideRow set(int i, Object value) {
    if (ordinals[i] >= 0) {
      throw new IllegalArgumentException("column " + i + " is a column of the row");
    }
    values[i] = value;
    return this;
  }

  /** This view, over {@code r}. */
  public SideRow of(InternalRow r) {
    this.row = r;
    return this;
  }

  @Override
  public int numFields() {
    return ordinals.length;
  }

  @Override
  public boolean isNullAt(int i) {
    int o = ordinals[i];
    return o >= 0 ? row.isNullAt(o) : values[i] == null;
  }

  @Override
  public boolean getBoolean(int i) {
    return row.getBoolean(ordinals[i]);
  }

  @Override
  public byte getByte(int i) {
    return row.getByte(ordinals[i]);
  }

  @Override
  public short getShort(int i) {
    return row.getShort(ordinals[i]);
  }

  @Override
  public int getInt(int i) {
    return row.getInt(ordinals[i]);
  }

  @Override
  public long getLong(int i) {
    int o = ordinals[i];
    return o >= 0 ? row.getLong(o) : (Long) values[i];
  }

  @Override
  public float getFloat(int i) {
    return row.getFloat(ordinals[i]);
  }

  @Override
  public double getDouble(int i) {
    return row.getDouble(ordinals[i]);
  }

  @Override
  public Decimal getDecimal(int i, int precision, int scale) {
    return row.getDecimal(ordinals[i], precision, scale);
  }

  @Override
  public UTF8String getUTF8String(int i) {
    int o = ordinals[i];
    return o >= 0 ? row.getUTF8String(o) : (UTF8String) values[i];
  }

  @Override
  public byte[] getBinary(int i) {
    return row.getBinary(ordinals[i]);
  }

  @Override
  public CalendarInterval getInterval(int i) {
    return row.getInterval(ordinals[i]);
  }

  @Override
  public InternalRow getStruct(int i, int numFields) {
    return row.getStruct(ordinals[i], numFields);
  }

  @Override
  public ArrayData getArray(int i) {
    int o = ordinals[i];
    return o >= 0 ? row.getArray(o) : (ArrayData) values[i];
  }

  @Override
  public MapData getMap(int i) {
    return row.getMap(ordinals[i]);
  }

  @Override
  public Object get(int i, DataType type) {
    int o = ordinals[i];
    return o >= 0 ? row.get(o, type) : values[i];
  }

  @Override
  public void setNullAt(int i) {
    throw new UnsupportedOperationException("a side row is read-only");
  }

  @Override
  public void update(int i, Object value) {
    throw new UnsupportedOperationException("a side row is read-only");
  }

  @Override
  public InternalRow copy() {
    Object[] values = new Object[ordinals.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = isNullAt(i) ? null : InternalRow$.MODULE$.copyValue(get(i, types[i]));
    }
    return new org.apache.spark.sql.catalyst.expressions.GenericInternalRow(values);
  }
}
