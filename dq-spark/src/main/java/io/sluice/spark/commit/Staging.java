package io.sluice.spark.commit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.spark.Input;
import io.sluice.spark.source.DataFiles;
import io.sluice.spark.source.InputLedger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Stage, then commit: how a transition writes a target and its quarantine so that a failed or killed run
 * leaves both as they were, and a re-run of the same input writes nothing twice.
 *
 * <p>Spark writes each output into {@code <output>/_sluice_staging/<run>/} (a folder readers skip: Spark
 * ignores names that start with {@code _}). Only when both writes succeeded and the checks allow it does
 * the commit begin: an intent file listing every move is written first, then each staged file is renamed
 * into place, then the batch is marked done and the intent removed. A run killed while Spark writes leaves
 * only staging, which the next run deletes; a run killed during the (millisecond) renames leaves the
 * intent, which the next run completes. Renames are atomic per file on HDFS and local disks; on object stores
 * that copy to rename (S3, GCS) the commit takes time in proportion to the data, and readers may see part of a
 * batch meanwhile (docs/deploy.md). Delta outputs are not staged: {@link DeltaOutputs}.
 */
public final class Staging {
  public static final String STAGING = "_sluice_staging";
  public static final String STATE = "_sluice";
  /** How long a run's lease lasts without renewal: Hadoop setting {@code sluice.lease.timeout.ms}, default 2 minutes. */
  public static final String LEASE_TIMEOUT_MS = "sluice.lease.timeout.ms";
  private static final long DEFAULT_LEASE_TIMEOUT_MS = 120_000;
  private static final String LEASE = ".lease";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A commit a stopped run left half done and a later run completed, with what that run wrote about itself. */
  public record Recovered(String runId, String batchId, JsonNode about) {}

  private final Configuration conf;
  private final Path target;
  private final Path quarantine;

  public Staging(Configuration conf, String target, String quarantine) {
    this.conf = conf;
    this.target = new Path(target);
    this.quarantine = new Path(quarantine);
  }

  public Path stagedTarget(String runId) {
    return new Path(new Path(target, STAGING), runId);
  }

  public Path stagedQuarantine(String runId) {
    return new Path(new Path(quarantine, STAGING), runId);
  }

  /**
   * Makes the folder that holds the staged outputs of runs (Spark makes a run's own folder in it when it writes):
   * on a local disk, without a process per folder (see {@link LocalFiles}).
   */
  public void prepare() {
    try {
      Path staging = new Path(target, STAGING);
      LocalFiles.mkdirs(staging.getFileSystem(conf), staging);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the staging folder of " + target + ": " + e.getMessage(), e);
    }
  }

