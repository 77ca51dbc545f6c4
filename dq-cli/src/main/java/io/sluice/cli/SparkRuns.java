package io.sluice.cli;

import io.sluice.audit.AuditRecord;
import io.sluice.contract.Contract;
import io.sluice.contract.SluiceException;
import io.sluice.lineage.LineageException;
import io.sluice.lineage.OpenLineageRuns;
import io.sluice.report.JUnitReport;
import io.sluice.report.ReportJson;
import io.sluice.report.RunReport;
import io.sluice.report.Status;
import io.sluice.spark.ConservationException;
import io.sluice.spark.Format;
import io.sluice.spark.Input;
import io.sluice.spark.RunEnd;
import io.sluice.spark.RunLineage;
import io.sluice.spark.Sluice;
import io.sluice.spark.Transition;
import io.sluice.spark.TransitionResult;
import io.sluice.spark.history.MetricsLog;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;

/**
 * The commands that start Spark. Kept apart from the command classes so that picocli's introspection of
 * every command (for {@code --help}) never loads a Spark class: {@code sluice lint} stays fast. {@link #session}
 * is public for the benchmarks (dq-bench), which must time what the commands run.
 */
public final class SparkRuns {
  private SparkRuns() {}

  static int validate(ValidateCommand c, PrintWriter out, PrintWriter err) {
    long t0 = System.nanoTime();
    return guarded(err, () -> {
      Contract contract = io.sluice.spark.Sluice.contract(c.contract);
      Input input = input(c.data, c.format);
      SparkSession spark = session(c.spark, err);
      Optional<OpenLineageRuns> lineage = lineage(c.lineage, err);
      String runId = java.util.UUID.randomUUID().toString();
      Optional<RunLineage> run = lineage.map(l -> RunLineage.validation(spark, contract, runId, c.data));
      try (Progress p = Progress.start(spark, err, !c.reports.noProgress)) {
        Instant started = Instant.now();
        run.ifPresent(r -> lineage.get().started(r, started));
        RunReport report;
        Optional<MetricsLog> history = Optional.ofNullable(c.audit)
            .map(dir -> MetricsLog.at(dir, spark.sparkContext().hadoopConfiguration()));
        io.sluice.spark.Enforcement enforcement;
        try {
          io.sluice.spark.Enforcer enforcer = Sluice.enforce(contract).withRunId(runId);
          if (history.isPresent()) {
            try {
              enforcer = enforcer.withHistoryIn(history.get());
            } catch (java.io.UncheckedIOException e) { // the run goes on without history: its anomaly checks say so
              err.println("sluice: warning: " + e.getMessage());
              err.flush();
            }
          }
          if (lineage.isPresent()) { // the events carry each column's statistics
            enforcer = enforcer.withColumnProfile();
          }
          enforcement = enforcer.on(input.read(spark, contract));
          long t = System.nanoTime();
          report = enforcement.validate().withDuration(java.time.Duration.ofNanos(System.nanoTime() - t));
        } catch (RuntimeException e) {
          run.ifPresent(r -> lineage.get().finished(r, ended(e)));
          throw e;
        }
        if (c.audit != null) {
          audited(spark, c, contract, report, started, enforcement.columnMetrics(), history.get(), err);
        }
        run.ifPresent(r -> lineage.get().finished(r, new RunEnd(AuditRecord.Outcome.VALIDATED, Optional.of(report),
            Optional.empty(), Optional.empty(), Instant.now(), enforcement.columnMetrics())));
        p.close();
        Summary.print(out, "validate " + contract.id() + " " + contract.version() + " over " + c.data, report, 15);
        lineage.ifPresent(l -> out.println("  lineage     -> " + l.destination()));
        writeReports(spark, c.reports, report, c.audit, err, (System.nanoTime() - t0) / 1e9);
        return report.status() == Status.FAILED ? io.sluice.cli.Sluice.FAILED : io.sluice.cli.Sluice.OK;
      } finally {
        lineage.ifPresent(l -> done(l, err));
      }
    });
  }

