package io.sluice.spark.quarantine;

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
    return OptionJson.of(columns.stream()
        .map(c -> new String[] {Integer.toString(c.check()), c.valid(), c.quarantined()}).toList());
  }

  public static List<OffendingColumn> decode(String option) {
    return OptionJson.rows(option, 3, "an offending value's columns").stream()
        .map(r -> new OffendingColumn(Integer.parseInt(r[0]), r[1], r[2])).toList();
  }
}
