package io.sluice.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditRecordTest {
  @TempDir Path dir;

  private static AuditRecord ranOn(String master) {
    RunReport report = new RunReport("run-1", "orders", "1.0.0", 3, 2, 1, 0, 0, List.of(), List.of());
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    return new AuditRecord(report, "0".repeat(64), "bronze->silver", "orders.csv", Optional.of("silver"),
        Optional.of("quarantine"), t, t.plusSeconds(2), Optional.empty(), AuditRecord.Outcome.COMMITTED, Optional.empty(),
        "batch-1", "ana", "app-20261201100000-0000", master, Optional.empty());
  }

  @Test
  void aFailedRunsRecordCarriesTheErrorsClassAndOneShortLineOfItsMessage() {
    RunReport report = new RunReport("run-2", "orders", "1.0.0", 0, 0, 0, 0, 0, List.of(), List.of());
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    AuditRecord failed = new AuditRecord(report, "0".repeat(64), "bronze->silver", "orders.csv", Optional.of("silver"),
        Optional.of("quarantine"), t, t.plusSeconds(2), Optional.empty(), AuditRecord.Outcome.FAILED,
        Optional.of("nothing was written"), "batch-1", "ana", "app-1", "local[*]",
        Optional.of(new AuditRecord.Failure("org.apache.spark.SparkException", "Job aborted\n" + "x".repeat(10_000))));
    assertThat(failed.status()).isEqualTo(io.sluice.report.Status.FAILED);
    assertThat(failed.toJson().path("outcome").asText()).isEqualTo("FAILED");
    assertThat(failed.toJson().path("error_class").asText()).isEqualTo("org.apache.spark.SparkException");
    assertThat(failed.toJson().path("error_message").asText()).isEqualTo("Job aborted");
    assertThat(new AuditRecord.Failure("E", "y".repeat(10_000)).message()).hasSize(AuditRecord.Failure.MAX_MESSAGE + 3);
    assertThat(ranOn("local[*]").toJson().has("error_class")).isFalse();
  }

  @Test
  void recordNamesTheSparkMasterTheRunUsed() {
    assertThat(ranOn("spark://10.0.0.5:7077").toJson().path("spark_master").asText()).isEqualTo("spark://10.0.0.5:7077");
  }

  @Test
  void userInfoInTheMasterUrlStaysOutOfTheRecord() {
    assertThat(ranOn("mesos://zk://ana:s3cret@zk1:2181/mesos").toJson().path("spark_master").asText())
        .isEqualTo("mesos://zk://zk1:2181/mesos");
    assertThat(ranOn("k8s://https://ana:s3cret@api.example.com:6443").sparkMaster())
        .isEqualTo("k8s://https://api.example.com:6443");
  }

  @Test
  void recordsWrittenBeforeSparkMasterExistedStillVerifyWithNewOnesAfterThem() throws Exception {
    FileAuditSink sink = new FileAuditSink(dir);
    ObjectNode old = ranOn("local[*]").toJson();
    old.remove("spark_master");
    sink.appendEvent(old);
    sink.append(ranOn("local[*]"));

    List<String> lines = Files.readAllLines(sink.file());
    assertThat(lines.get(0)).doesNotContain("spark_master");
    assertThat(lines.get(1)).contains("\"spark_master\":\"local[*]\"");
    assertThat(FileAuditSink.verify(dir).intact()).isTrue();
  }
}
