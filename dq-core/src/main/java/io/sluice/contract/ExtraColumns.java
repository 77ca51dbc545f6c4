package io.sluice.contract;

/** What happens to columns of the data that the contract does not name. */
public enum ExtraColumns {
  KEEP, DROP, FAIL
}
