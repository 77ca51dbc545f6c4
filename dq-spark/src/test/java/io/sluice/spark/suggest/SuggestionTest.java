package io.sluice.spark.suggest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.CompositeKey;
import io.sluice.contract.Contract;
import io.sluice.contract.Node;
import io.sluice.report.RunReport;
import io.sluice.spark.Sluice;
import io.sluice.testkit.LocalSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalSpark.class)
class SuggestionTest {

  /** A DataFrame of text columns, as a CSV file is read: {@code null} for an empty field. */
  private static Dataset<Row> text(SparkSession spark, String header, String... lines) {
    StructType schema = new StructType();
    for (String h : header.split(",")) {
      schema = schema.add(h, DataTypes.StringType, true);
    }
    List<Row> rows = new ArrayList<>();
    for (String line : lines) {
      rows.add(RowFactory.create(Arrays.stream(line.split(",", -1)).map(v -> v.isEmpty() ? null : v).toArray()));
    }
    return spark.createDataFrame(rows, schema);
  }

  /** Suggests a contract for {@code data} and checks that the engine accepts the data with it, every row. */
  private static Contract suggest(Dataset<Row> data) {
    SuggestedContract s = Suggestion.of(data).id("t").run(data.sparkSession());
    assertThat(s.dropped()).isEmpty();
    RunReport report = Sluice.enforce(s.contract()).on(data).validate();
    assertThat(report.rowsQuarantined()).as(s.yaml()).isZero();
    assertThat(report.checks()).allSatisfy(c -> assertThat(c.failedRows()).as(c.id()).isZero());
    return s.contract();
  }

  private static Optional<CheckSpec> check(Contract contract, String column, String kind) {
    return contract.column(column).orElseThrow().checks().stream().filter(c -> c.kind().equals(kind)).findFirst();
  }

  private static List<String> allowedValues(Contract contract, String column) {
    return check(contract, column, "allowed_values").map(c -> ((Node.Sequence) c.args()).items().stream()
        .map(n -> ((Node.Scalar) n).text()).toList()).orElse(List.of());
  }

  @Test
  void theSmallestCompositeKeyIsAPairWhenAPairIsUnique(SparkSession spark) {
    List<String> lines = new ArrayList<>();
    String[] stores = {"s1", "s2", "s3"};
    for (String store : stores) {
      for (int day = 1; day <= 4; day++) {
        // region follows the store, so (region, day) repeats; qty repeats too; (store, day) is the key
        lines.add(store + "," + day + "," + (store.equals("s3") ? "south" : "north") + "," + (day % 2) + ",n" + (day % 3));
      }
    }
    Contract c = suggest(text(spark, "store,day,region,qty,note", lines.toArray(String[]::new)));
    assertThat(c.keys()).extracting(CompositeKey::columns).containsExactly(List.of("store", "day"));
    assertThat(c.columns()).allSatisfy(col -> assertThat(col.unique()).isEmpty());
  }

  @Test
  void aTripleIsSuggestedOnlyWhenNoPairIsUnique(SparkSession spark) {
    List<String> lines = new ArrayList<>();
    for (String store : List.of("s1", "s2")) {
      for (String day : List.of("mon", "tue")) {
        for (String shift : List.of("am", "pm")) {
          lines.add(store + "," + day + "," + shift + ",7");
        }
      }
    }
    Contract c = suggest(text(spark, "store,day,shift,staff", lines.toArray(String[]::new)));
    assertThat(c.keys()).extracting(CompositeKey::columns).containsExactly(List.of("store", "day", "shift"));
  }

  @Test
  void aUniqueColumnIsTheKeyAndNoCompositeIsLookedFor(SparkSession spark) {
    Contract c = suggest(text(spark, "id,store,day", "1,s1,mon", "2,s1,tue", "3,s2,mon", "4,s2,tue"));
    assertThat(c.column("id").orElseThrow().unique()).isPresent();
    assertThat(c.keys()).isEmpty();
  }