  /**
   * A validation's audit record and metrics, appended to the audit folder. The metrics history is kept for the anomaly
   * checks of later runs: one that cannot be written is a warning.
   */
  private static void audited(SparkSession spark, ValidateCommand c, Contract contract, RunReport report, Instant started,
      Map<String, io.sluice.history.ColumnMetrics> columns, MetricsLog history, PrintWriter err) {
    Optional<Double> lag = report.datasetChecks().stream().filter(d -> d.kind().equals("freshness"))
        .map(io.sluice.report.DatasetCheckResult::value).flatMap(Optional::stream).findFirst();
    AuditRecord record = new AuditRecord(report, contract.sha256(), contract.transition(), c.data, Optional.empty(),
        Optional.empty(), started, Instant.now(), lag, AuditRecord.Outcome.VALIDATED, Optional.empty(), "",
        System.getProperty("user.name", "unknown"), spark.sparkContext().applicationId(), spark.sparkContext().master(),
        Optional.empty());
    try {
      history.append(io.sluice.history.MetricsRecord.of(report, record.startedAt(), record.finishedAt(),
          record.outcome(), record.status(), columns));
    } catch (RuntimeException e) {
      err.println("sluice: warning: " + e.getMessage());
      err.flush();
    }
    io.sluice.spark.audit.AuditLog.at(c.audit, spark.sparkContext().hadoopConfiguration()).append(record);
  }

  /**
   * Where a run's OpenLineage events go: {@code --lineage FILE}, else OpenLineage's own configuration, else nowhere.
   * A configuration that cannot be used is a warning: lineage never stops a run.
   */
  private static Optional<OpenLineageRuns> lineage(LineageOption option, PrintWriter err) {
    if (option.file != null) {
      return Optional.of(OpenLineageRuns.toFile(option.file));
    }
    try {
      return OpenLineageRuns.fromEnvironment();
    } catch (LineageException e) {
      err.println("sluice: warning: " + e.getMessage());
      err.flush();
      return Optional.empty();
    }
  }

  /** How a validation that threw ended, as a transition's audit would say: aborted by what Sluice refused, else failed. */
  private static RunEnd ended(RuntimeException e) {
    return e instanceof SluiceException
        ? new RunEnd(AuditRecord.Outcome.ABORTED, Optional.empty(), Optional.of(Input.firstLineOf(e)), Optional.empty(),
            Instant.now())
        : new RunEnd(AuditRecord.Outcome.FAILED, Optional.empty(), Optional.of("nothing was written"),
            Optional.of(new AuditRecord.Failure(e.getClass().getName(), Input.firstLineOf(e))), Instant.now());
  }

  /** The events that could not be sent, as warnings; then the client is closed. */
  private static void done(OpenLineageRuns lineage, PrintWriter err) {
    lineage.problems().forEach(p -> err.println("sluice: warning: " + p));
    err.flush();
    lineage.close();
  }

  static int enforce(EnforceCommand c, PrintWriter out, PrintWriter err) {
    long t0 = System.nanoTime();
    return guarded(err, () -> {
      Contract contract = io.sluice.spark.Sluice.contract(c.contract);
      Input input = input(c.input, c.format);
      Format outFormat = Format.named(c.outputFormat).filter(Format::writable).orElseThrow(() ->
          new UsageException("--output-format is parquet or delta, not '" + c.outputFormat + "'"));
      if (c.maxErrorRate < 0 || c.maxErrorRate > 1) {
        throw new UsageException("--max-error-rate is a fraction between 0 and 1, not " + c.maxErrorRate);
      }
      Transition t = Transition.of(contract).from(input).to(c.output, outFormat).quarantineTo(c.quarantine)
          .maxErrorRate(c.maxErrorRate);
      if (c.audit != null) {
        t = t.auditTo(c.audit);
      }
      if (c.reprocess) {
        t = t.reprocess();
      }
      SparkSession spark = session(c.spark, err);
      if (c.keys != null) { // reached as Spark reaches the data: with the session's Hadoop settings
        t = t.keys(io.sluice.keys.KeysetStore.open(c.keys, spark.sparkContext().hadoopConfiguration()));
      }
      if (c.explain) {
        out.println(t.plan(spark));
        out.flush();
      }
      Optional<OpenLineageRuns> lineage = lineage(c.lineage, err);
      if (lineage.isPresent()) {
        t = t.lineage(lineage.get());
      }
      TransitionResult r;
      try (Progress p = Progress.start(spark, err, !c.reports.noProgress)) {
        r = t.run(spark);
      } finally {
        lineage.ifPresent(l -> done(l, err));
      }
      RunReport report = r.report().withDuration(java.time.Duration.ofMillis(r.audit().durationMs()));
      Summary.print(out, "enforce " + contract.id() + " " + contract.version() + " (" + contract.transition() + "): "
          + r.outcome(), report, 15);
      r.audit().reason().ifPresent(reason -> out.println("  " + reason));
      if (r.committed()) {
        out.println("  valid rows  -> " + c.output + " (" + outFormat.sparkName() + ")");
        out.println("  quarantine  -> " + c.quarantine);
      }
      if (c.audit != null) {
        out.println("  audit       -> " + c.audit + "/audit.jsonl" + r.auditHead().map(h -> " (head " + h + ")").orElse(""));
      }
      lineage.ifPresent(l -> out.println("  lineage     -> " + l.destination()));
      writeReports(spark, c.reports, report, c.audit, err, (System.nanoTime() - t0) / 1e9);
      return switch (r.outcome()) {
        case COMMITTED, SKIPPED, VALIDATED -> io.sluice.cli.Sluice.OK;
        case ABORTED -> io.sluice.cli.Sluice.FAILED;
        case FAILED -> io.sluice.cli.Sluice.BAD_INPUT; // the run threw; kept for exhaustiveness
      };
    });
  }

