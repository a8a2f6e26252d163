package io.footfall.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.core.EventStoreProvider;
import io.footfall.server.stores.Stores;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the server with SIGKILL in the middle of a load, restarts it on the same data directory,
 * and checks that every event it acknowledged is there exactly once, also after clients retry; and
 * that a visit open at the kill continues after the restart with the attributes it started with. On
 * the embedded store here; {@code ClickHouseCrashRecoveryIntegrationTest} runs the same on
 * ClickHouse.
 */
class CrashRecoveryIntegrationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  final String token = "crash-test-token-" + UUID.randomUUID();

  @TempDir Path dataDir;

  @Test
  void everyAcknowledgedEventSurvivesKillMinus9ExactlyOnce() throws Exception {
    int port = freePort();
    Process server = launch(port);
    String writeKey;
    String siteId;
    Set<String> acked = ConcurrentHashMap.newKeySet();
    Set<String> sent = ConcurrentHashMap.newKeySet();
    Map<String, ObjectNode> events = new ConcurrentHashMap<>();
    try {
      awaitReady(port);
      JsonNode site = createSite(port);
      writeKey = site.get("write_key").asText();
      siteId = site.get("id").asText();

      AtomicBoolean running = new AtomicBoolean(true);
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        clients.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (int round = 0; round < 10_000 && running.get(); round++) {
                        ArrayNode batch = JSON.createArrayNode();
                        List<String> ids = new ArrayList<>();
                        for (int i = 0; i < 20; i++) {
                          ObjectNode e = event(UUID.randomUUID().toString());
                          batch.add(e);
                          ids.add(e.get("id").asText());
                          events.put(e.get("id").asText(), e);
                        }
                        sent.addAll(ids);
                        ObjectNode body = JSON.createObjectNode();
                        body.set("batch", batch);
                        try {
                          HttpResponse<String> r =
                              send(
                                  port,
                                  "/api/track",
                                  body.toString(),
                                  Map.of("X-Footfall-Site", writeKey));
                          if (r.statusCode() == 202) {
                            acked.addAll(ids);
                          }
                        } catch (IOException | InterruptedException e) {
                          return;
                        }
                      }
                    }));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (acked.size() < 3_000 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      server.destroyForcibly();
      server.waitFor();
      running.set(false);
      for (Thread t : clients) {
        t.join(Duration.ofSeconds(10));
      }
    } finally {
      server.destroyForcibly();
    }
    assertThat(acked).hasSizeGreaterThanOrEqualTo(1_000);

    Process again = launch(port);
    try {
      awaitReady(port);
      // Clients retry everything they did not see acknowledged, and some retry everything.
      List<String> all = new ArrayList<>(sent);
      int duplicates = 0;
      for (int from = 0; from < all.size(); from += 200) {
        ArrayNode batch = JSON.createArrayNode();
        for (String id : all.subList(from, Math.min(all.size(), from + 200))) {
          batch.add(events.get(id));
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("batch", batch);
        HttpResponse<String> r =
            send(port, "/api/track", body.toString(), Map.of("X-Footfall-Site", writeKey));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        duplicates += JSON.readTree(r.body()).get("duplicates").asInt();
      }
      assertThat(duplicates).isGreaterThanOrEqualTo(acked.size());
    } finally {
      again.destroy();
      again.waitFor();
    }

    try (EventStore store = openStore()) {
      Map<String, Integer> copies = new HashMap<>();
      for (Event e : store.events(siteId)) {
        copies.merge(e.eventId(), 1, Integer::sum);
      }
      for (String id : acked) {
        assertThat(copies.get(id)).as("acknowledged event %s", id).isEqualTo(1);
      }
      assertThat(copies.values()).allMatch(n -> n == 1);
      assertThat(copies.keySet()).isEqualTo(sent);
    }
  }

  @Test
  void aVisitContinuedAfterAKillAndRestartKeepsItsAttributes() throws Exception {
    int port = freePort();
    Process server = launch(port);
    String writeKey;
    String siteId;
    try {
      awaitReady(port);
      JsonNode site = createSite(port);
      writeKey = site.get("write_key").asText();
      siteId = site.get("id").asText();
      ObjectNode landing = event(UUID.randomUUID().toString());
      ((ObjectNode) landing.get("context"))
          .put("url", "https://crash.example/landing?utm_source=newsletter&utm_campaign=spring")
          .put("referrer", "https://www.google.com/")
          .put("screen", "1920x1080");
      HttpResponse<String> r =
          send(port, "/api/track", landing.toString(), Map.of("X-Footfall-Site", writeKey));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    } finally {
      server.destroyForcibly();
      server.waitFor();
    }

    Process again = launch(port);
    try {
      awaitReady(port);
      ObjectNode inside = event(UUID.randomUUID().toString());
      ((ObjectNode) inside.get("context"))
          .put("url", "https://crash.example/pricing?utm_source=twitter")
          .put("referrer", "https://crash.example/landing")
          .put("screen", "390x844");
      HttpResponse<String> r =
          send(port, "/api/track", inside.toString(), Map.of("X-Footfall-Site", writeKey));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    } finally {
      again.destroy();
      again.waitFor();
    }

    try (EventStore store = openStore()) {
      List<Event> stored = store.events(siteId);
      assertThat(stored)
          .extracting(e -> e.page().pathname())
          .containsExactly("/landing", "/pricing");
      Event first = stored.get(0);
      Event continued = stored.get(1);
      assertThat(first.page().utm().source()).isEqualTo("newsletter");
      assertThat(first.page().referrerHost()).isEqualTo("google.com");
      assertThat(continued.sessionId()).isEqualTo(first.sessionId());
      assertThat(continued.visitAttributes()).isEqualTo(first.visitAttributes());
    }
  }

  /** The store's settings, by their environment names, given to the server process. */
  Map<String, String> storeSettings() {
    return Map.of();
  }

  /** The server's event store, opened as the server opens it, to read what was stored. */
  EventStore openStore() {
    Map<String, String> settings = storeSettings();
    return Stores.provider(settings.getOrDefault(Stores.SETTING, "duckdb"))
        .open(
            new EventStoreProvider.Context(
                dataDir, name -> Optional.ofNullable(settings.get(name)), Clock.systemUTC()));
  }

  JsonNode createSite(int port) throws IOException, InterruptedException {
    HttpResponse<String> r =
        send(
            port,
            "/api/admin/sites",
            "{\"name\":\"Crash\",\"domain\":\"crash.example\",\"timezone\":\"UTC\"}",
            Map.of("Authorization", "Bearer " + token));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body());
  }

  static ObjectNode event(String id) {
    ObjectNode e = JSON.createObjectNode();
    e.put("event", "pageview");
    e.put("id", id);
    e.putObject("context").put("url", "https://crash.example/p/" + id.substring(0, 4));
    return e;
  }

  Process launch(int port) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            "io.footfall.server.Footfall",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--data-dir",
            dataDir.toString());
    pb.environment().putAll(storeSettings());
    pb.environment().put("FOOTFALL_ADMIN_TOKEN", token);
    pb.redirectErrorStream(true);
    pb.redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + "-server.log").toFile());
    return pb.start();
  }

  void awaitReady(int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("server on port " + port + " did not become ready in 60 s");
  }

  HttpResponse<String> send(int port, String path, String body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("User-Agent", IngestHttpTest.BROWSER)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
