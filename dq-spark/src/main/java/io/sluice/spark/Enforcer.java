package io.sluice.spark;

import io.sluice.check.CompiledContract;
import io.sluice.history.MetricsHistory;
import io.sluice.keys.KeysetStore;
import io.sluice.protect.Protection;
import io.sluice.spark.plan.CheckPlan;
import io.sluice.spark.unique.DuplicateKeys;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A compiled contract, ready to check datasets. Immutable; {@code with…} methods return a new enforcer. */
public final class Enforcer {
  /** The column Spark's CSV and JSON readers fill in PERMISSIVE mode for records they cannot parse. */
  public static final String DEFAULT_CORRUPT_RECORD_COLUMN = "_corrupt_record";

  private final CompiledContract compiled;
  private final String runId;
  private final String corruptRecordColumn;
  private final Optional<KeysetStore> keys;
  /** Whether the pass also measures each column ({@link Enforcement#columnMetrics()}). */
  private final boolean profile;
  private final Optional<MetricsHistory> history;

  Enforcer(CompiledContract compiled) {
    this(compiled, null, DEFAULT_CORRUPT_RECORD_COLUMN, Optional.empty(), Optional.empty(), false);
  }

  private Enforcer(CompiledContract compiled, String runId, String corruptRecordColumn, Optional<KeysetStore> keys,
      Optional<MetricsHistory> history, boolean profile) {
    this.compiled = compiled;
    this.runId = runId;
    this.corruptRecordColumn = corruptRecordColumn;
    this.keys = keys;
    this.history = history;
    this.profile = profile || history.isPresent();
  }

  /** Names the run (recorded in quarantine rows and the report); a random UUID otherwise. */
  public Enforcer withRunId(String id) {
    return new Enforcer(compiled, id, corruptRecordColumn, keys, history, profile);
  }

  /** The input column that holds the raw text of malformed records, if the reader made one. */
  public Enforcer withCorruptRecordColumn(String name) {
    return new Enforcer(compiled, runId, name, keys, history, profile);
  }

  /** The keysets for the contract's {@code protect.encrypt} and {@code hash} columns. */
  public Enforcer withKeys(KeysetStore store) {
    return new Enforcer(compiled, runId, corruptRecordColumn, Optional.of(store), history, profile);
  }

  /**
   * Keeps a metrics history: the run's pass also measures each column ({@link Enforcement#columnMetrics()}), and the
   * contract's anomaly checks are judged against {@code history} (the runs before this one; empty for a first run).
   * Appending this run's record is the caller's: {@link io.sluice.spark.history.MetricsLog#append}, as a transition
   * does.
   */
  public Enforcer withHistory(MetricsHistory history) {
    return new Enforcer(compiled, runId, corruptRecordColumn, keys, Optional.of(history), profile);
  }

  /**
   * {@link #withHistory} with the runs kept in {@code log}, read only when the contract has anomaly checks: they alone
   * judge a run against the runs before it, and then only the contract's own runs are read. Without any, the history
   * is only appended to, and a growing file costs the run nothing.
   *
   * @throws java.io.UncheckedIOException when the history must be read and cannot be
   */
  public Enforcer withHistoryIn(io.sluice.spark.history.MetricsLog log) {
    return withHistory(compiled.anomalyRules().isEmpty() ? MetricsHistory.of(java.util.List.of())
        : log.read(compiled.contract().id()));
  }

  /**
   * Measures each column in the run's pass (completeness, distinct count, and the minimum, maximum and mean of numbers:
   * {@link Enforcement#columnMetrics()}) without keeping a history, e.g. for lineage events.
   */
  public Enforcer withColumnProfile() {
    return new Enforcer(compiled, runId, corruptRecordColumn, keys, history, true);
  }

  public CompiledContract compiled() {
    return compiled;
  }

  /**
   * Checks {@code input} lazily: nothing runs until the returned enforcement's outputs are asked for. A
   * contract with a unique key then first finds its duplicate keys — one or two short jobs over the key
   * columns ({@link DuplicateKeys}) — when an output ({@link Enforcement#valid()}, {@link Enforcement#quarantine()},
   * {@link Enforcement#validate()}, {@link Enforcement#plan()}) is first asked for.
   *
   * <p>Both outputs are protected as the contract says ({@code protect}): checks see values in clear,
   * the rows that come out are masked or encrypted.
   *
   * <p>Keysets are resolved when an output is first asked for ({@link Enforcement#valid()},
   * {@link Enforcement#quarantine()}); {@link Enforcement#validate()} writes nothing and needs none.
   *
   * @throws SchemaMismatchException when the data lacks a column the contract names (or has one it
   *     must not), before anything runs
   */
  public Enforcement on(Dataset<Row> input) {
    String id = runId != null ? runId : UUID.randomUUID().toString();
    CheckPlan.Planned planned = new CheckPlan(compiled, corruptRecordColumn,
        () -> Protection.of(compiled.contract(), keys)).build(input, id, profile);
    return new Enforcement(input.sparkSession(), compiled, id, planned, history);
  }
}
