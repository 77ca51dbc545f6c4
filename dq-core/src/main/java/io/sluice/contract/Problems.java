package io.sluice.contract;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a file, so a user sees all of them at once rather than one per run. */
public final class Problems {
  private final List<Problem> list = new ArrayList<>();

  public void add(Problem.Kind kind, Location where, String message, String hint) {
    list.add(new Problem(kind, where, message, hint));
  }

  /** A problem whose fix also needs {@code remedy}, outside the contract. */
  public void add(Problem.Kind kind, Location where, String message, String hint, Remedy remedy) {
    list.add(new Problem(kind, where, message, hint, java.util.Optional.of(remedy)));
  }

  /** A problem of kind {@link Problem.Kind#INVALID_VALUE}; rule catalogs should name the kind. */
  public void add(Location where, String message, String hint) {
    add(Problem.Kind.INVALID_VALUE, where, message, hint);
  }

  public void addAll(List<Problem> problems) {
    list.addAll(problems);
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  public int size() {
    return list.size();
  }

  public List<Problem> sorted() {
    return list.stream().sorted(Problem.BY_PLACE).distinct().toList();
  }
}
