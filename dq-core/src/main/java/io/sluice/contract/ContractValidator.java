package io.sluice.contract;

/**
 * Checks a loaded contract beyond its structure: the rule catalog (dq-rules) registers one that
 * validates every check's kind and arguments. Found with {@link java.util.ServiceLoader}, so dq-core
 * never depends on the modules that add validation.
 *
 * <p>{@code contract} may be partial when the file also has structural problems: validators report
 * what they can and must not fail on missing parts.
 */
public interface ContractValidator {
  void validate(Contract contract, Problems problems);
}
