package io.footfall.server.people;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.server.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * People over real HTTP: what events and identify calls say about a site's users reaches the people
 * API, scrubbed, with a consented visitor's earlier events joined on identify; bad input is refused
 * naming the field. On the embedded store here; {@code ClickHousePeopleApiTest} runs the same on
 * ClickHouse.
 */
class PeopleApiTest {
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
    site = server.createSite("People", "shop.example", "UTC");
    server.patchSite(site.id(), "{\"consent_mode\":true}");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TestServer.Response send(String path, String body) {
    return server.post(
        path, body, Map.of("X-Footfall-Site", site.writeKey(), "User-Agent", BROWSER));
  }

  private JsonNode read(String path) {
    TestServer.Response r =
        server.get(path, Map.of("Authorization", "Bearer " + server.adminToken()));
    assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
    return r.json();
  }

  private static String pageview(String id, String anonymousId, long at) {
    return "{\"event\":\"pageview\",\"id\":\""
        + id
        + "\",\"timestamp\":"
        + at
        + ",\"actor\":{\"anonymous_id\":\""
        + anonymousId
        + "\"},\"context\":{\"url\":\"https://shop.example/p/"
        + id
        + "\"}}";
  }

  @Test
  void identifyJoinsEarlierVisitsAndSetsScrubbedProperties() {
    long t = System.currentTimeMillis() - 60_000;
    assertThat(send("/api/track", pageview("a1", "anon-1", t)).status()).isEqualTo(202);
    assertThat(send("/api/track", pageview("a2", "anon-1", t + 1_000)).status()).isEqualTo(202);
    assertThat(send("/api/track", pageview("b1", "anon-2", t + 2_000)).status()).isEqualTo(202);
    TestServer.Response identified =
        send(
            "/api/identify",
            "{\"user_id\":\"alice-77\",\"anonymous_id\":\"anon-1\",\"timestamp\":"
                + (t + 3_000)
                + ",\"traits\":{\"plan\":\"pro\",\"email\":\"alice@example.com\","
                + "\"seats\":3,\"note\":\"mail me at alice@example.com\"}}");
    assertThat(identified.status()).as(identified.body()).isEqualTo(202);
    assertThat(identified.json().get("accepted").asInt()).isEqualTo(1);
    TestServer.Response later =
        send(
            "/api/track",
            "{\"event\":\"upgrade\",\"id\":\"c1\",\"timestamp\":"
                + (t + 4_000)
                + ",\"actor\":{\"user_id\":\"alice-77\",\"anonymous_id\":\"anon-1\"},"
                + "\"user_properties\":{\"$set_once\":{\"first_plan\":\"free\",\"plan\":\"x\"},"
                + "\"$unset\":[\"seats\"]},\"revenue\":{\"amount\":49.5,\"currency\":\"EUR\"}}");
    assertThat(later.status()).as(later.body()).isEqualTo(202);

    JsonNode list = read("/api/people?site_id=" + site.id());
    assertThat(list.get("unit").asText()).isEqualTo("person");
    assertThat(list.get("results")).hasSize(1);
    JsonNode alice = list.get("results").get(0);
    // The site pseudonymizes user ids: the clear id is never stored or answered.
    String id = alice.get("user_id").asText();
    assertThat(id).isNotEqualTo("alice-77").doesNotContain("alice");
    assertThat(alice.get("properties").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("first_plan", "note", "plan");
    assertThat(alice.get("properties").get("plan").asText()).isEqualTo("pro");
    assertThat(alice.get("properties").get("note").asText()).doesNotContain("alice@example.com");
    assertThat(alice.get("events").asLong()).isEqualTo(3);
    assertThat(alice.get("revenue").get("EUR").asText()).isEqualTo("49.5000");

    JsonNode person =
        read(
            "/api/people/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8)
                + "?site_id="
                + site.id());
    List<String> ids = new ArrayList<>();
    person.get("timeline").forEach(e -> ids.add(e.get("id").asText()));
    assertThat(ids).containsExactly("c1", "a2", "a1");
    assertThat(person.get("next").isNull()).isTrue();

    JsonNode page =
        read(
            "/api/people/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8)
                + "?site_id="
                + site.id()
                + "&limit=2");
    JsonNode next = page.get("next");
    JsonNode rest =
        read(
            "/api/people/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8)
                + "?site_id="
                + site.id()
                + "&limit=2&before_at="
                + next.get("before_at").asText()
                + "&before_id="
                + next.get("before_id").asText());
    assertThat(rest.get("timeline"))
        .singleElement()
        .satisfies(e -> assertThat(e.get("id").asText()).isEqualTo("a1"));

    assertThat(read("/api/people?site_id=" + site.id() + "&search=PR").get("results")).hasSize(1);
    assertThat(read("/api/people?site_id=" + site.id() + "&property=plan:free").get("results"))
        .isEmpty();
  }

  @Test
  void refusesBadInputNamingTheField() {
    assertRefused(send("/api/identify", "{\"traits\":{\"a\":1}}"), "user_id");
    assertRefused(send("/api/identify", "{\"user_id\":\"u\",\"traits\":[1]}"), "traits");
    assertRefused(
        send("/api/identify", "{\"user_id\":\"u\",\"traits\":{\"deep\":{\"x\":1}}}"),
        "traits.deep");
    assertRefused(send("/api/identify", "{\"user_id\":\"u\",\"batch\":[]}"), "batch");
    assertRefused(
        send(
            "/api/track",
            "{\"event\":\"x\",\"user_properties\":{\"plan\":\"pro\"},"
                + "\"context\":{\"url\":\"https://shop.example/\"}}"),
        "user_properties");
    assertRefused(
        send(
            "/api/track",
            "{\"event\":\"x\",\"actor\":{\"user_id\":\"u\"},"
                + "\"user_properties\":{\"$unset\":\"plan\"}}"),
        "user_properties.$unset");
    Map<String, String> admin = Map.of("Authorization", "Bearer " + server.adminToken());
    assertRefused(server.get("/api/people", admin), "site_id");
    assertRefused(server.get("/api/people?site_id=" + site.id() + "&limit=0", admin), "limit");
    assertRefused(
        server.get("/api/people?site_id=" + site.id() + "&after_seen=yesterday&after_id=x", admin),
        "after_seen");
    assertThat(server.get("/api/people/nobody?site_id=" + site.id(), admin).status())
        .isEqualTo(404);
  }

  private static void assertRefused(TestServer.Response r, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    JsonNode error = r.json().get("error");
    String named =
        error.has("rejected") && error.get("rejected").size() > 0
            ? error.get("rejected").get(0).get("field").asText()
            : error.get("field").asText();
    assertThat(named).as(r.body()).isEqualTo(field);
  }
}
