package io.sluice.lineage;

import com.fasterxml.jackson.core.type.TypeReference;
import io.openlineage.client.Clients;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.OpenLineageConfig;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.sluice.spark.RunEnd;
import io.sluice.spark.RunLineage;
import io.sluice.spark.RunListener;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends each run's OpenLineage run events — START, then COMPLETE or FAIL, with the input's data-quality facets
 * (docs/lineage.md) — through openlineage-java's client, configured as OpenLineage users configure theirs:
 *
 * <pre>{@code
 * Transition.of(contract).from(bronze).to(silver).lineage(OpenLineageRuns.fromEnvironment().orElseThrow()).run(spark);
 * Transition.of(contract).from(bronze).to(silver).lineage(OpenLineageRuns.toFile(Path.of("lineage.jsonl"))).run(spark);
 * }</pre>
 *
 * <p>Sending never fails a run: an event that cannot be sent (the server is down, the file cannot be written) is
 * logged as a warning and kept in {@link #problems()}, and the run goes on.
 */
public final class OpenLineageRuns implements RunListener, AutoCloseable {
  /** The jobs' namespace when neither {@code OPENLINEAGE_NAMESPACE} nor the configuration's {@code job.namespace} names one. */
  public static final String DEFAULT_NAMESPACE = "default";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OpenLineageRuns.class);

  private final OpenLineageClient client;
  private final String destination;
  private final String namespace;
  private final RunEvents events;
  private final Optional<String> secret;
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

  private OpenLineageRuns(OpenLineageClient client, String destination, String namespace, Optional<String> secret) {
    this.client = client;
    this.destination = destination;
    this.namespace = namespace;
    this.events = new RunEvents(namespace);
    this.secret = secret;
  }

  /** Events as JSON lines appended to a local file, one event a line: for CI and tests. */
  public static OpenLineageRuns toFile(Path file) {
    return new OpenLineageRuns(new OpenLineageClient(new JsonLinesFile(file)), "the file " + file,
        namespace(System.getenv(), null), Optional.empty());
  }

  /** Events through a client the caller configured (a Kafka transport, a composite one…). */
  public static OpenLineageRuns with(OpenLineageClient client, String namespace) {
    return new OpenLineageRuns(client, "the OpenLineage client given", namespace, Optional.empty());
  }

  /**
   * The OpenLineage configuration of this process, as OpenLineage's clients find it: none when
   * {@code OPENLINEAGE_DISABLED=true}; else the first {@code openlineage.yml} of {@code $OPENLINEAGE_CONFIG},
   * the working directory and {@code ~/.openlineage/}; else the {@code OPENLINEAGE__…} variables; else the HTTP
   * endpoint of {@code OPENLINEAGE_URL} (with {@code OPENLINEAGE_ENDPOINT} and {@code OPENLINEAGE_API_KEY}); else none.
   *
   * @throws LineageException when a configuration is there but cannot be used
   */
  public static Optional<OpenLineageRuns> fromEnvironment() {
    return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.dir", ".")),
        Path.of(System.getProperty("user.home", ".")));
  }

  static Optional<OpenLineageRuns> fromEnvironment(Map<String, String> env, Path workingDir, Path home) {
    if (Boolean.parseBoolean(env.get("OPENLINEAGE_DISABLED"))) {
      return Optional.empty();
    }
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(env.get("OPENLINEAGE_CONFIG")).filter(s -> !s.isBlank()).map(Path::of).ifPresent(candidates::add);
    candidates.add(workingDir.resolve("openlineage.yml"));
    candidates.add(home.resolve(".openlineage").resolve("openlineage.yml"));
    Optional<Path> file = candidates.stream().filter(Files::isRegularFile).findFirst();
    if (file.isPresent()) {
      String where = "the transport of " + file.get();
      OpenLineageConfig<?> config = load(where, () -> OpenLineageClientUtils.loadOpenLineageConfigYaml(
          () -> List.of(file.get()), new TypeReference<OpenLineageConfig<?>>() {}));
      return Optional.of(new OpenLineageRuns(client(where, config), where, namespace(env, config), Optional.empty()));
    }
    if (env.keySet().stream().anyMatch(k -> k.startsWith("OPENLINEAGE__"))) {
      String where = "the transport of the OPENLINEAGE__ variables";
      OpenLineageConfig<?> config = load(where, () -> OpenLineageClientUtils.loadOpenLineageConfigFromEnvVars(
          new TypeReference<OpenLineageConfig<?>>() {}));
      return Optional.of(new OpenLineageRuns(client(where, config), where, namespace(env, config), Optional.empty()));
    }
    String url = env.get("OPENLINEAGE_URL");
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    HttpConfig http = new HttpConfig();
    URI base;
    try {
      base = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new LineageException("Cannot send OpenLineage events to OPENLINEAGE_URL: it is not a URL (" + e.getMessage()
          + "); set it to the lineage server's base URL, such as http://localhost:5000");
    }
    http.setUrl(base);
    Optional.ofNullable(env.get("OPENLINEAGE_ENDPOINT")).filter(s -> !s.isBlank()).ifPresent(http::setEndpoint);
    Optional<String> key = Optional.ofNullable(env.get("OPENLINEAGE_API_KEY")).filter(s -> !s.isBlank());
    key.ifPresent(k -> {
      ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
      auth.setApiKey(k);
      http.setAuth(auth);
    });
    String where = withoutUserInfo(base.toString()) + "/" + Optional.ofNullable(http.getEndpoint()).orElse("api/v1/lineage")
        .replaceFirst("^/", "");
    OpenLineageClient client = load(where, () -> new OpenLineageClient(new HttpTransport(http)));
    return Optional.of(new OpenLineageRuns(client, where, namespace(env, null), key));
  }

  /** The same events, their jobs in {@code namespace}. */
  public OpenLineageRuns namespace(String namespace) {
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException("Cannot name the jobs' namespace with a blank name: give one, or leave the default");
    }
    return new OpenLineageRuns(client, destination, namespace, secret);
  }

  public String namespace() {
    return namespace;
  }

  /** Where the events go, in words (a file, a URL without credentials, a configuration file). */
  public String destination() {
    return destination;
  }

  /** The events that could not be sent so far, one line each: what, where and why. */
  public List<String> problems() {
    synchronized (problems) {
      return List.copyOf(problems);
    }
  }

  @Override
  public void started(RunLineage run, Instant at) {
    send(run, () -> events.started(run, at));
  }

  @Override
  public void finished(RunLineage run, RunEnd end) {
    send(run, () -> events.finished(run, end));
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (Exception e) {
      LOG.warn("Cannot close the OpenLineage client of {}: {}", destination, safe(e));
    }
  }

  private void send(RunLineage run, java.util.function.Supplier<OpenLineage.RunEvent> event) {
    String type = "an";
    try {
      OpenLineage.RunEvent e = event.get();
      type = "the " + e.getEventType();
      client.emit(e);
    } catch (RuntimeException | LinkageError e) {
      String problem = "Cannot send " + type + " OpenLineage event of run " + run.runId() + " to " + destination + ": "
          + safe(e) + "; the run goes on without it (check that " + destination + " can be reached and written to)";
      problems.add(problem);
      LOG.warn(problem);
    }
  }

  /** The first line of what went wrong, with no credentials of a URL nor the API key. */
  private String safe(Throwable e) {
    Throwable t = e;
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    m = m.lines().findFirst().orElse("");
    m = withoutUserInfo(m);
    if (secret.isPresent()) {
      m = m.replace(secret.get(), "***");
    }
    return m.length() <= 300 ? m : m.substring(0, 300) + "...";
  }

  private static String withoutUserInfo(String text) {
    return text.replaceAll("(?<=//)[^/@\\s]*@", "");
  }

  private static String namespace(Map<String, String> env, OpenLineageConfig<?> config) {
    String fromEnv = env.get("OPENLINEAGE_NAMESPACE");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.strip();
    }
    if (config != null && config.getJobConfig() != null && config.getJobConfig().getNamespace() != null
        && !config.getJobConfig().getNamespace().isBlank()) {
      return config.getJobConfig().getNamespace();
    }
    return DEFAULT_NAMESPACE;
  }

  private static OpenLineageClient client(String where, OpenLineageConfig<?> config) {
    if (config.getTransportConfig() == null) {
      throw new LineageException("Cannot send OpenLineage events through " + where + ": it names no transport; give it"
          + " 'transport: {type: http, url: ...}' (or file, console, kafka), or set OPENLINEAGE_DISABLED=true");
    }
    return load(where, () -> Clients.newClient(config));
  }

  private static <T> T load(String where, java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (RuntimeException | LinkageError e) {
      String m = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
      throw new LineageException("Cannot send OpenLineage events through " + where + ": " + withoutUserInfo(m)
          + "; fix the OpenLineage configuration, or set OPENLINEAGE_DISABLED=true", e);
    }
  }
}
