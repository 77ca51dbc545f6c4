package io.sluice.contract;

/** Where a check is written in a contract, which decides what it sees: one value, one row, or all rows. */
public enum Placement {
  /** Under a column's {@code checks}: sees that column's value. */
  COLUMN,
  /** Under the top-level {@code checks}: sees a whole row. */
  ROW,
  /** Under {@code dataset_checks}: sees the whole dataset. */
  DATASET
}
