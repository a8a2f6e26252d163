package io.footfall.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.server.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statistics API end to end: events sent through the collector over HTTP, queried over HTTP,
 * expectations counted from what the test sent.
 */
class QueryRoutesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String UA =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/126.0.0.0 Safari/537.36";
  static final List<String> PATHS = List.of("/", "/pricing", "/docs", "/blog/a");

  static TestServer server;
  static TestServer.SiteKeys site;
  static Map<String, String> auth;
  static int visitors;
  static int pageviews;
  static final Map<String, Integer> viewsByPath = new HashMap<>();
  static final Map<String, Set<Integer>> visitorsByPath = new HashMap<>();

  @BeforeAll
  static void load() {
    server = TestServer.start();
    site = server.createSite("Shop", "shop.example", "Europe/Berlin");
    auth = Map.of("Authorization", "Bearer " + server.adminToken());
    Random random = new Random(11);
    ArrayNode batch = JSON.createArrayNode();
    Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
    visitors = 30;
    for (int v = 0; v < visitors; v++) {
      Instant at = start.plusSeconds(random.nextInt(3600));
      int views = 1 + random.nextInt(4);
      for (int i = 0; i < views; i++) {
        String path = PATHS.get(random.nextInt(PATHS.size()));
        batch.add(pageview(v, path, at));
        viewsByPath.merge(path, 1, Integer::sum);
        visitorsByPath.computeIfAbsent(path, p -> new HashSet<>()).add(v);
        pageviews++;
        at = at.plusSeconds(30 + random.nextInt(300));
      }
    }
    send(site, batch);
  }

  static ObjectNode pageview(int visitor, String path, Instant at) {
    ObjectNode e = JSON.createObjectNode();
    e.put("event", "pageview");
    e.put("id", UUID.randomUUID().toString());
    e.put("timestamp", at.toString());
    e.putObject("context")
        .put("url", "https://shop.example" + path)
        .put("ip", "203.0." + (visitor / 200) + "." + (visitor % 200 + 1))
        .put("user_agent", UA);
    return e;
  }

  static void send(TestServer.SiteKeys to, ArrayNode batch) {
    ObjectNode body = JSON.createObjectNode();
    body.set("batch", batch);
    Map<String, String> headers = new HashMap<>(auth);
    headers.put("X-Footfall-Site", to.writeKey());
    TestServer.Response r = server.post("/api/track", body.toString(), headers);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().get("accepted").asInt()).isEqualTo(batch.size());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonNode query(String json) {
    TestServer.Response r = server.post("/api/query", json, auth);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  static TestServer.Response get(String path) {
    return server.get(path, auth);
  }

  static String q(String siteAndRest) {
    return "{\"site_id\":\"" + site.id() + "\"," + siteAndRest + "}";
  }

  @Test
  void listsThePropertyKeysInUseTheMostUsedFirst() {
    TestServer.SiteKeys shop = server.createSite("Keys", "keys.example", "Europe/Berlin");
    Random random = new Random(5);
    String[] keys = {"plan", "variant", "step", "format"};
    Map<String, Integer> expected = new HashMap<>();
    ArrayNode batch = JSON.createArrayNode();
    Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
    for (int i = 0; i < 60; i++) {
      ObjectNode e = pageview(i, "/", start.plusSeconds(i * 30L));
      e.put("event", "signup");
      ObjectNode props = e.putObject("properties");
      for (int k = 0; k < keys.length; k++) {
        if (random.nextInt(k + 1) == 0) {
          props.put(keys[k], "v" + random.nextInt(3));
          expected.merge(keys[k], 1, Integer::sum);
        }
      }
      batch.add(e);
    }
    send(shop, batch);
    List<Map.Entry<String, Integer>> order =
        expected.entrySet().stream()
            .sorted(
                Map.Entry.<String, Integer>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .toList();

    TestServer.Response r =
        get("/api/stats/property-keys?site_id=" + shop.id() + "&date_range=7d&limit=3");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode results = r.json().get("results");
    assertThat(results).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(results.get(i).get("key").asText()).isEqualTo(order.get(i).getKey());
      assertThat(results.get(i).get("events").asInt()).isEqualTo(order.get(i).getValue());
    }
    assertThat(r.json().get("meta").get("time_zone").asText()).isEqualTo("Europe/Berlin");
    assertThat(r.json().get("meta").get("date_range")).hasSize(2);
    // The page-view-only site has none.
    assertThat(get("/api/stats/property-keys?site_id=" + site.id()).json().get("results"))
        .isEmpty();
  }

  @Test
  void refusesPropertyKeysWithFiltersOrABadLimitNamingTheField() {
    String base = "/api/stats/property-keys?site_id=" + site.id();
    for (String[] bad :
        new String[][] {
          {"&limit=0", "limit"},
          {"&limit=101", "limit"},
          {"&limit=many", "limit"},
          {"&date_range=soon", "date_range"},
          {
            "&filters="
                + URLEncoder.encode(
                    "[[\"is\",\"visit:source\",[\"Google\"]]]", StandardCharsets.UTF_8),
            "filters"
          }
        }) {
      TestServer.Response r = get(base + bad[0]);
      assertThat(r.status()).as(bad[0] + ": " + r.body()).isEqualTo(400);
      assertThat(r.json().get("error").get("field").asText()).as(bad[0]).isEqualTo(bad[1]);
    }
    assertThat(get("/api/stats/property-keys?site_id=s_nope").status()).isEqualTo(404);
  }

  @Test
  void aggregatesWhatWasSent() {
    JsonNode r =
        query(
            q(
                "\"metrics\":[\"visitors\",\"visits\",\"pageviews\",\"bounce_rate\"],\"date_range\":\"7d\""));
    JsonNode m = r.get("results").get(0).get("metrics");
    assertThat(m.get(0).asInt()).isEqualTo(visitors);
    assertThat(m.get(1).asInt()).isEqualTo(visitors);
    assertThat(m.get(2).asInt()).isEqualTo(pageviews);
    assertThat(r.get("query").get("date_range")).hasSize(2);
    assertThat(r.get("query").get("date_range").get(0).asText())
        .matches("\\d{4}-\\d{2}-\\d{2}T00:00:00[+-]\\d{2}:\\d{2}");
    assertThat(r.get("meta").get("time_zone").asText()).isEqualTo("Europe/Berlin");
  }

  @Test
  void breaksDownByPageAndFiltersEventsOnAPage() {
    JsonNode r =
        query(
            q(
                "\"metrics\":[\"pageviews\",\"visitors\"],\"date_range\":\"7d\","
                    + "\"dimensions\":[\"event:page\"],\"include\":{\"total_rows\":true}"));
    assertThat(r.get("meta").get("total_rows").asInt()).isEqualTo(viewsByPath.size());
    for (JsonNode row : r.get("results")) {
      String path = row.get("dimensions").get(0).asText();
      assertThat(row.get("metrics").get(0).asInt()).as(path).isEqualTo(viewsByPath.get(path));
      assertThat(row.get("metrics").get(1).asInt())
          .as(path)
          .isEqualTo(visitorsByPath.get(path).size());
    }
    JsonNode filtered =
        query(
            q(
                "\"metrics\":[\"visitors\",\"pageviews\"],\"date_range\":\"7d\","
                    + "\"filters\":[[\"is\",\"event:page\",[\"/pricing\"]]]"));
    assertThat(filtered.get("results").get(0).get("metrics").get(0).asInt())
        .isEqualTo(visitorsByPath.get("/pricing").size());
    assertThat(filtered.get("results").get(0).get("metrics").get(1).asInt())
        .isEqualTo(viewsByPath.get("/pricing"));
  }

  @Test
  void timeseriesListsEveryDayWithZerosAndSumsToTheTotal() {
    TestServer.Response r =
        get("/api/stats/timeseries?site_id=" + site.id() + "&date_range=7d&metrics=pageviews");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode body = r.json();
    assertThat(body.get("meta").get("time_labels")).hasSize(7);
    assertThat(body.get("results")).hasSize(7);
    int sum = 0;
    for (JsonNode row : body.get("results")) {
      sum += row.get("metrics").get(0).asInt();
    }
    assertThat(sum).isEqualTo(pageviews);
    assertThat(r.header("Server-Timing"))
        .as("the server's own time, for the browser's network panel")
        .matches("query;dur=\\d+\\.\\d");
  }

  @Test
  void conveniencesAnswerInTheSameShape() {
    TestServer.Response breakdown =
        get(
            "/api/stats/breakdown?site_id="
                + site.id()
                + "&date_range=7d&dimensions=page&metrics=pageviews&limit=2");
    assertThat(breakdown.status()).as(breakdown.body()).isEqualTo(200);
    assertThat(breakdown.json().get("results")).hasSize(2);
    assertThat(breakdown.json().get("meta").get("total_rows").asInt())
        .isEqualTo(viewsByPath.size());

    TestServer.Response compare =
        get("/api/stats/compare?site_id=" + site.id() + "&date_range=7d&metrics=visitors");
    assertThat(compare.status()).as(compare.body()).isEqualTo(200);
    JsonNode c = compare.json().get("results").get(0).get("comparison");
    assertThat(c.get("metrics").get(0).asInt()).isZero();
    assertThat(c.get("change").get(0).isNull()).isTrue();

    TestServer.Response aggregate =
        get("/api/stats/aggregate?site_id=" + site.id() + "&date_range=7d&metrics=visitors");
    assertThat(aggregate.json().get("results").get(0).get("metrics").get(0).asInt())
        .isEqualTo(visitors);
    TestServer.Response realtime = get("/api/stats/realtime?site_id=" + site.id());
    assertThat(realtime.status()).as(realtime.body()).isEqualTo(200);
  }

  /** Regression (issue 14, item 22): realtime answered 200 and ignored dimensions. */
  @Test
  void realtimeRefusesParametersItWouldIgnoreNamingThem() {
    for (String ignored :
        List.of(
            "dimensions=visit:source",
            "interval=day",
            "limit=5",
            "page=2",
            "order_by=visitors:asc",
            "relative_date=2026-01-01",
            "property=visit:country",
            "bogus=1")) {
      TestServer.Response r = get("/api/stats/realtime?site_id=" + site.id() + "&" + ignored);
      String name = ignored.substring(0, ignored.indexOf('='));
      assertThat(r.status()).as(ignored + ": " + r.body()).isEqualTo(400);
      assertThat(r.json().at("/error/field").asText()).isEqualTo(name);
      assertThat(r.json().at("/error/message").asText()).contains("'" + name + "'", "site_id");
    }
    TestServer.Response used =
        get(
            "/api/stats/realtime?site_id="
                + site.id()
                + "&metrics=visitors,pageviews&date_range=30m&dimensions=&filters="
                + URLEncoder.encode("[[\"is\",\"event:page\",[\"/\"]]]", StandardCharsets.UTF_8));
    assertThat(used.status()).as(used.body()).isEqualTo(200);
  }

  @Test
  void newEventsInvalidateTheCachedAnswer() {
    TestServer.SiteKeys other = server.createSite("Cache", "cache.example", "UTC");
    String body =
        "{\"site_id\":\""
            + other.id()
            + "\",\"metrics\":[\"visitors\"],\"date_range\":\"7d\",\"filters\":"
            + "[[\"is\",\"event:page\",[\"/cache-test\"]]]}";
    assertThat(query(body).get("results").get(0).get("metrics").get(0).asInt()).isZero();
    ArrayNode more = JSON.createArrayNode();
    more.add(pageview(9_000, "/cache-test", Instant.now().minusSeconds(60)));
    send(other, more);
    assertThat(query(body).get("results").get(0).get("metrics").get(0).asInt()).isEqualTo(1);
  }

  @Test
  void countsConversionsOfAGoalCreatedThroughTheApi() {
    TestServer.Response created =
        server.post(
            "/api/admin/sites/" + site.id() + "/goals",
            "{\"name\":\"Pricing\",\"type\":\"pageview\",\"path\":\"/pricing\"}",
            auth);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode r =
        query(
            q(
                "\"metrics\":[\"visitors\",\"conversions\",\"conversion_rate\"],"
                    + "\"date_range\":\"7d\",\"filters\":[[\"is\",\"event:goal\",[\"Pricing\"]]]"));
    JsonNode m = r.get("results").get(0).get("metrics");
    int converted = visitorsByPath.get("/pricing").size();
    assertThat(m.get(0).asInt()).isEqualTo(converted);
    assertThat(m.get(1).asInt()).isEqualTo(viewsByPath.get("/pricing"));
    assertThat(m.get(2).decimalValue())
        .isEqualByComparingTo(
            java.math.BigDecimal.valueOf(converted * 100L)
                .divide(java.math.BigDecimal.valueOf(visitors), 2, java.math.RoundingMode.HALF_UP));
    JsonNode byGoal =
        query(
            q(
                "\"metrics\":[\"conversions\"],\"date_range\":\"7d\","
                    + "\"dimensions\":[\"event:goal\"]"));
    assertThat(byGoal.get("results").get(0).get("dimensions").get(0).asText()).isEqualTo("Pricing");
  }

  @Test
  void theCacheNeverAnswersForAnotherTenant() {
    String org =
        server
            .post("/api/admin/organizations", "{\"name\":\"Other tenant\"}", auth)
            .json()
            .get("id")
            .asText();
    String otherSite =
        server
            .post(
                "/api/admin/sites",
                "{\"organization_id\":\""
                    + org
                    + "\",\"name\":\"Theirs\",\"domain\":\"theirs.example\",\"timezone\":\"UTC\"}",
                auth)
            .json()
            .get("id")
            .asText();
    String key =
        server
            .post(
                "/api/admin/organizations/" + org + "/api-keys",
                "{\"name\":\"reader\",\"scopes\":[\"read:stats\"]}",
                auth)
            .json()
            .get("key")
            .asText();
    Map<String, String> theirs = Map.of("Authorization", "Bearer " + key);
    String ours = q("\"metrics\":[\"visitors\"],\"date_range\":\"7d\"");
    assertThat(query(ours).get("results").get(0).get("metrics").get(0).asInt()).isEqualTo(visitors);

    // The same question, now cached, asked by the other tenant's key: not found, not our numbers.
    TestServer.Response refused = server.post("/api/query", ours, theirs);
    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.body()).doesNotContain(String.valueOf(visitors));
    String own =
        "{\"site_id\":\"" + otherSite + "\",\"metrics\":[\"visitors\"],\"date_range\":\"7d\"}";
    TestServer.Response answer = server.post("/api/query", own, theirs);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().get("results").get(0).get("metrics").get(0).asInt()).isZero();
  }

  @Test
  void badQueriesAreRefusedNamingTheField() {
    Map<String, String> cases =
        Map.of(
            q("\"metrics\":[\"visitors\",\"nonsense\"],\"date_range\":\"7d\""), "metrics[1]",
            q("\"metrics\":[\"visitors\"],\"date_range\":\"fortnight\""), "date_range",
            q(
                    "\"metrics\":[\"visitors\"],\"date_range\":\"7d\",\"filters\":[[\"like\",\"event:page\",[\"/\"]]]"),
                "filters[0][0]",
            q(
                    "\"metrics\":[\"visitors\"],\"date_range\":\"7d\",\"filters\":[[\"is\",\"event:colour\",[\"/\"]]]"),
                "filters[0][1]",
            q(
                    "\"metrics\":[\"visitors\"],\"date_range\":\"7d\",\"filters\":[[\"matches\",\"event:page\",[\"(\"]]]"),
                "filters[0][2][0]",
            q("\"metrics\":[\"conversion_rate\"],\"date_range\":\"7d\""), "metrics[0]",
            q("\"metrics\":[\"visitors\"],\"date_range\":\"7d\",\"pagination\":{\"limit\":0}"),
                "pagination.limit",
            q(
                    "\"metrics\":[\"visitors\"],\"date_range\":\"7d\",\"filters\":[[\"is\",\"event:goal\",[\"Nope\"]]]"),
                "filters[0][2][0]",
            q(
                    "\"metrics\":[\"visitors\"],\"date_range\":\"12mo\",\"dimensions\":[\"time:minute\"]"),
                "dimensions",
            q("\"metrics\":[\"visitors\"],\"date_range\":\"7d\",\"colour\":1"), "colour");
    cases.forEach(
        (json, field) -> {
          TestServer.Response r = server.post("/api/query", json, auth);
          assertThat(r.status()).as(json + " -> " + r.body()).isEqualTo(400);
          assertThat(r.json().get("error").get("field").asText()).as(json).isEqualTo(field);
          assertThat(r.json().get("error").get("message").asText()).isNotBlank();
        });
    TestServer.Response unknown =
        server.post(
            "/api/query",
            q(
                "\"metrics\":[\"visitors\"],\"date_range\":\"7d\","
                    + "\"filters\":[[\"is\",\"visit:colour\",[\"x\"]]]"),
            auth);
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("error").get("field").asText()).isEqualTo("filters[0][1]");
    assertThat(unknown.json().get("error").get("message").asText()).contains("'visit:colour'");
  }

  @Test
  void callersMustBeAllowedToReadTheSite() {
    String body = q("\"metrics\":[\"visitors\"],\"date_range\":\"7d\"");
    assertThat(server.post("/api/query", body, Map.of()).status()).isEqualTo(401);
    String unknown = "{\"site_id\":\"s_nope\",\"metrics\":[\"visitors\"],\"date_range\":\"7d\"}";
    assertThat(server.post("/api/query", unknown, auth).status()).isEqualTo(404);
    String filters = URLEncoder.encode("[[\"is\",\"event:page\",[\"/\"]]]", StandardCharsets.UTF_8);
    assertThat(
            server
                .get("/api/stats/aggregate?site_id=" + site.id() + "&filters=" + filters, Map.of())
                .status())
        .isEqualTo(401);
  }
}
