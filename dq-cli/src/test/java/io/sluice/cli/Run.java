package io.sluice.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

/** One run of the {@code sluice} command in this JVM, as the tests see it: its exit code and what it printed. */
record Run(int exit, String out, String err) {

  static Run sluice(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Sluice.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** The lint-style {@code file:line:column: error: …} lines of standard output. */
  List<String> errorLines() {
    return Arrays.stream(out.split("\\R")).filter(l -> l.contains(": error: ")).toList();
  }
}
