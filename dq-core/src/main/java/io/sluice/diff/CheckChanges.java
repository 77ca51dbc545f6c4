package io.sluice.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * How the changes of each check kind compare: the rule catalog (dq-rules) registers one with
 * {@link ServiceLoader}, so dq-core never depends on the module that defines the kinds. A kind no registered
 * instance knows is judged as {@link ArgumentChange#BOUNDS}.
 */
public interface CheckChanges {
  /** How changes to the arguments of checks of kind {@code kind} compare, if this instance knows the kind. */
  Optional<ArgumentChange> of(String kind);

  /** Every instance registered on this class loader, asked in turn. */
  static CheckChanges discovered() {
    List<CheckChanges> found = new ArrayList<>();
    ServiceLoader.load(CheckChanges.class, CheckChanges.class.getClassLoader()).forEach(found::add);
    return kind -> found.stream().map(c -> c.of(kind)).flatMap(Optional::stream).findFirst();
  }

  /** How checks of {@code kind} compare: as this instance says, else as bounds. */
  default ArgumentChange judged(String kind) {
    return of(kind).orElse(ArgumentChange.BOUNDS);
  }
}
