package io.sluice.spark.quarantine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the split writer finds the value a check of one column failed on: the frame's column the valid side writes
 * it from (a warning on a valid row) and the one the quarantine writes it from, each as that side stores it.
 *
 * @param check the check's bit
 */
public record OffendingColumn(int check, String valid, String quarantined) {

  /** {@code columns} as a write option's value ({@link #decode} reads it back). */
  public static String encode(List<OffendingColumn> columns) {
    List<String[]> rows = columns.stream()
        .map(c -> new String[] {Integer.toString(c.check()), c.valid(), c.quarantined()}).toList();
    try {
      return OptionJson.MAPPER.writeValueAsString(rows);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static List<OffendingColumn> decode(String option) {
    try {
      List<OffendingColumn> columns = new ArrayList<>();
      for (String[] r : OptionJson.MAPPER.readValue(option, new TypeReference<List<String[]>>() {})) {
        if (r.length != 3) {
          throw new IllegalStateException("not an offending value's columns: " + String.join(",", r));
        }
        columns.add(new OffendingColumn(Integer.parseInt(r[0]), r[1], r[2]));
      }
      return columns;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not a split write's offending columns: " + e.getOriginalMessage(), e);
    }
  }
}
