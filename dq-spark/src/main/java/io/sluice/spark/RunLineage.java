package io.sluice.spark;

import io.sluice.contract.Contract;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * A run's place in lineage: its id, the contract it carries out, what it reads and what it writes.
 *
 * @param runId the run's id as a UUID ({@link #uuidOf})
 * @param source how the audit record names the input: its path, or the name a DataFrame was given
 * @param input where the input lives, fully qualified ({@code file:/…}, {@code hdfs://nn:8020/…}); empty for a
 *     DataFrame a job computed
 * @param target where valid rows are written (a transition only), fully qualified
 * @param quarantine where failing rows are written (a transition only), fully qualified
 */
public record RunLineage(UUID runId, Contract contract, Kind kind, String source, Optional<URI> input,
    Optional<URI> target, Optional<URI> quarantine) {

  /** What the run does: a transition writes its outputs, a validation only checks. */
  public enum Kind {
    ENFORCE, VALIDATE;

    /** The job's name in a lineage system: the contract's id and what the run does, {@code silver_orders.enforce}. */
    public String jobName(Contract contract) {
      return contract.id() + "." + name().toLowerCase(Locale.ROOT);
    }
  }

  public RunLineage {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(quarantine, "quarantine");
  }

  public String jobName() {
    return kind.jobName(contract);
  }

  /** A validation of {@code contract} over the data at {@code data} (a path or URI of any Hadoop file system). */
  public static RunLineage validation(SparkSession spark, Contract contract, String runId, String data) {
    return new RunLineage(uuidOf(runId), contract, Kind.VALIDATE, data, Optional.of(locate(spark, data)), Optional.empty(),
        Optional.empty());
  }

  static RunLineage transition(SparkSession spark, Contract contract, String runId, Source input, String target,
      String quarantine) {
    Optional<URI> in = input instanceof Input i ? Optional.of(locate(spark, i.path())) : Optional.empty();
    return new RunLineage(uuidOf(runId), contract, Kind.ENFORCE, input.describe(), in, Optional.of(locate(spark, target)),
        Optional.of(locate(spark, quarantine)));
  }

  /**
   * A run id as a UUID: the id itself when it is one (Sluice's own ids are), else a name-based UUID of it (type 3),
   * so that the same id always gives the same UUID.
   */
  public static UUID uuidOf(String runId) {
    try {
      UUID u = UUID.fromString(runId);
      if (u.toString().equalsIgnoreCase(runId)) {
        return u;
      }
    } catch (IllegalArgumentException notOne) {
      // a name of the caller's (Transition.withRunId): derived below
    }
    return UUID.nameUUIDFromBytes(("sluice run " + runId).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code path} fully qualified on its file system, as Spark resolves it; as given when its file system is unknown. */
  static URI locate(SparkSession spark, String path) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    try {
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p).toUri();
    } catch (java.io.IOException | RuntimeException e) {
      return p.toUri();
    }
  }
}
