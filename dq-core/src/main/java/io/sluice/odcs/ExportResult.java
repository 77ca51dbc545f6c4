package io.sluice.odcs;

import java.util.List;

/** A Sluice contract as an ODCS v3.1 document ({@code yaml}), with a warning for each thing kept in customProperties. */
public record ExportResult(String yaml, List<MappingWarning> warnings) {
  public ExportResult {
    warnings = warnings.stream().sorted(MappingWarning.BY_PLACE).distinct().toList();
  }
}
