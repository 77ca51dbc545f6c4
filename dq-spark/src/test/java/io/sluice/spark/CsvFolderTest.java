package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.audit.AuditRecord;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.report.RunReport;
import io.sluice.testkit.LocalSpark;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV folder is read by each file's own header: columns are matched by name, never by position, and a file
 * whose header names other columns is quarantined whole as malformed records.
 */
@ExtendWith(LocalSpark.class)
class CsvFolderTest {
  private static final String PRUNING = "spark.sql.csv.parser.columnPruning.enabled";
  private static final String HEAD = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      source: bronze
      """;
  private static final String ORDERS = HEAD + """
      columns:
        - {name: id, type: string, required: true, unique: true}
        - {name: name, type: string}
        - {name: amount, type: 'decimal(8,2)', checks: [{range: {min: 0}}]}
      """;

  private static Contract contract(String yaml) {
    return ContractLoader.withDiscoveredValidators().parse(yaml, "orders.yaml").orThrow();
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static void gzip(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Each row as "name=value" of the given columns, keyed by its id. */
  private static Map<String, String> byId(Dataset<Row> df, String... columns) {
    return df.collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("id"), r -> {
      StringBuilder b = new StringBuilder();
      for (String c : columns) {
        b.append(b.length() == 0 ? "" : " ").append(c).append('=').append(r.<Object>getAs(c));
      }
      return b.toString();
    }));
  }

  private static Dataset<Row> read(SparkSession spark, Path in) {
    return new Input(in.toString(), Format.CSV).read(spark, contract(ORDERS));
  }

  @Test
  void aFileWithItsColumnsInAnotherOrderIsReadByName(SparkSession spark, @TempDir Path dir) throws Exception {
    Path in = dir.resolve("in");
    write(in.resolve("a.csv"), "id,name,amount\na1,Ann,1.50\n");
    write(in.resolve("b.csv"), "amount,id,name\n2.50,b1,Bob\n3.50,b2,Bea\n");

    Dataset<Row> df = read(spark, in);

    assertThat(df.columns()).containsExactly("id", "name", "amount", "_corrupt_record");
    assertThat(byId(df, "name", "amount", "_corrupt_record")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "a1", "name=Ann amount=1.50 _corrupt_record=null",
        "b1", "name=Bob amount=2.50 _corrupt_record=null",
        "b2", "name=Bea amount=3.50 _corrupt_record=null"));
  }

  @Test
  void headersThatDifferOnlyInCaseMatchAsSparkMatchesNames(SparkSession spark, @TempDir Path dir) throws Exception {
    Path in = dir.resolve("in");
    write(in.resolve("a.csv"), "id,name,amount\na1,Ann,1.50\n");
    write(in.resolve("b.csv"), "NAME,Amount,ID\nBob,2.50,b1\n");

    assertThat(byId(read(spark, in), "name", "amount")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "a1", "name=Ann amount=1.50",
        "b1", "name=Bob amount=2.50"));
  }

  @Test
  void aTransitionOverAReorderedFolderCommitsEachValueUnderItsName(SparkSession spark, @TempDir Path dir) throws Exception {
    Path in = dir.resolve("bronze");
    write(in.resolve("day1.csv"), "id,name,amount\na1,Ann,1.50\na2,Al,-1.00\n");
    write(in.resolve("day2.csv"), "name,amount,id\nBob,2.50,b1\nBea,3.50,b2\n");

    TransitionResult r = Transition.of(contract(ORDERS)).from(in.toString(), Format.CSV)
        .to(dir.resolve("silver").toString()).quarantineTo(dir.resolve("quarantine").toString())
        .auditTo(dir.resolve("audit")).run(spark);

    assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(byId(spark.read().parquet(dir.resolve("silver").toString()), "name", "amount"))
        .containsExactlyInAnyOrderEntriesOf(Map.of(
            "a1", "name=Ann amount=1.50",
            "b1", "name=Bob amount=2.50",
            "b2", "name=Bea amount=3.50"));
    // Only the negative amount fails: read by position, day2's names would fail amount.type and its ids
    // would be amounts.
    assertThat(byId(spark.read().parquet(dir.resolve("quarantine").toString()), "name", "amount"))
        .containsExactlyEntriesOf(Map.of("a2", "name=Al amount=-1.00"));
  }

  @Test
  void aFileNamingOtherColumnsIsQuarantinedWholeAsMalformedAndNoLineIsLost(SparkSession spark, @TempDir Path dir)
      throws Exception {
    Path in = dir.resolve("in");
    write(in.resolve("a.csv"), "id,name,amount\na1,Ann,1.50\na2,Al,2.50\n");
    write(in.resolve("b.csv"), "id,name,price\nb1,Bob,2.50\n\nb2,\"Bea, Jr\",3.50\n"); // amount missing, price extra
    write(in.resolve("c.csv"), "id,name\nc1,Cy\n"); // amount missing
    write(in.resolve("d.csv"), "amount,name,id,note\n4.50,Di,d1,x\n"); // note extra

    Enforcement e = Sluice.enforce(contract(ORDERS)).on(read(spark, in));
    List<Row> valid = e.valid().collectAsList();
    List<Row> quarantine = e.quarantine().collectAsList();
    RunReport report = e.report();

    assertThat(valid).extracting(v -> v.<String>getAs("id")).containsExactlyInAnyOrder("a1", "a2");
    assertThat(quarantine).extracting(q -> q.<String>getAs("_dq_raw"))
        .containsExactlyInAnyOrder("b1,Bob,2.50", "b2,\"Bea, Jr\",3.50", "c1,Cy", "4.50,Di,d1,x");
    assertThat(quarantine).allSatisfy(q -> {
      assertThat(q.<String>getAs("id")).isNull();
      assertThat(q.<Row>getList(q.fieldIndex("_dq_errors"))).extracting(x -> x.<String>getAs("check"))
          .containsExactly("_record.malformed");
    });
    assertThat(report.rowsIn()).isEqualTo(6);
    assertThat(report.rowsMalformed()).isEqualTo(4);
    assertThat(report.rowsIn()).isEqualTo(report.rowsValid() + report.rowsQuarantined());
  }

  @Test
  void aMalformedFileKeepsEachLineAsItCameIn(SparkSession spark, @TempDir Path dir) throws Exception {
    Path in = dir.resolve("in");
    write(in.resolve("a.csv"), "id,name,amount\na1,Ann,1.50\n");
    // A blank line before the header, quotes, a backslash, a tab, the unit separator; then a file of a header only.
    write(in.resolve("b.csv"), "\nid,label\n  b1 ,\"say \"\"hi\"\"\",\\n\tx\nb2\u001Fy;z\n");
    write(in.resolve("c.csv"), "id,label\n");

    Dataset<Row> df = read(spark, in);

    assertThat(df.where("_corrupt_record IS NOT NULL").collectAsList()).extracting(r -> r.<String>getAs("_corrupt_record"))
        .containsExactlyInAnyOrder("  b1 ,\"say \"\"hi\"\"\",\\n\tx", "b2\u001Fy;z");
    assertThat(df.count()).isEqualTo(3);
  }

  @Test
  void partitionFoldersKeepTheirValuesAsTheyAreWhenHeadersDiffer(SparkSession spark, @TempDir Path dir) throws Exception {
    Path in = dir.resolve("in");
    write(in.resolve("day=01/a.csv"), "id,name,amount\na1,Ann,1.50\n");
    write(in.resolve("day=02/b.csv"), "amount,id,name\n2.50,b1,Bob\n");
    write(in.resolve("day=03/c.csv"), "id,other\nc1,x\n");

    Dataset<Row> df = read(spark, in);

    assertThat(df.columns()).containsExactly("id", "name", "amount", "_corrupt_record", "day");
    assertThat(byId(df.where("_corrupt_record IS NULL"), "name", "day")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "a1", "name=Ann day=01",
        "b1", "name=Bob day=02"));
    assertThat(df.where("_corrupt_record IS NOT NULL").collectAsList()).extracting(r -> r.<String>getAs("day"))
        .containsExactly("03");
  }

  @Test
  void aGzipFileWithAReorderedHeaderIsReadByName(SparkSession spark, @TempDir Path dir) throws Exception {
    Path in = dir.resolve("in");
    write(in.resolve("a.csv"), "id,name,amount\na1,Ann,1.50\n");
    gzip(in.resolve("b.csv.gz"), "amount,name,id\n2.50,Bob,b1\n");
    gzip(in.resolve("c.csv.gz"), "id,amount\nc1,3.50\n"); // name missing: malformed

    Dataset<Row> df = read(spark, in);

    assertThat(byId(df.where("_corrupt_record IS NULL"), "name", "amount")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "a1", "name=Ann amount=1.50",
        "b1", "name=Bob amount=2.50"));
    assertThat(df.where("_corrupt_record IS NOT NULL").collectAsList()).extracting(r -> r.<String>getAs("_corrupt_record"))
        .containsExactly("c1,3.50");
  }

  @Test
  void readingCsvLeavesTheSessionsColumnPruningAsItWas(SparkSession spark, @TempDir Path dir) throws Exception {
    Path in = dir.resolve("in");
    write(in.resolve("a.csv"), "id,name,amount\na1,Ann,1.50\n");
    String before = spark.conf().get(PRUNING, "true");
    try {
      spark.conf().set(PRUNING, "true");
      Sluice.enforce(contract(ORDERS)).on(read(spark, in)).validate();
      assertThat(spark.conf().get(PRUNING)).isEqualTo("true");
    } finally {
      spark.conf().set(PRUNING, before);
    }
  }

  @Test
  void aLineWithTooFewFieldsIsMalformedThoughTheContractReadsOneColumnOnly(SparkSession spark, @TempDir Path dir)
      throws Exception {
    Path in = dir.resolve("in");
    write(in.resolve("a.csv"), "id,name,note\na1,Ann,x\na2\n");
    // Only id is read: with Spark's column pruning the parser would tokenize id alone and take "a2" as well-formed.
    Contract idOnly = contract(HEAD + "schema: {extra_columns: drop}\ncolumns: [{name: id, type: string}]\n");
    String before = spark.conf().get(PRUNING, "true");
    try {
      spark.conf().set(PRUNING, "true");
      RunReport report = Sluice.enforce(idOnly).on(new Input(in.toString(), Format.CSV).read(spark, idOnly)).validate();

      assertThat(report.rowsMalformed()).isEqualTo(1);
      assertThat(report.rowsQuarantined()).isEqualTo(1);
    } finally {
      spark.conf().set(PRUNING, before);
    }
  }
}
