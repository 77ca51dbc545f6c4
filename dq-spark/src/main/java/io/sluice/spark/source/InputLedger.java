package io.sluice.spark.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.spark.ConcurrentRunException;
import io.sluice.spark.Input;
import io.sluice.spark.commit.LocalFiles;
import io.sluice.spark.commit.Staging;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Which files of an input folder earlier runs of a contract committed into a target: what makes a folder input
 * incremental. Each run takes the files no entry names, writes them down as a pending entry before it reads them,
 * and marks the entry done once its batch is committed. A run that stopped after its commit began leaves a pending
 * entry; the next run finishes that batch (the same files, so the same batch id: written once) before it takes new
 * files. One run at a time per input and target: a lock held by a live run's lease refuses a second run, which
 * succeeds when run again.
 *
 * <p>Kept beside the target ({@code <target>/_sluice/inputs/<key>/}, one small JSON file per batch) on whatever
 * file system holds it. Spark's file stream source keeps the same kind of log in its checkpoint; it is not used
 * because its micro-batch does not say which files it holds, and it reads a CSV folder with one header for all files.
 */
public final class InputLedger {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A batch of files: pending while its commit may not have finished, done after. */
  public record Entry(String batchId, List<String> files, boolean done) {
    public Entry {
      files = List.copyOf(files);
    }
  }

  private final Configuration conf;
  private final Path root;
  private final Path dir;
  private final Path lock;

  /**
   * @param key names the contract and the input folder ({@link #key})
   */
  public InputLedger(Configuration conf, String target, String key, Path inputRoot) {
    this.conf = conf;
    this.root = inputRoot;
    Path inputs = new Path(new Path(target, Staging.STATE), "inputs");
    this.dir = new Path(inputs, key);
    this.lock = new Path(inputs, key + ".lock");
  }

  /** The ledger's name for a contract reading a folder: the same contract and folder, the same ledger. */
  public static String key(String contractId, String qualifiedInput) {
    return contractId.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + sha256(qualifiedInput).substring(0, 16);
  }

  /**
   * Takes the lock of this input for {@code runId}, renewed by its lease. Throws when a live run holds it; takes
   * over a lock whose holder stopped renewing it.
   */
  public void lock(String runId, Staging.Lease lease, long timeoutMs) {
    try {
      FileSystem fs = lock.getFileSystem(conf);
      byte[] me = runId.getBytes(StandardCharsets.UTF_8);
      for (int attempt = 0; attempt < 2; attempt++) {
        if (LocalFiles.createNew(fs, lock, me)) {
          lease.hold(lock);
          return;
        }
        FileStatus held;
        String holder;
        try {
          held = fs.getFileStatus(lock);
          try (InputStream in = fs.open(lock)) {
            holder = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
        } catch (FileNotFoundException gone) {
          continue; // released meanwhile
        }
        if (System.currentTimeMillis() - held.getModificationTime() < timeoutMs) {
          throw new ConcurrentRunException("Cannot enforce " + root + " into this target now: run " + holder
              + " is enforcing the same input into it. Run again when it has finished");
        }
        // Stale: rename it out of the way first, so that of two runs taking over only one succeeds.
        Path stale = new Path(lock.getParent(), "." + lock.getName() + "." + UUID.randomUUID() + ".stale");
        if (fs.rename(lock, stale)) {
          fs.delete(stale, false);
        }
      }
      throw new ConcurrentRunException("Cannot enforce " + root + " into this target now: another run took its lock"
          + " at the same moment. Run again");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock the input " + root + ": " + e.getMessage(), e);
    }
  }

  /** Releases the lock if this run still holds it. */
  public void unlock(String runId) {
    try {
      FileSystem fs = lock.getFileSystem(conf);
      try (InputStream in = fs.open(lock)) {
        if (new String(in.readAllBytes(), StandardCharsets.UTF_8).equals(runId)) {
          fs.delete(lock, false);
        }
      }
    } catch (FileNotFoundException gone) {
      // nothing to release
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unlock the input " + root + ": " + e.getMessage(), e);
    }
  }

  public List<Entry> entries() {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        return List.of();
      }
      List<Entry> entries = new ArrayList<>();
      for (FileStatus s : fs.listStatus(dir)) {
        if (!s.getPath().getName().endsWith(".json") || DataFiles.hidden(s.getPath().getName())) {
          continue;
        }
        JsonNode n;
        try (InputStream in = fs.open(s.getPath())) {
          n = JSON.readTree(in);
        }
        List<String> files = new ArrayList<>();
        n.path("files").forEach(f -> files.add(f.asText()));
        entries.add(new Entry(n.path("batch_id").asText(), files, n.path("state").asText().equals("done")));
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read which files of " + root + " were committed: " + e.getMessage(), e);
    }
  }

