package io.sluice.spark.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The split writer's columns and reasons reach the writers on the executors as they were planned. */
class SideColumnTest {
  @Test
  void everyKindOfColumnSurvivesTheWriteOption() {
    List<SideColumn> columns = List.of(new SideColumn.Copied("__q0", "amount"), new SideColumn.Reasons("_dq_errors"),
        SideColumn.constant("_dq_run_id", "run-1"), SideColumn.constant("_dq_quarantined_at", Instant.ofEpochSecond(2, 3_000)));
    assertThat(SideColumn.decode(SideColumn.encode(columns))).isEqualTo(columns);
    assertThat(columns.get(3)).isEqualTo(new SideColumn.Time("_dq_quarantined_at", 2_000_003L));
  }

  @Test
  void aConstantIsTextOrATime() {
    assertThatThrownBy(() -> SideColumn.constant("n", 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theFileHasACopiedColumnsTypeUnderItsOutputName() {
    StructType data = new StructType().add("__q0", DataTypes.IntegerType, false);
    StructType file = SideColumn.schema(data, List.of(new SideColumn.Copied("__q0", "amount"),
        new SideColumn.Reasons("_dq_errors"), new SideColumn.Text("_dq_run_id", "r"), new SideColumn.Time("at", 0)));
    assertThat(file.fieldNames()).containsExactly("amount", "_dq_errors", "_dq_run_id", "at");
    assertThat(file.apply("amount").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(file.apply("amount").nullable()).isTrue();
    assertThat(file.apply("_dq_errors").dataType()).isEqualTo(Reason.ERRORS_TYPE);
    assertThat(file.apply("at").dataType()).isEqualTo(DataTypes.TimestampType);
  }

  @Test
  void reasonsKeepTheirOrderAndAMissingColumn() {
    List<Reason> reasons = List.of(new Reason("a.type", Optional.of("a"), "the value does not convert to the declared type"),
        new Reason("_record.malformed", Optional.empty(), "the record could not be parsed"));
    assertThat(Reason.decode(Reason.encode(reasons))).isEqualTo(reasons);
  }
}
