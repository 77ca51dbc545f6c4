package io.sluice.access;

import io.sluice.contract.Contract;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Where access decisions come from: the contract's own {@code access} section, or Apache Ranger's policy engine
 * over a file of Ranger policies. Ranger's engine is in the optional module {@code io.sluice:governance-ranger}
 * (Ranger's client libraries are many jars a job that does not use Ranger should not carry); it is found on the
 * class path when asked for, and its absence is an error that names the module.
 */
public enum PolicySource {
  CONTRACT("contract", Optional.empty()),
  RANGER("ranger", Optional.of("governance-ranger"));

  private final String word;
  private final Optional<String> module;

  PolicySource(String word, Optional<String> module) {
    this.word = word;
    this.module = module;
  }

  /** {@code contract} or {@code ranger}: how audit events ({@link AccessPolicy#source()}) name it. */
  public String word() {
    return word;
  }

  /** The source named {@code word}, if there is one. */
  public static Optional<PolicySource> named(String word) {
    return Arrays.stream(values()).filter(s -> s.word.equals(word)).findFirst();
  }

  /** Whether this source decides from a policy file (and so needs one) rather than from the contract alone. */
  public boolean readsPolicies() {
    return module.isPresent();
  }

  /**
   * The policy this source decides with for {@code contract}: the contract's access section, or the engine of this
   * source's module over {@code policies}.
   *
   * @throws AccessException when {@code policies} is given to the contract or missing for Ranger, or when the
   *     module of the engine is not on the class path
   */
  public AccessPolicy policy(Contract contract, Optional<Path> policies) {
    if (!readsPolicies()) {
      if (policies.isPresent()) {
        throw new AccessException("Cannot decide access to " + contract.id() + " from the policies in " + policies.get()
            + ": the contract's own access section decides; drop the policy file, or take the decisions from the"
            + " policy engine it is written for");
      }
      return new ContractPolicy(contract);
    }
    Path file = policies.orElseThrow(() -> new AccessException("Cannot decide access to " + contract.id() + " with "
        + word + " policies: none were given; give the file of policies (Ranger's JSON, as exported from the contract)"));
    return engine().load(contract, file);
  }

  private PolicyEngineProvider engine() {
    for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
        PolicySource.class.getClassLoader()}) {
      if (loader == null) {
        continue;
      }
      for (PolicyEngineProvider p : ServiceLoader.load(PolicyEngineProvider.class, loader)) {
        if (p.source() == this) {
          return p;
        }
      }
    }
    throw new AccessException("Cannot decide access with " + word + " policies: the module io.sluice:"
        + module.orElseThrow() + " is not on the class path; add it to the job's dependencies (README.md,"
        + " Apache Ranger)");
  }
}
