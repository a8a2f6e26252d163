package io.footfall.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.server.TestServer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's opening example over the real HTTP API: an event 5 days old on a site set to keep raw
 * events 1 day is deleted by the retention job that runs when the server starts; the traffic report
 * of those whole days still counts it (from the daily aggregates), a funnel over them is refused
 * with the range named, one over the kept days answers, and the settings' retention facts and
 * {@code /metrics} say what happened.
 */
class RawRetentionApiTest {
  static final String UA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36";
  TestServer server;
  Map<String, String> admin;

  @BeforeEach
  void start() {
    server = TestServer.start();
    admin = Map.of("Authorization", "Bearer " + server.adminToken());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String track(String name, Instant at, String path) {
    return "{\"event\":\""
        + name
        + "\",\"timestamp\":\""
        + at
        + "\",\"context\":{\"url\":\"https://r.example"
        + path
        + "\"}}";
  }

  private long events(String siteId, String range) {
    TestServer.Response r =
        server.post(
            "/api/query",
            "{\"site_id\":\""
                + siteId
                + "\",\"metrics\":[\"events\"],\"date_range\":"
                + range
                + "}",
            admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().at("/results/0/metrics/0").asLong();
  }

  private TestServer.Response funnel(String siteId, String range) {
    return server.post(
        "/api/funnels",
        "{\"site_id\":\""
            + siteId
            + "\",\"date_range\":"
            + range
            + ",\"unit\":\"visit\",\"steps\":[{\"page\":\"/a\"},{\"event\":\"signup\"}]}",
        admin);
  }

  @Test
  void anEventPastTheSitesRetentionIsDeletedAtStartAndItsDaysAnswerFromTheAggregates()
      throws Exception {
    TestServer.SiteKeys site = server.createSite("Retention", "r.example", "UTC");
    server.patchSite(site.id(), "{\"retention_days\":1}");
    Instant now = Instant.now();
    Instant old = now.minus(5, ChronoUnit.DAYS);
    String batch =
        "{\"batch\":["
            + String.join(
                ",",
                track("pageview", old, "/a"),
                track("signup", old.plusSeconds(60), "/a"),
                track("pageview", old.plusSeconds(120), "/b"),
                track("pageview", now.minusSeconds(60), "/a"),
                track("signup", now.minusSeconds(30), "/a"))
            + "]}";
    TestServer.Response tracked =
        server.post(
            "/api/track", batch, Map.of("User-Agent", UA, "X-Footfall-Site", site.writeKey()));
    assertThat(tracked.status()).as(tracked.body()).isEqualTo(202);
    assertThat(server.events(site.id())).hasSize(5);
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    String week = "[\"" + today.minusDays(6) + "\",\"" + today + "\"]";
    String oldDays = "[\"" + today.minusDays(6) + "\",\"" + today.minusDays(2) + "\"]";
    String kept = "[\"" + today.minusDays(1) + "\",\"" + today + "\"]";
    assertThat(events(site.id(), week)).isEqualTo(5);
    assertThat(funnel(site.id(), week).status()).isEqualTo(200);

    // The job runs when the server starts.
    server.restart();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (server.events(site.id()).size() > 2 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }

    assertThat(server.events(site.id()))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.timestamp()).isAfter(now.minus(2, ChronoUnit.DAYS)));
    assertThat(events(site.id(), oldDays)).as("from the daily aggregates").isEqualTo(3);
    assertThat(events(site.id(), week)).isEqualTo(5);
    TestServer.Response refused = funnel(site.id(), week);
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.json().at("/error/code").asText()).isEqualTo("past_raw_retention");
    assertThat(refused.json().at("/error/field").asText()).isEqualTo("date_range");
    assertThat(refused.json().at("/error/message").asText())
        .contains("starts on " + today.minusDays(1) + " or later");
    TestServer.Response answered = funnel(site.id(), kept);
    assertThat(answered.status()).as(answered.body()).isEqualTo(200);
    assertThat(answered.json().at("/steps/1/count").asLong()).isEqualTo(1);

    // A cohort whose window reaches past the horizon says so instead of counting fewer people.
    TestServer.Response cohort =
        server.post(
            "/api/admin/sites/" + site.id() + "/cohorts",
            "{\"name\":\"Signed up this week\",\"conditions\":[{\"type\":\"performed\","
                + "\"step\":{\"event\":\"signup\"},\"within_days\":7}]}",
            admin);
    assertThat(cohort.status()).as(cohort.body()).isIn(200, 201);
    TestServer.Response ofCohort =
        server.post(
            "/api/query",
            "{\"site_id\":\""
                + site.id()
                + "\",\"metrics\":[\"events\"],\"date_range\":"
                + kept
                + ",\"filters\":[[\"is\",\"segment\",[\""
                + cohort.json().get("id").asText()
                + "\"]]]}",
            admin);
    assertThat(ofCohort.status()).as(ofCohort.body()).isEqualTo(400);
    assertThat(ofCohort.json().at("/error/code").asText()).isEqualTo("past_raw_retention");

    TestServer.Response facts = server.get("/api/admin/sites/" + site.id() + "/retention", admin);
    assertThat(facts.status()).as(facts.body()).isEqualTo(200);
    assertThat(facts.json().get("retention_days").asInt()).isEqualTo(1);
    assertThat(facts.json().get("oldest_raw_day").asText()).isEqualTo(today.toString());
    assertThat(facts.json().get("keeps_raw_from").asText())
        .isEqualTo(today.minusDays(1).toString());
    assertThat(facts.json().get("raw_horizon").asText())
        .isEqualTo(today.minusDays(1) + "T00:00:00Z");
    assertThat(facts.json().get("aggregate_retention_days").asInt())
        .isEqualTo(io.footfall.core.Site.DEFAULT_AGGREGATE_RETENTION_DAYS);
    String metrics = server.get("/metrics", admin).body();
    assertThat(metrics).contains("footfall_retention_events_deleted_total 3.0");
    // The daily totals are kept at least as long as the raw events.
    TestServer.Response shorter =
        server.send(
            "PATCH",
            "/api/admin/sites/" + site.id(),
            "{\"retention_days\":30,\"aggregate_retention_days\":10}",
            admin);
    assertThat(shorter.status()).isEqualTo(400);
    assertThat(shorter.json().at("/error/field").asText()).isEqualTo("aggregate_retention_days");
    assertThat(shorter.json().at("/error/message").asText()).contains("30 (retention_days)");
  }
}