  @Test
  void valuesEqualOnlyAsTextAreNotAKey(SparkSession spark) {
    // As ints, 7 and 007 are one value: the engine would fail the pair, so the column is not unique.
    Contract c = suggest(text(spark, "code,name", "7,a", "8,b", "+7,c", "9,d"));
    assertThat(c.column("code").orElseThrow().type()).hasToString("int");
    assertThat(c.column("code").orElseThrow().unique()).isEmpty();
    assertThat(c.column("name").orElseThrow().unique()).isPresent();
  }

  @Test
  void datesInTextGetTheOneFormatEveryValueParsesWith(SparkSession spark) {
    Contract c = suggest(text(spark, "born,signed_up,ordered_at,seen,shipped",
        "13/05/1962,2018-07-02,2026-09-21 19:14:19,2026-01-18,2026-02-28",
        "01/02/1990,2019-12-31,2026-01-18 23:24:56,2026-01-18 10:00,2026-02-30",
        "28/12/2001,2020-02-29,2026-01-19 00:00:00,2026-01-18T10:00:05Z,2026-03-01"));
    assertThat(c.column("born").orElseThrow().type()).hasToString("date");
    assertThat(c.column("born").orElseThrow().format()).contains("dd/MM/yyyy");
    assertThat(c.column("signed_up").orElseThrow().type()).hasToString("date");
    assertThat(c.column("signed_up").orElseThrow().format()).contains("yyyy-MM-dd");
    assertThat(c.column("ordered_at").orElseThrow().type()).hasToString("timestamp");
    assertThat(c.column("ordered_at").orElseThrow().format()).contains("yyyy-MM-dd HH:mm:ss");
    // No one format reads a date, a time without seconds and one with a zone: ISO-8601 as the engine reads it does.
    assertThat(c.column("seen").orElseThrow().type()).hasToString("timestamp");
    assertThat(c.column("seen").orElseThrow().format()).isEmpty();
    // 2026-02-30 does not exist: no date type holds every value.
    assertThat(c.column("shipped").orElseThrow().type()).hasToString("string");
  }

  @Test
  void anAmbiguousDayAndMonthOrderIsNamedInTheComment(SparkSession spark) {
    SuggestedContract s = Suggestion.of(text(spark, "day", "01/02/2020", "03/04/2021", "05/06/2022")).run(spark);
    assertThat(s.contract().column("day").orElseThrow().format()).contains("dd/MM/yyyy");
    assertThat(s.yaml()).contains("format: \"dd/MM/yyyy\"").contains("and with MM/dd/yyyy: check which is meant");
  }

