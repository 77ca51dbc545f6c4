package io.sluice.contract;

import java.util.List;
import java.util.stream.Collectors;

/** A contract that cannot be used: carries every problem found, each with its location. */
public class ContractException extends SluiceException {
  private final transient List<Problem> problems;

  public ContractException(List<Problem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String render(List<Problem> problems) {
    String all = problems.stream().map(Problem::render).collect(Collectors.joining(System.lineSeparator()));
    return problems.size() == 1 ? all : problems.size() + " problems:" + System.lineSeparator() + all;
  }
}
