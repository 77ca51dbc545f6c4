package io.sluice.spark.internal;

import java.io.Serializable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import scala.Tuple2;

/**
 * The first column of a Dataset's rows, a non-null {@code long}, read partition by partition as primitives: no
 * {@code Row} is built per value (a shuffle of hashes reads millions of them).
 *
 * <p>Internal: reads the rows as Spark's {@link InternalRow}s ({@code queryExecution().toRdd()}).
 */
public final class LongRows {
  private final JavaRDD<InternalRow> rows;

  private LongRows(JavaRDD<InternalRow> rows) {
    this.rows = rows;
  }

  /** What one partition's values become. */
  @FunctionalInterface
  public interface PerPartition<K, V> extends Serializable {
    Iterator<Tuple2<K, V>> apply(PrimitiveIterator.OfLong values) throws Exception;
  }

  /** The first column of {@code rows}, planned now, computed when a job reads it. */
  public static LongRows of(Dataset<Row> rows) {
    return new LongRows(rows.queryExecution().toRdd().toJavaRDD());
  }

  public int partitions() {
    return rows.getNumPartitions();
  }

  /** Each partition's values, mapped to pairs by {@code f}. */
  public <K, V> JavaPairRDD<K, V> mapPartitionsToPair(PerPartition<K, V> f) {
    return rows.mapPartitionsToPair(it -> f.apply(new FirstLong(it)));
  }

  private static final class FirstLong implements PrimitiveIterator.OfLong {
    private final Iterator<InternalRow> rows;

    FirstLong(Iterator<InternalRow> rows) {
      this.rows = rows;
    }

    @Override
    public boolean hasNext() {
      return rows.hasNext();
    }

    @Override
    public long nextLong() {
      if (!rows.hasNext()) {
        throw new NoSuchElementException();
      }
      return rows.next().getLong(0);
    }
  }
}
