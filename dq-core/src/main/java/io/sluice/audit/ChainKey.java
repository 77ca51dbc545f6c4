package io.sluice.audit;

/**
 * The key that signs the audit log's hash chain. A chain without a key proves only that nobody edited the log
 * carelessly: whoever can write the file can recompute every hash. Each line's {@code mac} is a keyed MAC of its
 * {@code sha256}, which covers the line and, through {@code prev_sha256}, every line before it: an editor without
 * the key cannot make an edited, inserted or reordered line verify. The key lives with the keysets
 * (governance's {@code AuditKey}); the log never holds it.
 */
public interface ChainKey {
  /** The MAC of a line's {@code sha256}, as the line stores it. */
  String sign(String sha256);

  /** Whether {@code mac} is this key's MAC of {@code sha256} (by any of its keys, old or current). */
  boolean verify(String sha256, String mac);
}