  static int read(ReadCommand c, PrintWriter out, PrintWriter err) {
    return guarded(err, () -> {
      Contract contract = io.sluice.spark.Sluice.contract(c.contract);
      Input input = input(c.data, c.format);
      io.sluice.access.PolicySource source = io.sluice.access.PolicySource.named(c.policySource).orElseThrow(() ->
          new UsageException("--policy-source is contract or ranger, not '" + c.policySource + "'"));
      if (source.readsPolicies() && c.policies == null) {
        throw new UsageException("--policy-source " + source.word() + " needs --policies F (write one with sluice policies"
            + " export)");
      }
      if (!source.readsPolicies() && c.policies != null) {
        throw new UsageException("--policies is read with --policy-source ranger");
      }
      io.sluice.access.AccessPolicy policy = source.policy(contract, Optional.ofNullable(c.policies));
      Format outFormat = null;
      if (c.output != null) {
        outFormat = Format.named(c.outputFormat).filter(f -> f == Format.CSV || f == Format.JSON || f == Format.PARQUET)
            .orElseThrow(() -> new UsageException("--output-format is csv, json or parquet, not '" + c.outputFormat + "'"));
      }
      if (c.rows < 0) {
        throw new UsageException("--rows is a count of rows, not " + c.rows);
      }
      io.sluice.spark.ProtectedRead read = Sluice.read(contract).policies(policy);
      if (c.role != null) {
        read = read.as(c.role);
      }
      if (c.audit != null) {
        read = read.auditTo(c.audit);
      }
      SparkSession spark = session(c.spark, err);
      if (c.keys != null) {
        read = read.keys(io.sluice.keys.KeysetStore.open(c.keys, spark.sparkContext().hadoopConfiguration()));
      }
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> seen = read.from(input);
      if (c.output != null) {
        var writer = seen.write().format(outFormat.sparkName());
        if (outFormat == Format.CSV) {
          writer = writer.option("header", "true");
        }
        writer.save(c.output);
        out.println("read " + contract.id() + " as " + (c.role != null ? c.role : io.sluice.access.Reader.authenticated().describe())
            + " (" + policy.source() + " policy): " + seen.columns().length
            + " columns -> " + c.output + " (" + outFormat.sparkName() + ")");
      } else {
        Table.print(out, seen, c.rows);
      }
      if (c.audit != null) {
        out.println("  audit -> " + c.audit + "/audit.jsonl");
      }
      return io.sluice.cli.Sluice.OK;
    });
  }

