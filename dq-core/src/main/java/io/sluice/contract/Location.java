package io.sluice.contract;

/** A place in a contract file, 1-based, printed as {@code file:line:column} like compilers do. */
public record Location(String file, int line, int column) {

  public static Location of(String file) {
    return new Location(file, 1, 1);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
