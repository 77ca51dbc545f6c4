package io.sluice.audit;

/**
 * Where audit records go. The default, {@link FileAuditSink}, appends hash-chained JSON lines to
 * {@code <dir>/audit.jsonl}; an implementation for a table or a service keeps the same contract: every
 * call appends exactly one record, or throws.
 */
public interface AuditSink {

  /** Appends {@code record}; returns the record as written (with its chain hashes, for file sinks). */
  String append(AuditRecord record);

  /** Appends a record that is not a run (an access event, say), as a JSON object. */
  String appendEvent(com.fasterxml.jackson.databind.node.ObjectNode event);

  /**
   * This sink with every line it appends signed by {@code key} ({@link ChainKey}); a sink that keeps no hash chain
   * returns itself.
   */
  default AuditSink signedWith(ChainKey key) {
    return this;
  }
}
