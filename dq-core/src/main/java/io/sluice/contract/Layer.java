package io.sluice.contract;

/** The layers of a medallion lakehouse, in the order data flows through them. */
public enum Layer {
  BRONZE, SILVER, GOLD;

  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
