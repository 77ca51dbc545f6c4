package io.sluice.lineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.utils.DatasetIdentifier;
import io.openlineage.client.utils.filesystem.FilesystemDatasetUtils;
import io.sluice.check.CompiledContract;
import io.sluice.check.DatasetRule;
import io.sluice.check.RowRule;
import io.sluice.check.RuleCatalog;
import io.sluice.contract.Contract;
import io.sluice.history.ColumnMetrics;
import io.sluice.contract.Problems;
import io.sluice.report.CheckResult;
import io.sluice.report.DatasetCheckResult;
import io.sluice.report.RunReport;
import io.sluice.spark.RunEnd;
import io.sluice.spark.RunLineage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A run's OpenLineage events: START, then COMPLETE or FAIL, with the input and output datasets named as
 * OpenLineage's naming spec says for file systems ({@code file}, {@code hdfs://host:port}, {@code s3://bucket}…),
 * and the input's {@code dataQualityMetrics} and {@code dataQualityAssertions} facets from the run's own report.
 *
 * <p>The metrics are what the run counted, no more: the rows read, and a column's nulls where a check counts them
 * ({@code required}: nulls as they came in, among well-formed records; else a {@code completeness} dataset check:
 * the rows without a typed value). Distinct counts, minimums and maximums are left out: the run does not compute them.
 */
final class RunEvents {
  /** The producer every event and facet names: Sluice's engine and its version. */
  static final URI PRODUCER = URI.create("urn:sluice:dq-spark:" + version());

  private final OpenLineage ol = new OpenLineage(PRODUCER);
  private final String namespace;

  /** @param namespace the jobs' namespace, and the datasets' when a DataFrame has no location */
  RunEvents(String namespace) {
    this.namespace = namespace;
  }

  OpenLineage.RunEvent started(RunLineage run, Instant at) {
    return ol.newRunEventBuilder()
        .eventType(OpenLineage.RunEvent.EventType.START)
        .eventTime(utc(at))
        .run(ol.newRun(run.runId(), ol.newRunFacetsBuilder().build()))
        .job(job(run))
        .inputs(List.of(input(run, Optional.empty(), Map.of())))
        .outputs(outputs(run, Optional.empty()))
        .build();
  }

  /**
   * COMPLETE for a run that committed, validated or had nothing to do (a batch committed before: no outputs then, as
   * nothing was written); FAIL for one that was aborted or failed, with the reason in the {@code errorMessage} facet.
   */
  OpenLineage.RunEvent finished(RunLineage run, RunEnd end) {
    OpenLineage.RunEvent.EventType type = switch (end.outcome()) {
      case COMMITTED, VALIDATED, SKIPPED -> OpenLineage.RunEvent.EventType.COMPLETE;
      case ABORTED, FAILED -> OpenLineage.RunEvent.EventType.FAIL;
    };
    OpenLineage.RunFacetsBuilder facets = ol.newRunFacetsBuilder();
    if (type == OpenLineage.RunEvent.EventType.FAIL) {
      facets.errorMessage(ol.newErrorMessageRunFacet(errorMessage(end), "Java", null));
    }
    List<OpenLineage.OutputDataset> outputs = switch (end.outcome()) {
      case COMMITTED -> outputs(run, end.report());
      case ABORTED, FAILED -> outputs(run, Optional.empty());
      case SKIPPED, VALIDATED -> List.of();
    };
    return ol.newRunEventBuilder()
        .eventType(type)
        .eventTime(utc(end.at()))
        .run(ol.newRun(run.runId(), facets.build()))
        .job(job(run))
        .inputs(List.of(input(run, end.report(), end.columns())))
        .outputs(outputs)
        .build();
  }

  private OpenLineage.Job job(RunLineage run) {
    return ol.newJob(namespace, run.jobName(), ol.newJobFacetsBuilder()
        .jobType(ol.newJobTypeJobFacet("BATCH", "SLUICE", run.kind().name()))
        .build());
  }

  private OpenLineage.InputDataset input(RunLineage run, Optional<RunReport> report, Map<String, ColumnMetrics> stats) {
    DatasetIdentifier id = run.input().map(FilesystemDatasetUtils::fromLocation)
        .orElseGet(() -> new DatasetIdentifier(run.source(), namespace)); // (name, namespace)
    OpenLineage.InputDatasetBuilder in = ol.newInputDatasetBuilder().namespace(id.getNamespace()).name(id.getName());
    report.ifPresent(r -> in.inputFacets(ol.newInputDatasetInputFacetsBuilder()
        .dataQualityMetrics(metrics(r, run.contract(), stats))
        .dataQualityAssertions(assertions(r))
        .build()));
    return in.build();
  }

  /** The target and the quarantine; with the rows each received, once they were written. */
  private List<OpenLineage.OutputDataset> outputs(RunLineage run, Optional<RunReport> written) {
    List<OpenLineage.OutputDataset> outputs = new ArrayList<>();
    run.target().ifPresent(t -> outputs.add(output(t, written.map(RunReport::rowsValid))));
    run.quarantine().ifPresent(q -> outputs.add(output(q, written.map(RunReport::rowsQuarantined))));
    return outputs;
  }

