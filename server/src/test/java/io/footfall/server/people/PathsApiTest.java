package io.footfall.server.people;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.server.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Paths over real HTTP: tracked page views and events of three visits reach {@code POST /api/paths}
 * as paths from a start and to an end, with drop-offs and edges; bad input is refused naming the
 * field. On the embedded store here; {@code ClickHousePathsApiTest} runs the same on ClickHouse.
 */
class PathsApiTest {
  static final String BROWSER =
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  TestServer server;
  TestServer.SiteKeys site;

  TestServer startServer() {
    return TestServer.start();
  }

  @BeforeEach
  void start() {
    server = startServer();
    site = server.createSite("Paths", "shop.example", "UTC");
    // Consent mode: each anonymous id is a visitor of its own, so each makes a visit.
    server.patchSite(site.id(), "{\"consent_mode\":true}");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void track(String anonymousId, String event, String path, long at) {
    String body =
        "{\"event\":\""
            + event
            + "\",\"timestamp\":"
            + at
            + ",\"actor\":{\"anonymous_id\":\""
            + anonymousId
            + "\"},\"context\":{\"url\":\"https://shop.example"
            + path
            + "\"}}";
    TestServer.Response r =
        server.post(
            "/api/track", body, Map.of("X-Footfall-Site", site.writeKey(), "User-Agent", BROWSER));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
  }

  private TestServer.Response paths(String body) {
    return server.post(
        "/api/paths", body, Map.of("Authorization", "Bearer " + server.adminToken()));
  }

  private JsonNode ok(String body) {
    TestServer.Response r = paths(body);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static List<String> paths(JsonNode answer) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : answer.get("paths")) {
      List<String> names = new ArrayList<>();
      p.get("steps").forEach(n -> names.add(n.asText()));
      out.add(String.join(" > ", names) + " = " + p.get("visits").asLong());
    }
    return out;
  }

  @Test
  void answersPathsFromAStartAndToAnEnd() {
    long t = System.currentTimeMillis() - 120_000;
    track("anon-a", "pageview", "/", t);
    track("anon-a", "pageview", "/pricing", t + 1_000);
    track("anon-a", "pageview", "/pricing", t + 2_000);
    track("anon-a", "signup", "/pricing", t + 3_000);
    track("anon-a", "pageview", "/welcome", t + 4_000);
    track("anon-b", "pageview", "/pricing", t + 1_000);
    track("anon-b", "pageview", "/docs", t + 2_000);
    track("anon-c", "pageview", "/docs", t + 1_000);

    String range = "\"site_id\":\"" + site.id() + "\",\"date_range\":\"7d\"";
    JsonNode start = ok("{" + range + ",\"start\":{\"page\":\"/pricing\"},\"steps\":3}");
    assertThat(start.get("unit").asText()).isEqualTo("visit");
    assertThat(start.get("visits").asLong()).isEqualTo(2);
    assertThat(paths(start)).containsExactly("/pricing > /docs = 1", "/pricing > /welcome = 1");
    assertThat(start.get("positions").get(1).get("visits").asLong()).isEqualTo(2);
    assertThat(start.get("positions").get(2).get("drop_off").asLong()).isEqualTo(2);
    assertThat(start.get("edges")).hasSize(2);
    assertThat(start.get("edges").get(0).get("from").asText()).isEqualTo("/pricing");
    assertThat(start.get("meta").get("time_zone").asText()).isEqualTo("UTC");

    JsonNode end =
        ok("{" + range + ",\"end\":{\"event\":\"signup\"},\"events\":\"all\",\"steps\":4}");
    assertThat(paths(end)).containsExactly("/ > /pricing > signup = 1");
    JsonNode edge = end.get("edges").get(0);
    assertThat(edge.get("from_position").asInt()).isEqualTo(2);
    assertThat(edge.get("from").asText()).isEqualTo("/pricing");
    assertThat(edge.get("to").asText()).isEqualTo("signup");

    JsonNode none = ok("{" + range + ",\"start\":{\"event\":\"signup\"}}");
    assertThat(none.get("visits").asLong())
        .as("page views only: a custom event is no step")
        .isZero();
    assertThat(none.get("paths")).isEmpty();
  }

  @Test
  void refusesBadInputNamingTheField() {
    String range = "\"site_id\":\"" + site.id() + "\",\"date_range\":\"7d\"";
    assertRefused(paths("{\"date_range\":\"7d\",\"start\":{\"page\":\"/\"}}"), "site_id");
    assertRefused(
        paths("{\"site_id\":\"" + site.id() + "\",\"start\":{\"page\":\"/\"}}"), "date_range");
    assertRefused(paths("{" + range + "}"), "start");
    assertRefused(
        paths("{" + range + ",\"start\":{\"page\":\"/\"},\"end\":{\"page\":\"/\"}}"), "end");
    assertRefused(paths("{" + range + ",\"start\":{\"page\":\"pricing\"}}"), "start.page");
    assertRefused(paths("{" + range + ",\"end\":{\"goal\":\"Nope\"}}"), "end.goal");
    assertRefused(paths("{" + range + ",\"start\":{\"page\":\"/\"},\"steps\":11}"), "steps");
    assertRefused(paths("{" + range + ",\"start\":{\"page\":\"/\"},\"steps\":1}"), "steps");
    assertRefused(paths("{" + range + ",\"start\":{\"page\":\"/\"},\"limit\":0}"), "limit");
    assertRefused(paths("{" + range + ",\"start\":{\"page\":\"/\"},\"events\":\"x\"}"), "events");
    assertRefused(paths("{" + range + ",\"start\":{\"page\":\"/\"},\"step\":3}"), "step");
    assertRefused(
        paths(
            "{\"site_id\":\""
                + site.id()
                + "\",\"date_range\":\"soon\",\"start\":{\"page\":\"/\"}}"),
        "date_range");
    assertThat(paths("{" + range + ",\"start\":{\"page\":\"/\"},\"steps\":11}").body())
        .contains("2 to 10");
  }

  private static void assertRefused(TestServer.Response r, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("error").get("field").asText()).as(r.body()).isEqualTo(field);
  }
}
