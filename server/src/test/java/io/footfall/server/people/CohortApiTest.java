package io.footfall.server.people;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.server.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cohorts over real HTTP: made, read with their size, changed and deleted; a static list of clear
 * user ids selects the same people the collector stored under keyed hashes; the people list keeps a
 * cohort's members ({@code segment=}); the size over time counts members at each day's end; bad
 * input is refused naming the field and the limit.
 */
class CohortApiTest {
  static final String BROWSER =
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  static final ObjectMapper JSON = new ObjectMapper();
  TestServer server;
  TestServer.SiteKeys site;
  Map<String, String> admin;

  @BeforeEach
  void start() {
    server = TestServer.start();
    site = server.createSite("Cohorts", "shop.example", "UTC");
    admin = Map.of("Authorization", "Bearer " + server.adminToken());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void track(String user, String event, long at) {
    TestServer.Response r =
        server.post(
            "/api/track",
            "{\"event\":\""
                + event
                + "\",\"timestamp\":"
                + at
                + ",\"actor\":{\"user_id\":\""
                + user
                + "\"},\"context\":{\"url\":\"https://shop.example/\"}}",
            // A browser of its own per user: cookieless visitors (and so visits) are told apart by
            // address and user agent, and every request here comes from the same address.
            Map.of(
                "X-Footfall-Site",
                site.writeKey(),
                "User-Agent",
                BROWSER.replace("128", user.substring(5) + "28")));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
  }

  private String cohorts() {
    return "/api/admin/sites/" + site.id() + "/cohorts";
  }

  private TestServer.Response create(Object body) throws Exception {
    return server.post(cohorts(), JSON.writeValueAsString(body), admin);
  }

  private Set<String> members(String cohortId) {
    TestServer.Response r =
        server.get("/api/people?site_id=" + site.id() + "&segment=" + cohortId, admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Set<String> ids = new TreeSet<>();
    r.json().get("results").forEach(p -> ids.add(p.get("user_id").asText()));
    return ids;
  }

  private Map<String, String> storedIds() {
    // Each user did one 'login' per index: user-1 once, user-2 twice, ...; the stored id is the
    // only one with that many events.
    JsonNode list = server.get("/api/people?site_id=" + site.id(), admin).json();
    Map<String, String> byEvents = new java.util.HashMap<>();
    list.get("results")
        .forEach(p -> byEvents.put("user-" + p.get("events").asInt(), p.get("user_id").asText()));
    return byEvents;
  }

  @Test
  void makesReadsChangesAndDeletesCohortsAndListsTheirMembers() throws Exception {
    long now = System.currentTimeMillis();
    for (int u = 1; u <= 4; u++) {
      for (int n = 0; n < u; n++) {
        track("user-" + u, "login", now - 3_600_000L * (n + 1));
      }
    }
    Map<String, String> stored = storedIds();
    assertThat(stored).hasSize(4);
    assertThat(stored.get("user-1")).isNotEqualTo("user-1"); // the site keeps keyed hashes

    TestServer.Response often =
        create(
            Map.of(
                "name",
                "Logged in 3 times",
                "conditions",
                List.of(
                    Map.of(
                        "type",
                        "performed",
                        "step",
                        Map.of("event", "login"),
                        "at_least",
                        3,
                        "within_days",
                        7))));
    assertThat(often.status()).as(often.body()).isEqualTo(201);
    String oftenId = often.json().get("id").asText();
    assertThat(members(oftenId))
        .containsExactlyInAnyOrder(stored.get("user-3"), stored.get("user-4"));
    // The statistics of the cohort's members only: user-3's 3 logins and user-4's 4.
    TestServer.Response stats =
        server.post(
            "/api/query",
            "{\"site_id\":\""
                + site.id()
                + "\",\"metrics\":[\"events\",\"visitors\"],\"date_range\":\"7d\","
                + "\"filters\":[[\"is\",\"segment\",[\""
                + oftenId
                + "\"]]]}",
            admin);
    assertThat(stats.status()).as(stats.body()).isEqualTo(200);
    assertThat(stats.json().at("/results/0/metrics/0").asLong()).isEqualTo(7);
    assertThat(stats.json().at("/query/filters/0/1").asText()).isEqualTo("segment");
    TestServer.Response all =
        server.post(
            "/api/query",
            "{\"site_id\":\"" + site.id() + "\",\"metrics\":[\"events\"],\"date_range\":\"7d\"}",
            admin);
    assertThat(all.json().at("/results/0/metrics/0").asLong()).isEqualTo(10);
    TestServer.Response missing =
        server.post(
            "/api/query",
            "{\"site_id\":\""
                + site.id()
                + "\",\"metrics\":[\"events\"],\"date_range\":\"7d\","
                + "\"filters\":[[\"is\",\"segment\",[\"c_nope\"]]]}",
            admin);
    assertThat(missing.status()).isEqualTo(404);
    // Funnels and retention of the members only.
    String funnel =
        "{\"site_id\":\""
            + site.id()
            + "\",\"date_range\":\"7d\",\"steps\":[{\"event\":\"login\"},{\"event\":\"login\"}]";
    assertThat(
            server.post("/api/funnels", funnel + "}", admin).json().at("/steps/0/count").asLong())
        .isEqualTo(4);
    TestServer.Response ofMembers =
        server.post("/api/funnels", funnel + ",\"segment\":\"" + oftenId + "\"}", admin);
    assertThat(ofMembers.status()).as(ofMembers.body()).isEqualTo(200);
    assertThat(ofMembers.json().at("/steps/0/count").asLong()).isEqualTo(2);
    TestServer.Response retention =
        server.post(
            "/api/retention",
            "{\"site_id\":\""
                + site.id()
                + "\",\"date_range\":\"7d\",\"period\":\"day\",\"start\":{\"event\":\"login\"},"
                + "\"segment\":\""
                + oftenId
                + "\"}",
            admin);
    assertThat(retention.status()).as(retention.body()).isEqualTo(200);
    long people = 0;
    for (JsonNode c : retention.json().get("cohorts")) {
      people += c.get("size").asLong();
    }
    assertThat(people).isEqualTo(2);
    JsonNode active =
        server
            .post(
                "/api/active-users",
                "{\"site_id\":\""
                    + site.id()
                    + "\",\"date_range\":\"7d\",\"segment\":\""
                    + oftenId
                    + "\"}",
                admin)
            .json();
    long newPeople = 0;
    for (JsonNode b : active.get("results")) {
      newPeople += b.get("new").asLong();
    }
    assertThat(newPeople).as(active.toString()).isEqualTo(2);
    String paths =
        "{\"site_id\":\""
            + site.id()
            + "\",\"date_range\":\"7d\",\"events\":\"all\",\"start\":{\"event\":\"login\"}";
    assertThat(server.post("/api/paths", paths + "}", admin).json().get("visits").asLong())
        .isEqualTo(10);
    assertThat(
            server
                .post("/api/paths", paths + ",\"segment\":\"" + oftenId + "\"}", admin)
                .json()
                .get("visits")
                .asLong())
        .isEqualTo(7);
    JsonNode one = server.get(cohorts() + "/" + oftenId, admin).json();
    assertThat(one.get("size").asLong()).isEqualTo(2);
    assertThat(one.get("unit").asText()).isEqualTo("person");

    // A static list of clear ids, as a pasted column: stored as the collector stores ids.
    TestServer.Response listed =
        create(
            Map.of(
                "name",
                "Beta testers",
                "conditions",
                List.of(Map.of("type", "static", "user_ids", "user-1\nuser-3,user-9\n"))));
    assertThat(listed.status()).as(listed.body()).isEqualTo(201);
    String listedId = listed.json().get("id").asText();
    assertThat(listed.json().at("/conditions/0/user_ids").asInt()).isEqualTo(3);
    assertThat(listed.body()).doesNotContain("user-1");
    assertThat(members(listedId))
        .containsExactlyInAnyOrder(stored.get("user-1"), stored.get("user-3"));

    TestServer.Response renamed =
        server.send(
            "PATCH",
            cohorts() + "/" + listedId,
            JSON.writeValueAsString(
                Map.of(
                    "name",
                    "Beta, not active",
                    "conditions",
                    List.of(
                        Map.of("type", "static", "user_ids", List.of("user-1", "user-3")),
                        Map.of(
                            "type",
                            "not_performed",
                            "step",
                            Map.of("event", "login"),
                            "within_days",
                            1)))),
            admin);
    assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
    assertThat(members(listedId)).isEmpty();
    List<String> names = new ArrayList<>();
    server.get(cohorts(), admin).json().forEach(c -> names.add(c.get("name").asText()));
    assertThat(names).containsExactly("Logged in 3 times", "Beta, not active");
    assertThat(
            create(
                    Map.of(
                        "name",
                        "Beta, not active",
                        "conditions",
                        List.of(Map.of("type", "static", "user_ids", List.of("x")))))
                .status())
        .isEqualTo(409);

    JsonNode sizes =
        server.get(cohorts() + "/" + oftenId + "/sizes?date_range=7d&interval=day", admin).json();
    assertThat(sizes.get("results")).hasSize(7);
    JsonNode last = sizes.get("results").get(6);
    assertThat(last.get("size").asLong()).isEqualTo(2);
    // A week ago nobody had logged in yet.
    assertThat(sizes.get("results").get(0).get("size").asLong()).isZero();

    assertThat(server.request("DELETE", cohorts() + "/" + oftenId, admin).status()).isEqualTo(204);
    assertThat(server.get(cohorts() + "/" + oftenId, admin).status()).isEqualTo(404);
    assertThat(
            server.get("/api/people?site_id=" + site.id() + "&segment=" + oftenId, admin).status())
        .isEqualTo(404);
  }

  @Test
  void refusesBadConditionsNamingTheFieldAndTheLimit() throws Exception {
    assertRefused(
        Map.of(
            "name",
            "x",
            "conditions",
            List.of(Map.of("type", "performed", "step", Map.of("event", "a"), "within_days", 366))),
        "conditions[0].within_days",
        "365");
    assertRefused(
        Map.of("name", "x", "conditions", List.of(Map.of("type", "sometimes"))),
        "conditions[0].type",
        "performed");
    assertRefused(
        Map.of(
            "name",
            "x",
            "conditions",
            List.of(
                Map.of("type", "not_performed", "step", Map.of("goal", "Nope"), "within_days", 3))),
        "conditions[0].step.goal",
        "Nope");
    assertRefused(
        Map.of(
            "name",
            "x",
            "conditions",
            List.of(Map.of("type", "first_seen", "from", "2026-02-01", "to", "2026-01-01"))),
        "conditions[0].to",
        "before");
    List<String> many = new ArrayList<>();
    for (int i = 0; i <= 100_000; i++) {
      many.add("u" + i);
    }
    assertRefused(
        Map.of("name", "x", "conditions", List.of(Map.of("type", "static", "user_ids", many))),
        "conditions[0].user_ids",
        "100,000");
    assertRefused(Map.of("name", "x", "conditions", List.of()), "conditions", "1 to 20");
    assertThat(server.get(cohorts(), admin).json()).isEmpty();
  }

  private void assertRefused(Object body, String field, String said) throws Exception {
    TestServer.Response r = create(body);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().at("/error/field").asText()).isEqualTo(field);
    assertThat(r.json().at("/error/message").asText()).contains(said);
  }
}