  private OpenLineage.OutputDataset output(URI location, Optional<Long> rows) {
    DatasetIdentifier id = FilesystemDatasetUtils.fromLocation(location);
    OpenLineage.OutputDatasetBuilder out = ol.newOutputDatasetBuilder().namespace(id.getNamespace()).name(id.getName());
    rows.ifPresent(n -> out.outputFacets(ol.newOutputDatasetOutputFacetsBuilder()
        .outputStatistics(ol.newOutputStatisticsOutputDatasetFacetBuilder().rowCount(n).build())
        .build()));
    return out.build();
  }

  private OpenLineage.DataQualityMetricsInputDatasetFacet metrics(RunReport report, Contract contract,
      Map<String, ColumnMetrics> stats) {
    // Which checks count nulls, as the compiled rules say (the report names kinds only as words).
    CompiledContract compiled = RuleCatalog.standard().compile(contract, new Problems());
    Set<String> present = Stream.concat(compiled.typeRules().stream(), compiled.rowRules().stream())
        .filter(r -> r.test() == RowRule.Test.PRESENT).map(RowRule::id).collect(Collectors.toSet());
    Set<String> shares = compiled.datasetRules().stream().filter(r -> r.measure() == DatasetRule.Measure.NON_NULL_SHARE)
        .map(DatasetRule::id).collect(Collectors.toSet());
    Map<String, Long> nulls = new LinkedHashMap<>();
    for (CheckResult c : report.checks()) {
      if (present.contains(c.id()) && c.column().isPresent()) {
        nulls.put(c.column().get(), c.failedRows());
      }
    }
    for (DatasetCheckResult d : report.datasetChecks()) {
      if (shares.contains(d.id()) && d.column().isPresent() && d.value().isPresent()) {
        nulls.putIfAbsent(d.column().get(), Math.round(report.rowsIn() * (1 - d.value().get())));
      }
    }
    // The columns the run's pass measured: null count from completeness, distinct count, and min and max of numbers.
    stats.forEach((column, m) -> m.completeness()
        .ifPresent(c -> nulls.putIfAbsent(column, Math.round(report.rowsIn() * (1 - c)))));
    OpenLineage.DataQualityMetricsInputDatasetFacetColumnMetricsBuilder columns =
        ol.newDataQualityMetricsInputDatasetFacetColumnMetricsBuilder();
    java.util.Set<String> named = new java.util.LinkedHashSet<>(nulls.keySet());
    named.addAll(stats.keySet());
    for (String column : named) {
      OpenLineage.DataQualityMetricsInputDatasetFacetColumnMetricsAdditionalBuilder b =
          ol.newDataQualityMetricsInputDatasetFacetColumnMetricsAdditionalBuilder();
      Optional.ofNullable(nulls.get(column)).ifPresent(b::nullCount);
      Optional.ofNullable(stats.get(column)).ifPresent(m -> {
        m.distinct().ifPresent(b::distinctCount);
        m.min().ifPresent(b::min);
        m.max().ifPresent(b::max);
      });
      columns.put(column, b.build());
    }
    return ol.newDataQualityMetricsInputDatasetFacetBuilder()
        .rowCount(report.rowsIn())
        .columnMetrics(columns.build())
        .build();
  }

  /** One assertion per check: its id, whether it held, its column and its severity ({@code error} or {@code warn}). */
  private OpenLineage.DataQualityAssertionsDatasetFacet assertions(RunReport report) {
    List<OpenLineage.DataQualityAssertionsDatasetFacetAssertions> all = new ArrayList<>();
    for (CheckResult c : report.checks()) {
      all.add(ol.newDataQualityAssertionsDatasetFacetAssertions(c.id(), c.failedRows() == 0, c.column().orElse(null),
          c.severity().word()));
    }
    for (DatasetCheckResult d : report.datasetChecks()) {
      all.add(ol.newDataQualityAssertionsDatasetFacetAssertions(d.id(), d.passed(), d.column().orElse(null),
          d.severity().word()));
    }
    return ol.newDataQualityAssertionsDatasetFacet(all);
  }

  /** What ended the run: the error, then what it left behind; or why nothing was written. */
  private static String errorMessage(RunEnd end) {
    String reason = end.reason().orElse("");
    return end.error().map(e -> e.errorClass() + ": " + e.message() + (reason.isEmpty() ? "" : " (" + reason + ")"))
        .orElse(reason.isEmpty() ? end.outcome().name() : reason);
  }

  private static ZonedDateTime utc(Instant at) {
    return at.atZone(ZoneOffset.UTC);
  }

  private static String version() {
    Properties p = new Properties();
    try (InputStream in = RunEvents.class.getResourceAsStream("producer.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // the version is only a label: go on without it
    }
    return p.getProperty("version", "unknown");
  }
}
