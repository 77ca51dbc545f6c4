package io.sluice.spark;

import java.time.Instant;

/**
 * Hears of each run as it starts and as it ends: what a lineage system needs to know of it (OpenLineage's run
 * events: {@link io.sluice.lineage.OpenLineageRuns}). A transition calls it on the driver, in the run's thread.
 * Whatever a listener throws is logged and the run goes on as if it had none: lineage never fails a run.
 */
public interface RunListener {
  /** The run begins: nothing has been read yet. */
  void started(RunLineage run, Instant at);

  /** The run ended, whatever ended it: once per run, after its audit record was appended. */
  void finished(RunLineage run, RunEnd end);
}
