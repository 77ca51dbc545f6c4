package io.sluice.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * intent, which the next run completes. Renames are atomic per file on HDFS and local disks; on object
 * stores, write Delta Lake instead.
 */
final class Staging {
  static final String STAGING = "_sluice_staging";
  static final String STATE = "_sluice";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Configuration conf;
  private final Path target;
  private final Path quarantine;

  Staging(Configuration conf, String target, String quarantine) {
    this.conf = conf;
    this.target = new Path(target);
    this.quarantine = new Path(quarantine);
  }

  Path stagedTarget(String runId) {
    return new Path(new Path(target, STAGING), runId);
  }

  Path stagedQuarantine(String runId) {
    return new Path(new Path(quarantine, STAGING), runId);
  }

  /**
   * Makes the folder that holds the staged outputs of runs (Spark makes a run's own folder in it when it writes):
   * on a local disk, without a process per folder (see {@link LocalFiles}).
   */
  void prepare() {
    try {
      Path staging = new Path(target, STAGING);
      LocalFiles.mkdirs(staging.getFileSystem(conf), staging);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the staging folder of " + target + ": " + e.getMessage(), e);
    }
  }

  /** The run that committed {@code batchId} to this target, if one did. */
  java.util.Optional<String> committedBy(String batchId) {
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

  /** Completes a commit a killed run left half done, and removes staging that no commit will use. */
  void recover() {
    try {
      FileSystem fs = target.getFileSystem(conf);
      Path state = new Path(target, STATE);
      if (fs.exists(state)) {
        for (FileStatus s : fs.listStatus(state)) {
          if (s.getPath().getName().startsWith("intent-")) {
            JsonNode intent;
            try (InputStream in = fs.open(s.getPath())) {
              intent = JSON.readTree(in);
            }
            finish(intent, s.getPath());
          }
        }
      }
      deleteChildren(new Path(target, STAGING));
      deleteChildren(new Path(quarantine, STAGING));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot recover " + target + ": " + e.getMessage(), e);
    }
  }

  /** Moves the staged files of {@code runId} into place and marks {@code batchId} committed. */
  void commitFiles(String runId, String batchId) {
    try {
      Path intentFile = writeIntent(runId, batchId);
      try (InputStream in = intentFile.getFileSystem(conf).open(intentFile)) {
        finish(JSON.readTree(in), intentFile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit run " + runId + " to " + target + ": " + e.getMessage(), e);
    }
  }

  /** The commit's first step: every move it will make, written down before the first one is made. */
  Path writeIntent(String runId, String batchId) throws IOException {
    ObjectNode intent = JSON.createObjectNode();
    intent.put("run_id", runId);
    intent.put("batch_id", batchId);
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
  void markCommitted(String runId, String batchId) {
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
  void abandon(String runId) {
    try {
      delete(stagedTarget(runId));
      delete(stagedQuarantine(runId));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean the staging of run " + runId + ": " + e.getMessage(), e);
    }
  }

  private void finish(JsonNode intent, Path intentFile) throws IOException {
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
    markCommitted(intent.path("run_id").asText(), intent.path("batch_id").asText());
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
      if (Input.hidden(name) || rel.contains("/_") || rel.startsWith("_")) {
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
  static List<FileStatus> filesUnder(FileSystem fs, Path dir) throws IOException {
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
    return new Path(new Path(new Path(target, STATE), "batches"), batchId + ".json");
  }

  private void writeJson(Path file, JsonNode node) throws IOException {
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

  private void deleteChildren(Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    if (fs.exists(dir)) {
      for (FileStatus s : fs.listStatus(dir)) {
        fs.delete(s.getPath(), true);
      }
    }
  }

  private void delete(Path p) throws IOException {
    FileSystem fs = p.getFileSystem(conf);
    if (fs.exists(p)) {
      fs.delete(p, true);
    }
  }
}