  static int suggest(SuggestCommand c, PrintWriter out, PrintWriter err) {
    return guarded(err, () -> {
      io.sluice.contract.Layer layer = java.util.Arrays.stream(io.sluice.contract.Layer.values())
          .filter(l -> l.word().equals(c.layer.toLowerCase(Locale.ROOT))).findFirst()
          .orElseThrow(() -> new UsageException("--layer is bronze, silver or gold, not '" + c.layer + "'"));
      Input input = input(c.data, c.format);
      io.sluice.spark.suggest.Suggestion suggestion = io.sluice.spark.suggest.Suggestion.of(input).layer(layer);
      if (c.id != null) {
        try {
          suggestion = suggestion.id(c.id);
        } catch (IllegalArgumentException e) {
          throw new UsageException("Cannot use --id: " + e.getMessage());
        }
      }
      SparkSession spark = session(c.spark, err);
      if (c.out != null) {
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(c.out);
        try {
          if (file.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(file)) {
            throw new UsageException("Cannot write the contract to " + c.out + ": the file exists and is not replaced;"
                + " give another --out, or remove it first");
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException("cannot reach " + c.out + ": " + e.getMessage(), e);
        }
      }
      io.sluice.spark.suggest.SuggestedContract s;
      try (Progress p = Progress.start(spark, err, true)) {
        s = suggestion.run(spark);
      }
      if (s.malformedRows() > 0) {
        err.printf(Locale.ROOT, "sluice: warning: %,d malformed %s of %s left out of the profile: they fail"
            + " _record.malformed whatever the contract says%n", s.malformedRows(),
            s.malformedRows() == 1 ? "record" : "records", c.data);
      }
      if (!s.dropped().isEmpty()) {
        err.println("sluice: warning: left out, as the engine found rows failing them (the profile and the engine disagree;"
            + " please report it): " + String.join(", ", s.dropped()));
      }
      if (c.out == null) {
        out.print(s.yaml());
      } else {
        writeText(spark, c.out, s.yaml(), "contract");
        out.printf(Locale.ROOT, "suggest %s over %s: %d columns from %,d rows -> %s%n", s.contract().id(), c.data,
            s.contract().columns().size(), s.rows(), c.out);
        out.println("  review it, then check it with: sluice lint " + c.out);
      }
      out.flush();
      err.flush();
      return io.sluice.cli.Sluice.OK;
    });
  }

  /**
   * The contract's runs in the metrics history beside the audit log, oldest first, for the report's trend charts:
   * none without an audit folder. A history that cannot be read leaves the charts out, with a warning; the report
   * is still written.
   */
  static List<io.sluice.report.TrendPoint> trend(SparkSession spark, String audit, RunReport report,
      java.io.PrintWriter err) {
    if (audit == null) {
      return List.of();
    }
    try {
      return io.sluice.spark.history.MetricsLog.at(audit, spark.sparkContext().hadoopConfiguration())
          .read(report.contractId()).runs(report.contractId()).stream()
          .map(m -> new io.sluice.report.TrendPoint(m.runId(), m.finishedAt(), m.rowsIn(), m.errorRate())).toList();
    } catch (RuntimeException e) {
      err.println("sluice: warning: the HTML report has no trend charts: the metrics history cannot be read: "
          + io.sluice.spark.Input.firstLineOf(e));
      err.flush();
      return List.of();
    }
  }

  private static Input input(String path, String format) {
    if (format == null) {
      return Input.of(path);
    }
    Format f = Format.named(format).orElseThrow(() ->
        new UsageException("--format is csv, json, parquet, orc or delta, not '" + format + "'"));
    return new Input(path, f);
  }

  private static void writeReports(SparkSession spark, Reports reports, RunReport report, String audit,
      java.io.PrintWriter err, double seconds) {
    if (reports.json != null) {
      writeText(spark, reports.json, ReportJson.text(ReportJson.of(report)), "JSON report");
    }
    if (reports.html != null) {
      writeText(spark, reports.html, io.sluice.report.HtmlReport.html(report, trend(spark, audit, report, err)), "HTML report");
    }
    if (reports.junit != null) {
      writeText(spark, reports.junit, JUnitReport.xml("sluice." + report.contractId(), JUnitReport.cases(report), seconds),
          "JUnit report");
    }
  }

  /** A report file at a path or URI of any Hadoop file system (a path: the default one, as in Spark). */
  private static void writeText(SparkSession spark, String location, String text, String what) {
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(location);
    try {
      org.apache.hadoop.fs.FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs instanceof org.apache.hadoop.fs.LocalFileSystem local) { // no checksum file beside a report
        io.sluice.report.ReportFiles.write(local.pathToFile(file).toPath(), text, what);
        return;
      }
      try (var out = fs.create(file, true)) {
        out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write the " + what + " to " + location + ": " + e.getMessage(), e);
    }
  }

  interface Body {
    int run();
  }

  /** One clear line and exit 2 for what the user can fix; 1 for a run that failed its own checks. */
  private static int guarded(PrintWriter err, Body body) {
    try {
      return body.run();
    } catch (ConservationException e) {
      err.println("sluice: " + e.getMessage());
      return io.sluice.cli.Sluice.FAILED;
    } catch (SluiceException e) {
      if (e instanceof io.sluice.contract.ContractException c && c.problems() != null && !c.problems().isEmpty()) {
        if (c.problems().size() > 1) {
          err.println(c.problems().size() + " problems:");
        }
        c.problems().forEach(p -> err.println(p.render(Remedies::flag)));
      } else if (e instanceof io.sluice.contract.ContractException) {
        err.println(e.getMessage());
      } else {
        err.println("sluice: " + Remedies.message(e));
      }
      return io.sluice.cli.Sluice.BAD_INPUT;
    } catch (Exception e) {
      // Spark's AnalysisException is checked in Java's eyes but thrown from Scala without a declaration.
      if (e instanceof org.apache.spark.SparkException) {
        err.println("sluice: the Spark job failed, nothing was written: " + Input.firstLineOf(e));
        return io.sluice.cli.Sluice.BAD_INPUT;
      }
      if (e instanceof AnalysisException || e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException) {
        err.println("sluice: " + Input.firstLineOf(e));
        return io.sluice.cli.Sluice.BAD_INPUT;
      }
      // Anything else goes to the command line's handler: one line (a stack trace with --verbose) and exit 2.
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    } catch (StackOverflowError | OutOfMemoryError e) { // exit 2, not 1 (the data's code) with a raw stack trace
      err.println("sluice: internal error, nothing was written (" + e.getClass().getName() + ")"
          + (e instanceof OutOfMemoryError ? ": give the JVM more memory (SLUICE_JAVA_OPTS=-Xmx...)" : "; report it"));
      return io.sluice.cli.Sluice.BAD_INPUT;
    }
  }

  /**
   * The session a command runs on. When Spark's master comes from outside — spark-submit sets the {@code spark.master}
   * system property — or a session already runs in this JVM, that Spark is used as configured: Sluice only fills in
   * settings nobody gave (DESIGN.md, "Where it runs"). Otherwise the master is {@code --master}, {@code local[*]} by
   * default, and Sluice's defaults yield to {@code --conf} and to {@code spark.*} system properties.
   */
  public static SparkSession session(SparkOptions options, PrintWriter err) {
    String submitted = System.getProperty("spark.master");
    Optional<SparkSession> running = running();
    if (running.isPresent() || submitted != null) {
      String master = running.map(s -> s.sparkContext().master()).orElse(submitted);
      String where = running.isPresent() ? "a Spark session with master " + master + " already runs in this JVM"
          : "Spark's master is " + master + ", set by spark-submit (or -Dspark.master)";
      if (options.master != null && !options.master.equals(master)) {
        throw new UsageException("Cannot use --master " + options.master + ": " + where + "; "
            + (running.isPresent() ? "leave --master out" : "give the master to spark-submit, or leave --master out"));
      }
      if (!options.conf.isEmpty()) {
        throw new UsageException("Cannot apply --conf " + String.join(", ", options.conf.keySet()) + ": " + where + "; "
            + (running.isPresent() ? "configure that session instead" : "give settings to spark-submit's --conf, which owns"
                + " this Spark's configuration"));
      }
      if (running.isPresent()) {
        return running.get();
      }
      SparkSession.Builder builder = SparkSession.builder();
      Map<String, String> absent = new LinkedHashMap<>(Map.of("spark.app.name", "sluice"));
      absent.putAll(sqlDefaults());
      if (local(master)) {
        absent.putAll(loopback());
      }
      absent.forEach((key, value) -> {
        if (System.getProperty(key) == null) {
          builder.config(key, value);
        }
      });
      return builder.getOrCreate();
    }

    String master = options.master == null ? SparkOptions.LOCAL : options.master;
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("spark.app.name", "sluice");
    defaults.put("spark.ui.enabled", "false");
    defaults.put("spark.ui.showConsoleProgress", "false");
    defaults.putAll(sqlDefaults());
    if (local(master)) {
      defaults.putAll(loopback());
    }
    SparkSession.Builder builder = SparkSession.builder().master(master);
    defaults.forEach((key, value) -> {
      if (System.getProperty(key) == null && !options.conf.containsKey(key)) {
        builder.config(key, value);
      }
    });
    options.conf.forEach(builder::config);
    if (!local(master)) {
      // Executors on a cluster load Sluice's classes (its UDFs, the lambdas Spark serializes) from the jar the
      // driver serves them. The Java 17 --add-opens flags they need Spark adds itself (SparkContext puts
      // JavaModuleOptions in front of spark.executor.extraJavaOptions); StandaloneClusterIT checks both.
      String jars = Optional.ofNullable(options.conf.get("spark.jars")).orElse(System.getProperty("spark.jars", ""));
      Optional<Path> jar = ownJar();
      if (jar.isPresent()) {
        String path = jar.get().toString();
        if (!Arrays.asList(jars.split(",")).contains(path)) {
          builder.config("spark.jars", jars.isBlank() ? path : jars + "," + path);
        }
      } else if (jars.isBlank()) {
        err.println("sluice: warning: Sluice runs from class folders, not from its jar, so nothing ships Sluice's classes"
            + " to the executors of " + master + "; run sluice.jar, or give the jar with --conf spark.jars=JAR");
        err.flush();
      }
    }
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    return spark;
  }

  /** The session of a command given no {@code --master} or {@code --conf}. */
  static SparkSession session() {
    return session(new SparkOptions(), new PrintWriter(System.err, true));
  }

  /** The session this thread or this JVM already runs (the caller's own, or an earlier command's in tests). */
  private static Optional<SparkSession> running() {
    scala.Option<SparkSession> s = SparkSession.getActiveSession();
    if (s.isEmpty()) {
      s = SparkSession.getDefaultSession();
    }
    return s.isDefined() && !s.get().sparkContext().isStopped() ? Optional.of(s.get()) : Optional.empty();
  }

  /** Settings the CLI's semantics rely on: UTC for parsing and reports, and Delta Lake for Delta inputs and outputs. */
  private static Map<String, String> sqlDefaults() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("spark.sql.session.timeZone", "UTC");
    m.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    m.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    return m;
  }