  /** The run that committed {@code batchId} to this target, if one did. */
  public java.util.Optional<String> committedBy(String batchId) {
    try {
      Path marker = marker(batchId);
      FileSystem fs = marker.getFileSystem(conf);
      if (!fs.exists(marker)) {
        return java.util.Optional.empty();
      }
      try (InputStream in = fs.open(marker)) {
        return java.util.Optional.of(JSON.readTree(in).path("run_id").asText("?"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the commit state of " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Completes the commits that stopped runs left half done, and removes staging that no live run will use. Runs
   * whose lease is alive are left alone.
   *
   * @return the commits completed
   */
  public List<Recovered> recover() {
    List<Recovered> recovered = new ArrayList<>();
    try {
      FileSystem fs = target.getFileSystem(conf);
      Path state = new Path(target, STATE);
      if (fs.exists(state)) {
        for (FileStatus s : fs.listStatus(state)) {
          String name = s.getPath().getName();
          if (!name.startsWith("intent-") || !name.endsWith(".json")) {
            continue;
          }
          JsonNode intent;
          try (InputStream in = fs.open(s.getPath())) {
            intent = JSON.readTree(in);
          }
          String run = intent.path("run_id").asText();
          if (leaseAlive(target, run)) {
            continue;
          }
          if (claim(run, intent.path("batch_id").asText()).equals(run)) {
            finish(intent, s.getPath());
            recovered.add(new Recovered(run, intent.path("batch_id").asText(), intent.path("about")));
          } else { // another run committed this batch: this one's files must not land too
            fs.delete(s.getPath(), false);
            abandon(run);
          }
        }
      }
      removeExpired(new Path(target, STAGING));
      removeExpired(new Path(quarantine, STAGING));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot recover " + target + ": " + e.getMessage(), e);
    }
    return recovered;
  }

  /** A run's lease on its staging in the target and the quarantine, renewed until closed. */
  public final class Lease implements AutoCloseable {
    private final String runId;
    private final java.util.concurrent.ScheduledExecutorService renewal;
    /** Other files this run holds (an input's lock), renewed with the lease: their content is the run's id. */
    private final List<Path> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Lease(String runId) {
      this.runId = runId;
      renew();
      long period = Math.max(1, leaseTimeoutMs() / 4);
      renewal = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-lease-" + runId);
        t.setDaemon(true);
        return t;
      });
      renewal.scheduleAtFixedRate(() -> {
        try {
          renew();
        } catch (UncheckedIOException e) {
          // the next renewal tries again; a lease that lapses only lets recovery see this run as stopped
        }
      }, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Renews {@code file} with this lease from now on (its holder wrote it with this run's id). */
    public void hold(Path file) {
      held.add(file);
    }

    private void renew() {
      byte[] now = Long.toString(System.currentTimeMillis()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] me = runId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      try {
        for (Path output : List.of(target, quarantine)) {
          rewrite(leaseFile(output, runId), now);
        }
        for (Path file : held) {
          rewrite(file, me);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot renew the lease of run " + runId + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      renewal.shutdownNow();
      try {
        renewal.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        for (Path output : List.of(target, quarantine)) {
          delete(leaseFile(output, runId));
        }
      } catch (IOException e) {
        // an expired lease is as good as none
      }
    }
  }

  private void rewrite(Path file, byte[] bytes) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    if (!LocalFiles.writeAtomically(fs, file, bytes)) {
      try (OutputStream out = fs.create(file, true)) {
        out.write(bytes);
      }
    }
  }

  /** Takes the lease of {@code runId}: until it is closed, no other run's recovery touches this run's staging. */
  public Lease lease(String runId) {
    return new Lease(runId);
  }

  public long leaseTimeoutMs() {
    return conf.getLong(LEASE_TIMEOUT_MS, DEFAULT_LEASE_TIMEOUT_MS);
  }

  private static Path leaseFile(Path output, String runId) {
    return new Path(new Path(output, STAGING), runId + LEASE);
  }

  /** Whether {@code runId} renewed its lease on the target within the timeout. */
  public boolean leaseAlive(String runId) throws IOException {
    return leaseAlive(target, runId);
  }

  /** Whether {@code runId} renewed its lease on {@code output} within the timeout. */
  private boolean leaseAlive(Path output, String runId) throws IOException {
    Path file = leaseFile(output, runId);
    FileSystem fs = file.getFileSystem(conf);
    try {
      return System.currentTimeMillis() - fs.getFileStatus(file).getModificationTime() < leaseTimeoutMs();
    } catch (java.io.FileNotFoundException e) {
      return false;
    }
  }

  /** Deletes the staging folders and leases of runs whose lease has expired or is gone. */
  private void removeExpired(Path staging) throws IOException {
    FileSystem fs = staging.getFileSystem(conf);
    if (!fs.exists(staging)) {
      return;
    }
    Path output = staging.getParent();
    for (FileStatus s : fs.listStatus(staging)) {
      String name = s.getPath().getName();
      String run = name.endsWith(LEASE) ? name.substring(0, name.length() - LEASE.length()) : name;
      if (DataFiles.hidden(name) && !name.endsWith(LEASE) || leaseAlive(output, run)) {
        continue;
      }
      fs.delete(s.getPath(), true);
    }
  }

  /**
   * Claims {@code batchId} for {@code runId}: creates its marker if no run has. Returns the run that holds it —
   * {@code runId}, or the run that claimed it first.
   */
  public String claim(String runId, String batchId) throws IOException {
    ObjectNode mark = JSON.createObjectNode();
    mark.put("run_id", runId);
    mark.put("batch_id", batchId);
    Path marker = marker(batchId);
    FileSystem fs = marker.getFileSystem(conf);
    if (LocalFiles.createNew(fs, marker, JSON.writeValueAsBytes(mark))) {
      return runId;
    }
    return committedBy(batchId).orElseThrow(() -> new IOException("cannot claim batch " + batchId + " of " + target));
  }

  /**
   * Moves the staged files of {@code runId} into place and marks {@code batchId} committed, unless another run
   * claimed that batch first.
   *
   * @param about what the audit should know of this run if a later run has to complete its commit (counts, source)
   * @return the run that committed the batch instead, when it was not this one (this run's staging is then removed)
   */
  public java.util.Optional<String> commitFiles(String runId, String batchId, JsonNode about) {
    return commitFiles(runId, batchId, about, false);
  }

  /**
   * As {@link #commitFiles(String, String, JsonNode)}; with {@code replace}, the data files the target and the
   * quarantine hold now are deleted as part of the same commit (a reprocessing run replaces what earlier runs wrote).
   */
  public java.util.Optional<String> commitFiles(String runId, String batchId, JsonNode about, boolean replace) {
    try {
      Path intentFile = writeIntent(runId, batchId, about, replace);
      String holder = claim(runId, batchId);
      if (!holder.equals(runId)) {
        intentFile.getFileSystem(conf).delete(intentFile, false);
        abandon(runId);
        return java.util.Optional.of(holder);
      }
      try (InputStream in = intentFile.getFileSystem(conf).open(intentFile)) {
        finish(JSON.readTree(in), intentFile);
      }
      return java.util.Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit run " + runId + " to " + target + ": " + e.getMessage(), e);
    }
  }

  /** The commit's first step: every move it will make, written down before the first one is made. */
  public Path writeIntent(String runId, String batchId, JsonNode about) throws IOException {
    return writeIntent(runId, batchId, about, false);
  }

  private Path writeIntent(String runId, String batchId, JsonNode about, boolean replace) throws IOException {
    ObjectNode intent = JSON.createObjectNode();
    intent.put("run_id", runId);
    intent.put("batch_id", batchId);
    intent.set("about", about);
    ArrayNode deletes = intent.putArray("deletes");
    if (replace) {
      for (Path output : List.of(target, quarantine)) {
        FileSystem fs = output.getFileSystem(conf);
        if (fs.exists(output)) {
          for (FileStatus f : DataFiles.list(fs, output)) {
            deletes.add(fs.makeQualified(f.getPath()).toString());
          }
        }
      }
    }
    ArrayNode moves = intent.putArray("moves");
    addMoves(moves, stagedTarget(runId), target);
    addMoves(moves, stagedQuarantine(runId), quarantine);
    ArrayNode cleanup = intent.putArray("cleanup");
    cleanup.add(stagedTarget(runId).toString());
    cleanup.add(stagedQuarantine(runId).toString());
    Path intentFile = new Path(new Path(target, STATE), "intent-" + runId + ".json");
    writeJson(intentFile, intent);
    return intentFile;
  }

  /** Marks {@code batchId} committed, for outputs whose format commits by itself (Delta Lake). */
  public void markCommitted(String runId, String batchId) {
    try {
      ObjectNode done = JSON.createObjectNode();
      done.put("run_id", runId);
      done.put("batch_id", batchId);
      writeJson(marker(batchId), done);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot mark batch " + batchId + " of " + target + ": " + e.getMessage(), e);
    }
  }

  /** Removes what {@code runId} staged: the run is abandoned and its outputs stay as they were. */
  public void abandon(String runId) {
    try {
      delete(stagedTarget(runId));
      delete(stagedQuarantine(runId));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean the staging of run " + runId + ": " + e.getMessage(), e);
    }
  }

  private void finish(JsonNode intent, Path intentFile) throws IOException {
    for (JsonNode d : intent.path("deletes")) {
      delete(new Path(d.asText()));
    }
    for (JsonNode m : intent.path("moves")) {
      Path from = new Path(m.path("from").asText());
      Path to = new Path(m.path("to").asText());
      FileSystem fs = from.getFileSystem(conf);
      if (fs.exists(from)) {
        LocalFiles.mkdirs(fs, to.getParent());
        if (!fs.rename(from, to) && !fs.exists(to)) {
          throw new IOException("cannot move " + from + " to " + to);
        }
      }
    }
    intentFile.getFileSystem(conf).delete(intentFile, false);
    for (JsonNode c : intent.path("cleanup")) {
      delete(new Path(c.asText()));
    }
  }

  private void addMoves(ArrayNode moves, Path staged, Path output) throws IOException {
    FileSystem fs = staged.getFileSystem(conf);
    if (!fs.exists(staged)) {
      return;
    }
    String base = fs.makeQualified(staged).toUri().getPath();
    List<ObjectNode> list = new ArrayList<>();
    for (FileStatus f : filesUnder(fs, staged)) {
      String rel = f.getPath().toUri().getPath().substring(base.length() + 1);
      String name = f.getPath().getName();
      if (DataFiles.hidden(name) || rel.contains("/_") || rel.startsWith("_")) {
        continue; // _SUCCESS, checksums, Spark's own _temporary leftovers
      }
      ObjectNode m = JSON.createObjectNode();
      m.put("from", fs.makeQualified(f.getPath()).toString());
      m.put("to", fs.makeQualified(new Path(output, rel)).toString());
      list.add(m);
    }
    list.forEach(moves::add);
  }

  /**
   * Every file under {@code dir}, recursively. Not {@code FileSystem.listFiles}: its located statuses read each
   * file's permissions, which Hadoop's local file system does by starting an {@code ls} process per file.
   */
  public static List<FileStatus> filesUnder(FileSystem fs, Path dir) throws IOException {
    List<FileStatus> files = new ArrayList<>();
    java.util.ArrayDeque<Path> todo = new java.util.ArrayDeque<>(List.of(dir));
    while (!todo.isEmpty()) {
      for (FileStatus s : fs.listStatus(todo.poll())) {
        if (s.isDirectory()) {
          todo.add(s.getPath());
        } else {
          files.add(s);
        }
      }
    }
    return files;
  }

  private Path marker(String batchId) {
    // A batch the caller named may hold any character: its file is then named by its hash.
    String name = batchId.matches("[A-Za-z0-9_.-]{1,128}") && !batchId.startsWith(".") ? batchId
        : InputLedger.sha256(batchId);
    return new Path(new Path(new Path(target, STATE), "batches"), name + ".json");
  }

  public void writeJson(Path file, JsonNode node) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    byte[] bytes = JSON.writeValueAsBytes(node);
    if (LocalFiles.writeAtomically(fs, file, bytes)) {
      return;
    }
    Path tmp = new Path(file.getParent(), "." + file.getName() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(bytes);
      out.flush();
    }
    fs.delete(file, false);
    if (!fs.rename(tmp, file)) {
      throw new IOException("cannot write " + file);
    }
  }

  private void delete(Path p) throws IOException {
    FileSystem fs = p.getFileSystem(conf);
    if (fs.exists(p)) {
      fs.delete(p, true);
    }
  }
}
