package io.sluice.access.ranger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sluice.access.AccessException;
import io.sluice.contract.Contract;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code sluice policies push} through Ranger's own RangerClient, against a local HTTP server standing in
 * for Ranger Admin's public REST API (Ranger Admin itself cannot run here): the server checks what it gets.
 */
class RangerPushTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Request(String method, String path, String authorization, String body) {}

  HttpServer server;
  final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  String existingPolicies = "[]";
  int status = 200;

  @BeforeEach
  void rangerAdmin() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst("Authorization"), body));
      String reply = exchange.getRequestMethod().equals("GET") ? existingPolicies
          : body.isEmpty() ? "" : body;
      byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      boolean deleted = exchange.getRequestMethod().equals("DELETE") && status == 200; // Ranger answers 204 No Content
      exchange.sendResponseHeaders(deleted ? 204 : status, bytes.length == 0 || deleted ? -1 : bytes.length);
      if (deleted) {
        exchange.close();
        return;
      }
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static Contract silverCustomers() throws Exception {
    return RangerEngineTest.exampleContracts().stream().filter(c -> c.id().equals("silver_customers")).findFirst().orElseThrow();
  }

  @Test
  void aFirstPushCreatesEveryPolicyWithBasicAuthentication() throws Exception {
    Contract contract = silverCustomers();
    List<RangerPush.Outcome> out = RangerPush.to(url(), "admin", "s3cret-pw", null).push(contract, "lakehouse");

    int expected = RangerExport.policies(contract, "lakehouse").size();
    assertThat(out).hasSize(expected).allMatch(o -> o.action() == RangerPush.Action.CREATED);
    assertThat(requests.get(0).method()).isEqualTo("GET");
    assertThat(requests.get(0).path()).isEqualTo("/service/public/v2/api/service/lakehouse/policy");
    List<Request> posts = requests.stream().filter(r -> r.method().equals("POST")).toList();
    assertThat(posts).hasSize(expected).allMatch(r -> r.path().equals("/service/public/v2/api/policy"));
    assertThat(requests).allMatch(r -> ("Basic " + Base64.getEncoder().encodeToString("admin:s3cret-pw".getBytes(StandardCharsets.UTF_8)))
        .equals(r.authorization()));

    JsonNode mask = posts.stream().map(r -> read(r.body()))
        .filter(p -> p.path("name").asText().equals("sluice silver.silver_customers email mask")).findFirst().orElseThrow();
    assertThat(mask.path("service").asText()).isEqualTo("lakehouse");
    assertThat(mask.path("policyType").asInt()).isEqualTo(1);
    assertThat(mask.path("resources").path("database").path("values").toString()).isEqualTo("[\"silver\"]");
    assertThat(mask.path("resources").path("table").path("values").toString()).isEqualTo("[\"silver_customers\"]");
    assertThat(mask.path("resources").path("column").path("values").toString()).isEqualTo("[\"email\"]");
    JsonNode support = find(mask.path("dataMaskPolicyItems"), "support");
    assertThat(support.path("dataMaskInfo").path("dataMaskType").asText()).isEqualTo("MASK_SHOW_LAST_4");
    JsonNode fraud = find(mask.path("dataMaskPolicyItems"), "fraud-analyst");
    assertThat(fraud.path("dataMaskInfo").path("dataMaskType").asText()).isEqualTo("MASK_NONE");
  }

  @Test
  void aSecondPushUpdatesByIdAndDeletesWhatTheContractNoLongerNeeds() throws Exception {
    Contract contract = silverCustomers();
    existingPolicies = "[{\"id\": 41, \"service\": \"lakehouse\", \"name\": \"sluice silver.silver_customers read\"},"
        + " {\"id\": 42, \"service\": \"lakehouse\", \"name\": \"sluice silver.silver_customers old_column mask\"},"
        + " {\"id\": 43, \"service\": \"lakehouse\", \"name\": \"someone else's policy\"}]";
    List<RangerPush.Outcome> out = RangerPush.to(url(), "admin", "pw", null).push(contract, "lakehouse");

    assertThat(out).contains(new RangerPush.Outcome("sluice silver.silver_customers read", RangerPush.Action.UPDATED),
        new RangerPush.Outcome("sluice silver.silver_customers old_column mask", RangerPush.Action.DELETED));
    assertThat(requests).anyMatch(r -> r.method().equals("PUT") && r.path().equals("/service/public/v2/api/policy/41")
        && read(r.body()).path("id").asLong() == 41);
    assertThat(requests).anyMatch(r -> r.method().equals("DELETE") && r.path().equals("/service/public/v2/api/policy/42"));
    assertThat(requests).noneMatch(r -> r.path().endsWith("/43"));
  }

  @Test
  void aRefusalNamesTheStatusButNeverThePassword() throws Exception {
    status = 403;
    assertThatThrownBy(() -> RangerPush.to(url(), "admin", "s3cret-pw", null).push(silverCustomers(), "lakehouse"))
        .isInstanceOf(AccessException.class)
        .hasMessageContaining("HTTP 403")
        .hasMessageNotContaining("s3cret-pw");
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  private static JsonNode find(JsonNode items, String role) {
    for (JsonNode i : items) {
      if (i.path("roles").toString().contains("\"" + role + "\"")) {
        return i;
      }
    }
    throw new AssertionError("no item for role " + role + " in " + items);
  }
}
