package io.sluice.spark;

import io.sluice.access.AccessException;
import io.sluice.access.AccessPolicy;
import io.sluice.access.ContractPolicy;
import io.sluice.access.Reader;
import io.sluice.access.ReaderView;
import io.sluice.audit.AccessEvent;
import io.sluice.audit.AuditSink;
import io.sluice.audit.FileAuditSink;
import io.sluice.check.ExpressionFunctions;
import io.sluice.contract.ColumnAccess;
import io.sluice.contract.Contract;
import io.sluice.keys.KeysetStore;
import io.sluice.spark.audit.AuditLog;
import io.sluice.spark.internal.ParsedPredicate;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A read of a protected dataset by one reader (DESIGN.md, Governance, {@code access}):
 *
 * <pre>{@code
 * Dataset<Row> rows = Sluice.read(contract).as("support").keys(KeysetStore.open(keysDir))
 *     .auditTo(Path.of("audit")).from("silver/customers");
 * }</pre>
 *
 * The reader is the role the caller asserts with {@link #as}, or else the authenticated Hadoop user with its groups
 * as roles ({@link Reader#authenticated()}), taken when the read is planned. Decisions come from the contract's
 * {@code access} or, with {@link #policies}, from Ranger's engine, whose row filter is applied when it is a
 * predicate an expression check could be (the same allow-list) and refused otherwise, never ignored. Each read
 * appends an access event (who, how they are known, dataset, what each column was, the row filter, when) to the
 * audit log before the rows are returned. Immutable: every method returns a new read.
 */
public final class ProtectedRead {
  private final Contract contract;
  private final Optional<String> role;
  private final Optional<KeysetStore> keys;
  private final Optional<AuditSink> audit;
  private final AccessPolicy policy;

  private ProtectedRead(Contract contract, Optional<String> role, Optional<KeysetStore> keys, Optional<AuditSink> audit,
      AccessPolicy policy) {
    this.contract = contract;
    this.role = role;
    this.keys = keys;
    this.audit = audit;
    this.policy = policy;
  }

  static ProtectedRead of(Contract contract) {
    return new ProtectedRead(contract, Optional.empty(), Optional.empty(), Optional.empty(), new ContractPolicy(contract));
  }

  /**
   * The role to read as, asserted by the caller, who is trusted to name it; a role the contract does not list gets
   * {@code access.default}. Without it, the reader is the authenticated Hadoop user.
   */
  public ProtectedRead as(String role) {
    Reader.asserting(role); // a blank role fails here, not at the read
    return new ProtectedRead(contract, Optional.of(role), keys, audit, policy);
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
    Reader reader = role.map(Reader::asserting).orElseGet(Reader::authenticated);
    ReaderView view = ReaderView.of(contract, reader, policy, keys);
    Map<String, ColumnAccess> decisions = view.decisions(stored.columns());
    Optional<String> rowFilter = policy.rowFilter(reader);
    Dataset<Row> rows = rowFilter.map(f -> filter(stored, f, reader, name)).orElse(stored);
    Dataset<Row> seen = view.apply(rows, decisions);
    audit.map(sink -> keys.filter(io.sluice.keys.AuditKey::in).map(k -> sink.signedWith(io.sluice.keys.AuditKey.of(k)))
        .orElse(sink)).ifPresent(sink -> sink.appendEvent(new AccessEvent(UUID.randomUUID().toString(), Instant.now(),
        reader.user(), reader.assertedRole(), reader.asserted() ? List.of() : reader.groups(), reader.identity(),
        contract.id(), contract.version().toString(), contract.sha256(), name, policy.source(), view.audit(decisions),
        rowFilter, Optional.of(stored.sparkSession().sparkContext().applicationId()),
        Optional.of(stored.sparkSession().sparkContext().master())).toJson()));
    return seen;
  }

  /**
   * {@code stored} keeping the rows {@code filter} holds for, the filter read over the columns as stored (an encrypted
   * column holds its token). The filter is SQL from a policy, run on the cluster: it passes the allow-list of
   * expression checks, read from its text and from Spark's parse, or the read is refused.
   */
  private Dataset<Row> filter(Dataset<Row> stored, String filter, Reader reader, String name) {
    String cannot = "Cannot read " + name + " as " + reader.describe() + ": the " + policy.source() + " row filter '"
        + filter + "' ";
    List<String> refusals = new ArrayList<>(ExpressionFunctions.refusals(filter));
    org.apache.spark.sql.Column predicate;
    try {
      predicate = org.apache.spark.sql.functions.expr(filter);
    } catch (Exception e) { // Spark's ParseException, checked in Java's eyes but thrown from Scala undeclared
      throw new AccessException(cannot + "is not a Spark SQL predicate (" + Input.firstLineOf(e) + "): fix the policy");
    }
    if (refusals.isEmpty()) {
      refusals.addAll(ParsedPredicate.refusals(predicate));
    }
    if (!refusals.isEmpty()) {
      throw new AccessException(cannot + String.join("; ", refusals) + ". A row filter may use only the functions an"
          + " expression check may (docs/check-kinds.md): change the policy");
    }
    try {
      return stored.where(predicate);
    } catch (Exception e) { // AnalysisException: a column the dataset does not have, a type that does not fit
      throw new AccessException(cannot + "does not apply to its columns (" + Input.firstLineOf(e) + "): fix the policy");
    }
  }
}
