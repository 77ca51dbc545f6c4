package io.sluice.spark;

import io.sluice.access.AccessPolicy;
import io.sluice.access.ContractPolicy;
import io.sluice.access.ReaderView;
import io.sluice.audit.AccessEvent;
import io.sluice.audit.AuditSink;
import io.sluice.audit.FileAuditSink;
import io.sluice.contract.ColumnAccess;
import io.sluice.contract.Contract;
import io.sluice.keys.KeysetStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A read of a protected dataset as one role (DESIGN.md, Governance, {@code access}):
 *
 * <pre>{@code
 * Dataset<Row> rows = Sluice.read(contract).as("support").keys(KeysetStore.open(keysDir))
 *     .auditTo(Path.of("audit")).from("silver/customers");
 * }</pre>
 *
 * Decisions come from the contract's {@code access} or, with {@link #policies}, from Ranger's engine. Each
 * read appends an access event (who, role, dataset, what each column was, when) to the audit log before
 * the rows are returned. Immutable: every method returns a new read.
 */
public final class ProtectedRead {
  private final Contract contract;
  private final String role;
  private final Optional<KeysetStore> keys;
  private final Optional<AuditSink> audit;
  private final AccessPolicy policy;

  private ProtectedRead(Contract contract, String role, Optional<KeysetStore> keys, Optional<AuditSink> audit,
      AccessPolicy policy) {
    this.contract = contract;
    this.role = role;
    this.keys = keys;
    this.audit = audit;
    this.policy = policy;
  }

  static ProtectedRead of(Contract contract) {
    return new ProtectedRead(contract, null, Optional.empty(), Optional.empty(), new ContractPolicy(contract));
  }

  /** The role to read as; a role the contract does not list gets {@code access.default}. */
  public ProtectedRead as(String role) {
    return new ProtectedRead(contract, role, keys, audit, policy);
  }

  /** The keysets, needed when the role reads an encrypted column decrypted. */
  public ProtectedRead keys(KeysetStore store) {
    return new ProtectedRead(contract, role, Optional.of(store), audit, policy);
  }

  /** Appends the access event to {@code dir/audit.jsonl}. */
  public ProtectedRead auditTo(Path dir) {
    return auditTo(new FileAuditSink(dir));
  }

  /** Appends access events to {@code dir/audit.jsonl} on any Hadoop file system ({@link AuditLog}). */
  public ProtectedRead auditTo(String dir) {
    return auditTo(AuditLog.at(dir));
  }

  public ProtectedRead auditTo(AuditSink sink) {
    return new ProtectedRead(contract, role, keys, Optional.of(sink), policy);
  }

  /** Takes the decisions from {@code policy} (Ranger's engine, say) instead of the contract's {@code access}. */
  public ProtectedRead policies(AccessPolicy policy) {
    return new ProtectedRead(contract, role, keys, audit, policy);
  }

  /** The dataset at {@code path} (format from its name) as the role sees it, in the active SparkSession. */
  public Dataset<Row> from(String path) {
    return from(Input.of(path));
  }

  public Dataset<Row> from(Input input) {
    SparkSession spark = SparkSession.active();
    Dataset<Row> stored = input.read(spark, contract);
    if (Arrays.asList(stored.columns()).contains(Enforcer.DEFAULT_CORRUPT_RECORD_COLUMN)) {
      stored = stored.drop(Enforcer.DEFAULT_CORRUPT_RECORD_COLUMN);
    }
    return from(stored, input.describe());
  }

  /** {@code stored} — a dataset as written into its layer — as the role sees it; {@code name} names it in the audit. */
  public Dataset<Row> from(Dataset<Row> stored, String name) {
    ReaderView view = ReaderView.of(contract, role, policy, keys);
    Map<String, ColumnAccess> decisions = view.decisions(stored.columns());
    Dataset<Row> seen = view.apply(stored, decisions);
    audit.ifPresent(sink -> sink.appendEvent(new AccessEvent(UUID.randomUUID().toString(), Instant.now(),
        System.getProperty("user.name", "unknown"), role, contract.id(), contract.version().toString(), contract.sha256(),
        name, policy.source(), view.audit(decisions), Optional.of(stored.sparkSession().sparkContext().applicationId()),
        Optional.of(stored.sparkSession().sparkContext().master())).toJson()));
    return seen;
  }
}
