package io.sluice.spark.quarantine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One column of a file the split writer writes (the valid rows', or the quarantine's), and where its value comes
 * from: a column of the data the writer receives, a constant of the run, or the reasons it builds from a row's bits.
 */
public sealed interface SideColumn permits SideColumn.Copied, SideColumn.Text, SideColumn.Time, SideColumn.Reasons {
  /** Its name in the file written. */
  String name();

  /** Its field in the file written, given the data the writer receives. */
  StructField field(StructType data);

  /** A column of the data received, written under {@code name}. */
  record Copied(String data, String name) implements SideColumn {
    @Override
    public StructField field(StructType received) {
      StructField f = received.apply(data);
      return new StructField(name, f.dataType(), true, f.metadata());
    }
  }

  /** The same text in every row (the run's id): the writer supplies it, so the data carries no column for it. */
  record Text(String name, String value) implements SideColumn {
    @Override
    public StructField field(StructType data) {
      return new StructField(name, DataTypes.StringType, true, Metadata.empty());
    }
  }

  /** The same instant in every row (the run's time), in microseconds since the epoch, as Spark holds a timestamp. */
  record Time(String name, long micros) implements SideColumn {
    public static Time of(String name, Instant at) {
      return new Time(name, Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000));
    }

    @Override
    public StructField field(StructType data) {
      return new StructField(name, DataTypes.TimestampType, true, Metadata.empty());
    }
  }

  /** A quarantined row's reasons ({@link Reason#ERRORS_TYPE}), which the writer builds from the row's bits. */
  record Reasons(String name) implements SideColumn {
    @Override
    public StructField field(StructType data) {
      return new StructField(name, Reason.ERRORS_TYPE, true, Metadata.empty());
    }
  }

  /** A column with the same value in every row: {@code value} is a {@link String} or an {@link Instant}. */
  static SideColumn constant(String name, Object value) {
    if (value instanceof String text) {
      return new Text(name, text);
    }
    if (value instanceof Instant at) {
      return Time.of(name, at);
    }
    throw new IllegalArgumentException("a constant output column is a string or a timestamp, not " + value.getClass());
  }

  /** The schema of the file that {@code columns} make of {@code data}. */
  static StructType schema(StructType data, List<SideColumn> columns) {
    return new StructType(columns.stream().map(c -> c.field(data)).toArray(StructField[]::new));
  }

  /** {@code columns} as a write option's value (the writers on the executors read it back with {@link #decode}). */
  static String encode(List<SideColumn> columns) {
    List<List<Object>> tagged = new ArrayList<>();
    for (SideColumn c : columns) {
      if (c instanceof Copied k) {
        tagged.add(List.of("copied", k.name(), k.data()));
      } else if (c instanceof Text t) {
        tagged.add(List.of("text", t.name(), t.value()));
      } else if (c instanceof Time t) {
        tagged.add(List.of("time", t.name(), t.micros()));
      } else if (c instanceof Reasons r) {
        tagged.add(List.of("reasons", r.name()));
      }
    }
    try {
      return OptionJson.MAPPER.writeValueAsString(tagged);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<SideColumn> decode(String option) {
    List<List<Object>> tagged;
    try {
      tagged = OptionJson.MAPPER.readValue(option, new TypeReference<List<List<Object>>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not a split write's columns: " + e.getOriginalMessage(), e);
    }
    List<SideColumn> columns = new ArrayList<>();
    for (List<Object> t : tagged) {
      String name = (String) t.get(1);
      columns.add(switch ((String) t.get(0)) {
        case "copied" -> new Copied((String) t.get(2), name);
        case "text" -> new Text(name, (String) t.get(2));
        case "time" -> new Time(name, ((Number) t.get(2)).longValue());
        case "reasons" -> new Reasons(name);
        default -> throw new IllegalStateException("not a split write's column: " + t);
      });
    }
    return columns;
  }
}
