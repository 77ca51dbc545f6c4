package io.sluice.bench;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import io.sluice.cli.SparkRuns;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.spark.Format;
import io.sluice.spark.Transition;
import io.sluice.spark.TransitionResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;

/** The benchmark behind {@code sluice bench}; see {@link BenchCommand}. */
final class EnforceBenchmark {
  /** What both benchmark contracts begin with: the dataset, up to its columns. */
  private static final String HEADER = """
      apiVersion: sluice/v1
      kind: DataContract
      id: bench_orders
      version: 1.0.0
      layer: silver
      source: bronze
      columns:
      """;

  /** 10 row checks; with {@code unique: true} on order_id for (b). */
  static final String CONTRACT = HEADER + """
        - {name: order_id, type: string%s}
        - {name: customer_id, type: string, required: true}
        - {name: amount, type: 'decimal(12,2)', checks: [{range: {min: 0, max: 100000}}]}
        - {name: discount, type: 'decimal(12,2)', checks: [{range: {min: 0}}]}
        - {name: currency, type: string, checks: [{allowed_values: [EUR, USD, GBP]}]}
        - {name: status, type: string, checks: [{allowed_values: [PLACED, SHIPPED, DELIVERED, CANCELLED]}]}
        - {name: country, type: string, checks: [{pattern: '^[A-Z]{2}$'}, {length: {min: 2, max: 2}}]}
        - {name: items, type: int, checks: [{range: {min: 1, max: 500}}]}
        - {name: email, type: string, checks: [{pattern: '^[^@]+@[^@]+$'}]}
        - {name: ordered_at, type: timestamp}
      checks:
        - {name: discount_le_amount, expression: 'discount <= amount'}
      """;

  /**
   * The same columns and types with no check at all: the diagnostic variant (t) times the transition's own
   * machinery (typed read, split write, counts, staging, commit, audit) without the cost of checking.
   */
  static final String NO_CHECKS = HEADER + """
        - {name: order_id, type: string}
        - {name: customer_id, type: string}
        - {name: amount, type: 'decimal(12,2)'}
        - {name: discount, type: 'decimal(12,2)'}
        - {name: currency, type: string}
        - {name: status, type: string}
        - {name: country, type: string}
        - {name: items, type: int}
        - {name: email, type: string}
        - {name: ordered_at, type: timestamp}
      """;

  private static final boolean STAGES = Boolean.getBoolean("sluice.bench.stages");

  private EnforceBenchmark() {}

  /** Every variant, in the order they take turns; {@code --variants} picks some. */
  static final List<String> VARIANTS = List.of("a", "b", "b'", "c", "o", "i", "l", "t", "v", "n");
  /** What starts the lines a variant's own JVM ({@code --fork}) answers on: the rest of its output is Spark's. */
  private static final String ANSWER = "@sluice-bench ";

  static int run(BenchCommand c, PrintWriter out) throws IOException {
    if (c.serve != null) {
      return serve(c, out);
    }
    List<String> order = new ArrayList<>(VARIANTS);
    order.retainAll(c.variants);
    InProcess here = c.forks > 0 ? null : new InProcess(c);
    if (here != null) {
      out.printf(Locale.ROOT, "sluice bench: %s%n", machine(here.spark));
    }
    for (long n : c.rows) {
      Map<String, List<Double>> seconds = new LinkedHashMap<>();
      Map<String, List<Double>> cpu = new LinkedHashMap<>();
      // With --fork=K, K sets of JVMs one after another, their rounds pooled: a JVM's compiled code differs from one
      // start to the next, and so does its speed for its whole life.
      for (int f = 0; f < Math.max(1, c.forks); f++) {
        Map<String, List<Double>> setSeconds = new LinkedHashMap<>();
        Map<String, List<Double>> setCpu = new LinkedHashMap<>();
        try (Variants variants = c.forks > 0 ? Forked.start(c, n, order, f == 0, out) : here.on(n, order)) {
          time(c, n, order, variants, out, setSeconds, setCpu);
        }
        if (c.forks > 1) { // each set's own ratios: how far one start of the JVMs is from the next
          out.printf(Locale.ROOT, "  set %d of %d:", f + 1, c.forks);
          for (Ratio r : RATIOS) {
            if (setSeconds.containsKey(r.x()) && setSeconds.containsKey(r.y())) {
              out.printf(Locale.ROOT, "  %s %.2f (fastest rounds %.2f)", r.x() + "/" + r.y(),
                  median(setSeconds.get(r.x())) / median(setSeconds.get(r.y())),
                  fastest(setSeconds.get(r.x()), setSeconds.get(r.y())));
            }
          }
          out.println();
        }
        setSeconds.forEach((v, t) -> seconds.computeIfAbsent(v, x -> new ArrayList<>()).addAll(t));
        setCpu.forEach((v, t) -> cpu.computeIfAbsent(v, x -> new ArrayList<>()).addAll(t));
      }
      summarize(c, n, order, seconds, cpu, out);
    }
    return io.sluice.cli.Sluice.OK;
  }

