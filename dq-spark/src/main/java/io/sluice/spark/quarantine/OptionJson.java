package io.sluice.spark.quarantine;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON of the split write's options: how the driver hands the writers their columns and reasons. */
final class OptionJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private OptionJson() {}
}
