package io.footfall.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.Event;
import io.footfall.core.MutableClock;
import io.footfall.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The collect path end to end over real HTTP into the real embedded store. */
class IngestHttpTest {
  static final String BROWSER =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/131.0.0.0 Safari/537.36";
  static final ObjectMapper JSON = new ObjectMapper();
  static TestServer server;
  TestServer.SiteKeys site;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void newSite() {
    site = server.createSite("Shop", "shop.example", "Europe/Berlin");
  }

  static ObjectNode pageview(String path) {
    ObjectNode e = JSON.createObjectNode();
    e.put("event", "pageview");
    e.put("id", UUID.randomUUID().toString());
    e.putObject("context").put("url", "https://shop.example" + path).put("title", "Title " + path);
    return e;
  }

  /** A page view of {@code pathAndQuery} on shop.example, coming from {@code referrer}. */
  static ObjectNode pageview(String pathAndQuery, String referrer, String screen) {
    ObjectNode e = pageview(pathAndQuery);
    ((ObjectNode) e.get("context")).put("referrer", referrer).put("screen", screen);
    return e;
  }

  TestServer.Response track(JsonNode body) {
    return track(body.toString(), Map.of());
  }

  TestServer.Response track(String body, Map<String, String> extraHeaders) {
    Map<String, String> headers = new java.util.HashMap<>(extraHeaders);
    headers.putIfAbsent("User-Agent", BROWSER);
    headers.putIfAbsent("X-Footfall-Site", site.writeKey());
    return server.post("/api/track", body, headers);
  }

