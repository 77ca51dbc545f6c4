package io.sluice.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.openlineage.client.OpenLineage;
import io.sluice.audit.AuditRecord;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.report.RunReport;
import io.sluice.spark.RunEnd;
import io.sluice.spark.RunLineage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a run's datasets are named and which of them each event lists. */
class RunEventsTest {
  private final RunEvents events = new RunEvents("ns");
  private Contract contract;

  @BeforeEach
  void contract(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("orders.yaml");
    Files.writeString(file, "apiVersion: sluice/v1\nkind: DataContract\nid: silver_orders\nversion: 1.0.0\nlayer: silver\n"
        + "columns:\n  - {name: order_id, type: string, required: true}\n");
    contract = ContractLoader.withDiscoveredValidators().load(file);
  }

  private RunLineage run(Optional<URI> input, String source) {
    return new RunLineage(RunLineage.uuidOf("r1"), contract, RunLineage.Kind.ENFORCE, source, input,
        Optional.of(URI.create("hdfs://namenode:8020/lake/silver/orders")),
        Optional.of(URI.create("s3a://quarantine-bucket/silver/orders")));
  }

  private static List<String> names(List<? extends OpenLineage.Dataset> datasets) {
    return datasets.stream().map(d -> d.getNamespace() + " | " + d.getName()).toList();
  }

  @Test
  void datasetsAreNamedAsOpenLineagesNamingSpecSaysForFileSystems() {
    OpenLineage.RunEvent start = events.started(run(Optional.of(URI.create("file:/data/bronze/orders.csv")), "x"),
        Instant.now());

    assertThat(names(start.getInputs())).containsExactly("file | /data/bronze/orders.csv");
    assertThat(names(start.getOutputs())).containsExactly("hdfs://namenode:8020 | /lake/silver/orders",
        "s3://quarantine-bucket | silver/orders");
  }

  @Test
  void aDataFrameIsNamedInTheJobsNamespace() {
    OpenLineage.RunEvent start = events.started(run(Optional.empty(), "daily_sales"), Instant.now());

    assertThat(names(start.getInputs())).containsExactly("ns | daily_sales");
    assertThat(start.getJob().getNamespace()).isEqualTo("ns");
    assertThat(start.getJob().getName()).isEqualTo("silver_orders.enforce");
  }

  @Test
  void aSkippedRunCompletesWithoutOutputsOrFacets() {
    RunEnd skipped = new RunEnd(AuditRecord.Outcome.SKIPPED, Optional.empty(),
        Optional.of("this input batch was committed before"), Optional.empty(), Instant.now());
    OpenLineage.RunEvent end = events.finished(run(Optional.of(URI.create("file:/in.csv")), "x"), skipped);

    assertThat(end.getEventType()).isEqualTo(OpenLineage.RunEvent.EventType.COMPLETE);
    assertThat(end.getOutputs()).isEmpty();
    assertThat(end.getInputs().get(0).getInputFacets()).isNull();
    assertThat(end.getRun().getFacets().getErrorMessage()).isNull();
  }

  @Test
  void aFailedRunNamesItsErrorAndWhatItLeftBehind() {
    RunEnd failed = new RunEnd(AuditRecord.Outcome.FAILED, Optional.empty(), Optional.of("nothing was written"),
        Optional.of(new AuditRecord.Failure("org.apache.spark.SparkException", "Job aborted")), Instant.now());
    OpenLineage.RunEvent end = events.finished(run(Optional.of(URI.create("file:/in.csv")), "x"), failed);

    assertThat(end.getEventType()).isEqualTo(OpenLineage.RunEvent.EventType.FAIL);
    assertThat(end.getRun().getFacets().getErrorMessage().getMessage())
        .isEqualTo("org.apache.spark.SparkException: Job aborted (nothing was written)");
    assertThat(end.getRun().getFacets().getErrorMessage().getProgrammingLanguage()).isEqualTo("Java");
  }

  @Test
  void aValidationCompletesWithItsFacetsAndNoOutputs() {
    RunLineage validation = new RunLineage(RunLineage.uuidOf("r2"), contract, RunLineage.Kind.VALIDATE, "in.csv",
        Optional.of(URI.create("file:/in.csv")), Optional.empty(), Optional.empty());
    RunReport report = new RunReport("r2", contract.id(), "1.0.0", 3, 3, 0, 0, 0, List.of(), List.of());
    OpenLineage.RunEvent end = events.finished(validation, new RunEnd(AuditRecord.Outcome.VALIDATED,
        Optional.of(report), Optional.empty(), Optional.empty(), Instant.now()));

    assertThat(end.getEventType()).isEqualTo(OpenLineage.RunEvent.EventType.COMPLETE);
    assertThat(end.getJob().getName()).isEqualTo("silver_orders.validate");
    assertThat(end.getOutputs()).isEmpty();
    assertThat(end.getInputs().get(0).getInputFacets().getDataQualityMetrics().getRowCount()).isEqualTo(3);
  }

  @Test
  void everyEventAndFacetNamesSluiceAsItsProducer() {
    OpenLineage.RunEvent start = events.started(run(Optional.of(URI.create("file:/in.csv")), "x"), Instant.now());

    assertThat(start.getProducer()).isEqualTo(RunEvents.PRODUCER);
    assertThat(start.getJob().getFacets().getJobType().get_producer()).isEqualTo(RunEvents.PRODUCER);
    assertThat(RunEvents.PRODUCER.toString()).matches("urn:sluice:dq-spark:\\d+\\.\\d+\\.\\d+");
  }
}
