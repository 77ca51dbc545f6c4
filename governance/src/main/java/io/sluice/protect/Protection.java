package io.sluice.protect;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.sluice.contract.Column;
import io.sluice.contract.Contract;
import io.sluice.contract.DataType;
import io.sluice.contract.EncryptMode;
import io.sluice.contract.Excerpt;
import io.sluice.contract.MaskType;
import io.sluice.contract.Protect;
import io.sluice.contract.Remedy;
import io.sluice.keys.KeyException;
import io.sluice.keys.KeyType;
import io.sluice.keys.KeysetStore;
import io.sluice.keys.SealedKeyset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * How a contract's columns are protected at rest, as Spark Columns: masks are built-in expressions
 * (Ranger's mask types where Ranger has one); {@code hash} and encryption are Tink functions over the
 * value's text. Every keyset a contract needs is resolved when the protection is built, on the driver,
 * so a missing or wrong key stops the run before anything is read.
 */
public final class Protection {
  /** What a redacted value reads as. */
  public static final String REDACTED = "****";

  private final Map<String, Protect> byColumn;
  private final Map<String, DataType> types;
  private final Map<String, UserDefinedFunction> functions;
  private final Map<String, UserDefinedFunction> decrypters;

  private Protection(Map<String, Protect> byColumn, Map<String, DataType> types, Map<String, UserDefinedFunction> functions,
      Map<String, UserDefinedFunction> decrypters) {
    this.byColumn = byColumn;
    this.types = types;
    this.functions = functions;
    this.decrypters = decrypters;
  }

  /** No protection: what a contract without {@code protect} gets. */
  public static Protection none() {
    return new Protection(Map.of(), Map.of(), Map.of(), Map.of());
  }

  /**
   * The protection {@code contract} asks for, with keysets from {@code keys}.
   *
   * @throws KeyException when the contract needs a keyset that {@code keys} does not have (or no store is given)
   */
  public static Protection of(Contract contract, Optional<KeysetStore> keys) {
    return build(contract, keys, true);
  }

  /**
   * The contract's masks only, with no keyset: for a reader that sees every encrypted column as stored
   * or not at all, so needs no key. {@link #decrypt} and keyed {@code hash} are not available.
   */
  public static Protection withoutKeys(Contract contract) {
    return build(contract, Optional.empty(), false);
  }

  private static Protection build(Contract contract, Optional<KeysetStore> keys, boolean keyed) {
    Map<String, Protect> byColumn = new LinkedHashMap<>();
    Map<String, DataType> types = new LinkedHashMap<>();
    Map<String, UserDefinedFunction> functions = new LinkedHashMap<>();
    Map<String, UserDefinedFunction> decrypters = new LinkedHashMap<>();
    for (Column c : contract.columns()) {
      types.put(c.name(), c.type());
      if (c.protect().isEmpty()) {
        continue;
      }
      Protect p = c.protect().get();
      byColumn.put(c.name(), p);
      String domain = p.domain().orElse(c.name());
      if (!keyed) {
        continue;
      }
      if (p.encrypt().isPresent()) {
        boolean det = p.encrypt().get() == EncryptMode.DETERMINISTIC;
        SealedKeyset k = keyset(contract, c, p, keys, det ? KeyType.DETERMINISTIC : KeyType.RANDOMIZED);
        UserDefinedFunction f = udf(new TokenUdfs.Encrypt(k, domain, det), DataTypes.StringType);
        functions.put(c.name(), det ? f : f.asNondeterministic());
        decrypters.put(c.name(), udf(new TokenUdfs.Decrypt(k, domain, det), DataTypes.StringType));
      } else if (p.mask().orElseThrow() == MaskType.HASH) {
        functions.put(c.name(), udf(new TokenUdfs.Hash(keyset(contract, c, p, keys, KeyType.HASH)), DataTypes.StringType));
      }
    }
    return new Protection(byColumn, types, functions, decrypters);
  }

  private static SealedKeyset keyset(Contract contract, Column c, Protect p, Optional<KeysetStore> keys, KeyType type) {
    // The loader refuses a hash or an encryption without a key: only a contract built past it gets here.
    String name = p.key().orElseThrow(() -> new KeyException("column " + Excerpt.quoted(c.name()) + " of " + contract.file()
        + " is protected with a key but names none (protect.key)"));
    KeysetStore store = keys.orElseThrow(() -> new KeyException("contract " + contract.file() + " protects column "
        + Excerpt.quoted(c.name()) + " with keyset " + Excerpt.quoted(name) + ": give the keyset store that holds it",
        Remedy.KEYSET_STORE));
    return store.sealed(name, type);
  }

  public boolean any() {
    return !byColumn.isEmpty();
  }

  public boolean protects(String column) {
    return byColumn.containsKey(column);
  }

  /** How {@code column} is protected at rest, if it is. */
  public Optional<Protect> protect(String column) {
    return Optional.ofNullable(byColumn.get(column));
  }

  /**
   * {@code value} of contract column {@code column}, protected; {@code typed} says whether it has the
   * contract's type (valid rows) or is the value as it came in (quarantined rows).
   */
  public org.apache.spark.sql.Column apply(String column, org.apache.spark.sql.Column value, boolean typed) {
    Protect p = byColumn.get(column);
    if (p == null) {
      return value;
    }
    org.apache.spark.sql.Column text = value.cast(DataTypes.StringType);
    UserDefinedFunction f = functions.get(column);
    if (f != null) {
      return f.apply(text);
    }
    return mask(p.mask().orElseThrow(), column, value, typed);
  }

  /**
   * {@code value} of column {@code column} masked with {@code type}: what {@code protect.mask} writes, and
   * what a reader's {@code access} mask shows of a decrypted value. {@code hash} needs the column's own
   * keyed function, so only a column protected with {@code mask: hash} has it.
   */
  public org.apache.spark.sql.Column mask(MaskType type, String column, org.apache.spark.sql.Column value, boolean typed) {
    org.apache.spark.sql.Column text = value.cast(DataTypes.StringType);
    return switch (type) {
      case REDACT -> when(value.isNotNull(), lit(REDACTED));
      case SHOW_LAST_4 -> call_function("lpad", call_function("right", text, lit(4)), length(text), lit("*"));
      case SHOW_FIRST_4 -> call_function("rpad", call_function("left", text, lit(4)), length(text), lit("*"));
      case NULLIFY -> when(lit(false), value);
      case YEAR_ONLY -> yearOnly(column, value, text, typed);
      case EMAIL_DOMAIN -> when(text.contains("@"), concat(lit("***@"), substring_index(text, "@", -1)))
          .when(value.isNotNull(), lit(REDACTED));
      case HASH -> {
        UserDefinedFunction hash = functions.get(column);
        if (hash == null || byColumn.get(column).mask().orElse(null) != MaskType.HASH) {
          throw new KeyException("column " + Excerpt.quoted(column) + " has no keyed hash: only a column protected with"
              + " 'mask: hash' (and its key) can be hashed");
        }
        yield hash.apply(text);
      }
    };
  }

  /** True when {@code column} is encrypted at rest (reversible with its keyset). */
  public boolean encrypts(String column) {
    return decrypters.containsKey(column);
  }

  /** The decrypted text of encrypted column {@code column}; a token that does not decrypt gives null. */
  public org.apache.spark.sql.Column decrypt(String column, org.apache.spark.sql.Column token) {
    UserDefinedFunction d = decrypters.get(column);
    if (d == null) {
      throw new IllegalArgumentException("column " + Excerpt.quoted(column) + " is not encrypted");
    }
    return d.apply(token);
  }

  private org.apache.spark.sql.Column yearOnly(String column, org.apache.spark.sql.Column value,
      org.apache.spark.sql.Column text, boolean typed) {
    DataType t = types.get(column);
    if (typed && t != null && t.kind() == DataType.Kind.DATE) {
      return trunc(value, "year");
    }
    if (typed && t != null && t.kind() == DataType.Kind.TIMESTAMP) {
      return date_trunc("year", value);
    }
    return when(value.isNotNull(), regexp_extract(text, "(\\d{4})", 1)); // a raw value: its year, if it shows one
  }

  /**
   * {@code df} with each of the contract's encrypted columns decrypted, for a privileged job that holds the
   * keys (a gold aggregation that re-protects its output, say). A token that does not decrypt becomes null.
   */
  public org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> reveal(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> df) {
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> out = df;
    for (Map.Entry<String, UserDefinedFunction> d : decrypters.entrySet()) {
      if (java.util.Arrays.asList(df.columns()).contains(d.getKey())) {
        out = out.withColumn(d.getKey(), d.getValue().apply(out.col("`" + d.getKey().replace("`", "``") + "`")));
      }
    }
    return out;
  }

  /** The raw text of a malformed record, which may hold any column: redacted when anything is protected. */
  public org.apache.spark.sql.Column rawRecord(org.apache.spark.sql.Column raw) {
    return any() ? when(raw.isNotNull(), lit(REDACTED + " (raw record withheld: the contract protects columns)")) : raw;
  }
}
