package io.sluice.spark.quarantine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;

/** The JSON of the split write's options: how the driver hands the writers their columns and reasons. */
final class OptionJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private OptionJson() {}

  /** Rows of strings as an option's value ({@link #rows(String, int, String)} reads them back). */
  static String of(List<String[]> rows) {
    try {
      return MAPPER.writeValueAsString(rows);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The rows of an option's value, each of {@code width} strings; {@code what} names them in an error. */
  static List<String[]> rows(String option, int width, String what) {
    try {
      List<String[]> rows = MAPPER.readValue(option, new TypeReference<List<String[]>>() {});
      for (String[] r : rows) {
        if (r.length != width) {
          throw new IllegalStateException("not " + what + ": " + Arrays.toString(r));
        }
      }
      return rows;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not a split write's " + what + ": " + e.getOriginalMessage(), e);
    }
  }
}
