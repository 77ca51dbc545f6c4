package io.sluice.cli;

import io.sluice.contract.Contract;
import io.sluice.contract.SluiceException;
import io.sluice.report.JUnitReport;
import io.sluice.report.ReportJson;
import io.sluice.report.RunReport;
import io.sluice.report.Status;
import io.sluice.spark.ConservationException;
import io.sluice.spark.Format;
import io.sluice.spark.Input;
import io.sluice.spark.Sluice;
import io.sluice.spark.Transition;
import io.sluice.spark.TransitionResult;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;

/**
 * The commands that start Spark. Kept apart from the command classes so that picocli's introspection of
 * every command (for {@code --help}) never loads a Spark class: {@code sluice lint} stays fast.
 */
final class SparkRuns {
  private SparkRuns() {}

  static int validate(ValidateCommand c, PrintWriter out, PrintWriter err) {
    long t0 = System.nanoTime();
    return guarded(err, () -> {
      Contract contract = io.sluice.spark.Sluice.contract(c.contract);
      Input input = input(c.data, c.format);
      SparkSession spark = session();
      try (Progress p = Progress.start(spark, err, !c.reports.noProgress)) {
        RunReport report = Sluice.enforce(contract).on(input.read(spark, contract)).validate();
        p.close();
        Summary.print(out, "validate " + contract.id() + " " + contract.version() + " over " + c.data, report, 15);
        writeReports(c.reports, report, (System.nanoTime() - t0) / 1e9);
        return report.status() == Status.FAILED ? io.sluice.cli.Sluice.FAILED : io.sluice.cli.Sluice.OK;
      }
    });
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
      if (c.keys != null) {
        t = t.keys(io.sluice.keys.KeysetStore.open(c.keys));
      }
      SparkSession spark = session();
      if (c.explain) {
        out.println(t.plan(spark));
        out.flush();
      }
      TransitionResult r;
      try (Progress p = Progress.start(spark, err, !c.reports.noProgress)) {
        r = t.run(spark);
      }
      Summary.print(out, "enforce " + contract.id() + " " + contract.version() + " (" + contract.transition() + "): "
          + r.outcome(), r.report(), 15);
      r.audit().reason().ifPresent(reason -> out.println("  " + reason));
      if (r.committed()) {
        out.println("  valid rows  -> " + c.output + " (" + outFormat.sparkName() + ")");
        out.println("  quarantine  -> " + c.quarantine);
      }
      if (c.audit != null) {
        out.println("  audit       -> " + c.audit.resolve("audit.jsonl"));
      }
      writeReports(c.reports, r.report(), (System.nanoTime() - t0) / 1e9);
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
      io.sluice.access.AccessPolicy policy = switch (c.policySource) {
        case "contract" -> {
          if (c.policies != null) {
            throw new UsageException("--policies is read with --policy-source ranger");
          }
          yield new io.sluice.access.ContractPolicy(contract);
        }
        case "ranger" -> {
          if (c.policies == null) {
            throw new UsageException("--policy-source ranger needs --policies F (write one with sluice policies export)");
          }
          yield io.sluice.access.RangerEngine.fromFile(contract, c.policies);
        }
        default -> throw new UsageException("--policy-source is contract or ranger, not '" + c.policySource + "'");
      };
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
      if (c.keys != null) {
        read = read.keys(io.sluice.keys.KeysetStore.open(c.keys));
      }
      if (c.audit != null) {
        read = read.auditTo(c.audit);
      }
      SparkSession spark = session();
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
        out.println("  audit -> " + c.audit.resolve("audit.jsonl"));
      }
      return io.sluice.cli.Sluice.OK;
    });
  }

  private static Input input(String path, String format) {
    if (format == null) {
      return Input.of(path);
    }
    Format f = Format.named(format).orElseThrow(() ->
        new UsageException("--format is csv, json, parquet, orc or delta, not '" + format + "'"));
    return new Input(path, f);
  }

  private static void writeReports(Reports reports, RunReport report, double seconds) {
    if (reports.json != null) {
      ReportJson.write(ReportJson.of(report), reports.json);
    }
    if (reports.html != null) {
      io.sluice.report.HtmlReport.write(report, reports.html);
    }
    if (reports.junit != null) {
      JUnitReport.write("sluice." + report.contractId(), JUnitReport.cases(report), seconds, reports.junit);
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
      err.println(e instanceof io.sluice.contract.ContractException ? e.getMessage() : "sluice: " + e.getMessage());
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
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
  }

  /** A local Spark for the CLI: all cores, no UI, Delta Lake enabled, quiet logs. */
  static SparkSession session() {
    String master = Optional.ofNullable(System.getenv("SLUICE_SPARK_MASTER")).orElse("local[*]");
    SparkSession spark = SparkSession.builder()
        .master(master)
        .appName("sluice")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.driver.host", Optional.ofNullable(System.getenv("SPARK_LOCAL_IP")).orElse("127.0.0.1"))
        .config("spark.driver.bindAddress", Optional.ofNullable(System.getenv("SPARK_LOCAL_IP")).orElse("127.0.0.1"))
        .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    return spark;
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