  /** The files of the folder that no entry names, fully qualified, in path order. */
  public List<String> newFiles(List<Entry> entries) {
    Set<String> taken = new HashSet<>();
    entries.forEach(e -> taken.addAll(e.files()));
    try {
      FileSystem fs = root.getFileSystem(conf);
      String base = fs.makeQualified(root).toUri().getPath();
      List<String> fresh = new ArrayList<>();
      for (FileStatus f : DataFiles.list(fs, root)) {
        String rel = relative(base, fs.makeQualified(f.getPath()));
        if (!taken.contains(rel)) {
          fresh.add(fs.makeQualified(f.getPath()).toString());
        }
      }
      return fresh;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
    }
  }

  /** Writes down that {@code batchId} is made of {@code files} (qualified), before any of them is read. */
  public void pending(String batchId, String runId, List<String> files) {
    write(batchId, runId, files, "pending");
  }

  public void done(Entry entry, String runId) {
    write(entry.batchId(), runId, entry.files(), "done");
  }

  public void done(String batchId, String runId, List<String> files) {
    write(batchId, runId, files, "done");
  }

  /** Forgets a pending batch that committed nothing: its files are new again for the next run. */
  public void forget(String batchId) {
    try {
      Path file = entry(batchId);
      file.getFileSystem(conf).delete(file, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update the ledger of " + root + ": " + e.getMessage(), e);
    }
  }

  /** Forgets every batch: the next run takes every file of the folder ({@code --reprocess}). */
  public void clear() {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      fs.delete(dir, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the ledger of " + root + ": " + e.getMessage(), e);
    }
  }

  /** Qualified file names as the ledger keeps them: relative to the folder, so the folder can move. */
  public List<String> relative(List<String> qualified) {
    try {
      FileSystem fs = root.getFileSystem(conf);
      String base = fs.makeQualified(root).toUri().getPath();
      List<String> rel = new ArrayList<>();
      for (String q : qualified) {
        rel.add(relative(base, fs.makeQualified(new Path(q))));
      }
      return rel;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + root + ": " + e.getMessage(), e);
    }
  }

  /** The ledger's relative names back as qualified paths under the folder. */
  public List<String> qualified(List<String> relative) {
    try {
      FileSystem fs = root.getFileSystem(conf);
      Path base = fs.makeQualified(root);
      return relative.stream().map(r -> new Path(base, r).toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + root + ": " + e.getMessage(), e);
    }
  }

  private static String relative(String base, Path qualified) {
    String p = qualified.toUri().getPath();
    return p.startsWith(base + "/") ? p.substring(base.length() + 1) : p;
  }

  private void write(String batchId, String runId, List<String> files, String state) {
    try {
      ObjectNode n = JSON.createObjectNode();
      n.put("batch_id", batchId);
      n.put("run_id", runId);
      n.put("state", state);
      var list = n.putArray("files");
      files.forEach(list::add);
      Path file = entry(batchId);
      FileSystem fs = file.getFileSystem(conf);
      byte[] bytes = JSON.writeValueAsBytes(n);
      if (!LocalFiles.writeAtomically(fs, file, bytes)) {
        Path tmp = new Path(file.getParent(), "." + file.getName() + "." + UUID.randomUUID() + ".tmp");
        try (var out = fs.create(tmp, false)) {
          out.write(bytes);
        }
        fs.delete(file, false);
        if (!fs.rename(tmp, file)) {
          throw new IOException("cannot write " + file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update the ledger of " + root + ": " + e.getMessage(), e);
    }
  }

  private Path entry(String batchId) {
    return new Path(dir, batchId + ".json");
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The batch id of a set of files of this input: the same files, the same batch. */
  public String batchOf(List<String> relativeFiles) {
    List<String> sorted = new ArrayList<>(relativeFiles);
    sorted.sort(null);
    return sha256(dir.getName() + "\n" + String.join("\n", sorted)).substring(0, 32);
  }

  public Optional<Entry> pendingEntry(List<Entry> entries) {
    return entries.stream().filter(e -> !e.done()).findFirst();
  }
}