  /** In local mode nothing outside this JVM talks to the driver, so it listens on loopback only (or SPARK_LOCAL_IP). */
  private static Map<String, String> loopback() {
    String host = Optional.ofNullable(System.getenv("SPARK_LOCAL_IP")).orElse("127.0.0.1");
    return Map.of("spark.driver.host", host, "spark.driver.bindAddress", host);
  }

  /** {@code local}, {@code local[N]}, {@code local[*]}, {@code local[N,F]}: not {@code local-cluster[...]}, whose executors are other JVMs. */
  static boolean local(String master) {
    return master.equals("local") || master.startsWith("local[");
  }

  /** The jar this class was loaded from, when it was loaded from one (not when tests run from class folders). */
  static Optional<Path> ownJar() {
    try {
      java.security.CodeSource source = SparkRuns.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return Optional.empty();
      }
      Path p = Path.of(source.getLocation().toURI()).toAbsolutePath();
      return Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
    } catch (java.net.URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return Optional.empty();
    }
  }

  /** A progress line on stderr, every two seconds once a run has taken more than three. */
  static final class Progress implements AutoCloseable {
    private final Thread thread;
    private volatile boolean done;

    private Progress(SparkSession spark, PrintWriter err, boolean on) {
      long start = System.nanoTime();
      boolean console = System.console() != null;
      thread = new Thread(() -> {
        boolean printed = false;
        while (!done && on) {
          try {
            Thread.sleep(500);
          } catch (InterruptedException e) {
            return;
          }
          double s = (System.nanoTime() - start) / 1e9;
          if (s < 3 || done) {
            continue;
          }
          long total = 0;
          long finished = 0;
          for (int id : spark.sparkContext().statusTracker().getActiveStageIds()) {
            scala.Option<SparkStageInfo> info = spark.sparkContext().statusTracker().getStageInfo(id);
            if (info.isDefined()) {
              total += info.get().numTasks();
              finished += info.get().numCompletedTasks();
            }
          }
          String line = String.format(Locale.ROOT, "sluice: %.0f s, tasks %d/%d of the running stages", s, finished, total);
          if (console) {
            err.print("\r" + line);
            printed = true;
          } else if (((long) s) % 10 == 0) {
            err.println(line);
          }
          err.flush();
          try {
            Thread.sleep(1500);
          } catch (InterruptedException e) {
            return;
          }
        }
        if (printed) {
          err.print("\r" + " ".repeat(70) + "\r");
          err.flush();
        }
      }, "sluice-progress");
      thread.setDaemon(true);
      thread.start();
    }

    static Progress start(SparkSession spark, PrintWriter err, boolean on) {
      return new Progress(spark, err, on);
    }

    @Override
    public void close() {
      done = true;
      thread.interrupt();
      try {
        thread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