  /** The variants of one size, each run once per call and timed: {wall seconds, executor CPU seconds}. */
  private interface Variants extends AutoCloseable {
    double[] time(String variant);

    @Override
    void close();
  }

  /** The warm-up rounds, then the timed rounds, whose times are added to {@code seconds} and {@code cpu}. */
  private static void time(BenchCommand c, long n, List<String> order, Variants variants, PrintWriter out,
      Map<String, List<Double>> seconds, Map<String, List<Double>> cpu) {
    Path outs = c.dir.resolve("out");
    out.printf(Locale.ROOT, "%,d rows: warm-up, %d round(s)%n", n, c.warmup);
    out.flush();
    for (int round = -c.warmup; round < c.rounds; round++) {
      boolean warm = round < 0;
      for (int k = 0; k < order.size(); k++) {
        String v = order.get(Math.floorMod(k + round, order.size())); // taking turns: each variant leads once
        double[] t = variants.time(v);
        if (warm) {
          out.printf(Locale.ROOT, "  warm-up %d  %-3s %8.2f s   (executor CPU %7.2f s)%n", round + c.warmup + 1, v, t[0],
              t[1]);
          out.flush();
          continue;
        }
        seconds.computeIfAbsent(v, x -> new ArrayList<>()).add(t[0]);
        cpu.computeIfAbsent(v, x -> new ArrayList<>()).add(t[1]);
        out.printf(Locale.ROOT, "  round %d  %-3s %8.2f s   (executor CPU %7.2f s)%n", round + 1, v, t[0], t[1]);
        out.flush();
      }
      deleteTree(outs);
    }
  }

  /** The medians of the timed rounds, and the ratios judged against their targets. */
  private static void summarize(BenchCommand c, long n, List<String> order, Map<String, List<Double>> seconds,
      Map<String, List<Double>> cpu, PrintWriter out) {
    Map<String, Double> median = new LinkedHashMap<>();
    Map<String, Double> cpuMedian = new LinkedHashMap<>();
    for (String v : order) {
      median.put(v, median(seconds.get(v)));
      cpuMedian.put(v, median(cpu.get(v)));
    }
    out.printf(Locale.ROOT, "%,d rows, medians of %d rounds%s:%n", n, seconds.get(order.get(0)).size(), c.forks == 0 ? ""
        : c.forks == 1 ? ", each variant in its own JVM" : ", each variant in " + c.forks + " JVMs of its own, one after another");
    median.forEach((v, s) -> out.printf(Locale.ROOT, "  %-3s %8.2f s   (executor CPU %7.2f s)%n", v, s, cpuMedian.get(v)));
    for (Ratio r : RATIOS) {
      ratio(out, r.x(), r.y(), r.target(), median, cpuMedian, seconds, cpu);
    }
    out.flush();
  }

  /** A ratio the command prints, x/y, and its target (NaN: a diagnostic, no target). */
  private record Ratio(String x, String y, double target) {}

  private static final List<Ratio> RATIOS = List.of(new Ratio("b", "a", 1.8), new Ratio("b'", "a", 1.2),
      new Ratio("b", "c", 0.5), new Ratio("t", "a", Double.NaN), new Ratio("b", "o", 1.1), new Ratio("b", "i", 1.1),
      new Ratio("l", "b", 1.1),
      new Ratio("l", "i", 1.1)); // all that tells about a run: history, offending values, lineage

