package io.sluice.spark;

import io.sluice.audit.AuditRecord;
import io.sluice.audit.AuditSink;
import io.sluice.audit.FileAuditSink;
import io.sluice.check.DatasetRule;
import io.sluice.contract.Contract;
import io.sluice.history.ColumnMetrics;
import io.sluice.history.MetricsRecord;
import io.sluice.keys.KeysetStore;
import io.sluice.report.DatasetCheckResult;
import io.sluice.report.RunReport;
import io.sluice.spark.audit.AuditLog;
import io.sluice.spark.commit.DeltaOutputs;
import io.sluice.spark.commit.Staging;
import io.sluice.spark.commit.TargetSchema;
import io.sluice.spark.history.MetricsLog;
import io.sluice.spark.internal.DeltaCommit;
import io.sluice.spark.source.InputLedger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

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
  /**
   * Spark conf: {@code false} keeps no metrics history beside the audit log (the run then measures no column and
   * its anomaly checks have no history to judge against). On by default; the benchmark measures what it costs.
   */
  public static final String METRICS_HISTORY = "sluice.metricsHistory";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Transition.class);

  private final Contract contract;
  private final Source input;
  private final String target;
  private final Format targetFormat;
  private final String quarantine;
  private final AuditSink audit;
  private final double maxErrorRate;
  private final String runId;
  private final KeysetStore keys;
  /** The batch the caller named ({@link #batch}), or null: then the source says which batch it is. */
  private final String namedBatch;
  /** Whether this run replaces what earlier runs wrote into the target and quarantine ({@link #reprocess}). */
  private final boolean reprocess;
  /** Who hears of this run's start and end ({@link #lineage}), or null. */
  private final RunListener listener;

  /** The micro-batch this run is, when a streaming query runs it ({@link #forEachBatch}), or null. */
  private final StreamBatch stream;

  /** A streaming query's micro-batch: the query's id (kept across restarts) and the micro-batch's number. */
  private record StreamBatch(String query, long number) {}

  private Transition(Contract contract, Source input, String target, Format targetFormat, String quarantine,
      AuditSink audit, double maxErrorRate, String runId, KeysetStore keys, String namedBatch, boolean reprocess,
      RunListener listener, StreamBatch stream) {
    this.contract = contract;
    this.input = input;
    this.target = target;
    this.targetFormat = targetFormat;
    this.quarantine = quarantine;
    this.audit = audit;
    this.maxErrorRate = maxErrorRate;
    this.runId = runId;
    this.keys = keys;
    this.namedBatch = namedBatch;
    this.reprocess = reprocess;
    this.listener = listener;
    this.stream = stream;
  }

  public static Transition of(Contract contract) {
    return new Transition(Objects.requireNonNull(contract, "contract"), null, null, Format.PARQUET, null, null, 1.0, null, null,
        null, false, null, null);
  }

  /** Reads {@code path}, its format inferred from the name or the folder's files. */
  public Transition from(String path) {
    return from(Input.of(path));
  }

  public Transition from(String path, Format format) {
    return from(new Input(path, format));
  }

  public Transition from(Input source) {
    return new Transition(contract, source, target, targetFormat, quarantine, audit, maxErrorRate, runId, keys, namedBatch,
        reprocess, listener, stream);
  }

  /**
   * Enforces a DataFrame the job computed — an aggregation into gold, say — named {@code name} in the audit.
   * A re-run over the same input files is recognised as the same batch.
   */
  public Transition from(Dataset<Row> frame, String name) {
    return new Transition(contract, new FrameSource(frame, name), target, targetFormat, quarantine, audit, maxErrorRate,
        runId, keys, namedBatch,
        reprocess, listener, stream);
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
    return new Transition(contract, input, path, format, quarantine, audit, maxErrorRate, runId, keys, namedBatch,
        reprocess, listener, stream);
  }

  public Transition quarantineTo(String path) {
    return new Transition(contract, input, target, targetFormat, path, audit, maxErrorRate, runId, keys, namedBatch,
        reprocess, listener, stream);
  }

  /** Appends the audit record to {@code dir/audit.jsonl}. */
  public Transition auditTo(Path dir) {
    return auditTo(new FileAuditSink(dir));
  }

  /** Appends the audit record to {@code dir/audit.jsonl} on any Hadoop file system ({@link AuditLog}). */
  public Transition auditTo(String dir) {
    return auditTo(AuditLog.at(dir));
  }

  public Transition auditTo(AuditSink sink) {
    return new Transition(contract, input, target, targetFormat, quarantine, sink, maxErrorRate, runId, keys, namedBatch,
        reprocess, listener, stream);
  }

  /** Aborts the run, writing nothing, when more than {@code rate} (0..1) of the rows would be quarantined. */
  public Transition maxErrorRate(double rate) {
    if (rate < 0 || rate > 1 || Double.isNaN(rate)) {
      throw new IllegalArgumentException("the maximum error rate is a fraction between 0 and 1, not " + rate);
    }
    return new Transition(contract, input, target, targetFormat, quarantine, audit, rate, runId, keys, namedBatch,
        reprocess, listener, stream);
  }

  /** The keysets for the contract's encrypted and hashed columns. */
  public Transition keys(KeysetStore store) {
    return new Transition(contract, input, target, targetFormat, quarantine, audit, maxErrorRate, runId, store, namedBatch,
        reprocess, listener, stream);
  }

  /**
   * Tells {@code listener} when the run starts and how it ends ({@link io.sluice.lineage.OpenLineageRuns} sends
   * OpenLineage run events). A listener that throws is logged, never fails the run.
   */
  public Transition lineage(RunListener listener) {
    return new Transition(contract, input, target, targetFormat, quarantine, audit, maxErrorRate, runId, keys, namedBatch,
        reprocess, Objects.requireNonNull(listener, "listener"), stream);
  }

  public Transition withRunId(String id) {
    return new Transition(contract, input, target, targetFormat, quarantine, audit, maxErrorRate, id, keys, namedBatch,
        reprocess, listener, stream);
  }

  /**
   * Names this run's batch of input: a run whose batch was committed to the target before writes nothing again.
   * Needed for a DataFrame that reads no files (JDBC, Kafka, {@code createDataFrame}); for files, it replaces the
   * identity Sluice takes from their names, sizes and times.
   */
  public Transition batch(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("Cannot name a batch with a blank id: give each batch of input its own id");
    }
    return new Transition(contract, input, target, targetFormat, quarantine, audit, maxErrorRate, runId, keys, id,
        reprocess, listener, stream);
  }

  /**
   * Rewrites the target from the whole input, replacing what earlier runs wrote there and in the quarantine (both
   * or neither, as any commit): after a contract changed, say. A folder input is then read whole, and its later
   * runs take only files added after this one.
   */
  public Transition reprocess() {
    return new Transition(contract, input, target, targetFormat, quarantine, audit, maxErrorRate, runId, keys, namedBatch,
        true, listener, stream);
  }

  /**
   * This transition as a streaming query's {@code foreachBatch} function: each micro-batch is enforced as one run
   * named {@code name}, its batch id the query's id and the micro-batch's number. Spark runs a micro-batch again
   * after a restart when its end was not checkpointed; the batch id makes that run write nothing twice. A
   * micro-batch that is aborted (a failed dataset check, too many errors) stops the query with a
   * {@link BatchAbortedException}, so its rows are neither written nor lost: the query resumes from that batch.
   *
   * <pre>{@code
   * stream.writeStream().foreachBatch(Transition.of(contract).to(silver).quarantineTo(q).auditTo(audit)
   *     .forEachBatch("orders")).option("checkpointLocation", checkpoint).start();
   * }</pre>
   */
  public org.apache.spark.api.java.function.VoidFunction2<Dataset<Row>, Long> forEachBatch(String name) {
    Objects.requireNonNull(target, "to(...) names the target");
    Transition template = this;
    return (frame, number) -> {
      // Spark sets the query's id (kept across restarts from the same checkpoint) on the thread that calls us.
      String query = frame.sparkSession().sparkContext().getLocalProperty("sql.streaming.queryId");
      String id = query != null ? query : name;
      Transition t = template.from(frame, name).batch(id + "-" + number);
      TransitionResult r = new Transition(t.contract, t.input, t.target, t.targetFormat, t.quarantine, t.audit,
          t.maxErrorRate, t.runId, t.keys, t.namedBatch, t.reprocess, t.listener, new StreamBatch(id, number)).run(frame.sparkSession());
      if (r.outcome() == AuditRecord.Outcome.ABORTED) {
        throw new BatchAbortedException("Cannot go on with the stream " + name + ": micro-batch " + number + " was aborted ("
            + r.audit().reason().orElse("see the audit record") + "); fix the cause and restart the query");
      }
    };
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
   * Runs the transition. Every run leaves one audit record, whatever ends it; its listener ({@link #lineage}) hears of
   * its start and of its end.
   *
   * @throws InputException when the input cannot be read (nothing written; audited as ABORTED)
   * @throws SchemaMismatchException when the data lacks a column the contract names (likewise)
   * @throws ConservationException when the outputs do not add up to the input (likewise)
   * @throws RuntimeException whatever else ends the run — a failed Spark job, an I/O error — rethrown after it is
   *     audited as FAILED with its class and message
   */
  public TransitionResult run(SparkSession spark) {
    Objects.requireNonNull(input, "from(...) names the input");
    Objects.requireNonNull(target, "to(...) names the target");
    String quarantinePath = quarantine != null ? quarantine : target + "_quarantine";
    String id = runId != null ? runId : UUID.randomUUID().toString();
    Instant started = Instant.now();
    RunTrace.at("run begins");
    Staging staging = new Staging(spark.sparkContext().hadoopConfiguration(), target, quarantinePath);
    DeltaOutputs delta = targetFormat == Format.DELTA ? new DeltaOutputs(spark, staging, target, quarantinePath) : null;
    Run run = new Run(spark, id, started, quarantinePath);
    run.tellStarted();
    String batch = "";
    boolean committing = false;
    Staging.Lease lease = null;
    Increment increment = null;
    try {
      lease = staging.lease(id);
      input.mustExist(spark);
      for (Staging.Recovered r : staging.recover()) {
        run.completed(r);
      }
      if (delta != null) {
        for (Staging.Recovered r : delta.recover()) {
          run.completed(r);
        }
      }
      Source source = input;
      if (incremental(spark)) {
        increment = new Increment(spark, staging, (Input) input, id, lease);
        if (increment.batch == null) {
          return run.finish(run.empty(), "", AuditRecord.Outcome.SKIPPED,
              Optional.of("no new file in " + input.describe() + " since the last committed run"));
        }
        batch = increment.batch;
        source = increment.source;
      } else {
        batch = namedBatch != null ? namedBatch : input.batchId(spark);
        if (reprocess) { // a batch of its own: what was committed before is what it replaces
          batch = batch + "-reprocessed-" + id;
        }
      }
      Optional<String> before = staging.committedBy(batch);
      if (before.isPresent()) {
        return run.finish(run.empty(), batch, AuditRecord.Outcome.SKIPPED,
            Optional.of("this input batch was committed to " + target + " by run " + before.get()));
      }
      RunTrace.at("batch id known");
      Dataset<Row> df = source.read(spark, contract, Enforcer.DEFAULT_CORRUPT_RECORD_COLUMN);
      RunTrace.at("input read");
      Enforcer enforcer = run.keepHistory(Sluice.enforce(contract).withRunId(id));
      if (listener != null) { // lineage events carry each column's statistics (dataQualityMetrics)
        enforcer = enforcer.withColumnProfile();
      }
      Enforcement e = (keys != null ? enforcer.withKeys(keys) : enforcer).on(df);
      run.lagChecks = enforcer.compiled().datasetRules().stream()
          .filter(r -> r.measure() == DatasetRule.Measure.LAG_SECONDS).map(DatasetRule::id).collect(Collectors.toSet());
      RunTrace.at("checks planned");
      // One pass writes both sides as Parquet: into staging for Parquet outputs, which the commit moves into place;
      // into the tables' own folders for Delta, whose logs then take the files as they are.
      long t0 = System.nanoTime();
      StructType[] written = new StructType[2];
      String validDir;
      String quarantineDir;
      if (delta != null) {
        delta.begin(id);
        validDir = delta.targetFolder(id).toString();
        quarantineDir = delta.quarantineFolder(id).toString();
      } else {
        staging.prepare();
        validDir = staging.stagedTarget(id).toString();
        quarantineDir = staging.stagedQuarantine(id).toString();
      }
      e.writeSplit(validDir, quarantineDir, (valid, quarantined) -> {
        if (!reprocess) { // a reprocessing run replaces the target, schema and all
          TargetSchema.check(spark, target, targetFormat, valid, contract.file());
        }
        if (delta != null) {
          List<String> problems = delta.problems(valid, quarantined, reprocess);
          if (!problems.isEmpty()) {
            throw new SchemaMismatchException("Cannot write to " + String.join("; ", problems) + ". Nothing was"
                + " written. Write to a new Delta table (Sluice creates it), or to Parquet");
          }
        }
        written[0] = valid;
        written[1] = quarantined;
      });
      long t1 = System.nanoTime();
      RunReport report = e.report();
      run.checked = true;
      run.columns = e.columnMetrics();
      long t2 = System.nanoTime();
      if (RunTrace.on()) {
        LOG.info(String.format(Locale.ROOT, "run %s: prepare %.3f s, write %.3f s, report %.3f s", id,
            java.time.Duration.between(started, Instant.now()).toNanos() / 1e9 - (t2 - t0) / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9));
      }
      Optional<String> abort = abortReason(report);
      if (abort.isPresent()) {
        abandon(staging, delta, id);
        if (increment != null) {
          increment.forget();
        }
        return run.finish(report, batch, AuditRecord.Outcome.ABORTED, abort);
      }
      committing = true;
      Optional<String> note = Optional.empty();
      if (delta != null) {
        DeltaOutputs.Intent intent = delta.intend(id, batch, deltaAppId(batch), deltaVersion(), written[0], written[1],
            e.rowsPerFile(), reprocess, run.about(report));
        boolean toTarget = intent.commitTarget() == DeltaCommit.Outcome.COMMITTED;
        boolean toQuarantine = intent.commitQuarantine() == DeltaCommit.Outcome.COMMITTED;
        intent.finish();
        if (!toTarget && !toQuarantine) {
          if (increment != null) {
            increment.done();
          }
          return run.finish(report, batch, AuditRecord.Outcome.SKIPPED, Optional.of("both Delta tables hold this input"
              + " batch already (transaction " + deltaAppId(batch) + "): nothing written again"));
        }
        if (toTarget != toQuarantine) {
          String had = toTarget ? "the quarantine" : "the target";
          note = Optional.of(had + " held this input batch already (a run stopped between its two Delta commits):"
              + " this run committed " + (toTarget ? "the target" : "the quarantine") + " only");
        }
      } else {
        Optional<String> other = staging.commitFiles(id, batch, run.about(report), reprocess);
        if (other.isPresent()) {
          if (increment != null) {
            increment.done();
          }
          return run.finish(report, batch, AuditRecord.Outcome.SKIPPED, Optional.of("run " + other.get()
              + " committed this input batch to " + target + " while this run checked it: nothing written again"));
        }
      }
      if (increment != null) {
        increment.done();
      }
      long t3 = System.nanoTime();
      RunTrace.at("committed");
      TransitionResult done = run.finish(report, batch, AuditRecord.Outcome.COMMITTED, note);
      if (RunTrace.on()) {
        LOG.info(String.format(Locale.ROOT, "run %s: commit %.3f s, audit %.3f s, total %.3f s", id, (t3 - t2) / 1e9,
            (System.nanoTime() - t3) / 1e9, java.time.Duration.between(started, Instant.now()).toMillis() / 1e3));
      }
      return done;
    } catch (InputException | SchemaMismatchException | ConservationException | io.sluice.keys.KeyException
        | ConcurrentRunException ex) {
      if (!committing) {
        abandon(staging, delta, id);
      }
      if (increment != null) {
        increment.forget();
      }
      run.checked = false; // it ends with an empty report
      run.finish(run.empty(), batch, AuditRecord.Outcome.ABORTED, Optional.of(ex.getMessage()));
      throw ex;
    } catch (Throwable ex) { // a failed Spark job, an I/O error, an interrupt: still audited, then rethrown
      String what;
      if (!committing) {
        what = "nothing was written";
        try {
          abandon(staging, delta, id);
          if (increment != null) {
            increment.forget();
          }
        } catch (RuntimeException cleanup) {
          suppress(ex, cleanup);
        }
      } else if (targetFormat == Format.DELTA) {
        what = "the run failed during its Delta commits: the next run into " + target + " completes them, once";
      } else {
        what = "the run failed during its commit: the next run into " + target + " completes it";
      }
      try {
        run.failed(ex, batch, what);
      } catch (RuntimeException auditFailure) {
        suppress(ex, auditFailure);
      }
      throw ex;
    } finally {
      if (increment != null) {
        increment.unlock();
      }
      if (lease != null) {
        lease.close();
      }
    }
  }

  /** The audit sink, signing its lines when the keyset store holds an audit key ({@link io.sluice.keys.AuditKey}). */
  private AuditSink signed(AuditSink sink) {
    return keys != null && io.sluice.keys.AuditKey.in(keys) ? sink.signedWith(io.sluice.keys.AuditKey.of(keys)) : sink;
  }

  /** Calls a listener: what it throws is logged, and the run goes on (lineage never fails a run). */
  private static void tell(String what, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("The run listener could not be told {}: {}", what, Input.firstLineOf(e));
    }
  }

  /** Keeps {@code later} with {@code first}; Hadoop's output streams throw the same stored exception again. */
  private static void suppress(Throwable first, Throwable later) {
    if (later != first && later.getCause() != first) {
      first.addSuppressed(later);
    }
  }

  /** Whether this run takes only the files of its input folder that no earlier run committed into the target. */
  private boolean incremental(SparkSession spark) {
    if (namedBatch != null || !(input instanceof Input in) || in.format() == Format.DELTA || !in.files().isEmpty()) {
      return false;
    }
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(in.path());
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).getFileStatus(p).isDirectory();
    } catch (java.io.IOException e) {
      throw new InputException("cannot reach " + in.path() + ": " + e.getMessage());
    }
  }

  /**
   * The files of a folder input this run takes ({@link InputLedger}): those of a batch whose commit a stopped run
   * may not have finished, or else every file no earlier run took; none when nothing is new ({@code batch} null).
   */
  private final class Increment {
    final InputLedger ledger;
    final String runId;
    String batch;
    List<String> files; // relative to the folder
    Source source;

    Increment(SparkSession spark, Staging staging, Input in, String runId, Staging.Lease lease) {
      this.runId = runId;
      org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
      org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(in.path());
      String qualified;
      try {
        qualified = root.getFileSystem(conf).makeQualified(root).toString();
      } catch (java.io.IOException e) {
        throw new InputException("cannot reach " + in.path() + ": " + e.getMessage());
      }
      ledger = new InputLedger(conf, target, InputLedger.key(contract.id(), qualified), root);
      ledger.lock(runId, lease, staging.leaseTimeoutMs());
      if (reprocess) {
        ledger.clear();
      }
      List<InputLedger.Entry> entries = ledger.entries();
      Optional<InputLedger.Entry> pending = ledger.pendingEntry(entries);
      if (pending.isPresent() && staging.committedBy(pending.get().batchId()).isPresent()) {
        ledger.done(pending.get(), runId); // committed before its run stopped: only the ledger lagged
        entries = ledger.entries();
        pending = Optional.empty();
      }
      if (pending.isPresent()) {
        files = pending.get().files();
        batch = pending.get().batchId();
      } else {
        List<String> fresh = ledger.newFiles(entries);
        if (fresh.isEmpty()) {
          return;
        }
        files = ledger.relative(fresh);
        batch = ledger.batchOf(files) + (reprocess ? "-reprocessed-" + runId : "");
        ledger.pending(batch, runId, files);
      }
      source = in.only(ledger.qualified(files));
    }

    void done() {
      ledger.done(batch, runId, files);
    }

    void forget() {
      if (batch != null) {
        ledger.forget(batch);
      }
    }

    void unlock() {
      ledger.unlock(runId);
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

  /** Removes what run {@code id} wrote before its commit: its staging, or its files in the Delta tables. */
  private static void abandon(Staging staging, DeltaOutputs delta, String id) {
    if (delta != null) {
      delta.abandon(id);
    } else {
      staging.abandon(id);
    }
  }

  /**
   * The Delta transaction's application id that makes a batch's commits idempotent: one per batch, or, for a
   * stream, one per query, whose micro-batches are its versions (as Delta's own streaming sink does), so a table's
   * state keeps one entry per query rather than one per micro-batch.
   */
  private String deltaAppId(String batch) {
    return "sluice-" + (stream != null ? stream.query() : batch);
  }

  private long deltaVersion() {
    return stream != null ? stream.number() : 0;
  }

  /** The parts of the audit record every outcome shares, and what the run's listener hears. */
  private final class Run {
    final SparkSession spark;
    final String id;
    final Instant started;
    final String quarantinePath;
    /** Whether the data was checked: the report the run ends with is then the checks' (else an empty one). */
    boolean checked;
    /** The metrics history beside the audit log, when the run keeps one, and the columns its pass measured. */
    private Optional<MetricsLog> history = Optional.empty();
    Map<String, ColumnMetrics> columns = Map.of();
    /** The ids of the dataset checks whose metric is the input's lag (freshness): the audit record's {@code lag}. */
    Set<String> lagChecks = Set.of();
    private RunLineage lineage;

    Run(SparkSession spark, String id, Instant started, String quarantinePath) {
      this.spark = spark;
      this.id = id;
      this.started = started;
      this.quarantinePath = quarantinePath;
    }

    void tellStarted() {
      if (listener != null) {
        tell("of the start of run " + id, () -> {
          lineage = RunLineage.transition(spark, contract, id, input, target, quarantinePath);
          listener.started(lineage, started);
        });
      }
    }

    void tellFinished(AuditRecord record) {
      if (listener != null && lineage != null) {
        tell("of the end of run " + id, () -> listener.finished(lineage, RunEnd.of(record, checked, columns)));
      }
    }

    /**
     * The enforcer, keeping the metrics history beside the audit log when the audit sink is a log in a folder. A
     * history that cannot be read is a warning: the run goes on without one (its anomaly checks say so).
     */
    Enforcer keepHistory(Enforcer enforcer) {
      if (!Boolean.parseBoolean(spark.conf().get(METRICS_HISTORY, "true"))) {
        return enforcer;
      }
      String dir = audit instanceof AuditLog a ? a.dir()
          : audit instanceof FileAuditSink f ? f.file().toAbsolutePath().getParent().toUri().toString() : null;
      if (dir == null) {
        return enforcer;
      }
      MetricsLog log = MetricsLog.at(dir, spark.sparkContext().hadoopConfiguration());
      try {
        Enforcer judged = enforcer.withHistoryIn(log);
        history = Optional.of(log);
        return judged;
      } catch (RuntimeException e) {
        LOG.warn("run {}: the metrics history {} cannot be read, so this run keeps none: {}", id, log.file(), e.getMessage());
        return enforcer;
      }
    }

    /** Appends what the checks measured to the history; a history that cannot be written never ends the run. */
    private void record(RunReport report, AuditRecord audited) {
      if (!checked || history.isEmpty()) {
        return; // a run that read nothing has nothing to remember
      }
      try {
        history.get().append(MetricsRecord.of(report, audited.startedAt(), audited.finishedAt(), audited.outcome(),
            audited.status(), columns));
      } catch (RuntimeException e) {
        LOG.warn("run {}: cannot append to the metrics history {}: {}", id, history.get().file(), e.getMessage());
      }
    }

    RunReport empty() {
      return new RunReport(id, contract.id(), contract.version().toString(), 0, 0, 0, 0, 0, List.of(), List.of());
    }

    TransitionResult finish(RunReport report, String batch, AuditRecord.Outcome outcome, Optional<String> reason) {
      return append(report, input.describe(), started, batch, outcome, reason, Optional.empty(), true);
    }

    void failed(Throwable error, String batch, String what) {
      checked = false; // the report it ends with is an empty one
      append(empty(), input.describe(), started, batch, AuditRecord.Outcome.FAILED, Optional.of(what),
          Optional.of(new AuditRecord.Failure(error.getClass().getName(), Input.firstLineOf(error))), true);
    }

    /** What a later run needs to audit this run's commit, should it have to complete it. */
    com.fasterxml.jackson.databind.JsonNode about(RunReport report) {
      var about = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      about.put("source", input.describe());
      about.put("contract_version", report.contractVersion());
      about.put("contract_sha256", contract.sha256());
      about.put("started_at", started.toString());
      about.put("rows_in", report.rowsIn());
      about.put("rows_valid", report.rowsValid());
      about.put("rows_quarantined", report.rowsQuarantined());
      about.put("rows_warned", report.rowsWarned());
      about.put("rows_malformed", report.rowsMalformed());
      return about;
    }

    /** The record of a commit that a stopped run left half done and this run completed. */
    void completed(Staging.Recovered r) {
      var a = r.about();
      RunReport report = new RunReport(r.runId(), contract.id(), a.path("contract_version").asText(contract.version().toString()),
          a.path("rows_in").asLong(), a.path("rows_valid").asLong(), a.path("rows_quarantined").asLong(),
          a.path("rows_warned").asLong(), a.path("rows_malformed").asLong(), List.of(), List.of());
      Instant was = a.hasNonNull("started_at") ? Instant.parse(a.path("started_at").asText()) : Instant.now();
      append(report, a.path("source").asText(input.describe()), was, r.batchId(), AuditRecord.Outcome.COMMITTED,
          Optional.of("run " + r.runId() + " stopped during its commit; run " + id + " completed it"), Optional.empty(),
          false);
    }

    /** Appends the record; {@code ofThisRun}: it ends this run, so the listener hears of it (even if the append fails). */
    private TransitionResult append(RunReport report, String source, Instant from, String batch,
        AuditRecord.Outcome outcome, Optional<String> reason, Optional<AuditRecord.Failure> error, boolean ofThisRun) {
      Optional<Double> lag = report.datasetChecks().stream().filter(d -> lagChecks.contains(d.id()))
          .map(DatasetCheckResult::value).flatMap(Optional::stream).findFirst();
      AuditRecord record = new AuditRecord(report, contract.sha256(), contract.transition(), source,
          Optional.of(target), Optional.of(quarantinePath), from, Instant.now(), lag, outcome, reason, batch,
          System.getProperty("user.name", "unknown"), spark.sparkContext().applicationId(), spark.sparkContext().master(),
          error);
      if (ofThisRun) {
        record(report, record);
      }
      String line = null;
      try {
        if (audit != null) {
          line = signed(audit).append(record);
        }
      } finally {
        if (ofThisRun) {
          tellFinished(record);
        }
      }
      return new TransitionResult(record, Optional.ofNullable(line).map(TransitionResult::headOf));
    }
  }
}
