package io.sluice.contract;

/** Contracts as the engine would have got them before lint refused them: for tests that compare the two. */
public final class UncheckedContracts {
  private UncheckedContracts() {}

  /** The model of {@code text} (file {@code file}), read past every problem, validated by nothing. */
  public static Contract of(String text, String file) {
    return ContractLoader.unchecked(text, file).orElseThrow(() -> new AssertionError("not a YAML mapping: " + text));
  }
}
