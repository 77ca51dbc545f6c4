package io.sluice.spark.commit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.spark.ConcurrentRunException;
import io.sluice.spark.Input;
import io.sluice.spark.internal.DeltaCommit;
import io.sluice.spark.source.DataFiles;
import io.sluice.spark.source.InputLedger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * How a transition writes a Delta target and a Delta quarantine: the split write puts its Parquet files straight
 * into each table's folder, under {@code <table>/<run>/}, and each table's log takes them in one Delta commit
 * ({@link DeltaCommit}). Nothing is staged, read back or copied.
 *
 * <p>Until its commit, a file in a table's folder is invisible: Delta reads only the files its log names. Each
 * commit carries a {@code SetTransaction} (application id, version): a table that has seen it takes no second
 * commit of the batch, so a run repeated after any failure writes each table once. The two tables are two commits,
 * target first. A run's record beside the target ({@code <target>/_sluice/delta-<run>.json}) says where its files
 * are, and, once they are all written, everything both commits need. A later run whose lease on the outputs finds
 * the run stopped (its lease expired or gone, see {@link Staging}) completes what the record names — each commit
 * idempotent — and deletes the files no commit took.
 */
public final class DeltaOutputs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RECORD_PREFIX = "delta-";

  private final SparkSession spark;
  private final Configuration conf;
  private final Staging staging;
  private final String target;
  private final String quarantine;
  /** The run whose files this instance may delete: the one {@link #begin} began (never another run's, committed). */
  private String begun;

  public DeltaOutputs(SparkSession spark, Staging staging, String target, String quarantine) {
    this.spark = spark;
    this.conf = spark.sparkContext().hadoopConfiguration();
    this.staging = staging;
    this.target = target;
    this.quarantine = quarantine;
  }

  /** The folder, in each table, of a run's files: the run's id, or its hash when the id is not a plain name. */
  public static String folder(String runId) {
    return runId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}") ? runId : InputLedger.sha256(runId);
  }

  public Path targetFolder(String runId) {
    return new Path(target, folder(runId));
  }

  public Path quarantineFolder(String runId) {
    return new Path(quarantine, folder(runId));
  }

  /**
   * Every reason the two tables cannot take what the split will write (schemas as the files will hold them); empty
   * when they can. Nothing is written.
   */
  public List<String> problems(StructType valid, StructType quarantined, boolean replace) {
    List<String> problems = new ArrayList<>();
    for (String p : DeltaCommit.problems(spark, target, valid, replace)) {
      problems.add("the target " + target + ": " + p);
    }
    for (String p : DeltaCommit.problems(spark, quarantine, quarantined, replace)) {
      problems.add("the quarantine " + quarantine + ": " + p);
    }
    return problems;
  }

  /**
   * Records, before the split write begins, where the run's files will be: a run that stops while it writes has
   * them deleted by a later run.
   */
  public void begin(String runId) {
    try {
      for (Path p : List.of(targetFolder(runId), quarantineFolder(runId), record(runId))) {
        if (p.getFileSystem(conf).exists(p)) {
          throw new ConcurrentRunException("Cannot write run " + runId + " into " + p.getParent() + ": a run with that"
              + " id wrote there before (" + p.getName() + "), and its files may be committed. Give each run its own"
              + " id");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + target + ": " + e.getMessage(), e);
    }
    begun = runId;
    ObjectNode record = JSON.createObjectNode();
    record.put("run_id", runId);
    record.put("stage", "writing");
    ArrayNode tables = record.putArray("tables");
    tables.addObject().put("table", qualified(new Path(target))).put("folder", qualified(targetFolder(runId)));
    tables.addObject().put("table", qualified(new Path(quarantine))).put("folder", qualified(quarantineFolder(runId)));
    write(record(runId), record);
  }

  /**
   * Writes down everything the two commits need, once the split wrote every file: from here on, the run's files
   * are committed — by this run, or by a later one if this one stops. Files with no row are deleted, not committed.
   *
   * @param appId the Delta transaction's application id, the same for both tables
   * @param version its version: a table whose transaction {@code appId} is at this version or later has this batch
   * @param about what the audit should know of this run if a later run has to complete its commits
   */
  public Intent intend(String runId, String batchId, String appId, long version, StructType valid, StructType quarantined,
      Map<String, Long> rowsPerFile, boolean replace, JsonNode about) {
    ObjectNode record = JSON.createObjectNode();
    record.put("run_id", runId);
    record.put("stage", "committing");
    record.put("batch_id", batchId);
    record.put("app_id", appId);
    record.put("txn_version", version);
    record.put("replace", replace);
    record.set("about", about);
    ArrayNode tables = record.putArray("tables");
    table(tables.addObject(), target, targetFolder(runId), valid, rowsPerFile, replace);
    table(tables.addObject(), quarantine, quarantineFolder(runId), quarantined, rowsPerFile, replace);
    Path file = record(runId);
    write(file, record);
    return new Intent(record, file, true);
  }

  private void table(ObjectNode node, String table, Path folder, StructType schema, Map<String, Long> rowsPerFile,
      boolean replace) {
    node.put("table", qualified(new Path(table)));
    node.put("folder", qualified(folder));
    node.put("schema", schema.json());
    if (replace) {
      DeltaCommit.Live live = DeltaCommit.liveFiles(spark, table);
      node.put("version_before", live.version());
      ArrayNode replaced = node.putArray("replaced");
      live.paths().forEach(replaced::add);
    } else {
      node.put("version_before", DeltaCommit.version(spark, table));
    }
    ArrayNode files = node.putArray("files");
    try {
      FileSystem fs = folder.getFileSystem(conf);
      if (!fs.exists(folder)) {
        return;
      }
      for (FileStatus f : fs.listStatus(folder)) {
        String name = f.getPath().getName();
        if (!f.isFile() || DataFiles.hidden(name)) {
          continue; // checksums
        }
        long rows = rowsPerFile.getOrDefault(name, -1L);
        if (rows == 0) { // a task's file with no row: the table's schema is in its log, not in a file
          fs.delete(f.getPath(), false);
          continue;
        }
        files.addObject().put("path", folder.getName() + "/" + name).put("size", f.getLen())
            .put("modification_time", f.getModificationTime()).put("rows", rows);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the files of " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the files and record of the run this instance {@link #begin began}: the run is abandoned before its
   * commits, and both tables stay as they were.
   */
  public void abandon(String runId) {
    if (!runId.equals(begun)) {
      return;
    }
    try {
      delete(targetFolder(runId));
      delete(quarantineFolder(runId));
      delete(record(runId));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the files of run " + runId + ": " + e.getMessage(), e);
    }
  }

  /**
   * Completes the commits of runs that stopped after writing all their files, and deletes the files that no commit
   * took of runs that stopped; runs whose lease is alive are left alone.
   *
   * @return the stopped runs whose commits this call completed (at least one table took their files now)
   */
  public List<Staging.Recovered> recover() {
    List<Staging.Recovered> recovered = new ArrayList<>();
    try {
      Path state = new Path(target, Staging.STATE);
      FileSystem fs = state.getFileSystem(conf);
      if (!fs.exists(state)) {
        return recovered;
      }
      for (FileStatus s : fs.listStatus(state)) {
        String name = s.getPath().getName();
        if (!name.startsWith(RECORD_PREFIX) || !name.endsWith(".json")) {
          continue;
        }
        JsonNode record;
        try (InputStream in = fs.open(s.getPath())) {
          record = JSON.readTree(in);
        } catch (IOException e) { // a record cut short: its run stopped while writing it, before any commit
          continue;
        }
        String run = record.path("run_id").asText();
        if (staging.leaseAlive(run)) {
          continue;
        }
        if (record.path("stage").asText().equals("committing")) {
          Intent intent = new Intent(record, s.getPath(), false);
          if (intent.commitAll()) {
            recovered.add(new Staging.Recovered(run, intent.batchId(), record.path("about")));
          }
        } else {
          for (JsonNode t : record.path("tables")) {
            delete(new Path(t.path("folder").asText()));
          }
          fs.delete(s.getPath(), false);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot recover the Delta commits into " + target + ": " + e.getMessage(), e);
    }
    return recovered;
  }

  /** The two commits a run's record names, made in order: the target's, then the quarantine's. */
  public final class Intent {
    private final JsonNode record;
    private final Path file;
    /** Whether the run that wrote the files makes the commits (else a later run completes them). */
    private final boolean live;
    private final DeltaCommit.Outcome[] outcomes = new DeltaCommit.Outcome[2];

    private Intent(JsonNode record, Path file, boolean live) {
      this.record = record;
      this.file = file;
      this.live = live;
    }

    String batchId() {
      return record.path("batch_id").asText();
    }

    public DeltaCommit.Outcome commitTarget() {
      return commit(0);
    }

    public DeltaCommit.Outcome commitQuarantine() {
      return commit(1);
    }

    /** Whether the target, or the quarantine, took this run's files now (false: it had this batch already). */
    boolean committed(int table) {
      return outcomes[table] == DeltaCommit.Outcome.COMMITTED;
    }

    private DeltaCommit.Outcome commit(int index) {
      JsonNode t = record.path("tables").get(index);
      String table = t.path("table").asText();
      List<DeltaCommit.DataFile> files = new ArrayList<>();
      Set<String> paths = new HashSet<>();
      for (JsonNode f : t.path("files")) {
        files.add(new DeltaCommit.DataFile(f.path("path").asText(), f.path("size").asLong(),
            f.path("modification_time").asLong(), f.path("rows").asLong(-1)));
        paths.add(f.path("path").asText());
      }
      Set<String> replaced = new HashSet<>();
      t.path("replaced").forEach(p -> replaced.add(p.asText()));
      DeltaCommit.Outcome outcome;
      try {
        outcome = DeltaCommit.commit(spark, table, files, (StructType) DataType.fromJson(t.path("schema").asText()),
            record.path("app_id").asText(), record.path("txn_version").asLong(), record.path("replace").asBoolean(),
            replaced, Map.of("sluice.run_id", record.path("run_id").asText(), "sluice.batch_id", batchId()));
      } catch (DeltaCommit.RefusedException e) {
        if (live) {
          throw e;
        }
        // The table changed since the stopped run checked it (its schema was replaced, say): its files cannot go in.
        outcome = DeltaCommit.Outcome.ALREADY_COMMITTED;
        paths = Set.of();
      }
      if (outcome == DeltaCommit.Outcome.ALREADY_COMMITTED && !paths.isEmpty()) {
        // Another run committed this batch; these files are garbage unless this run's own commit (or a recovery of
        // it, had its lease lapsed) took them before. A log that no longer tells leaves them to VACUUM.
        Optional<Boolean> added = DeltaCommit.added(spark, table, paths, t.path("version_before").asLong());
        if (added.isPresent() && !added.get()) {
          deleteQuietly(new Path(t.path("folder").asText()));
        }
      } else if (outcome == DeltaCommit.Outcome.ALREADY_COMMITTED) {
        deleteQuietly(new Path(t.path("folder").asText()));
      }
      outcomes[index] = outcome;
      return outcome;
    }

    /** Marks the batch committed (when a table took it now) and removes the record: the run's commits are done. */
    public void finish() {
      if ((committed(0) || committed(1)) && staging.committedBy(batchId()).isEmpty()) {
        staging.markCommitted(record.path("run_id").asText(), batchId());
      }
      try {
        file.getFileSystem(conf).delete(file, false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
      }
    }

    /** Both commits, then {@link #finish}; true when a table took this run's files now. */
    boolean commitAll() {
      commitTarget();
      commitQuarantine();
      finish();
      return committed(0) || committed(1);
    }
  }

  private Path record(String runId) {
    return new Path(new Path(target, Staging.STATE), RECORD_PREFIX + folder(runId) + ".json");
  }

  private String qualified(Path p) {
    try {
      return p.getFileSystem(conf).makeQualified(p).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + p + ": " + e.getMessage(), e);
    }
  }

  private void write(Path file, JsonNode node) {
    try {
      staging.writeJson(file, node);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private void delete(Path p) throws IOException {
    FileSystem fs = p.getFileSystem(conf);
    if (fs.exists(p)) {
      fs.delete(p, true);
    }
  }

  private void deleteQuietly(Path p) {
    try {
      delete(p);
    } catch (IOException e) {
      // files no log names are invisible to readers; VACUUM removes them
    }
  }
}