  @Test
  void storesASingleEventAndAcknowledgesAfterCommit() {
    ObjectNode e = pageview("/pricing");
    e.put("event", "signup");
    e.putObject("properties").put("plan", "pro").put("seats", 3).put("trial", true);
    e.putObject("revenue").put("amount", 19.99).put("currency", "eur");

    TestServer.Response r = track(e);

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().get("accepted").asInt()).isEqualTo(1);
    List<Event> stored = server.events(site.id());
    assertThat(stored).hasSize(1);
    Event s = stored.get(0);
    assertThat(s.eventId()).isEqualTo(e.get("id").asText());
    assertThat(s.name()).isEqualTo("signup");
    assertThat(s.page().hostname()).isEqualTo("shop.example");
    assertThat(s.page().pathname()).isEqualTo("/pricing");
    assertThat(s.page().title()).isEqualTo("Title /pricing");
    assertThat(s.propertiesJson()).isEqualTo("{\"plan\":\"pro\",\"seats\":3,\"trial\":true}");
    assertThat(s.revenue()).isEqualTo(new Event.Revenue(new BigDecimal("19.9900"), "EUR"));
    assertThat(s.visitorId()).isNotZero();
    assertThat(s.sessionId()).isNotZero();
  }

  @Test
  void keepsTheValidEventsOfABatchAndNamesTheRejectedOnes() {
    ArrayNode batch = JSON.createArrayNode();
    batch.add(pageview("/a"));
    batch.add(JSON.createObjectNode().put("id", "no-name"));
    batch.add(pageview("/b"));
    ObjectNode wrongType = pageview("/c");
    wrongType.put("properties", "not an object");
    batch.add(wrongType);
    ObjectNode body = JSON.createObjectNode();
    body.set("batch", batch);

    TestServer.Response r = track(body);

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().get("accepted").asInt()).isEqualTo(2);
    JsonNode rejected = r.json().get("rejected");
    assertThat(rejected).hasSize(2);
    assertThat(rejected.get(0).get("index").asInt()).isEqualTo(1);
    assertThat(rejected.get(0).get("field").asText()).isEqualTo("batch[1].event");
    assertThat(rejected.get(1).get("index").asInt()).isEqualTo(3);
    assertThat(rejected.get(1).get("field").asText()).isEqualTo("batch[3].properties");
    assertThat(server.events(site.id()))
        .extracting(e -> e.page().pathname())
        .containsExactlyInAnyOrder("/a", "/b");
    assertThat(server.counts(site.id()).rejected()).isEqualTo(2);
  }

  @Test
  void answers400NamingTheFieldForABadSingleEvent() {
    ObjectNode e = pageview("/a");
    e.putObject("context").put("url", "not a url");

    TestServer.Response r = track(e);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/error/field").asText()).isEqualTo("context.url");
    assertThat(r.json().at("/error/message").asText()).contains("absolute http(s) URL");
  }

  @Test
  void refusesUnknownWriteKeys() {
    TestServer.Response r =
        track(pageview("/").toString(), Map.of("X-Footfall-Site", "wk_doesnotexist"));

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("unknown_site");
    assertThat(r.json().at("/error/message").asText()).contains("wk_doesnotex");
  }

  @Test
  void storesARetriedEventOnce() {
    ObjectNode e = pageview("/once");
    assertThat(track(e).json().get("accepted").asInt()).isEqualTo(1);

    TestServer.Response retry = track(e);

    assertThat(retry.status()).isEqualTo(202);
    assertThat(retry.json().get("accepted").asInt()).isZero();
    assertThat(retry.json().get("duplicates").asInt()).isEqualTo(1);
    ObjectNode body = JSON.createObjectNode();
    body.putArray("batch").add(e).add(e);
    assertThat(track(body).json().get("duplicates").asInt()).isEqualTo(2);
    assertThat(server.events(site.id())).hasSize(1);
  }

  @Test
  void acceptsGzipBodiesByHeaderAndByMagicBytes() throws IOException {
    byte[] gz = gzip(pageview("/gz").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Map<String, String> h =
        Map.of(
            "X-Footfall-Site", site.writeKey(), "User-Agent", BROWSER, "Content-Encoding", "gzip");
    assertThat(server.post("/api/track", gz, h).status()).isEqualTo(202);
    byte[] gz2 =
        gzip(pageview("/gz2").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Map<String, String> plain =
        Map.of(
            "X-Footfall-Site",
            site.writeKey(),
            "User-Agent",
            BROWSER,
            "Content-Type",
            "text/plain");
    assertThat(server.post("/api/track", gz2, plain).status()).isEqualTo(202);

    assertThat(server.events(site.id()))
        .extracting(e -> e.page().pathname())
        .containsExactlyInAnyOrder("/gz", "/gz2");
  }

  @Test
  void correctsClientClockSkewWithSentAt() {
    Instant clientNow = Instant.now().minus(Duration.ofHours(3));
    ObjectNode e = pageview("/skew");
    e.put("timestamp", clientNow.minusSeconds(40).toString());
    e.put("sent_at", clientNow.toString());
    Instant before = Instant.now();

    assertThat(track(e).status()).isEqualTo(202);

    Instant stored = server.events(site.id()).get(0).timestamp();
    assertThat(stored).isBetween(before.minusSeconds(41), Instant.now().minusSeconds(39));
  }

  @Test
  void rejectsEventsTooFarInThePastOrFuture() {
    ObjectNode old = pageview("/old");
    old.put("timestamp", Instant.now().minus(Duration.ofDays(30)).toString());
    ObjectNode future = pageview("/future");
    future.put("timestamp", Instant.now().plus(Duration.ofDays(1)).toEpochMilli());
    ObjectNode body = JSON.createObjectNode();
    body.putArray("batch").add(old).add(future).add(pageview("/now"));

    TestServer.Response r = track(body);

    assertThat(r.json().get("accepted").asInt()).isEqualTo(1);
    assertThat(r.json().get("rejected")).hasSize(2);
    assertThat(r.json().get("rejected").get(0).get("field").asText())
        .isEqualTo("batch[0].timestamp");
    assertThat(r.json().get("rejected").get(0).get("message").asText())
        .contains("at most 7 days in the past");
  }

  @Test
  void backfillsOldEventsOnlyForServerSideCallers() {
    ObjectNode old = pageview("/old");
    old.put("timestamp", Instant.now().minus(Duration.ofDays(30)).toString());
    ((ObjectNode) old.get("context")).put("ip", "8.8.8.8").put("user_agent", BROWSER);

    TestServer.Response r =
        track(old.toString(), Map.of("Authorization", "Bearer " + server.adminToken()));

    assertThat(r.status()).isEqualTo(202);
    assertThat(server.events(site.id()).get(0).client().network()).isEqualTo("8.8.8.0/24");
  }

  @Test
  void countsBotsAndDoNotTrackWithoutStoringThem() {
    track(pageview("/bot").toString(), Map.of("User-Agent", "curl/8.5.0"));
    track(pageview("/dnt").toString(), Map.of("DNT", "1"));
    track(pageview("/gpc").toString(), Map.of("Sec-GPC", "1"));
    track(pageview("/human"));

    assertThat(server.events(site.id()))
        .extracting(e -> e.page().pathname())
        .containsExactly("/human");
    var counts = server.counts(site.id());
    assertThat(counts.botsFiltered()).isEqualTo(1);
    assertThat(counts.optedOut()).isEqualTo(2);
  }

  @Test
  void groupsAVisitorsPageviewsIntoOneVisit() {
    track(pageview("/1"));
    track(pageview("/2"));
    track(pageview("/3").toString(), Map.of("User-Agent", BROWSER.replace("131", "130")));

    List<Event> stored = server.events(site.id());
    assertThat(stored).hasSize(3);
    assertThat(stored.get(0).visitorId()).isEqualTo(stored.get(1).visitorId());
    assertThat(stored.get(0).sessionId()).isEqualTo(stored.get(1).sessionId());
    assertThat(stored.get(2).visitorId()).isNotEqualTo(stored.get(0).visitorId());
    var counts = server.counts(site.id());
    assertThat(counts.visitors()).isEqualTo(2);
    assertThat(counts.sessions()).isEqualTo(2);
  }

  @Test
  void aLaterPageviewOfTheVisitKeepsTheFirstEventsSourceCampaignReferrerAndScreen() {
    track(
        pageview(
            "/landing?utm_source=newsletter&utm_medium=email&utm_campaign=spring",
            "https://www.google.com/",
            "1920x1080"));
    track(
        pageview(
            "/pricing?utm_source=twitter&utm_medium=social&utm_campaign=other",
            "https://shop.example/landing",
            "390x844"));

    List<Event> stored = server.events(site.id());
    assertThat(stored).hasSize(2);
    Event first = stored.get(0);
    Event second = stored.get(1);
    assertThat(first.page().source()).isEqualTo("newsletter");
    assertThat(first.page().medium()).isEqualTo("email");
    assertThat(first.page().utm())
        .isEqualTo(new Event.Utm("newsletter", "email", "spring", "", ""));
    assertThat(first.page().referrerHost()).isEqualTo("google.com");
    assertThat(first.client().screen()).isEqualTo("1920x1080");
    assertThat(second.sessionId()).isEqualTo(first.sessionId());
    assertThat(second.visitAttributes()).isEqualTo(first.visitAttributes());
    // What happened on the page stays the event's own.
    assertThat(second.page().pathname()).isEqualTo("/pricing");
    assertThat(second.page().url()).contains("utm_source=twitter");
    assertThat(second.page().title()).startsWith("Title /pricing");
  }

  @Test
  void aNewVisitAfterThirtyMinutesOfInactivityTakesItsOwnAttributes() {
    Instant start = Instant.now().minus(Duration.ofHours(2));
    ObjectNode landing =
        pageview("/landing?utm_source=newsletter", "https://www.google.com/", "1920x1080");
    landing.put("timestamp", start.toString());
    ObjectNode inside = pageview("/pricing", "https://shop.example/landing", "390x844");
    inside.put("timestamp", start.plus(Duration.ofMinutes(5)).toString());
    ObjectNode comeback = pageview("/blog", "https://blog.example.org/post", "390x844");
    comeback.put("timestamp", start.plus(Duration.ofMinutes(36)).toString());
    track(landing);
    track(inside);
    track(comeback);

    List<Event> stored = server.events(site.id());
    assertThat(stored)
        .extracting(e -> e.page().pathname())
        .containsExactly("/landing", "/pricing", "/blog");
    assertThat(stored.get(1).sessionId()).isEqualTo(stored.get(0).sessionId());
    assertThat(stored.get(1).visitAttributes()).isEqualTo(stored.get(0).visitAttributes());
    Event next = stored.get(2);
    assertThat(next.visitorId()).isEqualTo(stored.get(0).visitorId());
    assertThat(next.sessionId()).isNotEqualTo(stored.get(0).sessionId());
    assertThat(next.page().referrerHost()).isEqualTo("blog.example.org");
    assertThat(next.page().source()).isEqualTo("blog.example.org");
    assertThat(next.page().medium()).isEqualTo("referral");
    assertThat(next.page().utm()).isEqualTo(Event.Utm.NONE);
    assertThat(next.client().screen()).isEqualTo("390x844");
  }

  @Test
  void aVisitAcrossMidnightKeepsItsAttributes() {
    // 23:50 in Berlin (UTC+1 in March); the visitor's cookieless id changes at midnight.
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T22:50:00Z"));
    try (TestServer night = TestServer.start(clock)) {
      TestServer.SiteKeys shop = night.createSite("Night shop", "shop.example", "Europe/Berlin");
      Map<String, String> headers =
          Map.of("X-Footfall-Site", shop.writeKey(), "User-Agent", BROWSER);
      night.post(
          "/api/track",
          pageview("/landing?utm_source=newsletter", "https://www.google.com/", "1920x1080")
              .toString(),
          headers);
      clock.advance(Duration.ofMinutes(15));
      night.post(
          "/api/track",
          pageview("/pricing", "https://shop.example/landing", "390x844").toString(),
          headers);
      clock.advance(Duration.ofMinutes(40));
      night.post(
          "/api/track",
          pageview("/again", "https://news.ycombinator.com/", "390x844").toString(),
          headers);

      List<Event> stored = night.events(shop.id());
      assertThat(stored).hasSize(3);
      Event before = stored.get(0);
      Event after = stored.get(1);
      assertThat(after.sessionId()).isEqualTo(before.sessionId());
      assertThat(after.visitorId()).isEqualTo(before.visitorId());
      assertThat(after.visitAttributes()).isEqualTo(before.visitAttributes());
      assertThat(after.page().utm().source()).isEqualTo("newsletter");
      assertThat(after.client().screen()).isEqualTo("1920x1080");
      // A new visit on the new day is counted under the new day's id, with its own attributes.
      Event nextDay = stored.get(2);
      assertThat(nextDay.visitorId()).isNotEqualTo(before.visitorId());
      assertThat(nextDay.page().referrerHost()).isEqualTo("news.ycombinator.com");
    }
  }

  @Test
  void answersCorsPreflightAndSetsAllowOrigin() {
    TestServer.Response r =
        track(pageview("/cors").toString(), Map.of("Origin", "https://shop.example"));
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(r.header("Access-Control-Expose-Headers")).isEqualTo("Retry-After");
    TestServer.Response preflight =
        server.request(
            "OPTIONS",
            "/api/track",
            Map.of(
                "Origin", "https://shop.example",
                "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type"));
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
    assertThat(preflight.header("Access-Control-Allow-Headers"))
        .containsIgnoringCase("content-type");
  }

  @Test
  void tracksThroughThePixel() {
    TestServer.Response r =
        server.get(
            "/api/track.gif?site="
                + site.writeKey()
                + "&u=https%3A%2F%2Fshop.example%2Fnojs&r=https%3A%2F%2Fnews.ycombinator.com%2F",
            Map.of("User-Agent", BROWSER));

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.header("Content-Type")).startsWith("image/gif");
    Event e = server.events(site.id()).get(0);
    assertThat(e.page().pathname()).isEqualTo("/nojs");
    assertThat(e.page().referrerHost()).isEqualTo("news.ycombinator.com");
  }

  @Test
  void tellsWhenTheFirstEventArrived() {
    Map<String, String> auth = Map.of("Authorization", "Bearer " + server.adminToken());
    String path = "/api/admin/sites/" + site.id() + "/first-event";
    TestServer.Response before = server.get(path, auth);
    assertThat(before.status()).isEqualTo(200);
    assertThat(before.json().get("first_event_at").isNull()).as(before.body()).isTrue();

    track(pageview("/x"));
    TestServer.Response after = server.get(path, auth);
    assertThat(after.status()).isEqualTo(200);
    assertThat(java.time.Instant.parse(after.json().get("first_event_at").asText()))
        .isEqualTo(server.events(site.id()).get(0).timestamp());
  }

  @Test
  void reportsCountsForInstallationChecks() {
    track(pageview("/x"));
    TestServer.Response r =
        server.get(
            "/api/admin/sites/" + site.id() + "/counts",
            Map.of("Authorization", "Bearer " + server.adminToken()));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("events").asInt()).isEqualTo(1);
    assertThat(r.json().get("visitors").asInt()).isEqualTo(1);
    assertThat(r.json().has("bots_filtered")).isTrue();
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
