package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice enforce} on a real Spark standalone cluster: Spark's own {@code Master} and {@code Worker} as child
 * JVMs on 127.0.0.1, started from sluice.jar (STACK.md, "Facts checked"). The worker starts its executors from a
 * {@code SPARK_HOME/jars} that holds Spark and its dependencies but no Sluice, Delta or Deequ, as a Spark
 * distribution would: whatever of those an executor runs must come from the jar the driver ships it.
 *
 * <p>One master and worker serve the class. The worker has two cores and 2 GB, so that a cluster-deploy-mode
 * driver (one core, 1 GB) and its executor fit side by side.
 */
class StandaloneClusterIT {
  private static final Path JAR = Path.of(System.getProperty("sluice.jar", "target/sluice.jar")).toAbsolutePath();
  private static final List<String> FLAGS = Arrays.stream(System.getProperty("spark.jvm.flags", "").trim().split("\\s+"))
      .filter(f -> !f.isEmpty()).toList();
  // A bound on each child run and wait, not a pause: generous, as the cores may be shared with other builds.
  private static final Duration WAIT = Duration.ofSeconds(300);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      source: bronze
      columns:
        - {name: order_id, type: string, required: true, unique: true}
        - {name: amount, type: 'decimal(8,2)', checks: [{range: {min: 0}}]}
        - name: status
          type: string
          checks:
            - allowed_values: [PLACED, SHIPPED]
              severity: warn
        - name: customer_id
          type: string
          protect: {encrypt: deterministic, key: customers}
      dataset_checks:
        - row_count: {min: 1}
      """;

  @TempDir static Path dir;
  private static final List<Process> children = new ArrayList<>();
  private static Path workDir;
  private static String master;
  private static int webUi;
  private static Path contract;
  private static Path csv;
  private static Path keys;
  private static Outcome local;

  /** One finished run of the CLI: where it wrote, and what its audit record and JSON report say. */
  record Outcome(int exit, String output, Path out, JsonNode audit, JsonNode report) {
    Map<String, Long> counts() {
      Map<String, Long> m = new LinkedHashMap<>();
      report.path("rows").fields().forEachRemaining(e -> m.put("rows." + e.getKey(), e.getValue().asLong()));
      report.path("checks").forEach(c -> m.put(c.path("id").asText(), c.path("failed_rows").asLong()));
      report.path("dataset_checks").forEach(c -> m.put(c.path("id").asText(), c.path("value").asLong()));
      return m;
    }
  }

  @BeforeAll
  static void startMasterAndWorker() throws Exception {
    assertThat(JAR).as("the shaded CLI jar (mvn package)").isRegularFile();
    contract = dir.resolve("orders.yaml");
    Files.writeString(contract, CONTRACT);
    csv = dir.resolve("orders.csv");
    Files.writeString(csv, orders(2_000));
    keys = dir.resolve("keys");
    Outcome created = sluice(dir.resolve("keys-create"), "keys", "create", "--keys", keys.toString(),
        "--name", "customers", "--type", "deterministic");
    assertThat(created.exit()).as(created.output()).isZero();

    int port = freePort();
    webUi = freePort();
    master = "spark://127.0.0.1:" + port;
    workDir = Files.createDirectories(dir.resolve("worker"));
    Path sparkHome = sparkDistribution(dir.resolve("spark-home"));
    start(dir.resolve("master.log"), Map.of(), List.of("org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(webUi)));
    // The worker launches executors through Spark's launcher, which looks for SPARK_HOME/jars.
    start(dir.resolve("worker.log"), Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.12"),
        List.of("org.apache.spark.deploy.worker.Worker", master, "--host", "127.0.0.1",
            "--webui-port", String.valueOf(freePort()), "--cores", "2", "--memory", "2g", "--work-dir", workDir.toString()));

    // The baseline, in local mode, while the cluster starts.
    local = enforce("local", List.of());
    assertThat(local.exit()).as(local.output()).isZero();
    awaitMaster(state -> state.path("aliveworkers").asInt() == 1, "one ALIVE worker");
  }

  @AfterAll
  static void stopCluster() {
    for (int i = children.size() - 1; i >= 0; i--) { // the worker (and its executors and drivers) before the master
      children.get(i).descendants().forEach(ProcessHandle::destroy);
      children.get(i).destroy();
    }
    for (Process p : children) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void enforceWithMasterRunsInTheWorkersExecutorWithTheCountsOfALocalRun() throws Exception {
    // java -jar sluice.jar with no JVM flags: the jar's manifest opens the driver's modules, Spark the executors'.
    Outcome cluster = enforce("cluster", List.of(), "--master", master, "--conf", "spark.executor.memory=768m");

    assertThat(cluster.exit()).as(cluster.output() + logs()).isZero();
    assertThat(cluster.audit().path("spark_master").asText()).isEqualTo(master);
    assertThat(local.audit().path("spark_master").asText()).isEqualTo("local[*]");
    assertThat(cluster.counts()).as("counts on the cluster").isEqualTo(local.counts());
    assertThat(cluster.counts()).containsEntry("rows.total", 2_000L);
    assertThat(parts(cluster.out().resolve("silver"))).isPositive();

    String app = cluster.audit().path("spark_app_id").asText();
    assertThat(app).startsWith("app-");
    String executor = executorLog(app);
    assertThat(executor).as("the driver shipped sluice.jar to the executor")
        .contains("Fetching spark://").contains("/jars/" + JAR.getFileName());
    assertThat(executor).as("--conf reached the cluster").contains("\"-Xmx768M\"");
    assertThat(executor).as("the executor ran the tasks").containsPattern("Finished task \\d+\\.\\d+ in stage \\d+");
    assertThat(executor).as("Spark put its Java 17 flags on the executor's command line")
        .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED");
    JsonNode finished = awaitMaster(state -> app(state, app).isPresent(), "application " + app + " finished");
    assertThat(app(finished, app).orElseThrow().path("cores").asInt()).isPositive();
  }

  @Test
  void underSparkSubmitItsMasterAndSettingsAreUsed() throws Exception {
    // What bin/spark-submit runs, with the flags its launcher adds: Spark's SparkSubmit, here from sluice.jar.
    List<String> submit = List.of("org.apache.spark.deploy.SparkSubmit", "--master", master,
        "--conf", "spark.app.name=submitted-enforce", "--class", Sluice.class.getName(), JAR.toString());
    Outcome submitted = enforce("submitted", submit);

    assertThat(submitted.exit()).as(submitted.output() + logs()).isZero();
    assertThat(submitted.audit().path("spark_master").asText()).isEqualTo(master);
    assertThat(submitted.counts()).isEqualTo(local.counts());
    String app = submitted.audit().path("spark_app_id").asText();
    assertThat(executorLog(app)).containsPattern("Finished task \\d+\\.\\d+ in stage \\d+");
    JsonNode finished = awaitMaster(state -> app(state, app).isPresent(), "application " + app + " finished");
    assertThat(app(finished, app).orElseThrow().path("name").asText()).as("spark-submit's app name, not Sluice's")
        .isEqualTo("submitted-enforce");

    Outcome refused = enforce("refused", submit, "--master", "local[2]");
    assertThat(refused.exit()).as(refused.output()).isEqualTo(Sluice.BAD_INPUT);
    assertThat(refused.output()).contains("Cannot use --master local[2]: Spark's master is " + master
        + ", set by spark-submit");
    assertThat(refused.out().resolve("silver")).doesNotExist();
  }

  @Test
  void clusterDeployModeRunsTheDriverOnTheWorker() throws Exception {
    // The worker starts this driver with none of spark-submit's flags: spark.driver.extraJavaOptions carries them.
    Path out = dir.resolve("cluster-mode");
    List<String> submit = List.of("org.apache.spark.deploy.SparkSubmit", "--master", master, "--deploy-mode", "cluster",
        "--conf", "spark.app.name=cluster-mode-enforce", "--conf", "spark.driver.extraJavaOptions=" + String.join(" ", FLAGS),
        "--class", Sluice.class.getName(), JAR.toString());
    Outcome client = run(out, FLAGS, submit, enforceArgs(out));
    assertThat(client.exit()).as(client.output()).isZero();

    JsonNode state = awaitMaster(s -> s.path("activedrivers").isEmpty() && !s.path("completeddrivers").isEmpty(),
        "the driver finished");
    JsonNode driver = state.path("completeddrivers").get(0);
    Path driverDir = workDir.resolve(driver.path("id").asText());
    assertThat(driver.path("state").asText()).as(read(driverDir.resolve("stderr")) + logs()).isEqualTo("FINISHED");
    assertThat(read(driverDir.resolve("stdout"))).contains("COMMITTED");
    Outcome onCluster = outcome(0, "", out);
    assertThat(onCluster.audit().path("spark_master").asText()).isEqualTo(master);
    assertThat(onCluster.counts()).isEqualTo(local.counts());
  }

  @Test
  void aJobCallingTheJavaApiRunsUnderSparkSubmitWithTheCountsOfALocalRun() throws Exception {
    // rule-examples' MedallionPipeline is a user's job: Transition.of(...).run(spark), the master left to spark-submit.
    // sluice.jar carries it with dq-spark and its dependencies, as a job's own shaded jar would.
    Path localDir = dir.resolve("job-local");
    Outcome demo = sluice(localDir, "demo", "--dir", localDir.toString());
    assertThat(demo.exit()).as(demo.output()).isZero();
    Path clusterDir = dir.resolve("job-cluster");
    Outcome job = run(clusterDir, FLAGS, List.of("org.apache.spark.deploy.SparkSubmit", "--master", master,
        "--class", "io.sluice.examples.MedallionPipeline", JAR.toString()), List.of(clusterDir.toString()));

    assertThat(job.exit()).as(job.output() + logs()).isZero();
    List<JsonNode> onCluster = auditLines(clusterDir.resolve("audit"));
    assertThat(onCluster).isNotEmpty().allSatisfy(r -> assertThat(r.path("spark_master").asText()).isEqualTo(master));
    assertThat(runs(onCluster)).isEqualTo(runs(auditLines(localDir.resolve("audit"))));
    String app = onCluster.get(0).path("spark_app_id").asText();
    assertThat(executorLog(app)).containsPattern("Finished task \\d+\\.\\d+ in stage \\d+");
    JsonNode finished = awaitMaster(state -> app(state, app).isPresent(), "application " + app + " finished");
    assertThat(app(finished, app).orElseThrow().path("name").asText()).isEqualTo("medallion");
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static List<JsonNode> auditLines(Path audit) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(audit.resolve("audit.jsonl"))) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  /** What each run of a log did, without when, where or under which ids. */
  private static List<String> runs(List<JsonNode> audit) {
    return audit.stream().map(r -> String.join(" ", r.path("contract_id").asText(), r.path("outcome").asText(),
        "in=" + r.path("rows_in").asLong(), "valid=" + r.path("rows_valid").asLong(),
        "quarantined=" + r.path("rows_quarantined").asLong(), "warned=" + r.path("rows_warned").asLong())).toList();
  }

  private static Outcome enforce(String name, List<String> launcher, String... extra) throws Exception {
    Path out = dir.resolve(name);
    List<String> args = new ArrayList<>(enforceArgs(out));
    args.addAll(List.of(extra));
    return launcher.isEmpty() ? sluice(out, args.toArray(String[]::new)) : run(out, FLAGS, launcher, args);
  }

  private static List<String> enforceArgs(Path out) {
    return List.of("enforce", "--contract", contract.toString(), "--input", csv.toString(),
        "--output", out.resolve("silver").toString(), "--quarantine", out.resolve("quarantine").toString(),
        "--audit", out.resolve("audit").toString(), "--keys", keys.toString(),
        "--report-json", out.resolve("report.json").toString(), "--quiet-progress");
  }

  /** {@code java -jar sluice.jar ARGS}, with no JVM flags. */
  private static Outcome sluice(Path out, String... args) throws Exception {
    return run(out, List.of(), List.of("-jar", JAR.toString()), List.of(args));
  }

  private static Outcome run(Path out, List<String> jvm, List<String> launcher, List<String> args) throws Exception {
    Files.createDirectories(out);
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx1g"));
    command.addAll(jvm);
    if (!launcher.get(0).equals("-jar")) {
      command.addAll(List.of("-cp", JAR.toString()));
    }
    command.addAll(launcher);
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.resolve("sluice.log").toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("sluice did not finish in " + WAIT + ": " + read(out.resolve("sluice.log")) + logs());
    }
    return outcome(p.exitValue(), read(out.resolve("sluice.log")), out);
  }

  private static Outcome outcome(int exit, String output, Path out) throws IOException {
    Path audit = out.resolve("audit").resolve("audit.jsonl");
    Path report = out.resolve("report.json");
    return new Outcome(exit, output, out,
        Files.exists(audit) ? JSON.readTree(Files.readAllLines(audit).get(0)) : JSON.createObjectNode(),
        Files.exists(report) ? JSON.readTree(report.toFile()) : JSON.createObjectNode());
  }

  private static void start(Path log, Map<String, String> env, List<String> mainAndArgs) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m"));
    command.addAll(FLAGS);
    // Spark's own logging (INFO), not the CLI's quiet one from sluice.jar: what the master and worker did, on failure.
    command.add("-Dlog4j2.configurationFile=org/apache/spark/log4j2-defaults.properties");
    command.addAll(List.of("-cp", JAR.toString()));
    command.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // Spark's web UIs bind to SPARK_LOCAL_IP, or to every interface without it.
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().putAll(env);
    children.add(pb.start());
  }

  /**
   * A Spark distribution's {@code jars/} folder: the jars of this test's class path (Spark and its dependencies),
   * without Sluice's modules, Delta or Deequ, which executors must get from the shipped sluice.jar.
   */
  private static Path sparkDistribution(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Predicate<String> notSpark = p -> p.contains("/io/sluice/") || p.contains("/io/delta/") || p.contains("/com/amazon/deequ/")
        || p.contains(File.separator + "target" + File.separator);
    int linked = 0;
    for (String entry : classPath.split(File.pathSeparator)) {
      Path jar = Path.of(entry).toAbsolutePath();
      String unix = jar.toString().replace(File.separatorChar, '/');
      if (Files.isRegularFile(jar) && unix.endsWith(".jar") && !notSpark.test(unix)
          && !Files.exists(jars.resolve(jar.getFileName()))) {
        Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
        linked++;
      }
    }
    try (Stream<Path> s = Files.list(jars)) {
      List<String> names = s.map(p -> p.getFileName().toString()).toList();
      assertThat(names).as(linked + " jars").anyMatch(n -> n.startsWith("spark-core_2.12-"))
          .noneMatch(n -> n.startsWith("dq-") || n.startsWith("delta-") || n.startsWith("deequ") || n.startsWith("sluice"));
    }
    return home;
  }

  private static JsonNode awaitMaster(Predicate<JsonNode> condition, String what) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webUi + "/json/"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode state = null;
    while (System.nanoTime() < deadline) {
      try {
        state = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        if (condition.test(state)) {
          return state;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError("Cannot see " + what + " on the master within " + WAIT + "; its state: " + state + logs());
  }

  private static Optional<JsonNode> app(JsonNode state, String id) {
    for (JsonNode a : state.path("completedapps")) {
      if (a.path("id").asText().equals(id)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The executor's stderr: the worker's launch command for it, then its log. */
  private static String executorLog(String app) throws IOException {
    Path executors = workDir.resolve(app);
    assertThat(executors).as("the worker ran an executor for " + app + logs()).isDirectory();
    StringBuilder all = new StringBuilder();
    try (Stream<Path> s = Files.walk(executors)) {
      for (Path p : s.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
        all.append(read(p));
      }
    }
    return all.toString();
  }

  private static long parts(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).count();
    }
  }

  /** 2,000 orders: every 97th repeats the order id before it, amounts cycle through -1.50..10.50, status through three. */
  private static String orders(int n) {
    StringBuilder csv = new StringBuilder("order_id,amount,status,customer_id\n");
    String[] statuses = {"PLACED", "SHIPPED", "LOST"};
    for (int i = 0; i < n; i++) {
      csv.append("o").append(i % 97 == 0 && i > 0 ? i - 1 : i).append(',')
          .append(String.format(java.util.Locale.ROOT, "%.2f", i % 13 - 1.5)).append(',')
          .append(statuses[i % 7 % 3]).append(",c-").append(i % 50).append('\n');
    }
    return csv.toString();
  }

  private static String logs() {
    return "\n--- master ---\n" + tail(dir.resolve("master.log")) + "\n--- worker ---\n" + tail(dir.resolve("worker.log"));
  }

  private static String tail(Path log) {
    String s = read(log);
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
