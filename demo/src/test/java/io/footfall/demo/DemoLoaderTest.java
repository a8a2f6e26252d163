package io.footfall.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The loader's HTTP behaviour against a small scripted collector: batching, authorization, site
 * reuse, retries and failures. The end-to-end load into the real server is in {@code
 * DemoLoaderIntegrationTest}.
 */
class DemoLoaderTest {
  private static final String TOKEN = "test-admin-token";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-04-02T16:00:00Z"), ZoneId.of("Europe/Paris"));

  private final ObjectMapper json = new ObjectMapper();
  private ScriptedCollector collector;

  @BeforeEach
  void start() throws IOException {
    collector = new ScriptedCollector();
  }

  @AfterEach
  void stop() {
    collector.server.stop(0);
  }

  @Test
  void createsTheDemoSiteAndSendsEveryEventInBatchesOfAtMost500() {
    DemoLoader.Summary summary = loader().load(3_000);

    List<java.util.Map<String, Object>> expected =
        new TrafficGenerator(DemoLoader.DEFAULT_SEED, CLOCK, ZoneId.of("Europe/Paris"), 30, 3_000)
            .events();
    assertThat(summary.sent()).isEqualTo(expected.size());
    assertThat(summary.accepted()).isEqualTo(expected.size());
    assertThat(summary.duplicates()).isZero();
    assertThat(summary.siteId()).isEqualTo("site-1");
    assertThat(summary.writeKey()).isEqualTo("wk-1");
    assertThat(collector.createdSites).hasSize(1);
    JsonNode created = collector.createdSites.peek();
    assertThat(created.path("name").asText()).isEqualTo("Demo");
    assertThat(created.path("domain").asText()).isEqualTo(TrafficGenerator.DOMAIN);
    assertThat(created.path("timezone").asText()).isEqualTo("Europe/Paris");
    assertThat(collector.batchSizes).allMatch(n -> n >= 1 && n <= DemoLoader.BATCH_SIZE);
    assertThat(collector.batchSizes.stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(expected.size());
    assertThat(collector.authorizations).containsOnly("Bearer " + TOKEN);
    assertThat(collector.receivedIds)
        .containsExactlyElementsOf(expected.stream().map(e -> (String) e.get("id")).toList());
    List<String> goalNames = Catalog.GOALS.stream().map(Catalog.GoalDefinition::name).toList();
    assertThat(summary.goals()).containsExactlyElementsOf(goalNames);
    assertThat(summary.goalsCreated()).containsExactlyElementsOf(goalNames);
    assertThat(collector.goals.get("site-1").stream().map(g -> g.path("name").asText()))
        .containsExactlyElementsOf(goalNames);
    JsonNode pro =
        collector.goals.get("site-1").stream()
            .filter(g -> g.path("name").asText().equals("Pro signup"))
            .findFirst()
            .orElseThrow();
    assertThat(pro)
        .isEqualTo(
            json.createObjectNode()
                .put("name", "Pro signup")
                .put("type", "event")
                .put("event_name", "signup")
                .put("property_key", "plan")
                .put("property_value", "pro"));
    JsonNode docs =
        collector.goals.get("site-1").stream()
            .filter(g -> g.path("name").asText().equals("Read the docs"))
            .findFirst()
            .orElseThrow();
    assertThat(docs)
        .isEqualTo(
            json.createObjectNode()
                .put("name", "Read the docs")
                .put("type", "pageview")
                .put("path", "/docs/**"));
  }

  @Test
  void addsOnlyTheGoalsTheSiteLacks() {
    loader().load(300);
    collector.goals.get("site-1").removeIf(g -> !g.path("name").asText().equals("Purchase"));

    DemoLoader.Summary second = loader().load(300);

    assertThat(second.goalsCreated()).hasSize(Catalog.GOALS.size() - 1).doesNotContain("Purchase");
    assertThat(collector.goals.get("site-1")).hasSize(Catalog.GOALS.size());
  }

  @Test
  void failsWithTheServersAnswerWhenAGoalIsRefused() {
    collector.refuseGoalsWith = 403;

    assertThatThrownBy(() -> loader().load(300))
        .isInstanceOf(DemoException.class)
        .hasMessageContaining("creating the demo goal 'Signup'")
        .hasMessageContaining("answered 403");
    assertThat(collector.receivedIds).as("no traffic without its goals").isEmpty();
  }

  @Test
  void reusesTheDemoSiteAndReportsDuplicatesOnASecondLoadTheSameDay() {
    DemoLoader.Summary first = loader().load(1_000);
    DemoLoader.Summary second = loader().load(1_000);

    assertThat(collector.createdSites).hasSize(1);
    assertThat(second.siteId()).isEqualTo(first.siteId());
    assertThat(second.accepted()).isZero();
    assertThat(second.duplicates()).isEqualTo(first.sent());
    assertThat(second.goalsCreated()).isEmpty();
    assertThat(collector.goals.get("site-1")).hasSize(Catalog.GOALS.size());
  }

  @Test
  void waitsAndRetriesWhileTheServerIsOverloaded() {
    collector.overloadedAnswers.add(429);
    collector.overloadedAnswers.add(503);

    DemoLoader.Summary summary = loader().load(600);

    assertThat(summary.accepted()).isEqualTo(summary.sent());
    assertThat(collector.overloadedSent).isEqualTo(2);
  }

  @Test
  void reportsRejectedEventsWithTheirIndexAndReason() {
    collector.rejectEveryHundredth = true;

    DemoLoader.Summary summary = loader().load(1_000);

    long expectedRejected = (summary.sent() + 99L) / 100;
    assertThat(summary.rejected()).isEqualTo(expectedRejected);
    assertThat(summary.accepted()).isEqualTo(summary.sent() - expectedRejected);
    assertThat(summary.rejections()).first().asString().startsWith("event 0: batch[0].event: ");
  }

  @Test
  void failsWithTheServersAnswerWhenARequestIsRefused() {
    collector.refuseTrackWith = 401;

    assertThatThrownBy(() -> loader().load(600))
        .isInstanceOf(DemoException.class)
        .hasMessageContaining("/api/track answered 401")
        .hasMessageContaining("unknown_site");
  }

  @Test
  void failsClearlyWhenNoServerListens() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    DemoLoader loader = new DemoLoader(URI.create("http://127.0.0.1:" + port), TOKEN, CLOCK);

    assertThatThrownBy(() -> loader.load(100))
        .isInstanceOf(DemoException.class)
        .hasMessageContaining("cannot connect to http://127.0.0.1:" + port);
  }

