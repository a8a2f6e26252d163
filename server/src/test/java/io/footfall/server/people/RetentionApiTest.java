package io.footfall.server.people;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.core.Event;
import io.footfall.core.MutableClock;
import io.footfall.core.people.EventMatch;
import io.footfall.core.people.Retention;
import io.footfall.core.people.RetentionOracle;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import io.footfall.server.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention over real HTTP: people's events sent to the collector come back as cohorts from {@code
 * POST /api/retention}, as {@link RetentionOracle} computes them from the stored events; bad input
 * is refused naming the field. On the embedded store here; {@code ClickHouseRetentionApiTest} runs
 * the same on ClickHouse.
 */
class RetentionApiTest {
  static final String BROWSER =
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final Instant START = LocalDate.of(2026, 2, 23).atStartOfDay(BERLIN).toInstant();

  MutableClock clock;
  TestServer server;
  TestServer.SiteKeys site;

  TestServer startServer(MutableClock clock) {
    return TestServer.start(clock);
  }

  @BeforeEach
  void start() {
    clock = new MutableClock(START);
    server = startServer(clock);
    site = server.createSite("Retention", "shop.example", "Europe/Berlin");
    server.patchSite(site.id(), "{\"consent_mode\":true}");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void track(String id, String name, Instant at, String user, String anonymous) {
    track(id, name, at, user, anonymous, "", "");
  }

  private void track(
      String id,
      String name,
      Instant at,
      String user,
      String anonymous,
      String referrer,
      String userProperties) {
    clock.set(at);
    String actor =
        user.isEmpty()
            ? "{\"anonymous_id\":\"" + anonymous + "\"}"
            : "{\"user_id\":\"" + user + "\",\"anonymous_id\":\"" + anonymous + "\"}";
    TestServer.Response r =
        server.post(
            "/api/track",
            "{\"event\":\""
                + name
                + "\",\"id\":\""
                + id
                + "\",\"timestamp\":"
                + at.toEpochMilli()
                + ",\"actor\":"
                + actor
                + (userProperties.isEmpty() ? "" : ",\"user_properties\":" + userProperties)
                + ",\"context\":{\"url\":\"https://shop.example/app\""
                + (referrer.isEmpty() ? "" : ",\"referrer\":\"" + referrer + "\"")
                + "}}",
            Map.of("X-Footfall-Site", site.writeKey(), "User-Agent", BROWSER));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
  }

  private TestServer.Response retention(String body) {
    return server.post(
        "/api/retention", body, Map.of("Authorization", "Bearer " + server.adminToken()));
  }

  private static EventMatch named(String name) {
    return new EventMatch(
        name,
        List.of(new Filter(Filter.Op.IS, Dimension.of(Dimension.Kind.NAME), false, List.of(name))));
  }

  @Test
  void answersCohortsAsTheOracleDoes() throws Exception {
    Random random = new Random(16_5);
    int sent = 0;
    List<Instant> times = new ArrayList<>();
    for (int u = 0; u < 14; u++) {
      Instant signup =
          START.plus(Duration.ofDays(random.nextInt(40))).plusSeconds(random.nextInt(86_400));
      times.add(signup);
      for (int i = random.nextInt(6); i >= 0; i--) {
        times.add(
            signup.plus(Duration.ofDays(random.nextInt(30))).plusSeconds(random.nextInt(86_400)));
      }
    }
    times.sort(null);
    // Each time is someone's: the first one of a person is their signup, the later ones logins.
    java.util.Map<String, Boolean> signedUp = new java.util.HashMap<>();
    for (Instant at : times) {
      String user = "user-" + random.nextInt(14);
      boolean first = signedUp.putIfAbsent(user, true) == null;
      String referrer =
          List.of("", "https://www.google.com/", "https://duckduckgo.com/", "")
              .get(random.nextInt(4));
      int u = Integer.parseInt(user.substring("user-".length()));
      String plan =
          !first || u % 3 == 0 ? "" : "{\"plan\":\"" + (u % 3 == 1 ? "pro" : "free") + "\"}";
      track("e" + sent, first ? "signup" : "login", at, user, "anon-" + user, referrer, plan);
      sent++;
      if (random.nextInt(4) == 0) {
        // An anonymous visitor's login, never linked: nobody's.
        track("x" + sent, "login", at.plusSeconds(5), "", "stranger-" + sent);
        sent++;
      }
    }
    Instant now = LocalDate.of(2026, 4, 10).atStartOfDay(BERLIN).toInstant().plusSeconds(3_600);
    clock.set(now);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (server.counts(site.id()).events() < sent && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(server.counts(site.id()).events()).isEqualTo(sent);

    RetentionOracle oracle = new RetentionOracle();
    List<Event> stored = server.events(site.id());
    oracle.written(stored, List.of());
    for (String mode : List.of("on", "on_or_after")) {
      for (String period : List.of("day", "week", "month")) {
        TestServer.Response r =
            retention(
                "{\"site_id\":\""
                    + site.id()
                    + "\",\"date_range\":[\"2026-02-23\",\"2026-03-29\"],"
                    + "\"start\":{\"event\":\"signup\"},\"return\":{\"event\":\"login\"},"
                    + "\"period\":\""
                    + period
                    + "\",\"periods\":5,\"mode\":\""
                    + mode
                    + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("unit").asText()).isEqualTo("person");
        assertThat(body.get("meta").get("time_zone").asText()).isEqualTo("Europe/Berlin");
        Retention.Query q =
            new Retention.Query(
                site.id(),
                START,
                LocalDate.of(2026, 3, 30).atStartOfDay(BERLIN).toInstant(),
                BERLIN,
                named("signup"),
                named("login"),
                Retention.Period.valueOf(period.toUpperCase(java.util.Locale.ROOT)),
                5,
                Retention.Mode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)),
                List.of(),
                now);
        Retention.Result expected = oracle.retention(q);
        assertThat(expected.cohorts()).isNotEmpty();
        List<String> got = new ArrayList<>();
        body.get("cohorts")
            .forEach(
                c -> {
                  StringBuilder row = new StringBuilder(c.get("cohort").asText());
                  row.append(" size ").append(c.get("size").asLong());
                  c.get("values")
                      .forEach(
                          v ->
                              row.append(' ')
                                  .append(v.get("people").asLong())
                                  .append(v.get("complete").asBoolean() ? "" : "?"));
                  got.add(row.toString());
                });
        List<String> want = new ArrayList<>();
        for (Retention.Cohort c : expected.cohorts()) {
          StringBuilder row = new StringBuilder(c.start().toString());
          row.append(" size ").append(c.size());
          c.values()
              .forEach(v -> row.append(' ').append(v.people()).append(v.complete() ? "" : "?"));
          want.add(row.toString());
        }
        assertThat(got).as(mode + " " + period).isEqualTo(want);
      }
    }
    // Split by the source of each person's first signup in the range.
    TestServer.Response split =
        retention(
            "{\"site_id\":\""
                + site.id()
                + "\",\"date_range\":[\"2026-02-23\",\"2026-03-29\"],"
                + "\"start\":{\"event\":\"signup\"},\"return\":{\"event\":\"login\"},"
                + "\"periods\":3,\"breakdown\":\"source\"}");
    assertThat(split.status()).as(split.body()).isEqualTo(200);
    Retention.Result bySource =
        oracle.retention(
            new Retention.Query(
                site.id(),
                START,
                LocalDate.of(2026, 3, 30).atStartOfDay(BERLIN).toInstant(),
                BERLIN,
                named("signup"),
                named("login"),
                Retention.Period.WEEK,
                3,
                Retention.Mode.ON,
                List.of(),
                now,
                Retention.Breakdown.SOURCE));
    List<String> groups = new ArrayList<>();
    split
        .json()
        .get("cohorts")
        .forEach(
            c ->
                groups.add(
                    c.get("group").asText()
                        + " "
                        + c.get("cohort").asText()
                        + " "
                        + c.get("size").asLong()
                        + " "
                        + c.get("values").get(1).get("people").asLong()));
    List<String> wantGroups = new ArrayList<>();
    bySource
        .cohorts()
        .forEach(
            c ->
                wantGroups.add(
                    c.group()
                        + " "
                        + c.start()
                        + " "
                        + c.size()
                        + " "
                        + c.values().get(1).people()));
    assertThat(groups).isEqualTo(wantGroups);
    assertThat(groups)
        .anyMatch(g -> g.startsWith("Google "))
        .anyMatch(g -> g.startsWith("(none) "));

    // Split by the people's current plan: the oracle reads the plans the people API answers.
    JsonNode everyone =
        server
            .get(
                "/api/people?site_id=" + site.id() + "&limit=500",
                Map.of("Authorization", "Bearer " + server.adminToken()))
            .json()
            .get("results");
    List<io.footfall.core.people.PersonUpdate> plans = new ArrayList<>();
    everyone.forEach(
        p -> {
          JsonNode plan = p.get("properties").get("plan");
          if (plan != null) {
            plans.add(
                new io.footfall.core.people.PersonUpdate(
                    site.id(),
                    p.get("user_id").asText(),
                    START,
                    "plan-" + plans.size(),
                    0,
                    List.of(io.footfall.core.people.PropertyChange.set("plan", plan.toString()))));
          }
        });
    assertThat(plans).isNotEmpty();
    RetentionOracle withPlans = new RetentionOracle();
    withPlans.written(stored, plans);
    TestServer.Response byPlan =
        retention(
            "{\"site_id\":\""
                + site.id()
                + "\",\"date_range\":[\"2026-02-23\",\"2026-03-29\"],"
                + "\"start\":{\"event\":\"signup\"},\"return\":{\"event\":\"login\"},"
                + "\"periods\":3,\"mode\":\"on_or_after\",\"breakdown\":\"property:plan\"}");
    assertThat(byPlan.status()).as(byPlan.body()).isEqualTo(200);
    assertThat(byPlan.json().get("breakdown").asText()).isEqualTo("property:plan");
    Retention.Result planned =
        withPlans.retention(
            new Retention.Query(
                site.id(),
                START,
                LocalDate.of(2026, 3, 30).atStartOfDay(BERLIN).toInstant(),
                BERLIN,
                named("signup"),
                named("login"),
                Retention.Period.WEEK,
                3,
                Retention.Mode.ON_OR_AFTER,
                List.of(),
                now,
                Retention.Breakdown.PROPERTY,
                "plan"));
    List<String> gotPlans = new ArrayList<>();
    byPlan
        .json()
        .get("cohorts")
        .forEach(
            c ->
                gotPlans.add(
                    c.get("group").asText()
                        + " "
                        + c.get("cohort").asText()
                        + " "
                        + c.get("size").asLong()
                        + " "
                        + c.get("values").get(1).get("people").asLong()));
    List<String> wantPlans = new ArrayList<>();
    planned
        .cohorts()
        .forEach(
            c ->
                wantPlans.add(
                    c.group()
                        + " "
                        + c.start()
                        + " "
                        + c.size()
                        + " "
                        + c.values().get(1).people()));
    assertThat(gotPlans).isEqualTo(wantPlans);
    assertThat(gotPlans).anyMatch(g -> g.startsWith("pro ")).anyMatch(g -> g.startsWith("(none) "));

    // Without a return step, the start step is the return too.
    TestServer.Response again =
        retention(
            "{\"site_id\":\""
                + site.id()
                + "\",\"date_range\":[\"2026-02-23\",\"2026-03-29\"],"
                + "\"start\":{\"event\":\"login\"},\"periods\":2}");
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().get("return").asText()).isEqualTo("login");
    assertThat(again.json().get("period").asText()).isEqualTo("week");
  }

  @Test
  void refusesBadInputNamingTheField() {
    String base =
        "\"site_id\":\"" + site.id() + "\",\"date_range\":\"30d\",\"start\":{\"event\":\"signup\"}";
    assertRefused(retention("{\"date_range\":\"30d\",\"start\":{\"event\":\"a\"}}"), "site_id");
    assertRefused(retention("{" + base + ",\"periods\":0}"), "periods");
    assertRefused(retention("{" + base + ",\"periods\":61}"), "periods");
    assertRefused(retention("{" + base + ",\"periods\":\"3\"}"), "periods");
    assertRefused(retention("{" + base + ",\"period\":\"year\"}"), "period");
    assertRefused(retention("{" + base + ",\"mode\":\"sometimes\"}"), "mode");
    assertRefused(retention("{" + base + ",\"breakdown\":\"plan\"}"), "breakdown");
    assertRefused(retention("{" + base + ",\"breakdown\":\"property:\"}"), "breakdown");
    assertRefused(retention("{" + base + ",\"breakdown\":\"property:a b\"}"), "breakdown");
    assertRefused(retention("{" + base + ",\"colour\":\"red\"}"), "colour");
    assertRefused(retention("{" + base + ",\"return\":{\"goal\":\"Nope\"}}"), "return.goal");
    assertRefused(retention("{" + base + ",\"return\":{}}"), "return");
    assertRefused(retention("{\"site_id\":\"" + site.id() + "\",\"date_range\":\"30d\"}"), "start");
    assertRefused(
        retention(
            "{\"site_id\":\""
                + site.id()
                + "\",\"date_range\":\"soon\",\"start\":{\"event\":\"a\"}}"),
        "date_range");
    TestServer.Response tooLong =
        retention(
            "{\"site_id\":\""
                + site.id()
                + "\",\"date_range\":[\"2024-01-01\",\"2026-01-31\"],"
                + "\"start\":{\"event\":\"a\"},\"period\":\"day\"}");
    assertRefused(tooLong, "date_range");
    assertThat(tooLong.body()).contains("at most " + Retention.MAX_COHORTS);
    TestServer.Response limit = retention("{" + base + ",\"periods\":99}");
    assertThat(limit.body()).contains("1 to " + Retention.MAX_PERIODS);
  }

  private static void assertRefused(TestServer.Response r, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("error").get("field").asText()).as(r.body()).isEqualTo(field);
  }
}
