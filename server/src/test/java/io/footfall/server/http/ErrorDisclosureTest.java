package io.footfall.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.server.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Regression: error answers leaked the server's insides to anonymous clients: a failed store write
 * answered 503 with the data directory's path and the engine's words, a filter pattern the store
 * refused came back with the engine's error text, and a 500 named the Java exception. Clients now
 * get a stable code and a plain sentence; the detail goes to the log.
 */
class ErrorDisclosureTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A real write failure, not a simulated one: after a checkpoint DuckDB deletes its write-ahead
   * log and creates it again at the next commit; a directory in its place makes that commit fail
   * with an I/O error, as a full or broken disk does (a read-only directory would not stop the
   * tests' root user).
   */
  @Test
  void aFailedStoreWriteAnswers503WithoutPathOrEngineTextAndLogsTheDetail() throws Exception {
    try (TestServer server = TestServer.start();
        CapturedLog log = CapturedLog.of("io.footfall.server.ingest.GroupCommitWriter")) {
      TestServer.SiteKeys site = server.createSite("Disk", "disk.example", "UTC");
      assertThat(track(server, site).status()).isEqualTo(202);
      try (Connection c = server.server().store().sharedDatabase().orElseThrow().get();
          Statement st = c.createStatement()) {
        st.execute("CHECKPOINT");
      }
      Path wal = server.dataDir().resolve("footfall.duckdb.wal");
      assertThat(wal).doesNotExist();
      Files.createDirectory(wal);
      try {
        TestServer.Response r = track(server, site);
        assertThat(r.status()).as(r.body()).isEqualTo(503);
        assertThat(r.json().get("error").get("code").asText()).isEqualTo("store_unavailable");
        assertThat(r.header("Retry-After")).isNotEmpty();
        assertHidesInsides(r.body(), server.dataDir());
        assertThat(log.text())
            .as("the operator's log has the cause")
            .contains(wal.toString())
            .contains("group commit");
        // Whatever the store answers now, a statistics request shows no insides either.
        TestServer.Response stats =
            server.get(
                "/api/stats/aggregate?site_id=" + site.id() + "&metrics=visitors&date_range=7d",
                Map.of("Authorization", "Bearer " + server.adminToken()));
        if (stats.status() >= 500) {
          assertHidesInsides(stats.body(), server.dataDir());
        }
      } finally {
        Files.delete(wal);
      }
    }
  }

  @Test
  void anUnexpectedErrorAnswers500WithoutTheExceptionAndLogsItWithAReference() throws Exception {
    String secret = "/var/lib/footfall-" + UUID.randomUUID();
    Consumer<io.javalin.config.RoutesConfig> failing =
        routes ->
            routes.get(
                "/fails",
                ctx -> {
                  throw new IllegalStateException("broken invariant at " + secret);
                });
    try (CapturedLog log = CapturedLog.of("io.footfall.server.http.HttpServer");
        HttpServer http = HttpServer.start("127.0.0.1", 0, config -> {}, List.of(failing))) {
      java.net.http.HttpResponse<String> r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create("http://127.0.0.1:" + http.port() + "/fails"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(500);
      var error = JSON.readTree(r.body()).get("error");
      assertThat(error.get("code").asText()).isEqualTo("internal_error");
      assertThat(r.body())
          .doesNotContain("IllegalStateException")
          .doesNotContain("Exception")
          .doesNotContain(secret);
      String reference =
          error.get("message").asText().replaceAll(".*reference ([0-9a-f]+).*", "$1");
      assertThat(reference).matches("[0-9a-f]+");
      assertThat(log.text()).contains(reference).contains("IllegalStateException").contains(secret);
    }
  }

  @Test
  void aStoreConflictNoServiceCheckedIsA409WithoutTheStoresText() throws Exception {
    String secret = "organization o_" + UUID.randomUUID() + " does not exist";
    Consumer<io.javalin.config.RoutesConfig> conflicting =
        routes ->
            routes.post(
                "/conflicts",
                ctx -> {
                  throw new io.footfall.core.StoreConflictException(secret);
                });
    try (CapturedLog log = CapturedLog.of("io.footfall.server.http.HttpServer");
        HttpServer http = HttpServer.start("127.0.0.1", 0, config -> {}, List.of(conflicting))) {
      java.net.http.HttpResponse<String> r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create("http://127.0.0.1:" + http.port() + "/conflicts"))
                      .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(409);
      assertThat(JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo("conflict");
      assertThat(r.body()).doesNotContain(secret).doesNotContain("Exception");
      assertThat(log.text()).contains(secret);
    }
  }

  @Test
  void aPatternTheStoreCannotRunIsA400NamingTheFilterValueWithoutEngineText() {
    try (TestServer server = TestServer.start()) {
      TestServer.SiteKeys site = server.createSite("Regex", "regex.example", "UTC");
      assertThat(track(server, site).status()).isEqualTo(202);
      Map<String, String> auth = Map.of("Authorization", "Bearer " + server.adminToken());
      for (String pattern :
          List.of("(a)\\1", "^/(?=pricing)", "(?<!x)y", "(?>a|ab)c", "a*+", "\\Gx", "\\Z")) {
        String filters =
            JSON.createArrayNode()
                .add(
                    JSON.createArrayNode()
                        .add("matches")
                        .add("event:page")
                        .add(JSON.createArrayNode().add("/").add(pattern)))
                .toString();
        ObjectNode body = JSON.createObjectNode();
        body.put("site_id", site.id()).put("date_range", "7d");
        body.putArray("metrics").add("visitors");
        body.set("filters", readTree(filters));
        TestServer.Response posted = server.post("/api/query", body.toString(), auth);
        TestServer.Response got =
            server.get(
                "/api/stats/aggregate?site_id="
                    + site.id()
                    + "&metrics=visitors&date_range=7d&filters="
                    + URLEncoder.encode(filters, StandardCharsets.UTF_8),
                auth);
        for (TestServer.Response r : List.of(posted, got)) {
          assertThat(r.status()).as(pattern + ": " + r.body()).isEqualTo(400);
          assertThat(r.json().get("error").get("field").asText())
              .as(pattern)
              .isEqualTo("filters[0][2][1]");
          assertThat(r.json().get("error").get("message").asText())
              .as(pattern)
              .contains("RE2")
              .doesNotContain("Invalid Input")
              .doesNotContain("Error:");
        }
      }
    }
  }

  static void assertHidesInsides(String body, Path dataDir) {
    assertThat(body)
        .doesNotContain(dataDir.toString())
        .doesNotContain(dataDir.toAbsolutePath().toString())
        .doesNotContain(".duckdb")
        .doesNotContain("Exception")
        .doesNotContain("Error:")
        .doesNotContainIgnoringCase("directory");
  }

  static TestServer.Response track(TestServer server, TestServer.SiteKeys site) {
    ObjectNode e = JSON.createObjectNode();
    e.put("event", "pageview");
    e.put("id", UUID.randomUUID().toString());
    e.put("timestamp", Instant.now().minusSeconds(5).toString());
    e.putObject("context")
        .put("url", "https://" + "regex.example/pricing")
        .put("ip", "203.0.113.9")
        .put(
            "user_agent",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/126.0.0.0 Safari/537.36");
    return server.post(
        "/api/track",
        e.toString(),
        Map.of(
            "X-Footfall-Site", site.writeKey(), "Authorization", "Bearer " + server.adminToken()));
  }

  static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** What one logger writes while the test runs. */
  record CapturedLog(Logger logger, ListAppender<ILoggingEvent> appender) implements AutoCloseable {
    static CapturedLog of(String name) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      ListAppender<ILoggingEvent> appender = new ListAppender<>();
      appender.start();
      logger.addAppender(appender);
      return new CapturedLog(logger, appender);
    }

    /** Every event's message and its exception chain's messages, one per line. */
    String text() {
      StringBuilder out = new StringBuilder();
      for (ILoggingEvent e : List.copyOf(appender.list)) {
        out.append(e.getFormattedMessage()).append('\n');
        for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
          out.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
        }
      }
      return out.toString();
    }

    @Override
    public void close() {
      logger.detachAppender(appender);
    }
  }
}