  @Test
  void rejectsABaseUrlThatIsNotHttp() {
    assertThatThrownBy(() -> new DemoLoader(URI.create("ftp://127.0.0.1/"), TOKEN, CLOCK))
        .hasMessageContaining("baseUrl must be an absolute http(s) URL, was ftp://127.0.0.1/");
    assertThatThrownBy(() -> new DemoLoader(URI.create("http://127.0.0.1/"), " ", CLOCK))
        .hasMessageContaining("adminToken must not be empty");
  }

  @Test
  void namesFixedOffsetZonesTheWayTheAdminApiAccepts() {
    assertThat(DemoLoader.ianaZone(java.time.ZoneOffset.UTC)).isEqualTo("UTC");
    assertThat(DemoLoader.ianaZone(ZoneId.of("UTC"))).isEqualTo("UTC");
    assertThat(DemoLoader.ianaZone(java.time.ZoneOffset.ofHours(2))).isEqualTo("Etc/GMT-2");
    assertThat(DemoLoader.ianaZone(java.time.ZoneOffset.ofHours(-5))).isEqualTo("Etc/GMT+5");
    assertThat(DemoLoader.ianaZone(java.time.ZoneOffset.ofHoursMinutes(5, 30))).isEqualTo("UTC");
    assertThat(DemoLoader.ianaZone(ZoneId.of("Asia/Kolkata"))).isEqualTo("Asia/Kolkata");
    for (String id : List.of("Etc/GMT-2", "Etc/GMT+5")) {
      assertThat(ZoneId.of(id).getRules().getOffset(Instant.EPOCH).getTotalSeconds())
          .isEqualTo(id.endsWith("-2") ? 7200 : -18000);
    }
  }

  private DemoLoader loader() {
    return new DemoLoader(URI.create(collector.baseUrl() + "/"), TOKEN, CLOCK);
  }

