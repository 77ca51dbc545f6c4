package io.sluice.spark;

import io.sluice.audit.AuditRecord;
import io.sluice.audit.AuditSink;
import io.sluice.audit.FileAuditSink;
import io.sluice.contract.Contract;
import io.sluice.keys.KeysetStore;
import io.sluice.report.DatasetCheckResult;
import io.sluice.report.RunReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One layer transition: read the source, enforce the contract, write the valid rows to the target and
 * the failing rows to the quarantine — both or neither — and append an audit record.
 *
 * <pre>{@code
 * TransitionResult r = Transition.of(contract)
 *     .from("bronze/orders.csv")
 *     .to("silver/orders")
 *     .quarantineTo("quarantine/orders")
 *     .auditTo(Path.of("audit"))
 *     .run(spark);
 * }</pre>
 *
 * <p>Nothing is written when the input cannot be read, lacks a column the contract names, an error-level
 * dataset check fails, the error rate exceeds {@link #maxErrorRate}, or the counts do not add up. A run
 * over an input batch (the same files) that was committed before writes nothing again.
 */
public final class Transition {
  /** {@code -Dsluice.trace=true}: where a run's time goes, logged at INFO (for benchmarking; never data). */
  private static final boolean TRACE = Boolean.getBoolean("sluice.trace");
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Transition.class);

  /** With {@code -Dsluice.trace=true}: when a phase of a run was reached (wall clock, milliseconds). */
  static void trace(String what) {
    if (TRACE) {
      LOG.info(String.format(Locale.ROOT, "%d ms: %s", System.currentTimeMillis() % 1_000_000, what));
    }
  }

  private final Contract contract;
  private final Source input;
  private final String target;
  private final Format targetFormat;
  private final String quarantine;
  private final AuditSink audit;
  private final double maxErrorRate;
  private final String runId;
  private final KeysetStore keys;

  private Transition(Contract contract, Source input, String target, Format targetFormat, String quarantine,
      AuditSink audit, double maxErrorRate, String runId, KeysetStore keys) {
    this.contract = contract;
    this.input = input;
    this.target = target;
    this.targetFormat = targetFormat;
    this.quarantine = quarantine;
    this.audit = audit;
    this.maxErrorRate = maxErrorRate;
    this.runId = runId;
    this.keys = keys;
  }

  public static Transition of(Contract contract) {
    return new Transition(Objects.requireNonNull(contract, "contract"), null, null, Format.PARQUET, null, null, 1.0, null, null);
  }

  /** Reads {@code path}, its format inferred from the name or the folder's files. */
  public Transition from(String path) {
    return from(Input.of(path));
  }

  public Transition from(String path, Format format) {
    return from(new Input(path, format));
  }

  public Transition from(Input source) {
    return new Transition(contract, source, target, targetFormat, quarantine, audit, maxErrorRate, runId, keys);
  }

  /**
   * Enforces a DataFrame the job computed — an aggregation into gold, say — named {@code name} in the audit.
   * A re-run over the same input files is recognised as the same batch.
   */
  public Transition from(Dataset<Row> frame, String name) {
    return new Transition(contract, new FrameSource(frame, name), target, targetFormat, quarantine, audit, maxErrorRate,
        runId, keys);
  }

  /** Writes valid rows to {@code path} as Parquet. */
  public Transition to(String path) {
    return to(path, Format.PARQUET);
  }

  /** Writes valid rows to {@code path} as {@code format} (parquet or delta); the quarantine uses the same format. */
  public Transition to(String path, Format format) {
    if (!format.writable()) {
      throw new IllegalArgumentException("cannot write " + format.sparkName() + ": a target is parquet or delta");
    }
    return new Transition(contract, input, path, format, quarantine, audit, maxErrorRate, runId, keys);
  }

  public Transition quarantineTo(String path) {
    return new Transition(contract, input, target, targetFormat, path, audit, maxErrorRate, runId, keys);
  }

  /** Appends the audit record to {@code dir/audit.jsonl}. */
  public Transition auditTo(Path dir) {
    return auditTo(new FileAuditSink(dir));
  }

  public Transition auditTo(AuditSink sink) {
    return new Transition(contract, input, target, targetFormat, quarantine, sink, maxErrorRate, runId, keys);
  }

  /** Aborts the run, writing nothing, when more than {@code rate} (0..1) of the rows would be quarantined. */
  public Transition maxErrorRate(double rate) {
    if (rate < 0 || rate > 1 || Double.isNaN(rate)) {
      throw new IllegalArgumentException("the maximum error rate is a fraction between 0 and 1, not " + rate);
    }
    return new Transition(contract, input, target, targetFormat, quarantine, audit, rate, runId, keys);
  }

  /** The keysets for the contract's encrypted and hashed columns. */
  public Transition keys(KeysetStore store) {
    return new Transition(contract, input, target, targetFormat, quarantine, audit, maxErrorRate, runId, store);
  }

  public Transition withRunId(String id) {
    return new Transition(contract, input, target, targetFormat, quarantine, audit, maxErrorRate, id, keys);
  }

  /** Spark's physical plan of this transition's one pass over its input (see {@link Enforcement#plan()}); runs nothing. */
  public String plan(SparkSession spark) {
    Objects.requireNonNull(input, "from(...) names the input");
    input.mustExist(spark);
    Enforcer enforcer = Sluice.enforce(contract);
    return (keys != null ? enforcer.withKeys(keys) : enforcer)
        .on(input.read(spark, contract, Enforcer.DEFAULT_CORRUPT_RECORD_COLUMN)).plan();
  }

  /**
   * Runs the transition.
   *
   * @throws InputException when the input cannot be read (nothing written; audited as ABORTED)
   * @throws SchemaMismatchException when the data lacks a column the contract names (likewise)
   * @throws ConservationException when the outputs do not add up to the input (likewise)
   */
  public TransitionResult run(SparkSession spark) {
    Objects.requireNonNull(input, "from(...) names the input");
    Objects.requireNonNull(target, "to(...) names the target");
    String quarantinePath = quarantine != null ? quarantine : target + "_quarantine";
    String id = runId != null ? runId : UUID.randomUUID().toString();
    Instant started = Instant.now();
    trace("run begins");
    Staging staging = new Staging(spark.sparkContext().hadoopConfiguration(), target, quarantinePath);
    Run run = new Run(spark, id, started, quarantinePath);
    String batch = "";
    try {
      input.mustExist(spark);
      staging.recover();
      batch = input.batchId(spark);
      Optional<String> before = staging.committedBy(batch);
      if (before.isPresent()) {
        return run.finish(run.empty(), batch, AuditRecord.Outcome.SKIPPED,
            Optional.of("this input batch was committed to " + target + " by run " + before.get()));
      }
      trace("batch id known");
      Dataset<Row> df = input.read(spark, contract, Enforcer.DEFAULT_CORRUPT_RECORD_COLUMN);
      trace("input read");
      Enforcer enforcer = Sluice.enforce(contract).withRunId(id);
      Enforcement e = (keys != null ? enforcer.withKeys(keys) : enforcer).on(df);
      trace("checks planned");
      // One pass writes both sides as Parquet into staging; Delta targets are committed from it (below).
      long t0 = System.nanoTime();
      staging.prepare();
      e.writeSplit(staging.stagedTarget(id).toString(), staging.stagedQuarantine(id).toString());
      long t1 = System.nanoTime();
      RunReport report = e.report();
      long t2 = System.nanoTime();
      if (TRACE) {
        LOG.info(String.format(Locale.ROOT, "run %s: prepare %.3f s, write %.3f s, report %.3f s", id,
            java.time.Duration.between(started, Instant.now()).toNanos() / 1e9 - (t2 - t0) / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9));
      }
      Optional<String> abort = abortReason(report);
      if (abort.isPresent()) {
        staging.abandon(id);
        return run.finish(report, batch, AuditRecord.Outcome.ABORTED, abort);
      }
      if (targetFormat == Format.DELTA) {
        commitDelta(spark, staging, id, batch, quarantinePath);
      } else {
        staging.commitFiles(id, batch);
      }
      long t3 = System.nanoTime();
      trace("committed");
      TransitionResult done = run.finish(report, batch, AuditRecord.Outcome.COMMITTED, Optional.empty());
      if (TRACE) {
        LOG.info(String.format(Locale.ROOT, "run %s: commit %.3f s, audit %.3f s, total %.3f s", id, (t3 - t2) / 1e9,
            (System.nanoTime() - t3) / 1e9, java.time.Duration.between(started, Instant.now()).toMillis() / 1e3));
      }
      return done;
    } catch (InputException | SchemaMismatchException | ConservationException | io.sluice.keys.KeyException ex) {
      staging.abandon(id);
      run.finish(run.empty(), batch, AuditRecord.Outcome.ABORTED, Optional.of(ex.getMessage()));
      throw ex;
    }
  }

  private Optional<String> abortReason(RunReport report) {
    List<String> failed = report.datasetChecks().stream()
        .filter(d -> d.status() == io.sluice.report.Status.FAILED).map(DatasetCheckResult::id).toList();
    if (!failed.isEmpty()) {
      return Optional.of("dataset check " + String.join(", ", failed) + " failed: nothing was written");
    }
    if (report.errorRate() > maxErrorRate) {
      return Optional.of(String.format(Locale.ROOT, "error rate %.4f exceeds the maximum %.4f: nothing was written",
          report.errorRate(), maxErrorRate));
    }
    return Optional.empty();
  }

  private void commitDelta(SparkSession spark, Staging staging, String id, String batch, String quarantinePath) {
    // Delta's idempotent writes: a (txnAppId, txnVersion) pair a table has seen is not written again, so a
    // run killed between the two commits completes on re-run without duplicating the first one.
    String app = "sluice-" + batch;
    spark.read().parquet(staging.stagedTarget(id).toString()).write().format("delta").mode("append")
        .option("txnAppId", app).option("txnVersion", 0L).save(target);
    spark.read().parquet(staging.stagedQuarantine(id).toString()).write().format("delta").mode("append")
        .option("mergeSchema", "true").option("txnAppId", app).option("txnVersion", 0L).save(quarantinePath);
    staging.markCommitted(id, batch);
    staging.abandon(id);
  }

  /** The parts of the audit record every outcome shares. */
  private final class Run {
    final SparkSession spark;
    final String id;
    final Instant started;
    final String quarantinePath;

    Run(SparkSession spark, String id, Instant started, String quarantinePath) {
      this.spark = spark;
      this.id = id;
      this.started = started;
      this.quarantinePath = quarantinePath;
    }

    RunReport empty() {
      return new RunReport(id, contract.id(), contract.version().toString(), 0, 0, 0, 0, 0, List.of(), List.of());
    }

    TransitionResult finish(RunReport report, String batch, AuditRecord.Outcome outcome, Optional<String> reason) {
      Optional<Double> lag = report.datasetChecks().stream().filter(d -> d.kind().equals("freshness"))
          .map(DatasetCheckResult::value).flatMap(Optional::stream).findFirst();
      AuditRecord record = new AuditRecord(report, contract.sha256(), contract.transition(), input.describe(),
          Optional.of(target), Optional.of(quarantinePath), started, Instant.now(), lag, outcome, reason, batch,
          System.getProperty("user.name", "unknown"), spark.sparkContext().applicationId(),
          spark.sparkContext().master());
      if (audit != null) {
        audit.append(record);
      }
      return new TransitionResult(record);
    }
  }
}
