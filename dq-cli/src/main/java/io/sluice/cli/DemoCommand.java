package io.sluice.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice demo}: the medallion example of rule-examples on its bundled sample data. */
@Command(name = "demo",
    mixinStandardHelpOptions = true,
    description = {"Run the e-commerce lakehouse of rule-examples on bundled sample data: landing -> bronze -> silver"
        + " (checked, quarantined, protected, audited) -> gold (average ticket, customer lifetime value, churn rate).",
        "Prints, per layer, rows in / valid / quarantined, the top failing checks and where the outputs are."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--dir", defaultValue = "target/sluice-demo", paramLabel = "DIR",
      description = "Where the demo writes its lakehouse (reset on each run; default: ${DEFAULT-VALUE}).")
  Path dir;

  @CommandLine.Mixin
  SparkOptions spark = new SparkOptions();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return DemoRun.run(dir, spark, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