  @Test
  void lowCardinalityTextGetsItsValuesAsAllowedValues(SparkSession spark) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      lines.add("o" + i + "," + List.of("PLACED", "SHIPPED", "PLACED", "DELIVERED", "yes").get(i % 5) + "," + (i % 3));
    }
    Contract c = suggest(text(spark, "order_id,status,priority", lines.toArray(String[]::new)));
    assertThat(allowedValues(c, "status")).containsExactly("DELIVERED", "PLACED", "SHIPPED", "yes");
    // Every order id is seen once: not a category.
    assertThat(allowedValues(c, "order_id")).isEmpty();
    // Numbers get a range, not a list.
    assertThat(c.column("priority").orElseThrow().type()).hasToString("int");
    assertThat(allowedValues(c, "priority")).isEmpty();
    assertThat(check(c, "priority", "range")).isPresent();
  }

  @Test
  void rangesHoldForTheExtremesOfEveryType(SparkSession spark) {
    StructType schema = new StructType().add("f", DataTypes.FloatType).add("d", DataTypes.DoubleType)
        .add("n", DataTypes.createDecimalType(20, 4)).add("l", DataTypes.LongType);
    Dataset<Row> typed = spark.createDataFrame(List.of(
        RowFactory.create(7.049f, 0.1, new java.math.BigDecimal("-12.3400"), Long.MIN_VALUE),
        RowFactory.create(0.3f, 123456.78901234567, new java.math.BigDecimal("9999999999999999.9999"), Long.MAX_VALUE),
        RowFactory.create(1e-7f, 1.0000000000000002, null, 0L)), schema);
    Contract c = suggest(typed);
    assertThat(c.column("f").orElseThrow().type()).hasToString("float");
    assertThat(c.column("n").orElseThrow().type()).hasToString("decimal(20,4)");
    assertThat(c.column("n").orElseThrow().required()).isEmpty();
    assertThat(List.of("f", "d", "n", "l")).allSatisfy(name -> assertThat(check(c, name, "range")).isPresent());
  }

  @Test
  void numbersInTextGetTheNarrowestTypeEveryValueCastsTo(SparkSession spark) {
    Contract c = suggest(text(spark, "flag,small,big,amount,ratio,zip,mixed",
        "true,1,3000000000,12.50,1e3,01234,1",
        "FALSE,-2,4,0.5,2.5E-7,75001,x"));
    assertThat(c.column("flag").orElseThrow().type()).hasToString("boolean");
    assertThat(c.column("small").orElseThrow().type()).hasToString("int");
    assertThat(c.column("big").orElseThrow().type()).hasToString("long");
    assertThat(c.column("amount").orElseThrow().type()).hasToString("decimal(18,2)");
    assertThat(c.column("ratio").orElseThrow().type()).hasToString("double");
    assertThat(c.column("zip").orElseThrow().type()).hasToString("string");
    assertThat(c.column("mixed").orElseThrow().type()).hasToString("string");
  }

  @Test
  void namesAndValuesYamlWouldMisreadAreQuoted(SparkSession spark) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      lines.add(List.of("no", "1", "null", "a: b", "#x", "say \"hi\"\\").get(i % 6) + "," + (i % 2 == 0 ? "yes" : "off"));
    }
    Contract c = suggest(text(spark, "order.id,yes", lines.toArray(String[]::new)));
    assertThat(c.columns()).extracting(io.sluice.contract.Column::name).containsExactly("order.id", "yes");
    assertThat(allowedValues(c, "order.id")).containsExactly("#x", "1", "a: b", "no", "null", "say \"hi\"\\");
    assertThat(allowedValues(c, "yes")).containsExactly("off", "yes");
  }

  @Test
  void malformedRecordsAreCountedAndLeftOut(SparkSession spark) {
    Dataset<Row> data = text(spark, "id,_corrupt_record", "1,", "2,", ",2;broken");
    SuggestedContract s = Suggestion.of(data).run(spark);
    assertThat(s.rows()).isEqualTo(2);
    assertThat(s.malformedRows()).isEqualTo(1);
    assertThat(s.contract().column("id").orElseThrow().required()).isPresent();
    assertThat(s.yaml()).contains("besides 1 malformed record");
  }

  @Test
  void dataWithoutRowsGetsItsColumnsAndNoChecks(SparkSession spark) {
    StructType schema = new StructType().add("id", DataTypes.StringType).add("n", DataTypes.IntegerType);
    Contract c = suggest(spark.createDataFrame(List.of(), schema));
    assertThat(c.columns()).extracting(col -> col.name() + " " + col.type()).containsExactly("id string", "n int");
    assertThat(c.allChecks()).isEmpty();
    assertThat(c.columns()).allSatisfy(col -> assertThat(col.required()).isEmpty());
  }

  @Test
  void aPathGivesTheDefaultId() {
    assertThat(Suggestion.idOf("landing/Orders 2024.csv.gz")).isEqualTo("orders_2024");
    assertThat(Suggestion.idOf("hdfs://nn/lake/bronze/customers/")).isEqualTo("customers");
    assertThat(Suggestion.idOf("/data/2024.csv")).isEqualTo("dataset");
  }
}
