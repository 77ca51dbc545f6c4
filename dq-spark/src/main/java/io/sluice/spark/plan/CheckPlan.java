package io.sluice.spark.plan;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.sluice.check.CompiledContract;
import io.sluice.check.DatasetRule;
import io.sluice.check.RowRule;
import io.sluice.check.Sql;
import io.sluice.contract.Contract;
import io.sluice.protect.Protection;
import io.sluice.spark.internal.PlanStack;
import io.sluice.spark.internal.SplitParquetFormat;
import io.sluice.spark.quarantine.Reason;
import io.sluice.spark.reference.ReferencedKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;

/**
 * Compiles a contract into one Spark plan over the input: typed values, the checks' failures as bits, the
 * verdict and the counts, in a few projections that whole-stage code generation fuses. Composed of parts with one
 * job each: {@link SchemaMatch} (the input's columns against the contract's), {@link TypedStage} (casts),
 * {@link CheckFailures} (each check's failure condition) with {@link RowPredicates} (a rule's SQL, parsed and
 * refused or rewritten) and {@link DuplicateFlags} (uniqueness), {@link CheckBits} (bits and verdict),
 * {@link Reasons} ({@code _dq_errors}), {@link Counts} (what the pass observes) and {@link OutputColumns} (the
 * outputs, protected).
 *
 * <p>Semantics are DESIGN.md's: strict casts; a failed cast makes the value null for the column's
 * other checks; {@code required} sees the value as it came in; nulls pass everything else; malformed
 * records fail only {@code _record.malformed}; uniqueness is over well-formed rows with non-null keys.
 */
public final class CheckPlan {
  public static final String ERRORS = "_dq_errors";
  public static final String RUN_ID = "_dq_run_id";
  public static final String QUARANTINED_AT = "_dq_quarantined_at";
  public static final String RAW = "_dq_raw";
  public static final String MALFORMED_ID = "_record.malformed";
  /** The type of {@code _dq_errors}: {@code array<struct<check:string,column:string,message:string>>}. */
  public static final DataType ERRORS_DATA_TYPE = Reason.ERRORS_TYPE;

  static final String MALFORMED = "__dq_malformed";
  static final String RAW_TEXT = "__dq_raw_text";
  static final String HAS_ERROR = "__dq_error";
  static final String HAS_WARNING = "__dq_warning";
  /**
   * Spark conf: past this many (input partition, repeated key hash) pairs, duplicate keys are counted distributed
   * and joined into the pass, not collected to the driver (DuplicateKeys).
   */
  public static final String COLLECTED_LIMIT = "sluice.unique.collectedLimit";
  /** Up to this many duplicate keys of one column are found by a membership test in the pass; more by a broadcast join. */
  public static final int KEY_SET_LIMIT = 100_000;

  private final CompiledContract compiled;
  private final String corruptRecordColumn;
  private final Supplier<Protection> protection;

  public CheckPlan(CompiledContract compiled, String corruptRecordColumn, Supplier<Protection> protection) {
    this.compiled = compiled;
    this.corruptRecordColumn = corruptRecordColumn;
    this.protection = protection;
  }

  /**
   * A row check and its bit among the checked rows' masks: bit {@code b % 64} of mask {@code b / 64} says the row
   * failed it (see {@link Planned#masks}).
   */
  public record Check(RowRule rule, int bit) {
    /** The name its failures are counted under. */
    public String failColumn() {
      return "__dq_f" + bit;
    }

    /** Whether a checked row failed it: its bit, read from the row's mask. */
    public Column failed() {
      return col(CheckBits.mask(bit / 64)).bitwiseAND(lit(1L << (bit % 64))).notEqual(lit(0L));
    }
  }

  /**
   * A dataset check with the names of its observed columns: one SQL aggregate, or the aggregations of the
   * Deequ analyzer that computes it.
   */
  public record Metric(DatasetRule rule, List<String> columns,
      Optional<com.amazon.deequ.analyzers.ScanShareableAnalyzer<?, com.amazon.deequ.metrics.DoubleMetric>> analyzer) {}

  /** The plan: every row with its verdict, and how to split and count it. */
  public record Planned(Supplier<PlanStack> rows, List<Check> checks, List<Metric> metrics, List<Column> counts,
      List<Column> splitCounts, List<String> contractColumns, Supplier<Outputs> outputs, Map<String, Source> sources,
      Optional<io.sluice.spark.history.ColumnProfile> profile) {
    /** Every row with its typed values, the checks' bits and the verdict; finding duplicate keys runs a job. */
    public Dataset<Row> checked() {
      return rows.get().rows();
    }

    /** The plan of {@link #checked()}, not analysed: to stack more on it before Spark analyses it all once. */
    public PlanStack checkedPlan() {
      return rows.get();
    }

    public List<Column> validColumns() {
      return outputs.get().valid().stream().map(OutputColumn::column).toList();
    }

    public List<Column> quarantineColumns() {
      return outputs.get().quarantine().stream().map(OutputColumn::column).toList();
    }

    /** The columns of the checked rows that the dataset checks' metrics read: the typed values (none without any). */
    public List<String> metricColumns() {
      return metrics.isEmpty() ? List.of() : contractColumns;
    }

    /**
     * The failed checks of each row as bits, for a split write's writers ({@link SplitParquetFormat}) and a
     * validation's tasks: bit {@code b} of mask {@code b / 64} is check {@code b}'s failure, and bit
     * {@code checks().size()} says the record is malformed. By name, in order: columns of the checked rows.
     */
    public Map<String, Column> masks() {
      Map<String, Column> masks = new LinkedHashMap<>();
      for (int m = 0; m * 64 < checks.size() + 1; m++) {
        masks.put(CheckBits.mask(m), col(CheckBits.mask(m)));
      }
      return masks;
    }

    /** Per bit of {@link #masks}, the reason it gives in {@code _dq_errors}. */
    public List<Reason> reasons() {
      return Reasons.perBit(checks);
    }
  }

