package io.sluice.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sluice.audit.AuditRecord;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.report.CheckResult;
import io.sluice.report.DatasetCheckResult;
import io.sluice.report.RunReport;
import io.sluice.spark.InputException;
import io.sluice.spark.RunEnd;
import io.sluice.spark.RunLineage;
import io.sluice.spark.RunListener;
import io.sluice.spark.Transition;
import io.sluice.spark.TransitionResult;
import io.sluice.testkit.LocalSpark;
import io.sluice.testkit.OpenLineageSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A transition's OpenLineage events, as a file, an HTTP server and OpenLineage's own configuration receive them. */
@ExtendWith(LocalSpark.class)
class OpenLineageRunsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORDERS = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      source: bronze
      columns:
        - {name: order_id, type: string, required: true, unique: true}
        - {name: amount, type: 'decimal(8,2)', checks: [{range: {min: 0}}]}
        - {name: email, type: string}
      dataset_checks:
        - row_count: {min: 1}
        - completeness: {column: email, min: 0.5}
      """;
  /** One row without an id, one negative amount, one amount that is no number, one email missing. */
  private static final String CSV = """
      order_id,amount,email
      o1,10.50,a@example.com
      o2,-1.00,
      o3,3.00,c@example.com
      ,4.00,d@example.com
      o5,abc,e@example.com
      """;

  @TempDir Path dir;

  private Contract contract(String yaml) throws IOException {
    Path file = dir.resolve("orders.yaml");
    Files.writeString(file, yaml);
    return ContractLoader.withDiscoveredValidators().load(file);
  }

  private Transition transition(Contract contract) throws IOException {
    Path in = dir.resolve("orders.csv");
    Files.writeString(in, CSV);
    return Transition.of(contract).from(in.toString()).to(dir.resolve("silver").toString())
        .quarantineTo(dir.resolve("quarantine").toString()).auditTo(dir.resolve("audit"));
  }

  private static List<JsonNode> events(Path file) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      events.add(JSON.readTree(line));
    }
    return events;
  }

  @Test
  void aCommittedRunSendsStartThenCompleteWithTheRunsOwnCounts(SparkSession spark) throws Exception {
    Path file = dir.resolve("lineage.jsonl");
    TransitionResult r = transition(contract(ORDERS)).lineage(OpenLineageRuns.toFile(file)).run(spark);

    assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    List<JsonNode> events = events(file);
    assertThat(events).extracting(e -> e.path("eventType").asText()).containsExactly("START", "COMPLETE");
    events.forEach(OpenLineageSpec::check);
    RunReport report = r.report();
    for (JsonNode e : events) {
      assertThat(e.path("run").path("runId").asText()).isEqualTo(report.runId());
      assertThat(e.path("job").path("namespace").asText()).isEqualTo(OpenLineageRuns.DEFAULT_NAMESPACE);
      assertThat(e.path("job").path("name").asText()).isEqualTo("orders.enforce");
      assertThat(e.path("job").path("facets").path("jobType").path("jobType").asText()).isEqualTo("ENFORCE");
      assertThat(e.path("inputs")).singleElement().satisfies(in -> {
        assertThat(in.path("namespace").asText()).isEqualTo("file");
        assertThat(in.path("name").asText()).isEqualTo(dir.resolve("orders.csv").toAbsolutePath().toString());
      });
      assertThat(e.path("outputs")).extracting(o -> o.path("namespace").asText() + ":" + o.path("name").asText())
          .containsExactly("file:" + dir.resolve("silver").toAbsolutePath(), "file:" + dir.resolve("quarantine").toAbsolutePath());
    }
    assertThat(events.get(0).path("inputs").get(0).has("inputFacets")).isFalse();
    assertThat(Instant.parse(events.get(0).path("eventTime").asText())).isEqualTo(r.audit().startedAt());
    assertThat(Instant.parse(events.get(1).path("eventTime").asText())).isEqualTo(r.audit().finishedAt());

    JsonNode facets = events.get(1).path("inputs").get(0).path("inputFacets");
    JsonNode metrics = facets.path("dataQualityMetrics");
    assertThat(metrics.path("rowCount").asLong()).isEqualTo(report.rowsIn()).isEqualTo(5);
    CheckResult required = report.checks().stream().filter(c -> c.id().equals("order_id.required")).findFirst().orElseThrow();
    assertThat(metrics.path("columnMetrics").path("order_id").path("nullCount").asLong())
        .isEqualTo(required.failedRows()).isEqualTo(1);
    DatasetCheckResult completeness = report.datasetChecks().stream().filter(d -> d.id().equals("email.completeness"))
        .findFirst().orElseThrow();
    assertThat(metrics.path("columnMetrics").path("email").path("nullCount").asLong())
        .isEqualTo(Math.round(report.rowsIn() * (1 - completeness.value().orElseThrow()))).isEqualTo(1);
    // The pass measured every column: amount's typed values are 10.50, -1.00, 3.00, 4.00 and a null ('abc').
    JsonNode amount = metrics.path("columnMetrics").path("amount");
    assertThat(amount.path("nullCount").asLong()).isEqualTo(1);
    assertThat(amount.path("distinctCount").asLong()).isEqualTo(4);
    assertThat(amount.path("min").asDouble()).isEqualTo(-1.0);
    assertThat(amount.path("max").asDouble()).isEqualTo(10.5);
    assertThat(metrics.path("columnMetrics").path("email").path("distinctCount").asLong()).isEqualTo(4);

    JsonNode assertions = facets.path("dataQualityAssertions").path("assertions");
    assertThat(assertions).hasSize(report.checks().size() + report.datasetChecks().size());
    for (CheckResult c : report.checks()) {
      assertThat(assertions).filteredOn(a -> a.path("assertion").asText().equals(c.id())).singleElement().satisfies(a -> {
        assertThat(a.path("success").asBoolean()).isEqualTo(c.failedRows() == 0);
        assertThat(a.path("severity").asText()).isEqualTo(c.severity().word());
        assertThat(a.path("column").asText(null)).isEqualTo(c.column().orElse(null));
      });
    }
    for (DatasetCheckResult d : report.datasetChecks()) {
      assertThat(assertions).filteredOn(a -> a.path("assertion").asText().equals(d.id())).singleElement()
          .satisfies(a -> assertThat(a.path("success").asBoolean()).isEqualTo(d.passed()));
    }
    assertThat(assertions).filteredOn(a -> !a.path("success").asBoolean()).extracting(a -> a.path("assertion").asText())
        .containsExactlyInAnyOrder("order_id.required", "amount.type", "amount.range");

    JsonNode outputs = events.get(1).path("outputs");
    assertThat(outputs.get(0).path("outputFacets").path("outputStatistics").path("rowCount").asLong())
        .isEqualTo(report.rowsValid()).isEqualTo(spark.read().parquet(dir.resolve("silver").toString()).count());
    assertThat(outputs.get(1).path("outputFacets").path("outputStatistics").path("rowCount").asLong())
        .isEqualTo(report.rowsQuarantined()).isEqualTo(spark.read().parquet(dir.resolve("quarantine").toString()).count());
  }

  @Test
  void anAbortedRunEndsWithFailItsReasonAndTheAssertionThatFailed(SparkSession spark) throws Exception {
    Path file = dir.resolve("lineage.jsonl");
    TransitionResult r = transition(contract(ORDERS.replace("row_count: {min: 1}", "row_count: {min: 100}")))
        .lineage(OpenLineageRuns.toFile(file)).run(spark);

    assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.ABORTED);
    List<JsonNode> events = events(file);
    assertThat(events).extracting(e -> e.path("eventType").asText()).containsExactly("START", "FAIL");
    events.forEach(OpenLineageSpec::check);
    JsonNode fail = events.get(1);
    DatasetCheckResult rowCount = r.report().datasetChecks().stream().filter(d -> d.kind().equals("row_count"))
        .findFirst().orElseThrow();
    assertThat(fail.path("run").path("facets").path("errorMessage").path("message").asText())
        .isEqualTo(r.audit().reason().orElseThrow()).contains(rowCount.id());
    assertThat(fail.path("inputs").get(0).path("inputFacets").path("dataQualityAssertions").path("assertions"))
        .filteredOn(a -> a.path("assertion").asText().equals(rowCount.id())).singleElement()
        .satisfies(a -> assertThat(a.path("success").asBoolean()).isFalse());
    assertThat(fail.path("inputs").get(0).path("inputFacets").path("dataQualityMetrics").path("rowCount").asLong())
        .isEqualTo(r.report().rowsIn());
    assertThat(fail.path("outputs")).hasSize(2).allSatisfy(o -> assertThat(o.has("outputFacets")).isFalse());
  }

  @Test
  void aRunThatCannotReadItsInputEndsWithFailAndNoQualityFacets(SparkSession spark) throws Exception {
    Path file = dir.resolve("lineage.jsonl");
    Transition t = Transition.of(contract(ORDERS)).from(dir.resolve("missing.csv").toString())
        .to(dir.resolve("silver").toString()).lineage(OpenLineageRuns.toFile(file));

    assertThatThrownBy(() -> t.run(spark)).isInstanceOf(InputException.class);
    List<JsonNode> events = events(file);
    assertThat(events).extracting(e -> e.path("eventType").asText()).containsExactly("START", "FAIL");
    events.forEach(OpenLineageSpec::check);
    assertThat(events.get(1).path("run").path("facets").path("errorMessage").path("message").asText())
        .contains("no such file or folder");
    assertThat(events.get(1).path("inputs").get(0).has("inputFacets")).isFalse();
  }

  @Test
  void aRunIdThatIsNoUuidIsSentAsTheUuidDerivedFromIt(SparkSession spark) throws Exception {
    Path file = dir.resolve("lineage.jsonl");
    transition(contract(ORDERS)).withRunId("nightly-2026-12-05").lineage(OpenLineageRuns.toFile(file)).run(spark);

    assertThat(events(file)).extracting(e -> e.path("run").path("runId").asText()).containsOnly(
        RunLineage.uuidOf("nightly-2026-12-05").toString());
  }

  @Test
  void theHttpTransportPostsEachEventWithTheApiKey(SparkSession spark) throws Exception {
    List<String[]> received = Collections.synchronizedList(new ArrayList<>());
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      received.add(new String[] {exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst("Authorization"),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
      exchange.sendResponseHeaders(201, -1);
      exchange.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      OpenLineageRuns lineage = OpenLineageRuns.fromEnvironment(
          Map.of("OPENLINEAGE_URL", url, "OPENLINEAGE_API_KEY", "s3cr3t-key"), dir, dir).orElseThrow();
      TransitionResult r = transition(contract(ORDERS)).lineage(lineage).run(spark);

      assertThat(r.committed()).isTrue();
      assertThat(lineage.problems()).isEmpty();
      assertThat(lineage.destination()).isEqualTo(url + "/api/v1/lineage");
      assertThat(received).hasSize(2).allSatisfy(request -> {
        assertThat(request[0]).isEqualTo("POST");
        assertThat(request[1]).isEqualTo("/api/v1/lineage");
        assertThat(request[2]).isEqualTo("Bearer s3cr3t-key");
      });
      List<JsonNode> events = new ArrayList<>();
      for (String[] request : received) {
        events.add(JSON.readTree(request[3]));
      }
      events.forEach(OpenLineageSpec::check);
      assertThat(events).extracting(e -> e.path("eventType").asText()).containsExactly("START", "COMPLETE");
      assertThat(events.get(1).path("inputs").get(0).path("inputFacets").path("dataQualityMetrics").path("rowCount")
          .asLong()).isEqualTo(r.report().rowsIn());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void openlineageEndpointNamesThePathEventsArePostedTo() throws Exception {
    List<String> paths = Collections.synchronizedList(new ArrayList<>());
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      paths.add(exchange.getRequestURI().getPath());
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    try {
      OpenLineageRuns lineage = OpenLineageRuns.fromEnvironment(Map.of("OPENLINEAGE_URL",
          "http://127.0.0.1:" + server.getAddress().getPort(), "OPENLINEAGE_ENDPOINT", "events/v2"), dir, dir).orElseThrow();
      lineage.started(run(contract(ORDERS)), Instant.now());

      assertThat(paths).containsExactly("/events/v2");
      assertThat(lineage.problems()).isEmpty();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anUnreachableEndpointIsAWarningAndTheRunCommits(SparkSession spark) throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    } // closed: nothing listens on the port, connections to it are refused
    OpenLineageRuns lineage = OpenLineageRuns.fromEnvironment(
        Map.of("OPENLINEAGE_URL", "http://127.0.0.1:" + port, "OPENLINEAGE_API_KEY", "s3cr3t-key"), dir, dir).orElseThrow();

    TransitionResult r = transition(contract(ORDERS)).lineage(lineage).run(spark);

    assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(spark.read().parquet(dir.resolve("silver").toString()).count()).isEqualTo(r.report().rowsValid());
    assertThat(lineage.problems()).hasSize(2).allSatisfy(p -> assertThat(p)
        .startsWith("Cannot send the ").contains("127.0.0.1:" + port).contains(r.report().runId())
        .contains("the run goes on without it").doesNotContain("s3cr3t-key"));
    assertThat(lineage.problems().get(0)).contains("START");
    assertThat(lineage.problems().get(1)).contains("COMPLETE");
  }

  @Test
  void aListenerThatThrowsDoesNotFailTheRun(SparkSession spark) throws Exception {
    RunListener broken = new RunListener() {
      @Override
      public void started(RunLineage run, Instant at) {
        throw new IllegalStateException("lineage is down");
      }

      @Override
      public void finished(RunLineage run, RunEnd end) {
        throw new NoClassDefFoundError("io/openlineage/client/OpenLineage");
      }
    };
    TransitionResult r = transition(contract(ORDERS)).lineage(broken).run(spark);

    assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.COMMITTED);
    assertThat(Files.readAllLines(dir.resolve("audit").resolve("audit.jsonl"))).hasSize(1);
  }

  @Test
  void anOpenlineageYmlInTheWorkingDirectoryConfiguresTransportAndNamespace() throws Exception {
    Path events = dir.resolve("events.jsonl");
    Files.writeString(dir.resolve("openlineage.yml"), "transport:\n  type: file\n  location: " + events
        + "\njob:\n  namespace: nightly\n");
    OpenLineageRuns lineage = OpenLineageRuns.fromEnvironment(Map.of(), dir, dir.resolve("home")).orElseThrow();
    lineage.started(run(contract(ORDERS)), Instant.now());

    assertThat(lineage.namespace()).isEqualTo("nightly");
    assertThat(events(events)).singleElement().satisfies(e -> {
      OpenLineageSpec.check(e);
      assertThat(e.path("job").path("namespace").asText()).isEqualTo("nightly");
    });
  }

  @Test
  void openlineageConfigNamesTheFileBeforeTheWorkingDirectoryAndNamespaceTheJobs() throws Exception {
    Path events = dir.resolve("events.jsonl");
    Path config = dir.resolve("conf").resolve("lineage.yml");
    Files.createDirectories(config.getParent());
    Files.writeString(config, "transport:\n  type: file\n  location: " + events + "\n");
    Files.writeString(dir.resolve("openlineage.yml"), "transport:\n  type: http\n  url: http://127.0.0.1:9\n");
    OpenLineageRuns lineage = OpenLineageRuns.fromEnvironment(
        Map.of("OPENLINEAGE_CONFIG", config.toString(), "OPENLINEAGE_NAMESPACE", "ci"), dir, dir).orElseThrow();
    lineage.started(run(contract(ORDERS)), Instant.now());

    assertThat(lineage.destination()).contains(config.toString());
    assertThat(events(events)).singleElement()
        .satisfies(e -> assertThat(e.path("job").path("namespace").asText()).isEqualTo("ci"));
  }

  @Test
  void anOpenlineageYmlHttpTransportPostsWithItsApiKey() throws Exception {
    List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/lineage", exchange -> {
      authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(201, -1);
      exchange.close();
    });
    server.start();
    try {
      Files.writeString(dir.resolve("openlineage.yml"), "transport:\n  type: http\n  url: http://127.0.0.1:"
          + server.getAddress().getPort() + "\n  timeoutInMillis: 2000\n  auth:\n    type: api_key\n    apiKey: yml-key\n");
      OpenLineageRuns lineage = OpenLineageRuns.fromEnvironment(Map.of(), dir, dir).orElseThrow();
      lineage.started(run(contract(ORDERS)), Instant.now());

      assertThat(lineage.problems()).isEmpty();
      assertThat(authorizations).containsExactly("Bearer yml-key");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aConfigurationWithoutATransportIsRefusedWithWhatToDo() throws Exception {
    Files.writeString(dir.resolve("openlineage.yml"), "job:\n  namespace: nightly\n");

    assertThatThrownBy(() -> OpenLineageRuns.fromEnvironment(Map.of(), dir, dir)).isInstanceOf(LineageException.class)
        .hasMessageStartingWith("Cannot send OpenLineage events through the transport of " + dir.resolve("openlineage.yml"))
        .hasMessageContaining("names no transport").hasMessageContaining("OPENLINEAGE_DISABLED=true");
  }

  @Test
  void noConfigurationOrOpenlineageDisabledSendsNothing() throws Exception {
    assertThat(OpenLineageRuns.fromEnvironment(Map.of(), dir, dir)).isEmpty();
    assertThat(OpenLineageRuns.fromEnvironment(Map.of("OPENLINEAGE_URL", "http://127.0.0.1:9",
        "OPENLINEAGE_DISABLED", "true"), dir, dir)).isEmpty();
  }

  private RunLineage run(Contract contract) {
    return new RunLineage(RunLineage.uuidOf("r1"), contract, RunLineage.Kind.VALIDATE, "orders.csv",
        Optional.of(dir.resolve("orders.csv").toUri()), Optional.empty(), Optional.empty());
  }
}
