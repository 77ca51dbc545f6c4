package io.sluice.bench;

import io.sluice.cli.Sluice;
import io.sluice.cli.SparkOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice bench}: times, in one JVM and taking turns after a warm-up, (a) a plain Parquet read and
 * write, (b) a transition with 10 row checks and a unique key, (b') the same without the key, and (c) the
 * Deequ way (one VerificationSuite, row-level results, the split written); with {@code --fork}, each variant in a JVM
 * of its own. With {@code --encrypt}, the
 * variants of {@link EncryptBenchmark} instead; with {@code --reference}, {@link ReferenceBenchmark}'s. Not a test: figures for docs/benchmarks.md.
 *
 * <p>Not part of the CLI's jar: {@code ./sluice bench ARGS} runs this class with {@code sluice.jar} and this module's
 * jar on the class path, so the benchmark runs the engine exactly as the CLI ships it.
 */
@Command(name = "sluice bench",
    mixinStandardHelpOptions = true,
    description = "Benchmark enforcement against a plain read+write and the Deequ way (see docs/benchmarks.md).")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--rows", split = ",", defaultValue = "1000000", paramLabel = "N",
      description = "Row counts to generate and time (comma-separated; default: ${DEFAULT-VALUE}).")
  List<Long> rows;

  @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds per variant (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--warmup", defaultValue = "1", paramLabel = "K",
      description = "Untimed rounds per variant before the timed ones (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--dir", defaultValue = "target/bench", paramLabel = "DIR",
      description = "Where the generated data and the outputs go (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--variants", split = ",", defaultValue = "a,b,b',c",
      description = "Which variants to time (also: o, (b) without offending values; i, (b) without metrics history and"
          + " offending values; l, (b) with OpenLineage events to a file; t, v, n: diagnostics; with"
          + " --encrypt: p,s,g,e, the default).")
  List<String> variants;

  @Option(names = "--fork", arity = "0..1", fallbackValue = "1", defaultValue = "0", paramLabel = "K",
      description = "Run each variant in a JVM of its own (with this JVM's options), all alive, still taking turns;"
          + " K such sets of JVMs one after another, their rounds pooled (default without K: 1).")
  int forks;

  /** Set in the JVM {@code --fork} starts for one variant: which it runs, on how many rows. */
  @Option(names = "--serve", hidden = true)
  String serve;

  @Option(names = "--serve-rows", hidden = true)
  long serveRows;

  @Option(names = "--encrypt", description = "Time deterministic encryption of one column against Spark's aes_encrypt.")
  boolean encrypt;

  @Option(names = "--incremental",
      description = "Time a run over a folder of 100 files, then the run after one more file was added, instead.")
  boolean incremental;

  @Option(names = "--checks", split = ",", paramLabel = "N",
      description = "Time validations with N row checks each (e.g. 10,100,1000,2000) on the same data, instead.")
  List<Integer> checks = new ArrayList<>();

  @Option(names = "--reference", paramLabel = "K",
      description = "Time validations with and without a references check against a dataset of K keys, instead.")
  long reference;

  @CommandLine.Mixin
  SparkOptions spark = new SparkOptions();

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(Sluice.execute(new BenchCommand(), new PrintWriter(System.out, true), new PrintWriter(System.err, true),
        args));
  }

  @Override
  public Integer call() throws Exception {
    if (forks > 0 && (encrypt || !checks.isEmpty() || reference > 0 || incremental)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--fork times the enforcement variants only; leave it out with --encrypt, --checks, --reference or --incremental");
    }
    if (encrypt) {
      boolean chosen = spec.commandLine().getParseResult().hasMatchedOption("--variants");
      return EncryptBenchmark.run(this, chosen ? variants : List.of(EncryptBenchmark.DEFAULT_VARIANTS.split(",")),
          spec.commandLine().getOut());
    }
    if (!checks.isEmpty()) {
      return ChecksBenchmark.run(this, spec.commandLine().getOut());
    }
    if (reference > 0) {
      return ReferenceBenchmark.run(this, spec.commandLine().getOut());
    }
    if (incremental) {
      return IncrementalBenchmark.run(this, spec.commandLine().getOut());
    }
    return EnforceBenchmark.run(this, spec.commandLine().getOut());
  }
}