  /**
   * Where a contract column comes from: the input's column (the quarantine's column of that name holds it), and the
   * column of the checked rows that holds its value as it came in (before the cast), which the quarantine stores.
   */
  public record Source(String input, String asCameIn) {}

  /** The columns of each output, protected. Built only when an output is asked for: validation needs no keys. */
  public record Outputs(List<OutputColumn> valid, List<OutputColumn> quarantine) {}

  /**
   * One output column: its name, its value over the checked rows, and the checked column it simply is when
   * it is one (an unprotected column, say) — so that a writer can read that column instead of a copy — or
   * the constant it is for every row of the run (its id, its time), which a writer can supply itself.
   */
  public record OutputColumn(String name, Column value, Optional<String> sameAs, Optional<Object> constant) {
    OutputColumn(String name, Column value, Optional<String> sameAs) {
      this(name, value, sameAs, Optional.empty());
    }

    Column column() {
      return value.as(name);
    }
  }

  public Planned build(Dataset<Row> input, String runId) {
    return build(input, runId, false);
  }

  /** The plan; with {@code profileColumns}, the pass also observes each column's statistics for the metrics history. */
  public Planned build(Dataset<Row> input, String runId, boolean profileColumns) {
    Contract contract = compiled.contract();
    SchemaMatch match = SchemaMatch.of(input.schema(), contract, corruptRecordColumn);
    TypedStage typed = TypedStage.of(match, contract.columns(), corruptRecordColumn);
    // The stages are stacked as logical plans and analysed once, by the Dataset that reads them (PlanStack).
    PlanStack typedRows = PlanStack.over(input).select(typed.columns());
    CheckFailures failures = CheckFailures.of(compiled, match, typed, new RowPredicates(contract));
    List<String> carried = new ArrayList<>(typed.names());
    carried.addAll(failures.uniqueKeys().keySet());
    carried.addAll(failures.references().keySet());
    // Spark compiles a stage into one method: past as many checks as it allows columns in one (maxFields), the
    // checks are computed out of whole-stage code, by a projection split into methods (see Interpreted).
    boolean outOfStage = failures.checks().size()
        > Integer.parseInt(input.sparkSession().conf().get("spark.sql.codegen.maxFields", "100"));
    CheckBits bits = CheckBits.of(carried, failures, outOfStage);
    // The reasons are not part of the checked rows: only the quarantine's projection builds them, for the rows it
    // receives. (Everything in the checked rows is materialized for every row, since the observed counts are taken
    // there.)
    Column reasons = Reasons.errors(failures.checks());
    Supplier<PlanStack> checked = memoize(() -> referenced(DuplicateFlags.flagged(typedRows, failures.uniqueKeys()),
        failures.references()).select(bits.masks()).select(bits.verdict()));
    Counts counts = Counts.of(compiled.datasetRules(), failures.checks());
    Supplier<Outputs> outputs = memoize(() -> OutputColumns.of(contract, protection.get(), match, typed.uncast(), runId,
        reasons));
    Optional<io.sluice.spark.history.ColumnProfile> profile = profileColumns
        ? Optional.of(io.sluice.spark.history.ColumnProfile.of(contract.columns())) : Optional.empty();
    List<Column> all = new ArrayList<>(counts.all());
    List<Column> split = counts.split();
    // A split write's writers and a validation's tasks take the column statistics themselves (ColumnStats): Spark
    // computes observed aggregates without generated code, for every row.
    profile.ifPresent(p -> all.addAll(p.aggregates()));
    Map<String, Source> sources = new LinkedHashMap<>();
    match.source().forEach((name, field) -> sources.put(name, new Source(field.name(),
        typed.uncast().contains(name) ? name : match.asRead(field))));
    return new Planned(checked, failures.checks(), counts.metrics(), all, split,
        contract.columns().stream().map(io.sluice.contract.Column::name).toList(), outputs, Map.copyOf(sources), profile);
  }

  /** {@code rows} with the flag of each references check ({@link ReferencedKeys}); {@code rows} itself without any. */
  private PlanStack referenced(PlanStack rows, Map<String, RowRule> references) {
    if (references.isEmpty()) {
      return rows;
    }
    Dataset<Row> flagged = rows.rows();
    for (Map.Entry<String, RowRule> ref : references.entrySet()) {
      flagged = ReferencedKeys.flag(flagged, ref.getValue(), ref.getKey(), this::storedValue).rows();
    }
    return PlanStack.over(flagged);
  }

  /** A column as its layer stores it: a deterministically encrypted one as its token (what a reference looks up). */
  private Column storedValue(String column) {
    boolean token = compiled.contract().column(column).flatMap(io.sluice.contract.Column::protect)
        .flatMap(io.sluice.contract.Protect::encrypt).filter(m -> m == io.sluice.contract.EncryptMode.DETERMINISTIC)
        .isPresent();
    return token ? protection.get().apply(column, col(Sql.ident(column)), true)
        : col(Sql.ident(column));
  }

  private static <T> Supplier<T> memoize(Supplier<T> s) {
    Object[] box = new Object[1];
    return () -> {
      synchronized (box) {
        if (box[0] == null) {
          box[0] = s.get();
        }
        @SuppressWarnings("unchecked")
        T t = (T) box[0];
        return t;
      }
    };
  }

  public static Column isQuarantined() {
    return col(HAS_ERROR);
  }

  public static Optional<Double> number(Row row, String field) {
    Object v = row.getAs(field);
    return v instanceof Number num ? Optional.of(num.doubleValue()) : Optional.empty();
  }
}
