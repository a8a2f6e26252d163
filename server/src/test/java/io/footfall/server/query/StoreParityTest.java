package io.footfall.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.MutableClock;
import io.footfall.server.FootfallConfig;
import io.footfall.server.TestServer;
import io.footfall.store.clickhouse.ClickHouseServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole product answers the same on both stores: one server on the embedded store and one with
 * its events on ClickHouse, both on the same fixed clock, take the same two weeks of traffic over
 * HTTP (fixed ids and timestamps, sent in the same order and batches, so that both sessionize
 * alike) and the same goals; then every statistics answer below (aggregates, breakdowns of many
 * dimensions, time series, goals and conversion, revenue and property statistics, filters,
 * comparison, pagination, the GET conveniences and a CSV export) must be the same byte for byte,
 * but for the site's id. Rollups are off on both: the embedded store's rollups are checked against
 * its raw events elsewhere, and ClickHouse has none.
 *
 * <p>{@code ClickHouseParityTest} runs it on one ClickHouse node, {@code
 * ClickHouseClusterParityTest} on two shards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreParityTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-11-20T15:00:00Z");
  static final String[] AGENTS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
        + " Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
        + " Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  };
  static final String[][] LANDINGS = {
    {"", ""},
    {"", "https://www.google.com/"},
    {"", "https://duckduckgo.com/"},
    {"", "https://t.co/abc"},
    {"?utm_source=newsletter&utm_medium=email&utm_campaign=autumn", ""},
    {"?utm_source=partner&utm_campaign=launch&utm_content=banner", "https://partner.example/"},
    {"", "https://news.ycombinator.com/item?id=1"},
  };
  static final String[] PAGES = {"/", "/pricing", "/blog/ducks", "/blog/clicks", "/docs/start"};

  final MutableClock duckClock = new MutableClock(NOW);
  final MutableClock clickClock = new MutableClock(NOW);
  TestServer duckdb;
  TestServer clickhouse;
  String duckSite;
  String clickSite;

  /** The ClickHouse node or nodes of the second server. */
  abstract ClickHouseServer clickhouseServer();

  @BeforeAll
  void startBothAndSendTheSameTraffic() {
    UnaryOperator<FootfallConfig.Builder> noRollups = c -> c.rollupInterval(Duration.ZERO);
    duckdb = TestServer.start(duckClock, noRollups);
    clickhouse = TestServer.onClickHouse(clickhouseServer(), clickClock, noRollups);
    duckSite = prepare(duckdb);
    clickSite = prepare(clickhouse);
    List<ObjectNode> traffic = traffic();
    for (int from = 0; from < traffic.size(); from += 100) {
      List<ObjectNode> part = traffic.subList(from, Math.min(traffic.size(), from + 100));
      send(duckdb, duckSite, part);
      send(clickhouse, clickSite, part);
    }
    assertThat(clickhouse.counts(clickSite)).isEqualTo(duckdb.counts(duckSite));
    assertThat(duckdb.counts(duckSite).events()).isEqualTo(traffic.size());
  }

  @AfterAll
  void stopBoth() {
    if (duckdb != null) {
      duckdb.close();
    }
    if (clickhouse != null) {
      clickhouse.close();
    }
  }

  /** Creates the site and its goals; returns the site's id. */
  static String prepare(TestServer server) {
    TestServer.SiteKeys site = server.createSite("Parity", "parity.example", "Europe/Berlin");
    server.patchSite(site.id(), "{\"currency\":\"EUR\"}");
    Map<String, String> auth = Map.of("Authorization", "Bearer " + server.adminToken());
    for (String goal :
        List.of(
            "{\"name\":\"Pricing\",\"type\":\"pageview\",\"path\":\"/pricing\"}",
            "{\"name\":\"Blog\",\"type\":\"pageview\",\"path\":\"/blog/**\"}",
            "{\"name\":\"Signup\",\"type\":\"event\",\"event_name\":\"signup\"}",
            "{\"name\":\"Pro signup\",\"type\":\"event\",\"event_name\":\"signup\","
                + "\"property_key\":\"plan\",\"property_value\":\"pro\"}",
            "{\"name\":\"Purchase\",\"type\":\"event\",\"event_name\":\"purchase\"}")) {
      TestServer.Response r = server.post("/api/admin/sites/" + site.id() + "/goals", goal, auth);
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    return site.id();
  }

  /** Sends one batch server-side, as a backend forwarding its visitors' addresses does. */
  static void send(TestServer server, String siteId, List<ObjectNode> events) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("batch").addAll(events);
    String writeKey =
        server
            .get(
                "/api/admin/sites/" + siteId,
                Map.of("Authorization", "Bearer " + server.adminToken()))
            .json()
            .get("write_key")
            .asText();
    TestServer.Response r =
        server.post(
            "/api/track",
            body.toString(),
            Map.of("X-Footfall-Site", writeKey, "Authorization", "Bearer " + server.adminToken()));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().get("accepted").asInt()).as(r.body()).isEqualTo(events.size());
  }

  /**
   * Two weeks of a small shop's traffic from a fixed seed: 150 visitors, one to three visits each,
   * pages, sign-ups with a plan, purchases with revenue (some in another currency) and numeric
   * properties, landings from search, social, a newsletter and a partner campaign; in time order.
   */
  static List<ObjectNode> traffic() {
    Random r = new Random(20261120);
    List<ObjectNode> events = new ArrayList<>();
    for (int v = 0; v < 150; v++) {
      String ip =
          (11 + r.nextInt(90)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + v);
      String agent = AGENTS[r.nextInt(AGENTS.length)];
      int visits = 1 + r.nextInt(3);
      for (int k = 0; k < visits; k++) {
        Instant t = NOW.minus(Duration.ofMinutes(90 + r.nextInt(14 * 24 * 60)));
        String[] landing = LANDINGS[r.nextInt(LANDINGS.length)];
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
          ObjectNode e = JSON.createObjectNode();
          e.put("id", "ev-" + events.size());
          e.put("timestamp", t.toString());
          String page = PAGES[r.nextInt(PAGES.length)];
          ObjectNode context = e.putObject("context");
          context.put("ip", ip).put("user_agent", agent);
          int kind = r.nextInt(20);
          if (i > 0 && kind < 3) {
            e.put("event", "signup");
            context.put("url", "https://parity.example/signup");
            e.putObject("properties").put("plan", kind == 0 ? "pro" : "free");
          } else if (i > 0 && kind < 5) {
            e.put("event", "purchase");
            context.put("url", "https://parity.example/checkout");
            e.putObject("revenue")
                .put("amount", (500 + r.nextInt(20_000)) / 100 + "." + (10 + r.nextInt(90)))
                .put("currency", kind == 3 ? "EUR" : r.nextBoolean() ? "EUR" : "USD");
            e.putObject("properties").put("items", 1 + r.nextInt(4)).put("coupon", "C" + kind);
          } else {
            e.put("event", "pageview");
            context.put("url", "https://parity.example" + (i == 0 ? page + landing[0] : page));
            if (i == 0 && !landing[1].isEmpty()) {
              context.put("referrer", landing[1]);
            }
            context.put("title", "Parity " + page);
          }
          events.add(e);
          t = t.plusSeconds(15 + r.nextInt(600));
        }
      }
    }
    events.sort(
        Comparator.comparing((ObjectNode e) -> Instant.parse(e.get("timestamp").asText()))
            .thenComparing(e -> e.get("id").asText()));
    return events;
  }

  static Stream<Named<String>> queries() {
    String range = "\"date_range\":[\"2026-11-06\",\"2026-11-20\"]";
    String visitMetrics =
        "\"metrics\":[\"visitors\",\"visits\",\"pageviews\",\"events\",\"views_per_visit\","
            + "\"bounce_rate\",\"visit_duration\"]";
    String totals = ",\"include\":{\"total_rows\":true}";
    List<Named<String>> q = new ArrayList<>();
    q.add(Named.of("aggregate", "{" + visitMetrics + "," + range + "}"));
    q.add(Named.of("aggregate 7d", "{" + visitMetrics + ",\"date_range\":\"7d\"}"));
    for (String dimension :
        List.of(
            "event:page",
            "event:name",
            "event:hostname",
            "visit:entry_page",
            "visit:exit_page",
            "visit:source",
            "visit:referrer",
            "visit:medium",
            "visit:utm_source",
            "visit:utm_campaign",
            "visit:country",
            "visit:browser",
            "visit:browser_version",
            "visit:os",
            "visit:device",
            "event:props:plan")) {
      q.add(
          Named.of(
              "breakdown " + dimension,
              "{"
                  + visitMetrics
                  + ","
                  + range
                  + ",\"dimensions\":[\""
                  + dimension
                  + "\"]"
                  + totals
                  + "}"));
    }
    q.add(
        Named.of(
            "two dimensions, paged",
            "{\"metrics\":[\"visitors\",\"pageviews\"],"
                + range
                + ",\"dimensions\":[\"visit:source\",\"event:page\"],"
                + "\"order_by\":[[\"pageviews\",\"desc\"]],\"pagination\":{\"limit\":4,"
                + "\"offset\":4}"
                + totals
                + "}"));
    q.add(
        Named.of(
            "timeseries by day",
            "{\"metrics\":[\"visitors\",\"visits\",\"pageviews\",\"bounce_rate\"],"
                + range
                + ",\"dimensions\":[\"time:day\"],\"include\":{\"time_labels\":true}}"));
    q.add(
        Named.of(
            "timeseries by hour",
            "{\"metrics\":[\"visitors\",\"pageviews\",\"visit_duration\"],"
                + "\"date_range\":[\"2026-11-18\",\"2026-11-19\"],\"dimensions\":[\"time:hour\"]}"));
    q.add(
        Named.of(
            "timeseries by week",
            "{\"metrics\":[\"visitors\",\"events\"],"
                + range
                + ",\"dimensions\":[\"time:week\"]}"));
    q.add(
        Named.of(
            "goals",
            "{\"metrics\":[\"visitors\",\"conversions\",\"conversion_rate\"],"
                + range
                + ",\"dimensions\":[\"event:goal\"]"
                + totals
                + "}"));
    q.add(
        Named.of(
            "a goal by source",
            "{\"metrics\":[\"visitors\",\"conversions\",\"conversion_rate\"],"
                + range
                + ",\"dimensions\":[\"visit:source\"],"
                + "\"filters\":[[\"is\",\"event:goal\",[\"Signup\",\"Purchase\"]]]}"));
    q.add(
        Named.of(
            "revenue",
            "{\"metrics\":[\"revenue\",\"orders\",\"average_order_value\",\"conversions\"],"
                + range
                + ",\"filters\":[[\"is\",\"event:goal\",[\"Purchase\"]]]}"));
    q.add(
        Named.of(
            "revenue by country",
            "{\"metrics\":[\"revenue\",\"orders\",\"average_order_value\"],"
                + range
                + ",\"dimensions\":[\"visit:country\"],"
                + "\"filters\":[[\"is\",\"event:name\",[\"purchase\"]]]}"));
    q.add(
        Named.of(
            "property statistics",
            "{\"metrics\":[\"sum:items\",\"avg:items\",\"min:items\",\"max:items\","
                + "\"p50:items\",\"p95:items\"],"
                + range
                + ",\"dimensions\":[\"event:props:coupon\"]}"));
    q.add(
        Named.of(
            "filters on pages and visits",
            "{"
                + visitMetrics
                + ","
                + range
                + ",\"dimensions\":[\"visit:browser\"],\"filters\":["
                + "[\"contains\",\"event:page\",[\"/blog\"]],"
                + "[\"is_not\",\"visit:device\",[\"mobile\"]],"
                + "[\"matches\",\"visit:source\",[\"^(Google|DuckDuckGo|\\\\(none\\\\))$\"]]]}"));
    q.add(
        Named.of(
            "visits that had a page",
            "{"
                + visitMetrics
                + ","
                + range
                + ",\"dimensions\":[\"event:page\"],"
                + "\"filters\":[[\"is\",\"visit:page\",[\"/pricing\"]],"
                + "[\"does_not_contain\",\"visit:referrer\",[\"t.co\"]]]}"));
    q.add(
        Named.of(
            "compared with the previous period",
            "{\"metrics\":[\"visitors\",\"pageviews\",\"bounce_rate\"],\"date_range\":\"7d\","
                + "\"dimensions\":[\"visit:source\"],"
                + "\"include\":{\"comparisons\":{\"mode\":\"previous_period\"}}}"));
    return q.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void answersTheSameQuery(String query) {
    JsonNode fromDuckDb = query(duckdb, duckSite, query);
    JsonNode fromClickHouse = query(clickhouse, clickSite, query);
    assertThat(fromDuckDb.get("results")).isNotEmpty();
    assertThat(fromClickHouse.toPrettyString()).isEqualTo(fromDuckDb.toPrettyString());
  }

  static Stream<Named<String>> gets() {
    String range = "&date_range=" + enc("2026-11-06,2026-11-20");
    return Stream.of(
        Named.of("aggregate", "/api/stats/aggregate?metrics=visitors,visits,bounce_rate" + range),
        Named.of(
            "timeseries",
            "/api/stats/timeseries?metrics=visitors,pageviews&interval=day&date_range=7d"),
        Named.of(
            "breakdown",
            "/api/stats/breakdown?dimensions=visit:source&metrics=visitors,bounce_rate&limit=3"
                + "&page=2"
                + range
                + "&filters="
                + enc("[[\"is_not\",\"event:page\",[\"/\"]]]")),
        Named.of("compare", "/api/stats/compare?metrics=visitors,pageviews&date_range=7d"),
        Named.of("property keys", "/api/stats/property-keys?date_range=30d"),
        Named.of(
            "breakdown as CSV",
            "/api/export/breakdown.csv?dimensions=visit:country&metrics=visitors,visits" + range));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gets")
  void answersTheSameGet(String path) {
    TestServer.Response fromDuckDb = get(duckdb, duckSite, path);
    TestServer.Response fromClickHouse = get(clickhouse, clickSite, path);
    assertThat(fromDuckDb.body()).hasSizeGreaterThan(40);
    assertThat(fromClickHouse.body().replace(clickSite, "SITE"))
        .isEqualTo(fromDuckDb.body().replace(duckSite, "SITE"));
  }

  static JsonNode query(TestServer server, String siteId, String query) {
    ObjectNode body = (ObjectNode) read(query);
    body.put("site_id", siteId);
    TestServer.Response r =
        server.post(
            "/api/query",
            body.toString(),
            Map.of("Authorization", "Bearer " + server.adminToken()));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    ObjectNode answer = (ObjectNode) r.json();
    ((ObjectNode) answer.get("query")).remove("site_id");
    return answer;
  }

  static TestServer.Response get(TestServer server, String siteId, String path) {
    TestServer.Response r =
        server.get(
            path + "&site_id=" + siteId, Map.of("Authorization", "Bearer " + server.adminToken()));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r;
  }

  static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