  /** Answers the admin and ingest calls the loader makes, and records what it received. */
  private final class ScriptedCollector {
    final HttpServer server;
    final ConcurrentLinkedQueue<JsonNode> createdSites = new ConcurrentLinkedQueue<>();
    final Map<String, List<JsonNode>> goals = new HashMap<>();
    final List<Integer> batchSizes = new ArrayList<>();
    final List<String> receivedIds = new ArrayList<>();
    final Set<String> authorizations = new HashSet<>();
    final List<Integer> overloadedAnswers = new ArrayList<>();
    final Set<String> stored = new HashSet<>();
    int overloadedSent;
    int refuseTrackWith;
    int refuseGoalsWith;
    boolean rejectEveryHundredth;

    ScriptedCollector() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/api/admin/sites", this::sites);
      server.createContext("/api/track", this::track);
      server.start();
    }

    String baseUrl() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private synchronized void sites(HttpExchange exchange) throws IOException {
      authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
      String path = exchange.getRequestURI().getPath();
      if (path.endsWith("/goals")) {
        goals(exchange, path.split("/")[4]);
      } else if (exchange.getRequestMethod().equals("GET")) {
        ArrayNode list = json.createArrayNode();
        list.add(site("other-site", "Shop"));
        if (!createdSites.isEmpty()) {
          list.add(site("site-1", "Demo"));
        }
        answer(exchange, 200, list);
      } else {
        JsonNode body = json.readTree(exchange.getRequestBody());
        createdSites.add(body);
        answer(exchange, 201, site("site-" + createdSites.size(), body.path("name").asText()));
      }
    }

    private void goals(HttpExchange exchange, String siteId) throws IOException {
      List<JsonNode> ofSite = goals.computeIfAbsent(siteId, id -> new ArrayList<>());
      if (exchange.getRequestMethod().equals("GET")) {
        ArrayNode list = json.createArrayNode();
        ofSite.forEach(list::add);
        answer(exchange, 200, list);
      } else if (refuseGoalsWith != 0) {
        answer(exchange, refuseGoalsWith, json.readTree("{\"error\":{\"code\":\"forbidden\"}}"));
      } else {
        JsonNode body = json.readTree(exchange.getRequestBody());
        ofSite.add(body);
        answer(exchange, 201, ((ObjectNode) body.deepCopy()).put("id", "g-" + ofSite.size()));
      }
    }

    private ObjectNode site(String id, String name) {
      ObjectNode site = json.createObjectNode();
      site.put("id", id);
      site.put("name", name);
      site.put("timezone", "Europe/Paris");
      site.put("write_key", id.replace("site", "wk"));
      return site;
    }

    private synchronized void track(HttpExchange exchange) throws IOException {
      authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
      JsonNode body = json.readTree(exchange.getRequestBody());
      if (refuseTrackWith != 0) {
        answer(exchange, refuseTrackWith, json.readTree("{\"error\":{\"code\":\"unknown_site\"}}"));
        return;
      }
      if (!overloadedAnswers.isEmpty()) {
        overloadedSent++;
        exchange.getResponseHeaders().add("Retry-After", "0");
        answer(exchange, overloadedAnswers.removeFirst(), json.createObjectNode());
        return;
      }
      JsonNode batch = body.path("batch");
      batchSizes.add(batch.size());
      long accepted = 0;
      long duplicates = 0;
      ArrayNode rejected = json.createArrayNode();
      for (int i = 0; i < batch.size(); i++) {
        String id = batch.get(i).path("id").asText();
        receivedIds.add(id);
        if (rejectEveryHundredth && (receivedIds.size() - 1) % 100 == 0) {
          rejected
              .addObject()
              .put("index", i)
              .put("field", "batch[" + i + "].event")
              .put("message", "scripted rejection");
        } else if (stored.add(id)) {
          accepted++;
        } else {
          duplicates++;
        }
      }
      ObjectNode answer = json.createObjectNode();
      answer.put("accepted", accepted);
      answer.put("duplicates", duplicates);
      answer.set("rejected", rejected);
      answer(exchange, 202, answer);
    }

    private void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
      byte[] bytes = json.writeValueAsBytes(body);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (var out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
