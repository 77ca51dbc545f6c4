package io.sluice.contract;

/** What a failure does: {@code ERROR} quarantines the row (or aborts on a dataset check); {@code WARN} reports it. */
public enum Severity {
  ERROR, WARN;

  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
