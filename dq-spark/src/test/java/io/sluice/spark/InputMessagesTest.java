package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.contract.Remedy;
import io.sluice.testkit.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An error about the data quotes it as a short, printable excerpt: a binary file read as CSV has a "header" of
 * control characters and undecodable bytes, and a wide file has thousands of column names.
 */
@ExtendWith(LocalSpark.class)
class InputMessagesTest {
  private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}\\p{Cn}\\u2028\\u2029\\uFFFD]");
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      columns:
        - {name: order_id, type: string, required: true}
        - {name: amount, type: double}
      """;

  @TempDir Path dir;

  private Contract contract() {
    return ContractLoader.withDiscoveredValidators().parse(CONTRACT, "orders.yaml").orThrow();
  }

  private String refusal(SparkSession spark, Path data) {
    Throwable e = catchThrowable(() -> Sluice.enforce(contract()).on(Input.of(data.toString()).read(spark, contract())).validate());
    assertThat(e).isInstanceOfAny(SchemaMismatchException.class, InputException.class);
    return e.getMessage();
  }

  @Test
  void aPathWhoseNameTellsNoFormatAsksForTheFormat() throws Exception {
    Path data = Files.writeString(dir.resolve("orders.dat"), "order_id,amount\no1,1.5\n");
    Throwable e = catchThrowable(() -> Input.of(data.toString()));
    assertThat(e).isInstanceOfSatisfying(InputException.class, i -> assertThat(i.remedy()).contains(Remedy.INPUT_FORMAT))
        .hasMessage("cannot tell the format of " + data + " from its name: give its format (csv, json, parquet, orc or"
            + " delta)");
  }

  @Test
  void aBinaryFileReadAsCsvGivesOneShortPrintableLine(SparkSession spark) throws Exception {
    byte[] bytes = new byte[256 * 1024];
    new Random(20).nextBytes(bytes);
    bytes[0] = 0;
    bytes[7] = 0x1b;
    Path data = dir.resolve("upload.csv");
    Files.write(data, bytes);
    String message = refusal(spark, data);
    assertThat(message).doesNotContainPattern(UNPRINTABLE).doesNotContain("\n").hasSizeLessThan(1000)
        .contains("\\u0000");
  }

  @Test
  void tenThousandColumnsAreListedBriefly(SparkSession spark) {
    // What a CSV file with a header of 10,000 names reads as (Spark takes seconds to read such a header itself).
    StructType wide = new StructType(IntStream.range(0, 10_000)
        .mapToObj(i -> DataTypes.createStructField("column_" + i, DataTypes.StringType, true)).toArray(StructField[]::new));
    Throwable e = catchThrowable(() -> Sluice.enforce(contract()).on(spark.createDataFrame(List.of(), wide)));
    assertThat(e).isInstanceOf(SchemaMismatchException.class);
    assertThat(e.getMessage()).startsWith("the data has no column 'order_id', 'amount' that contract orders.yaml requires")
        .contains("columns found: 'column_0', 'column_1'").endsWith("… (10000 in all)").hasSizeLessThan(400);
  }
}
