package io.footfall.server.people;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.server.TestServer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Funnels over real HTTP: generated people go through a three-step funnel (signup, the pricing
 * page, the goal Purchase) as far as each was made to, and the API counts them, their median and
 * 90th percentile times, per person and per visit, and with the previous period; who may read a
 * funnel depends on its unit; bad input is refused naming the field. On the embedded store here;
 * {@code ClickHouseFunnelApiTest} runs the same on ClickHouse.
 */
class FunnelApiTest {
  static final String BROWSER =
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  TestServer server;
  TestServer.SiteKeys site;
  Map<String, String> admin;

  TestServer startServer() {
    return TestServer.start();
  }

  @BeforeEach
  void start() {
    server = startServer();
    site = server.createSite("Shop", "shop.example", "UTC");
    // Consented anonymous ids give each person a visitor of their own (their visits apart).
    server.patchSite(site.id(), "{\"consent_mode\":true}");
    admin = Map.of("Authorization", "Bearer " + server.adminToken());
    TestServer.Response goal =
        server.post(
            "/api/admin/sites/" + site.id() + "/goals",
            "{\"name\":\"Purchase\",\"type\":\"event\",\"event_name\":\"purchase\"}",
            admin);
    assertThat(goal.status()).as(goal.body()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void track(String event, String id, String user, long at, String path) {
    TestServer.Response r =
        server.post(
            "/api/track",
            "{\"event\":\""
                + event
                + "\",\"id\":\""
                + id
                + "\",\"timestamp\":"
                + at
                + ",\"actor\":{\"user_id\":\""
                + user
                + "\",\"anonymous_id\":\"anon-"
                + user
                + "\"},\"context\":{\"url\":\"https://shop.example"
                + path
                + "\"}}",
            Map.of("X-Footfall-Site", site.writeKey(), "User-Agent", BROWSER));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
  }

  /** An event of the user that changes their properties ({@code user_properties}, JSON). */
  private void trackWithProperties(
      String event, String id, String user, long at, String path, String userProperties) {
    TestServer.Response r =
        server.post(
            "/api/track",
            "{\"event\":\""
                + event
                + "\",\"id\":\""
                + id
                + "\",\"timestamp\":"
                + at
                + ",\"actor\":{\"user_id\":\""
                + user
                + "\",\"anonymous_id\":\"anon-"
                + user
                + "\"},\"context\":{\"url\":\"https://shop.example"
                + path
                + "\"},\"user_properties\":"
                + userProperties
                + "}",
            Map.of("X-Footfall-Site", site.writeKey(), "User-Agent", BROWSER));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
  }

  private String body(String unit, String extra) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return "{\"site_id\":\""
        + site.id()
        + "\",\"date_range\":[\""
        + today.minusDays(1)
        + "\",\""
        + today
        + "\"],\"unit\":\""
        + unit
        + "\",\"window_seconds\":3600,\"steps\":[{\"event\":\"signup\"},{\"page\":\"/pricing\"},"
        + "{\"goal\":\"Purchase\"}]"
        + extra
        + "}";
  }

  private JsonNode funnel(String body) {
    TestServer.Response r = server.post("/api/funnels", body, admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void countsGeneratedPeopleThroughTheStepsTheyWereMadeToReach() {
    Random random = new Random(1207);
    long now = System.currentTimeMillis();
    int people = 12 + random.nextInt(8);
    long[] reached = new long[3];
    List<List<Long>> gaps = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int p = 0; p < people; p++) {
      String user = "user-" + p;
      int steps = 1 + random.nextInt(3);
      // Each person's steps lie within ten minutes: one visit, well inside the window.
      long at = now - 3_600_000L - random.nextInt(3_600) * 1000L;
      track("signup", "s" + p, user, at, "/");
      reached[0]++;
      if (steps >= 2) {
        long gap = 1L + random.nextInt(300);
        at += gap * 1000;
        track("pageview", "v" + p, user, at, "/pricing");
        reached[1]++;
        gaps.get(1).add(gap);
      }
      if (steps == 3) {
        long gap = 1L + random.nextInt(300);
        at += gap * 1000;
        track("purchase", "b" + p, user, at, "/checkout");
        reached[2]++;
        gaps.get(2).add(gap);
      }
    }

    JsonNode answer = funnel(body("person", ",\"compare\":\"previous_period\""));
    assertThat(answer.get("unit").asText()).isEqualTo("person");
    assertThat(answer.get("order").asText()).isEqualTo("ordered");
    assertThat(answer.get("window_seconds").asLong()).isEqualTo(3600);
    JsonNode steps = answer.get("steps");
    assertThat(steps).hasSize(3);
    for (int k = 0; k < 3; k++) {
      JsonNode s = steps.get(k);
      assertThat(s.get("count").asLong()).as("step %d", k + 1).isEqualTo(reached[k]);
      assertThat(s.get("conversion_from_first").asDouble())
          .isCloseTo((double) reached[k] / reached[0], org.assertj.core.data.Offset.offset(1e-4));
      if (k == 0) {
        assertThat(s.get("median_seconds").isNull()).isTrue();
        continue;
      }
      assertThat(s.get("dropped").asLong()).isEqualTo(reached[k - 1] - reached[k]);
      List<Long> g = new ArrayList<>(gaps.get(k));
      g.sort(null);
      assertThat(s.get("median_seconds").asDouble())
          .isEqualTo(g.get((g.size() + 1) / 2 - 1).doubleValue());
      assertThat(s.get("p90_seconds").asDouble())
          .isEqualTo(g.get((9 * g.size() + 9) / 10 - 1).doubleValue());
    }
    assertThat(steps.get(1).get("label").asText()).isEqualTo("/pricing");
    // Who dropped after step 2: the people made to stop there, as their ids are stored.
    JsonNode dropped = funnel(body("person", ",\"dropped_after\":2")).get("dropped_people");
    assertThat(dropped.get("after_step").asInt()).isEqualTo(2);
    assertThat(dropped.get("user_ids")).hasSize((int) (reached[1] - reached[2]));
    JsonNode before = answer.get("comparison");
    assertThat(before.get("date_range")).hasSize(2);
    assertThat(before.get("steps").get(0).get("count").asLong()).isZero();

    // Each person's events are one visit: the same counts per visit.
    JsonNode visits = funnel(body("visit", ""));
    assertThat(visits.get("unit").asText()).isEqualTo("visit");
    for (int k = 0; k < 3; k++) {
      assertThat(visits.get("steps").get(k).get("count").asLong()).isEqualTo(reached[k]);
    }
    assertThat(visits.get("comparison").isNull()).isTrue();

    // A strict funnel: nothing comes between a person's steps, so the same again.
    assertThat(
            funnel(body("person", ",\"order\":\"strict\""))
                .get("steps")
                .get(2)
                .get("count")
                .asLong())
        .isEqualTo(reached[2]);
  }

  /**
   * Split by the page of step 1: each generated person signs up on one of three landing pages, and
   * each page's group counts its people at every step, most people first, at most the limit; a
   * property nobody sent puts everyone in {@code (none)}.
   */
  @Test
  void splitsPeopleByThePageOfTheirFirstStep() {
    Random random = new Random(1208);
    long now = System.currentTimeMillis();
    String[] pages = {"/landing-a", "/landing-b", "/landing-c"};
    Map<String, long[]> reached = new java.util.TreeMap<>();
    for (int p = 0; p < 24; p++) {
      String user = "split-" + p;
      String page = pages[random.nextInt(random.nextInt(3) + 1)];
      int steps = 1 + random.nextInt(3);
      long at = now - 3_600_000L - random.nextInt(3_600) * 1000L;
      long[] r = reached.computeIfAbsent(page, k -> new long[3]);
      track("signup", "s" + p, user, at, page);
      r[0]++;
      if (steps >= 2) {
        track("pageview", "v" + p, user, at + 5_000, "/pricing");
        r[1]++;
      }
      if (steps == 3) {
        track("purchase", "b" + p, user, at + 9_000, "/checkout");
        r[2]++;
      }
    }
    List<String> order = new ArrayList<>(reached.keySet());
    order.sort((a, b) -> Long.compare(reached.get(b)[0], reached.get(a)[0]));

    JsonNode answer = funnel(body("person", ",\"breakdown\":\"event:page\""));
    JsonNode split = answer.get("breakdown");
    assertThat(split.get("dimension").asText()).isEqualTo("event:page");
    assertThat(split.get("limit").asInt()).isEqualTo(25);
    JsonNode groups = split.get("groups");
    assertThat(groups).hasSize(reached.size());
    for (int i = 0; i < groups.size(); i++) {
      JsonNode g = groups.get(i);
      assertThat(g.get("value").asText()).isEqualTo(order.get(i));
      long[] r = reached.get(order.get(i));
      for (int k = 0; k < 3; k++) {
        JsonNode step = g.get("steps").get(k);
        assertThat(step.get("count").asLong())
            .as("%s step %d", order.get(i), k + 1)
            .isEqualTo(r[k]);
        assertThat(step.get("conversion_from_first").asDouble())
            .isCloseTo((double) r[k] / r[0], org.assertj.core.data.Offset.offset(1e-4));
        if (k > 0 && r[k] > 0) {
          assertThat(step.get("median_seconds").asDouble()).isEqualTo(k == 1 ? 5.0 : 4.0);
        }
      }
    }
    JsonNode top = funnel(body("person", ",\"breakdown\":\"page\",\"breakdown_limit\":1"));
    assertThat(top.get("breakdown").get("groups")).hasSize(1);
    assertThat(top.get("breakdown").get("groups").get(0).get("value").asText())
        .isEqualTo(order.getFirst());
    JsonNode none = funnel(body("visit", ",\"breakdown\":\"event:props:plan\""));
    assertThat(none.get("breakdown").get("groups")).hasSize(1);
    assertThat(none.get("breakdown").get("groups").get(0).get("value").asText())
        .isEqualTo("(none)");
    assertThat(none.get("breakdown").get("groups").get(0).get("steps").get(0).get("count").asLong())
        .isEqualTo(24);
    assertThat(funnel(body("person", "")).get("breakdown").isNull()).isTrue();
  }

  /**
   * Split by a person property: each generated person's plan is set on their signup and changed
   * afterwards (set again, unset, or a set once that changes nothing), and they count under their
   * current plan, {@code (none)} without one; the previous period, with people of its own, splits
   * the same way.
   */
  @Test
  void splitsPeopleByTheirCurrentPersonProperty() {
    Random random = new Random(1209);
    long now = System.currentTimeMillis();
    String[] plans = {"pro", "free", "team", null};
    Map<String, long[]> reached = new java.util.TreeMap<>();
    Map<String, long[]> earlier = new java.util.TreeMap<>();
    for (int p = 0; p < 30; p++) {
      String user = "plan-" + p;
      boolean previous = p % 5 == 4;
      String plan = plans[random.nextInt(plans.length)];
      int steps = previous ? 1 : 1 + random.nextInt(3);
      long at =
          previous
              ? now - 60 * 3_600_000L - random.nextInt(3_600) * 1000L
              : now - 3_600_000L - random.nextInt(3_600) * 1000L;
      long[] r =
          (previous ? earlier : reached)
              .computeIfAbsent(plan == null ? "(none)" : plan, k -> new long[3]);
      // The plan at the signup is another one: the split reads the current value.
      String decoy = plans[random.nextInt(3)];
      trackWithProperties("signup", "s" + p, user, at, "/", "{\"plan\":\"" + decoy + "\"}");
      r[0]++;
      if (steps >= 2) {
        track("pageview", "v" + p, user, at + 5_000, "/pricing");
        r[1]++;
      }
      if (steps == 3) {
        track("purchase", "b" + p, user, at + 9_000, "/checkout");
        r[2]++;
      }
      String change =
          plan == null
              ? "{\"$unset\":[\"plan\"]}"
              : "{\"$set\":{\"plan\":\""
                  + plan
                  + "\"},\"$set_once\":{\"plan\":\""
                  + decoy
                  + "-once\"}}";
      trackWithProperties("profile", "c" + p, user, at + 20_000, "/account", change);
    }

    JsonNode answer =
        funnel(body("person", ",\"breakdown\":\"property:plan\",\"compare\":\"previous_period\""));
    assertThat(answer.get("breakdown").get("dimension").asText()).isEqualTo("property:plan");
    assertGroups(answer.get("breakdown").get("groups"), reached);
    JsonNode before = answer.get("comparison").get("breakdown");
    assertThat(before.get("dimension").asText()).isEqualTo("property:plan");
    assertGroups(before.get("groups"), earlier);
  }

  /** The groups are the expected ones, most people at step 1 first (ties by value), counted. */
  private static void assertGroups(JsonNode groups, Map<String, long[]> expected) {
    List<String> order = new ArrayList<>(expected.keySet());
    order.sort((a, b) -> Long.compare(expected.get(b)[0], expected.get(a)[0]));
    assertThat(groups).hasSize(expected.size());
    for (int i = 0; i < groups.size(); i++) {
      JsonNode g = groups.get(i);
      assertThat(g.get("value").asText()).isEqualTo(order.get(i));
      for (int k = 0; k < 3; k++) {
        assertThat(g.get("steps").get(k).get("count").asLong())
            .as("%s step %d", order.get(i), k + 1)
            .isEqualTo(expected.get(order.get(i))[k]);
      }
    }
  }

  @Test
  void aFunnelOfVisitsIsReadLikeAReportAndOneOfPeopleOnlyByPeopleReaders() {
    String org =
        server.get("/api/admin/sites/" + site.id(), admin).json().get("organization_id").asText();
    String key =
        server
            .post(
                "/api/admin/organizations/" + org + "/api-keys",
                "{\"name\":\"reader\",\"scopes\":[\"read:stats\"]}",
                admin)
            .json()
            .get("key")
            .asText();
    Map<String, String> reader = Map.of("Authorization", "Bearer " + key);
    assertThat(server.post("/api/funnels", body("visit", ""), reader).status()).isEqualTo(200);
    TestServer.Response people = server.post("/api/funnels", body("person", ""), reader);
    assertThat(people.status()).as(people.body()).isEqualTo(403);
    assertThat(server.post("/api/funnels", body("visit", ""), Map.of()).status()).isEqualTo(401);
  }

  @Test
  void refusesBadInputNamingTheField() {
    String s = "{\"site_id\":\"" + site.id() + "\",";
    String two = "\"steps\":[{\"event\":\"a\"},{\"event\":\"b\"}]";
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("{" + two + "}", "site_id");
    cases.put(s + "\"date_range\":\"7d\"}", "steps");
    cases.put(s + "\"steps\":[{\"event\":\"a\"}]}", "steps");
    cases.put(s + "\"steps\":[" + "{\"event\":\"a\"},".repeat(10) + "{\"event\":\"a\"}]}", "steps");
    cases.put(s + "\"steps\":[{\"event\":\"a\"},{\"goal\":\"Nope\"}]}", "steps[1].goal");
    cases.put(s + "\"steps\":[{\"event\":\"a\"},{\"page\":\"pricing\"}]}", "steps[1].page");
    cases.put(s + two + ",\"window_seconds\":0}", "window_seconds");
    cases.put(s + two + ",\"window_seconds\":7776001}", "window_seconds");
    cases.put(s + two + ",\"window_seconds\":1.5}", "window_seconds");
    cases.put(s + two + ",\"unit\":\"visitor\"}", "unit");
    cases.put(s + two + ",\"order\":\"sometimes\"}", "order");
    cases.put(s + two + ",\"compare\":\"last_year\"}", "compare");
    cases.put(s + two + ",\"date_range\":\"fortnight\"}", "date_range");
    cases.put(
        s + two + ",\"exclusions\":[" + "{\"event\":\"x\"},".repeat(5) + "{\"event\":\"x\"}]}",
        "exclusions");
    cases.put(s + two + ",\"exclusions\":[{\"event\":\"\"}]}", "exclusions[0].event");
    cases.put(s + two + ",\"breakdown\":\"visit:entry_page\"}", "breakdown");
    cases.put(s + two + ",\"breakdown\":\"time:day\"}", "breakdown");
    cases.put(s + two + ",\"breakdown\":\"event:goal\"}", "breakdown");
    cases.put(s + two + ",\"breakdown\":\"visit:nope\"}", "breakdown");
    cases.put(s + two + ",\"breakdown\":7}", "breakdown");
    cases.put(s + two + ",\"breakdown\":\"property:\"}", "breakdown");
    cases.put(s + two + ",\"breakdown\":\"property:a b\"}", "breakdown");
    cases.put(s + two + ",\"breakdown\":\"property:plan\",\"unit\":\"visit\"}", "breakdown");
    cases.put(s + two + ",\"breakdown\":\"page\",\"breakdown_limit\":0}", "breakdown_limit");
    cases.put(s + two + ",\"breakdown\":\"page\",\"breakdown_limit\":101}", "breakdown_limit");
    cases.put(s + two + ",\"breakdown_limit\":5}", "breakdown_limit");
    cases.put(s + two + ",\"split\":\"page\"}", "split");
    cases.put(s + two + ",\"date_range\":\"7d\",\"dropped_after\":2}", "dropped_after");
    cases.put(
        s + two + ",\"date_range\":\"7d\",\"unit\":\"visit\",\"dropped_after\":1}",
        "dropped_after");
    cases.forEach(
        (body, field) -> {
          TestServer.Response r = server.post("/api/funnels", body, admin);
          assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(400);
          assertThat(r.json().get("error").get("field").asText()).as(body).isEqualTo(field);
        });
    // An unknown breakdown is answered with the names a funnel can be split by.
    TestServer.Response unknown =
        server.post("/api/funnels", s + two + ",\"breakdown\":\"visit:nope\"}", admin);
    assertThat(unknown.body()).contains("visit:source", "event:props:<key>", "visit:nope");
    assertThat(unknown.body()).doesNotContain("visit:entry_page", "time:day");
    assertThat(unknown.body()).contains("property:<name>");
    // A person property splits people: a funnel of visits is told why it cannot.
    TestServer.Response ofVisits =
        server.post(
            "/api/funnels",
            s + two + ",\"unit\":\"visit\",\"breakdown\":\"property:plan\"}",
            admin);
    assertThat(ofVisits.json().get("error").get("message").asText())
        .contains("\"unit\":\"person\"", "visit has no person");
    TestServer.Response tooMany =
        server.post(
            "/api/funnels", s + two + ",\"breakdown\":\"page\",\"breakdown_limit\":101}", admin);
    assertThat(tooMany.body()).contains("1 to 100");
  }
}
