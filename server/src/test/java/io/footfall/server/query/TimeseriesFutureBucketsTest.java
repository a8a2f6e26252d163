package io.footfall.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.core.MutableClock;
import io.footfall.server.TestServer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regression: "this month", "this year" and "today" charted the days and hours still to come as
 * zeros. A timeseries lists the buckets that have begun by the server's now, in the site's zone.
 */
class TimeseriesFutureBucketsTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  // 13:30 in Berlin on 10 March: ten days of the month, three months of the year have begun.
  private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");

  static TestServer server;
  static TestServer.SiteKeys site;
  static Map<String, String> auth;

  @BeforeAll
  static void start() {
    server = TestServer.start(new MutableClock(NOW));
    site = server.createSite("Shop", "shop.example", BERLIN.getId());
    auth = Map.of("Authorization", "Bearer " + server.adminToken());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void thisMonthByDayEndsToday() {
    JsonNode body = timeseries("month", "day", "");
    assertThat(labels(body)).hasSize(10).last().isEqualTo("2026-03-10T00:00:00");
    assertThat(body.get("results")).hasSize(10);
  }

  @Test
  void thisYearByMonthEndsWithThisMonth() {
    assertThat(labels(timeseries("year", "month", "")))
        .containsExactly("2026-01-01T00:00:00", "2026-02-01T00:00:00", "2026-03-01T00:00:00");
  }

  @Test
  void todayByTheHourEndsWithTheCurrentHour() {
    List<String> labels = labels(timeseries("today", "hour", ""));
    int hour = LocalDateTime.ofInstant(NOW, BERLIN).getHour();
    assertThat(labels).hasSize(hour + 1).last().isEqualTo("2026-03-10T13:00:00");
  }

  @Test
  void theComparedPeriodIsMatchedBucketByBucket() {
    JsonNode body = timeseries("month", "day", "previous_period");
    assertThat(body.get("results")).hasSize(10);
    assertThat(body.get("results").get(9).get("comparison").get("dimensions").get(0).asText())
        .isEqualTo("2026-02-10T00:00:00");
  }

  @Test
  void aRangeInThePastKeepsEveryBucket() {
    assertThat(labels(timeseries("last_month", "day", ""))).hasSize(28);
  }

  private static JsonNode timeseries(String range, String interval, String compare) {
    TestServer.Response r =
        server.get(
            "/api/stats/timeseries?site_id="
                + site.id()
                + "&metrics=visitors&date_range="
                + range
                + "&interval="
                + interval
                + (compare.isEmpty() ? "" : "&compare=" + compare),
            auth);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static List<String> labels(JsonNode body) {
    List<String> out = new ArrayList<>();
    body.get("meta").get("time_labels").forEach(l -> out.add(l.asText()));
    return out;
  }
}
