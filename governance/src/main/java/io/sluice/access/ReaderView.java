package io.sluice.access;

import io.sluice.audit.AccessEvent.ColumnRead;
import io.sluice.contract.Column;
import io.sluice.contract.ColumnAccess;
import io.sluice.contract.Contract;
import io.sluice.contract.Excerpt;
import io.sluice.contract.MaskType;
import io.sluice.contract.Protect;
import io.sluice.contract.Remedy;
import io.sluice.keys.KeysetStore;
import io.sluice.protect.Protection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A dataset as one reader may see it: each column {@code clear} (decrypted), {@code masked} (as stored),
 * {@code denied} (dropped), or decrypted and then masked — as the {@link AccessPolicy} decides. Keys are
 * opened only when the reader reads an encrypted column in clear or through a mask; decryption runs on
 * executors through the same sealed keysets as encryption (docs/architecture.md §6).
 */
public final class ReaderView {
  private final Contract contract;
  private final Reader reader;
  private final AccessPolicy policy;
  private final Optional<KeysetStore> keys;

  private ReaderView(Contract contract, Reader reader, AccessPolicy policy, Optional<KeysetStore> keys) {
    this.contract = contract;
    this.reader = reader;
    this.policy = policy;
    this.keys = keys;
  }

  public static ReaderView of(Contract contract, Reader reader, AccessPolicy policy, Optional<KeysetStore> keys) {
    return new ReaderView(contract, java.util.Objects.requireNonNull(reader, "reader"), policy, keys);
  }

  /** What each of {@code columns} is to this reader, in order. */
  public Map<String, ColumnAccess> decisions(String[] columns) {
    Map<String, ColumnAccess> out = new LinkedHashMap<>();
    for (String c : columns) {
      out.put(c, policy.decide(reader, c));
    }
    return out;
  }

  /** The decisions as the access audit event records them. */
  public List<ColumnRead> audit(Map<String, ColumnAccess> decisions) {
    List<ColumnRead> out = new ArrayList<>();
    decisions.forEach((c, a) -> out.add(new ColumnRead(c, a.toString(),
        contract.column(c).flatMap(Column::protect).isPresent())));
    return out;
  }

  /** {@code stored} (the dataset as written into its layer) as this reader sees it. */
  public Dataset<Row> apply(Dataset<Row> stored, Map<String, ColumnAccess> decisions) {
    boolean needsKeys = decisions.entrySet().stream().anyMatch(e -> encrypted(e.getKey())
        && (e.getValue().mode() == ColumnAccess.Mode.CLEAR || e.getValue().mode() == ColumnAccess.Mode.MASK));
    if (needsKeys && keys.isEmpty()) {
      String column = decisions.entrySet().stream().filter(e -> encrypted(e.getKey())
          && e.getValue().mode() != ColumnAccess.Mode.MASKED && e.getValue().mode() != ColumnAccess.Mode.DENIED)
          .map(Map.Entry::getKey).findFirst().orElseThrow();
      throw new AccessException(reader.describe() + " reads encrypted column " + Excerpt.quoted(column) + " of "
          + contract.id() + " decrypted: give the keyset store", Remedy.KEYSET_STORE);
    }
    Protection protection = needsKeys ? Protection.of(contract, keys) : Protection.withoutKeys(contract);
    List<org.apache.spark.sql.Column> out = new ArrayList<>();
    for (Map.Entry<String, ColumnAccess> e : decisions.entrySet()) {
      String name = e.getKey();
      org.apache.spark.sql.Column stored0 = stored.col("`" + name.replace("`", "``") + "`");
      ColumnAccess a = e.getValue();
      org.apache.spark.sql.Column value = switch (a.mode()) {
        case DENIED -> null;
        case MASKED -> stored0;
        case CLEAR -> encrypted(name) ? clear(protection, name, stored0) : stored0;
        case MASK -> mask(protection, name, a.mask().orElseThrow(), encrypted(name) ? clear(protection, name, stored0) : stored0);
      };
      if (value != null) {
        out.add(value.alias(name));
      }
    }
    return stored.select(out.toArray(org.apache.spark.sql.Column[]::new));
  }

  private org.apache.spark.sql.Column clear(Protection protection, String name, org.apache.spark.sql.Column token) {
    org.apache.spark.sql.Column text = protection.decrypt(name, token);
    return contract.column(name).map(c -> text.cast(c.type().sql())).orElse(text);
  }

  private org.apache.spark.sql.Column mask(Protection protection, String name, MaskType type, org.apache.spark.sql.Column value) {
    if (type == MaskType.HASH) {
      // A contract's access cannot ask it (the loader refuses it); Ranger's policies can.
      throw new AccessException(reader.describe() + " asks 'hash' of column " + Excerpt.quoted(name)
          + " at read: a keyed hash is applied when data is written (protect: { mask: hash, key: K }); give the role"
          + " 'masked' or another mask");
    }
    return protection.mask(type, name, value, true);
  }

  private boolean encrypted(String column) {
    return contract.column(column).flatMap(Column::protect).map(Protect::isReversible).orElse(false);
  }

  public Reader reader() {
    return reader;
  }

  public AccessPolicy policy() {
    return policy;
  }
}
