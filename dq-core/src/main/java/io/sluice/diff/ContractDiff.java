package io.sluice.diff;

import io.sluice.contract.Contract;
import io.sluice.contract.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The changes of one contract file between two versions, and whether its version says so: a change
 * that breaks consumers needs a major bump, any change needs some bump, and a version never goes down.
 * A file only present in the new version is {@code added}; one only present in the old is {@code removed}.
 *
 * @param file the file as the user named it
 */
public record ContractDiff(String file, Optional<Contract> before, Optional<Contract> after, List<Finding> findings) {

  public ContractDiff {
    findings = List.copyOf(findings);
  }

  /** What happened to the file. */
  public enum Change { MODIFIED, ADDED, REMOVED }

  /** The changes between two versions, the check kinds' changes compared as the registered {@link CheckChanges} say. */
  public static ContractDiff between(String file, Contract before, Contract after) {
    return between(file, before, after, CheckChanges.discovered());
  }

  public static ContractDiff between(String file, Contract before, Contract after, CheckChanges kinds) {
    return new ContractDiff(file, Optional.of(before), Optional.of(after), ContractChanges.between(before, after, kinds));
  }

  public static ContractDiff added(String file, Contract after, String note) {
    return new ContractDiff(file, Optional.empty(), Optional.of(after), List.of(new Finding(Rule.CONTRACT_ADDED,
        Breaks.NOBODY, after.id(), Optional.empty(), "new contract " + after.id() + " " + after.version() + note,
        after.locationOf("id").orElse(Location.of(after.file())), Finding.Side.AFTER)));
  }

  public static ContractDiff removed(String file, Contract before) {
    return new ContractDiff(file, Optional.of(before), Optional.empty(), List.of(new Finding(Rule.CONTRACT_REMOVED,
        Breaks.CONSUMERS, before.id(), Optional.empty(), "contract " + before.id() + " " + before.version()
            + " was removed: its consumers lose their promise", before.locationOf("id").orElse(Location.of(before.file())),
        Finding.Side.BEFORE)));
  }

  public Change change() {
    return before.isEmpty() ? Change.ADDED : after.isEmpty() ? Change.REMOVED : Change.MODIFIED;
  }

  public String id() {
    return after.or(() -> before).orElseThrow().id();
  }

  /** The smallest bump the findings need. */
  public Bump requiredBump() {
    Bump b = Bump.NONE;
    for (Finding f : findings) {
      b = b.atLeast(f.bump());
    }
    return b;
  }

  /** The bump the new version declares; empty for an added or removed file, or a version that went down. */
  public Optional<Bump> declaredBump() {
    if (change() != Change.MODIFIED || versionWentDown()) {
      return Optional.empty();
    }
    return Optional.of(Bump.between(before.get().version(), after.get().version()));
  }

  public boolean versionWentDown() {
    return change() == Change.MODIFIED && after.get().version().compareTo(before.get().version()) < 0;
  }

  /** Why the change is refused, each with what to do; empty when its version matches its changes. */
  public List<String> refusals() {
    List<String> why = new ArrayList<>();
    if (change() == Change.REMOVED) {
      why.add("contract " + id() + " was removed: consumers relied on it; keep it (deprecate it in its description) until "
          + "no consumer reads it, then remove it in a change that CI approves by hand");
      return why;
    }
    if (change() == Change.ADDED) {
      return why;
    }
    var vb = before.get().version();
    var va = after.get().version();
    Bump required = requiredBump();
    if (versionWentDown()) {
      why.add("version went down from " + vb + " to " + va + ": a version must not go down; declare "
          + required.atLeast(Bump.PATCH).next(vb) + " or later");
      return why;
    }
    Bump declared = declaredBump().orElseThrow();
    if (declared == Bump.NONE && required != Bump.NONE) {
      why.add("the contract changed but its version is still " + va + ": declare " + required.next(vb)
          + " (the changes need a " + required.word() + " bump)");
    } else if (declared.compareTo(required) < 0) {
      String reason = required == Bump.MAJOR ? count(Breaks.CONSUMERS) + " change(s) break consumers"
          : "the contract gained or tightened promises";
      why.add(reason + ": that needs a " + required.word() + " bump, but " + vb + " -> " + va + " is a "
          + declared.word() + " bump; declare " + required.next(vb)
          + (required == Bump.MAJOR ? ", or keep the old promise (add instead of change)" : ""));
    }
    return why;
  }

  public long count(Breaks breaks) {
    return findings.stream().filter(f -> f.breaks() == breaks).count();
  }

  /** True when this file's change passes the gate; with {@code failOnProducers}, producer findings fail it too. */
  public boolean passes(boolean failOnProducers) {
    return refusals().isEmpty() && !(failOnProducers && count(Breaks.PRODUCERS) > 0);
  }
}
