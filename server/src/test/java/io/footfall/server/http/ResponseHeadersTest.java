package io.footfall.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.server.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regression: answers lacked {@code X-Content-Type-Options: nosniff} (errors, 404s, the tracker)
 * and the API's answers, which carry secrets, emails and a tenant's figures, could be kept by
 * caches. Walks every registered route, as an anonymous caller and as the installation.
 */
class ResponseHeadersTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * Written by hand, apart from the server's rule: the API but its public description, and the
   * metrics.
   */
  static boolean mustNotBeStored(String path) {
    if (path.equals("/metrics")) {
      return true;
    }
    return path.startsWith("/api/") && !path.startsWith("/api/openapi");
  }

  @Test
  void everyRouteAnswersNosniffAndPrivateAnswersAreNotStored() {
    List<String> wrong = new ArrayList<>();
    List<String> routes = server.server().routes();
    assertThat(routes).hasSizeGreaterThan(40);
    for (String route : routes) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[a-z]+}", "x1");
      for (Map<String, String> caller :
          List.of(
              Map.<String, String>of(), Map.of("Authorization", "Bearer " + server.adminToken()))) {
        TestServer.Response r =
            method.equals("POST")
                ? server.post(path, "{}", caller)
                : server.request(method, path, caller);
        check(route + (caller.isEmpty() ? " anonymous" : " installation"), path, r, wrong);
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void errorsStaticFilesAndTheTrackerAnswerNosniff() {
    List<String> wrong = new ArrayList<>();
    String shell = server.get("/", Map.of()).body();
    Matcher webjar = Pattern.compile("\"(/webjars/[^\"]+\\.js)\"").matcher(shell);
    assertThat(webjar.find()).as("the shell imports a WebJar").isTrue();
    for (String path :
        List.of(
            "/no-such-page",
            "/api/no-such-endpoint",
            "/app/app.css",
            "/app/main.js",
            "/app/no-such-file.js",
            webjar.group(1),
            "/t.js",
            "/api/openapi.json",
            "/healthz")) {
      TestServer.Response r = server.get(path, Map.of());
      check("GET " + path, path, r, wrong);
    }
    // A request the API refuses before any handler: malformed JSON, an unknown method.
    TestServer.Response malformed =
        server.post(
            "/api/admin/sites",
            "{not json",
            Map.of("Authorization", "Bearer " + server.adminToken()));
    assertThat(malformed.status()).isEqualTo(400);
    check("POST /api/admin/sites (malformed)", "/api/admin/sites", malformed, wrong);
    TestServer.Response notAllowed = server.request("PUT", "/healthz", Map.of());
    assertThat(notAllowed.status()).isGreaterThanOrEqualTo(400);
    check("PUT /healthz", "/healthz", notAllowed, wrong);
    assertThat(wrong).isEmpty();
  }

  @Test
  void cacheableFilesStayCacheable() {
    assertThat(server.get("/t.js", Map.of()).header("Cache-Control")).contains("max-age");
    assertThat(server.get("/app/main.js", Map.of()).header("Cache-Control")).isEqualTo("no-cache");
    assertThat(server.get("/", Map.of()).header("Cache-Control")).isEqualTo("no-cache");
  }

  private static void check(String what, String path, TestServer.Response r, List<String> wrong) {
    if (!r.header("X-Content-Type-Options").equals("nosniff")) {
      wrong.add(what + " -> " + r.status() + " without nosniff");
    }
    boolean noStore = r.header("Cache-Control").contains("no-store");
    if (mustNotBeStored(path) && !noStore) {
      wrong.add(what + " -> " + r.status() + " without no-store: " + r.header("Cache-Control"));
    }
    if (!mustNotBeStored(path) && noStore) {
      wrong.add(what + " -> " + r.status() + " with no-store, but it carries no private data");
    }
  }
}
