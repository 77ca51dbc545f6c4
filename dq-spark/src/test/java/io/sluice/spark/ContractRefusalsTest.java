package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sluice.check.CompiledContract;
import io.sluice.check.RowRule;
import io.sluice.check.Sql;
import io.sluice.check.StrictCast;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.contract.DataType;
import io.sluice.contract.Problem;
import io.sluice.contract.Severity;
import io.sluice.contract.UncheckedContracts;
import io.sluice.keys.KeyType;
import io.sluice.keys.KeysetStore;
import io.sluice.testkit.LocalSpark;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lint is the whole truth about a contract (DESIGN.md, two phases): every refusal the engine, the reader or Spark
 * can raise because of a contract's own content, next to the lint problem that refuses the same contract first,
 * located on its line. Each row gives the engine the contract as it was before lint refused it
 * ({@link UncheckedContracts}) and shows it is refused there too.
 *
 * <p><b>Adding a refusal to the engine?</b> Add a row to {@link #REFUSALS} with the lint rule that stands for it.
 * What depends on the environment (a keyset the store lacks, the data's columns, a missing {@code --keys}) is not
 * the contract's content and has no row. What only Spark can judge goes to {@link #SPARK_ONLY}, with why.
 */
@ExtendWith(LocalSpark.class)
class ContractRefusalsTest {
  private static final String HEAD = "apiVersion: sluice/v1\nkind: DataContract\nid: t\nversion: 1.0.0\nlayer: silver\n";
  private static final String FILE = "t.yaml";

  /** How the engine meets a contract, and what must stop it. */
  interface Engine {
    void run(Run run) throws Exception;
  }

  /** One row's run: the session, the contract as the engine gets it, its data and the keysets. */
  record Run(SparkSession spark, Contract contract, Path csv, KeysetStore keys, Path dir) {}

  /**
   * A contract the engine refuses: the lines after the head, the data it runs on, how the engine meets it and
   * what it says, then the line lint reports it on (line 6 is {@code columns:}) and what lint says. In
   * {@link #SPARK_ONLY}, {@code line} is where the engine locates its refusal (0: Spark's own message, unlocated)
   * and lint says nothing.
   */
  record Refusal(String name, String body, String csv, Engine engine, String engineSays, int line, String lintSays) {
    String text() {
      return HEAD + body;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Refusal> REFUSALS = List.of(
      new Refusal("a hash names no key",
          "columns:\n  - {name: a, type: string, protect: {mask: hash}}\n", "a\nx\n",
          enforce(), "names none (protect.key)", 7, "hashes but names no key"),
      new Refusal("an encryption names no key",
          "columns:\n  - {name: a, type: string, protect: {encrypt: deterministic}}\n", "a\nx\n",
          enforce(), "names none (protect.key)", 7, "encrypts but names no key"),
      new Refusal("one key for a hash and an encryption",
          "columns:\n  - {name: a, type: string, protect: {mask: hash, key: shared}}\n"
              + "  - {name: b, type: string, protect: {encrypt: deterministic, key: shared}}\n", "a,b\nx,y\n",
          enforce(), "is a hash keyset; this use needs a deterministic one", 8, "holds a hash key for column 'a'"),
      new Refusal("a role reads an encrypted column through hash",
          "columns:\n  - {name: a, type: string, protect: {encrypt: deterministic, key: k}}\naccess:\n  roles:\n    r: {a: hash}\n",
          "a\nx\n", read("r"), "asks 'hash' of column 'a' at read", 10, "asks 'hash' of column 'a' at read"),
      new Refusal("a role reads an unprotected column through hash",
          "columns:\n  - {name: a, type: string}\naccess:\n  roles:\n    r: {a: hash}\n",
          "a\nx\n", read("r"), "asks 'hash' of column 'a' at read", 10, "asks 'hash' of column 'a' at read"),
      new Refusal("a column named like the plan's own columns",
          "columns:\n  - {name: __dq_malformed, type: string}\n", "__dq_malformed\nx\n",
          enforce(), "ambiguous", 7, "column name '__dq_malformed' is reserved"),
      new Refusal("a column named like the corrupt-record column",
          "columns:\n  - {name: _corrupt_record, type: string}\n", "_corrupt_record\nx\n",
          enforce(), "already exists", 7, "column name '_corrupt_record' is reserved"),
      new Refusal("a format with a week-based field",
          "columns:\n  - {name: t, type: timestamp, format: 'YYYY-ww'}\n", "t\n2024-01\n",
          sql("SELECT " + StrictCast.of("'2024-01'", DataType.of(DataType.Kind.TIMESTAMP), Optional.of("YYYY-ww"))),
          "Fail to recognize 'YYYY-ww' pattern", 7, "Spark does not parse week-based fields ('Y')"),
      new Refusal("a format with a letter Spark only formats with",
          "columns:\n  - {name: d, type: date, format: 'yyyy-MM-dd QQQ'}\n", "d\n2024-01-01 Q1\n",
          sql("SELECT " + StrictCast.of("'2024-01-01 Q1'", DataType.of(DataType.Kind.DATE), Optional.of("yyyy-MM-dd QQQ"))),
          "Illegal pattern character: Q", 7, "Spark does not parse with pattern letter 'Q'"),
      new Refusal("an allowed date that is no date",
          "columns:\n  - {name: d, type: date, checks: [{allowed_values: ['2024-02-30']}]}\n", "d\n2024-02-28\n",
          sql("SELECT DATE " + Sql.string("2024-02-30")), "2024-02-30", 7, "allowed value '2024-02-30' is not a date"),
      new Refusal("an allowed timestamp that is no timestamp",
          "columns:\n  - {name: t, type: timestamp, checks: [{allowed_values: ['2024-01-01 24:30']}]}\n", "t\n2024-01-01\n",
          sql("SELECT TIMESTAMP " + Sql.string("2024-01-01 24:30")), "2024-01-01 24:30", 7,
          "allowed value '2024-01-01 24:30' is not a timestamp"),
      new Refusal("a range bound of more than 38 digits",
          "columns:\n  - {name: n, type: double, checks: [{range: {max: 1e40}}]}\n", "n\n1\n",
          sql("SELECT 1D <= " + Sql.number(new BigDecimal("1e40"))), "38", 7, "'max' of range is 1"),
      new Refusal("an allowed value of more than 38 decimals",
          "columns:\n  - {name: n, type: double, checks: [{allowed_values: [1e-50]}]}\n", "n\n1\n",
          sql("SELECT 1D IN (" + Sql.number(new BigDecimal("1e-50")) + ")"), "exceeds max precision 38", 7,
          "has more digits than Spark reads in a number (38)"),
      new Refusal("an expression that calls a function outside the allow-list",
          "columns:\n  - {name: a, type: string}\nchecks:\n  - {name: c, expression: \"java_method('java.lang.Math', 'abs', -1) > 0\"}\n",
          "a\nx\n", plan("java_method('java.lang.Math', 'abs', -1) > 0"), "calls java_method()", 9,
          "calls java_method() at character 1"));

  /**
   * What lint cannot judge without Spark's parser and analyser, which CI gating does not load: an expression's
   * syntax, its types and the names it reads. The engine refuses these before it reads a row, located where it can.
   */
  static final List<Refusal> SPARK_ONLY = List.of(
      new Refusal("an expression that is not Spark SQL",
          "columns:\n  - {name: a, type: int}\nchecks:\n  - {name: c, expression: 'a <='}\n", "a\n1\n",
          enforce(), "check 'c' is not Spark SQL: Syntax error at or near end of input", 9, null),
      new Refusal("an expression that reads a column the contract does not declare",
          "columns:\n  - {name: a, type: int}\nchecks:\n  - {name: c, expression: 'zz > 1'}\n", "a\n1\n",
          enforce(), "cannot be resolved", 0, null));

  static Stream<Refusal> refusals() {
    return REFUSALS.stream();
  }

  static Stream<Refusal> sparkOnly() {
    return SPARK_ONLY.stream();
  }

  @TempDir Path dir;
  KeysetStore keys;

  @BeforeEach
  void keysets() {
    KeysetStore store = KeysetStore.local(dir.resolve("keys"), w -> { });
    store.create("k", KeyType.DETERMINISTIC);
    store.create("shared", KeyType.HASH);
    keys = KeysetStore.open(dir.resolve("keys"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void theEngineRefusesIt(Refusal r, SparkSession spark) throws Exception {
    assertThat(causes(refusal(r, spark))).as("what the engine says").anyMatch(m -> m.contains(r.engineSays()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void lintRefusesItFirstOnItsLine(Refusal r) {
    List<Problem> problems = ContractLoader.withDiscoveredValidators().parse(r.text(), FILE).problems();
    assertThat(problems).as("lint's problems").anySatisfy(p -> {
      assertThat(p.message()).contains(r.lintSays());
      assertThat(p.location().file()).isEqualTo(FILE);
      assertThat(p.location().line()).isEqualTo(r.line());
      assertThat(p.location().column()).isPositive();
      assertThat(p.hint()).isNotBlank();
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sparkOnly")
  void whatOnlySparkJudgesPassesLintAndStopsTheEngineBeforeItReads(Refusal r, SparkSession spark) throws Exception {
    assertThat(ContractLoader.withDiscoveredValidators().parse(r.text(), FILE).problems()).isEmpty();
    List<String> said = causes(refusal(r, spark));
    assertThat(said).as("what the engine says").anyMatch(m -> m.contains(r.engineSays()));
    if (r.line() > 0) {
      assertThat(said).as("located on the check").anyMatch(m -> m.contains(FILE + ":" + r.line() + ":"));
    }
    assertThat(written(dir.resolve("out"))).as("data files written").isEmpty();
  }

  private static List<Path> written(Path target) throws java.io.IOException {
    if (!Files.exists(target)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(target)) {
      return files.filter(f -> f.toString().endsWith(".parquet")).toList();
    }
  }

  private Throwable refusal(Refusal r, SparkSession spark) throws Exception {
    Path csv = dir.resolve("in.csv");
    Files.writeString(csv, r.csv());
    Run run = new Run(spark, UncheckedContracts.of(r.text(), FILE), csv, keys, dir);
    Throwable thrown = catchThrowable(() -> r.engine().run(run));
    assertThat(thrown).as("the engine refuses " + r.name()).isNotNull();
    return thrown;
  }

  private static List<String> causes(Throwable t) {
    List<String> messages = new java.util.ArrayList<>();
    for (Throwable c = t; c != null && !messages.contains(String.valueOf(c.getMessage())); c = c.getCause()) {
      messages.add(String.valueOf(c.getMessage()));
    }
    return messages;
  }

  /** A transition into {@code out}: what {@code sluice enforce} runs. */
  private static Engine enforce() {
    return run -> Transition.of(run.contract()).from(run.csv().toString()).to(run.dir().resolve("out").toString())
        .quarantineTo(run.dir().resolve("quarantine").toString()).keys(run.keys()).run(run.spark());
  }

  /** A read of the data as {@code role}: what {@code sluice read --as ROLE} runs. */
  private static Engine read(String role) {
    return run -> Sluice.read(run.contract()).as(role).keys(run.keys())
        .from(run.spark().read().option("header", "true").csv(run.csv().toString()), "t").collectAsList();
  }

  /** The SQL a check rendered before lint refused its arguments, run by Spark. */
  private static Engine sql(String query) {
    return run -> run.spark().sql(query).collectAsList();
  }

  /** A plan of the contract with one row check whose rule predicate is {@code predicate}, as the engine builds it. */
  private static Engine plan(String predicate) {
    return run -> new Enforcer(new CompiledContract(run.contract(), List.of(), List.of(new RowRule("c", "expression",
        Optional.empty(), List.of(), Severity.ERROR, "coalesce((" + predicate + "), TRUE)")), List.of()))
        .on(run.spark().read().option("header", "true").csv(run.csv().toString())).validate();
  }
}