  /**
   * A variant's own JVM ({@code --serve V}, started by {@code --fork}): it generates the data when missing, says it is
   * ready, then runs its variant each time it reads {@code run} and answers with the times, until {@code quit}.
   */
  private static int serve(BenchCommand c, PrintWriter out) throws IOException {
    InProcess here = new InProcess(c);
    try (Variants variants = here.on(c.serveRows, List.of(c.serve))) {
      out.println(ANSWER + "ready " + ProcessHandle.current().pid() + " " + machine(here.spark));
      out.flush();
      java.io.BufferedReader in = new java.io.BufferedReader(
          new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null && line.equals("run"); line = in.readLine()) {
        double[] t = variants.time(c.serve);
        out.printf(Locale.ROOT, "%sdone %s %s%n", ANSWER, t[0], t[1]);
        out.flush();
      }
    }
    return io.sluice.cli.Sluice.OK;
  }

  /**
   * Each variant in a JVM of its own, started with this JVM's options and class path and this command's arguments, all
   * of them alive while the variants take turns: none runs code the JIT compiled for another's branches, as in
   * production, where a job either keeps a metrics history or does not.
   */
  private static final class Forked implements Variants {
    private final Map<String, Process> jvms = new LinkedHashMap<>();

    /** Starts a JVM for each variant of {@code order}; {@code first}: the first set, whose first JVM names the machine. */
    static Forked start(BenchCommand c, long n, List<String> order, boolean first, PrintWriter out) throws IOException {
      Forked forked = new Forked();
      try {
        for (String v : order) { // one after the other: the first generates the data the others then find
          List<String> command = new ArrayList<>();
          command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
          command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
          command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchCommand.class.getName()));
          List<String> args = c.spec.commandLine().getParseResult().originalArgs();
          for (int i = 0; i < args.size(); i++) { // all but --fork[=K] (or --fork K)
            if (args.get(i).equals("--fork")) {
              i += i + 1 < args.size() && args.get(i + 1).matches("[0-9]+") ? 1 : 0;
            } else if (!args.get(i).startsWith("--fork=")) {
              command.add(args.get(i));
            }
          }
          command.addAll(List.of("--serve", v, "--serve-rows", Long.toString(n)));
          Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
          forked.jvms.put(v, p);
          String[] ready = forked.answer(v).split(" ", 3); // ready PID MACHINE
          if (first && v.equals(order.get(0))) {
            out.printf(Locale.ROOT, "sluice bench: %s%n", ready[2]);
          }
          out.printf(Locale.ROOT, "  %-3s runs in JVM %s%n", v, ready[1]);
        }
      } catch (RuntimeException | IOException e) {
        forked.close();
        throw e;
      }
      return forked;
    }

    @Override
    public double[] time(String variant) {
      Process p = jvms.get(variant);
      try {
        p.getOutputStream().write("run\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().flush();
      } catch (IOException e) {
        throw ended(variant, p);
      }
      String[] done = answer(variant).split(" ");
      return new double[] {Double.parseDouble(done[1]), Double.parseDouble(done[2])};
    }

    /** The next answer of {@code variant}'s JVM, without its prefix; what else it prints goes to this one's error. */
    private String answer(String variant) {
      Process p = jvms.get(variant);
      try {
        java.io.BufferedReader in = p.inputReader(java.nio.charset.StandardCharsets.UTF_8);
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.startsWith(ANSWER)) {
            return line.substring(ANSWER.length());
          }
          System.err.println(line);
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      throw ended(variant, p);
    }

    /** The error of a variant's JVM that ended: its exit code (137: killed, as the kernel does when memory runs out). */
    private static IllegalStateException ended(String variant, Process p) {
      try {
        p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      String exit = p.isAlive() ? "still running" : "exit code " + p.exitValue();
      return new IllegalStateException("the JVM of variant " + variant + " ended before answering (" + exit
          + "; its error output is above): each variant's JVM takes this one's heap options, so N variants need N heaps"
          + " beside this one's, all N + 1 resident when -XX:+AlwaysPreTouch is among them");
    }

    @Override
    public void close() {
      for (Process p : jvms.values()) {
        try {
          p.getOutputStream().write("quit\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
          p.getOutputStream().close();
          if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        } catch (IOException e) {
          p.destroyForcibly();
        } catch (InterruptedException e) {
          p.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** This JVM's session, counting its executors' CPU time, and the variants it runs itself. */
  private static final class InProcess {
    final SparkSession spark;
    /** Executor CPU time beside wall time: on a shared machine, CPU seconds move less with other load. */
    final java.util.concurrent.atomic.AtomicLong cpuNanos = new java.util.concurrent.atomic.AtomicLong();
    final BenchCommand c;

    InProcess(BenchCommand c) {
      this.c = c;
      this.spark = session(c);
      spark.sparkContext().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
        @Override
        public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
          if (end.taskMetrics() != null) {
            cpuNanos.addAndGet(end.taskMetrics().executorCpuTime());
          }
        }

        @Override
        public void onStageCompleted(org.apache.spark.scheduler.SparkListenerStageCompleted done) {
          if (STAGES) { // -Dsluice.bench.stages=true: where a variant's time goes, stage by stage
            var i = done.stageInfo();
            var m = i.taskMetrics();
            System.err.printf(Locale.ROOT, "    %5d..%5d stage %d %-40.40s tasks %3d  wall %6d ms  run %6d ms  cpu %6d ms  in %,d  out %,d%n",
                (long) i.submissionTime().getOrElse(() -> 0L) % 100_000, (long) i.completionTime().getOrElse(() -> 0L) % 100_000,
                i.stageId(), i.name(), i.numTasks(),
                (long) i.completionTime().getOrElse(() -> 0L) - (long) i.submissionTime().getOrElse(() -> 0L),
                m.executorRunTime(), m.executorCpuTime() / 1_000_000, m.inputMetrics().recordsRead(),
                m.outputMetrics().recordsWritten());
          }
        }
      });
    }

    /** The variants of {@code order} on {@code n} generated orders, run here. */
    Variants on(long n, List<String> order) throws IOException {
      Files.createDirectories(c.dir);
      Path contracts = c.dir.resolve("contracts");
      Files.createDirectories(contracts);
      Files.writeString(contracts.resolve("with-key.yaml"), String.format(CONTRACT, ", unique: true"));
      Files.writeString(contracts.resolve("without-key.yaml"), String.format(CONTRACT, ""));
      Files.writeString(contracts.resolve("no-checks.yaml"), NO_CHECKS);
      Contract withKey = ContractLoader.withDiscoveredValidators().load(contracts.resolve("with-key.yaml"));
      Contract withoutKey = ContractLoader.withDiscoveredValidators().load(contracts.resolve("without-key.yaml"));
      Contract noChecks = ContractLoader.withDiscoveredValidators().load(contracts.resolve("no-checks.yaml"));
      String input = generate(spark, c.dir, n);
      Map<String, Runnable> variants = new LinkedHashMap<>();
      int[] counter = {0};
      Path outs = c.dir.resolve("out");
      variants.put("a", () -> spark.read().parquet(input).write().parquet(fresh(outs, "a", counter)));
      variants.put("b", () -> transition(spark, withKey, input, fresh(outs, "b", counter), c.dir));
      variants.put("b'", () -> transition(spark, withoutKey, input, fresh(outs, "bp", counter), c.dir));
      variants.put("c", () -> deequ(spark, input, fresh(outs, "c", counter)));
      // (b) without counting offending values: what they cost (not in the default set).
      variants.put("o", () -> withoutOffendingValues(spark,
          () -> transition(spark, withKey, input, fresh(outs, "o", counter), c.dir)));
      // (b) without what tells about a run: no metrics history (nor the column statistics it measures) and no
      // offending values; and (b) that also sends OpenLineage events to a file. b/i and l/b are their costs.
      variants.put("i", () -> withConf(spark, Map.of(io.sluice.spark.Enforcement.OFFENDING_VALUES, "false",
          Transition.METRICS_HISTORY, "false"), () -> transition(spark, withKey, input, fresh(outs, "i", counter), c.dir)));
      variants.put("l", () -> transition(spark, withKey, input, fresh(outs, "l", counter), c.dir,
          t -> t.lineage(io.sluice.lineage.OpenLineageRuns.toFile(c.dir.resolve("lineage.jsonl")))));
      // Diagnostics, not in the default set: the transition with no check, the checks alone (no write) and a
      // plain scan (no write).
      variants.put("t", () -> transition(spark, noChecks, input, fresh(outs, "t", counter), c.dir));
      variants.put("v", () -> io.sluice.spark.Sluice.enforce(withoutKey).on(spark.read().parquet(input)).validate());
      variants.put("n", () -> spark.read().parquet(input).write().format("noop").mode("overwrite").save());
      variants.keySet().retainAll(order);
      return new Variants() {
        @Override
        public double[] time(String v) {
          drainListeners(spark);
          cpuNanos.set(0);
          long t0 = System.nanoTime();
          variants.get(v).run();
          double s = (System.nanoTime() - t0) / 1e9;
          drainListeners(spark);
          return new double[] {s, cpuNanos.get() / 1e9};
        }

        @Override
        public void close() {
          // the session is this JVM's, for the next size
        }
      };
    }
  }

  /** Waits until Spark's listeners have seen every finished task, so the CPU count is the variant's own. */
  private static void drainListeners(SparkSession spark) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain", e);
    }
  }

  /**
   * The ratio of two variants' median wall times, judged against the target (NaN: a diagnostic, no target),
   * beside it the ratio of their median executor CPU times (which other load on a shared machine moves less),
   * and the ratios round by round (the two runs of a round are close in time, so a slow spell of a shared
   * machine tends to hit both): their median and range.
   */
  private static void ratio(PrintWriter out, String x, String y, double target, Map<String, Double> wall,
      Map<String, Double> cpu, Map<String, List<Double>> rounds, Map<String, List<Double>> cpuRounds) {
    if (wall.containsKey(x) && wall.containsKey(y)) {
      double r = wall.get(x) / wall.get(y);
      double[] paired = pairedRatios(rounds.get(x), rounds.get(y));
      String verdict = Double.isNaN(target) ? "no target"
          : String.format(Locale.ROOT, "target <= %.1f: %s", target, r <= target ? "met" : "missed");
      double fastest = fastest(rounds.get(x), rounds.get(y));
      double fastestCpu = fastest(cpuRounds.get(x), cpuRounds.get(y));
      out.printf(Locale.ROOT, "  %-5s %5.2f  (%s; executor CPU %.2f; round by round %.2f, %.2f-%.2f;"
              + " fastest rounds %.2f, CPU %.2f)%n",
          x + "/" + y, r, verdict, cpu.get(x) / cpu.get(y), paired[1], paired[0], paired[2], fastest, fastestCpu);
    }
  }

  /** The ratio of the fastest rounds: what a shared machine's other load adds to a round, it never takes away. */
  private static double fastest(List<Double> x, List<Double> y) {
    return java.util.Collections.min(x) / java.util.Collections.min(y);
  }

  /** Per round, {@code x[i] / y[i]}: the lowest, the median and the highest of these ratios. */
  static double[] pairedRatios(List<Double> x, List<Double> y) {
    if (x.size() != y.size() || x.isEmpty()) {
      throw new IllegalArgumentException("paired ratios need as many rounds of each variant, at least one");
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < x.size(); i++) {
      ratios.add(x.get(i) / y.get(i));
    }
    return new double[] {java.util.Collections.min(ratios), median(ratios), java.util.Collections.max(ratios)};
  }

  private static void withoutOffendingValues(SparkSession spark, Runnable run) {
    withConf(spark, Map.of(io.sluice.spark.Enforcement.OFFENDING_VALUES, "false"), run);
  }

  /** Runs {@code run} with {@code conf} set on the session, then unsets it. */
  private static void withConf(SparkSession spark, Map<String, String> conf, Runnable run) {
    conf.forEach((k, v) -> spark.conf().set(k, v));
    try {
      run.run();
    } finally {
      conf.keySet().forEach(k -> spark.conf().unset(k));
    }
  }

  private static void transition(SparkSession spark, Contract contract, String input, String target, Path dir) {
    transition(spark, contract, input, target, dir, t -> t);
  }

  private static void transition(SparkSession spark, Contract contract, String input, String target, Path dir,
      java.util.function.UnaryOperator<Transition> also) {
    TransitionResult r = also.apply(Transition.of(contract).from(input, Format.PARQUET).to(target)
        .quarantineTo(target + "-q").auditTo(dir.resolve("audit"))).run(spark);
    if (!r.committed()) {
      throw new IllegalStateException("the benchmark's transition did not commit: " + r.audit().reason().orElse(""));
    }
  }

  /** The Deequ way, done well: one VerificationSuite, its row-level results, the split written. */
  private static void deequ(SparkSession spark, String input, String target) {
    Dataset<Row> df = spark.read().parquet(input);
    Option<String> none = Option.empty();
    Function1<Object, Object> isOne = one();
    List<Check> checks = List.of(
        check("order_id.unique").isUnique("order_id", none, Option.empty()),
        check("customer_id.required").isComplete("customer_id", none, Option.empty()),
        check("amount.range").isContainedIn("amount", 0, 100000, true, true, none, Option.empty()),
        check("discount.range").satisfies("discount IS NULL OR discount >= 0", "discount.range", isOne, none,
            scala.collection.immutable.List$.MODULE$.empty(), Option.empty()),
        check("currency.allowed_values").isContainedIn("currency", new String[] {"EUR", "USD", "GBP"}),
        check("status.allowed_values").isContainedIn("status", new String[] {"PLACED", "SHIPPED", "DELIVERED", "CANCELLED"}),
        check("country.pattern").hasPattern("country", new scala.util.matching.Regex("^[A-Z]{2}$", seq()), isOne, none, none, Option.empty()),
        check("country.length").hasMaxLength("country", lengthTwo(), none, Option.empty()),
        check("items.range").isContainedIn("items", 1, 500, true, true, none, Option.empty()),
        check("email.pattern").hasPattern("email", new scala.util.matching.Regex("^[^@]+@[^@]+$", seq()), isOne, none, none, Option.empty()),
        check("discount_le_amount").satisfies("discount IS NULL OR amount IS NULL OR discount <= amount",
            "discount_le_amount", isOne, none, scala.collection.immutable.List$.MODULE$.empty(), Option.empty()));
    VerificationResult result = new VerificationSuite().onData(df)
        .addChecks(JavaConverters.asScalaBuffer(new ArrayList<>(checks)).toSeq()).run();
    Dataset<Row> rows = VerificationResult.rowLevelResultsAsDataFrame(spark, result, df);
    Column ok = lit(true);
    for (Check ch : checks) {
      ok = ok.and(coalesce(col("`" + ch.description() + "`"), lit(true)));
    }
    Dataset<Row> flagged = rows.withColumn("__ok", ok);
    flagged.where(col("__ok")).select(df.columns()[0], java.util.Arrays.copyOfRange(df.columns(), 1, df.columns().length))
        .write().parquet(target);
    flagged.where(not(col("__ok"))).drop("__ok").write().parquet(target + "-q");
  }

  private static Check check(String name) {
    return new Check(CheckLevel.Error(), name, seq());
  }

  private static <T> scala.collection.Seq<T> seq() {
    return JavaConverters.asScalaBuffer(new ArrayList<T>()).toSeq();
  }

  @SuppressWarnings("unchecked")
  private static Function1<Object, Object> one() {
    return (Function1<Object, Object> & java.io.Serializable) v -> ((Double) v) == 1.0;
  }

  @SuppressWarnings("unchecked")
  private static Function1<Object, Object> lengthTwo() {
    return (Function1<Object, Object> & java.io.Serializable) v -> ((Double) v) <= 2.0;
  }

  /** N synthetic orders with about 2% defects, 0.1% duplicate ids; generated once per N and kept. */
  static String generate(SparkSession spark, Path dir, long n) {
    Path data = dir.resolve("orders-" + n + ".parquet");
    if (Files.isDirectory(data) && Files.exists(data.resolve("_SUCCESS"))) {
      return data.toString();
    }
    spark.range(0, n, 1, Math.max(2, (int) (n / 1_000_000) * 2)).selectExpr(
            "CASE WHEN id % 1000 = 7 THEN concat('ORD-', lpad(CAST(id - 1 AS STRING), 9, '0')) "
                + "ELSE concat('ORD-', lpad(CAST(id AS STRING), 9, '0')) END AS order_id",
            "CASE WHEN id % 211 = 3 THEN NULL ELSE concat('C', CAST(pmod(hash(id), 50000) AS STRING)) END AS customer_id",
            "CAST(CASE WHEN id % 397 = 5 THEN -1 ELSE pmod(hash(id, 1), 1000000) / 100.0 END AS DECIMAL(12,2)) AS amount",
            "CAST(pmod(hash(id, 2), 500) / 100.0 AS DECIMAL(12,2)) AS discount",
            "element_at(array('EUR', 'USD', 'GBP', 'EUR', 'XXX'), CAST(CASE WHEN id % 499 = 1 THEN 5 ELSE pmod(id, 4) + 1 END AS INT)) AS currency",
            "element_at(array('PLACED', 'SHIPPED', 'DELIVERED', 'CANCELLED'), CAST(pmod(id, 4) + 1 AS INT)) AS status",
            "CASE WHEN id % 601 = 9 THEN 'fra' ELSE element_at(array('FR', 'DE', 'US', 'GB', 'ES'), CAST(pmod(id, 5) + 1 AS INT)) END AS country",
            "CAST(CASE WHEN id % 797 = 11 THEN 0 ELSE pmod(id, 20) + 1 END AS INT) AS items",
            "CASE WHEN id % 853 = 13 THEN 'nobody' ELSE concat('user', CAST(id AS STRING), '@example.com') END AS email",
            "timestamp_seconds(1767225600 + id % 31536000) AS ordered_at")
        .write().mode("overwrite").parquet(data.toString());
    return data.toString();
  }

  private static String fresh(Path outs, String name, int[] counter) {
    return outs.resolve(name + "-" + (++counter[0])).toString();
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Comparator.naturalOrder());
    int m = s.size() / 2;
    return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
  }

  static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The session the CLI's commands run on ({@code --master}, {@code --conf}, the CLI's defaults), so that the figures
   * are those of {@code sluice enforce}. On a cluster the executors get this module's jar beside {@code sluice.jar},
   * which the session ships itself.
   */
  static SparkSession session(BenchCommand c) {
    SparkSession spark = SparkRuns.session(c.spark, c.spec.commandLine().getErr());
    String master = spark.sparkContext().master();
    boolean local = master.equals("local") || master.startsWith("local[");
    java.security.CodeSource source = EnforceBenchmark.class.getProtectionDomain().getCodeSource();
    if (!local && source != null && source.getLocation().getPath().endsWith(".jar")) {
      spark.sparkContext().addJar(source.getLocation().toString());
    }
    return spark;
  }

  /**
   * The machine and JVM a benchmark ran on, for its first line. Whether the heap was touched at start
   * ({@code -XX:+AlwaysPreTouch}) is said because it changes the figures: without it, the first minutes of a JVM
   * touch heap pages for the first time, and on the benchmark's machine a quarter of the executors' CPU time went
   * to the kernel's page faults after twelve runs of a million rows (docs/benchmarks.md).
   */
  static String machine(SparkSession spark) {
    List<String> jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
    boolean preTouched = jvm.lastIndexOf("-XX:+AlwaysPreTouch") > jvm.lastIndexOf("-XX:-AlwaysPreTouch");
    return String.format(Locale.ROOT, "Java %s, %d cores, max heap %d MiB (%s), Spark %s master %s",
        Runtime.version(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        preTouched ? "pre-touched" : "not pre-touched", spark.version(), spark.sparkContext().master());
  }
}
