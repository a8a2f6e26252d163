package io.footfall.server.goals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.core.Goal;
import io.footfall.server.TestServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A site's goals through the real HTTP server and the real metadata store. */
class GoalRoutesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PASSWORD = "correct horse battery staple";

  static TestServer server;
  static Map<String, String> boot;
  static String org;
  static String otherOrg;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    boot = Map.of("Authorization", "Bearer " + server.adminToken());
    org = created(server.post("/api/admin/organizations", "{\"name\":\"Own\"}", boot)).asText();
    otherOrg =
        created(server.post("/api/admin/organizations", "{\"name\":\"Other\"}", boot)).asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The id in a 201 answer. */
  static JsonNode created(TestServer.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("id");
  }

  static String site(String organizationId, String name) {
    return created(
            server.post(
                "/api/admin/sites",
                JSON.createObjectNode()
                    .put("organization_id", organizationId)
                    .put("name", name)
                    .put(
                        "domain",
                        name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + ".example")
                    .toString(),
                boot))
        .asText();
  }

  static String goals(String siteId) {
    return "/api/admin/sites/" + siteId + "/goals";
  }

  static TestServer.Response create(String siteId, String body, Map<String, String> as) {
    return server.post(goals(siteId), body, as);
  }

  static TestServer.Response delete(String siteId, String goalId, Map<String, String> as) {
    // As the dashboard sends it: changes without a Bearer token must declare JSON.
    Map<String, String> headers = new java.util.HashMap<>(as);
    headers.put("Content-Type", "application/json");
    return server.request("DELETE", goals(siteId) + "/" + goalId, headers);
  }

  static Map<String, String> key(String organizationId, String scope) {
    TestServer.Response r =
        server.post(
            "/api/admin/organizations/" + organizationId + "/api-keys",
            "{\"scopes\":[\"" + scope + "\"]}",
            boot);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return Map.of("Authorization", "Bearer " + r.json().get("key").asText());
  }

  @Test
  void createsListsAndDeletesGoalsOfBothKinds() {
    String site = site(org, "Kinds");

    TestServer.Response pricing =
        create(site, "{\"name\":\"Pricing\",\"type\":\"pageview\",\"path\":\"/pricing/**\"}", boot);
    assertThat(pricing.status()).as(pricing.body()).isEqualTo(201);
    JsonNode p = pricing.json();
    assertThat(p.get("id").asText()).startsWith("g_");
    assertThat(fieldNames(p)).containsExactly("id", "name", "type", "path", "created_at");
    assertThat(p.get("name").asText()).isEqualTo("Pricing");
    assertThat(p.get("type").asText()).isEqualTo("pageview");
    assertThat(p.get("path").asText()).isEqualTo("/pricing/**");

    TestServer.Response signup =
        create(
            site,
            "{\"name\":\"Signup\",\"type\":\"event\",\"event_name\":\"signup\","
                + "\"property_key\":\"plan\",\"property_value\":\"pro\"}",
            boot);
    assertThat(signup.status()).as(signup.body()).isEqualTo(201);
    JsonNode s = signup.json();
    assertThat(fieldNames(s))
        .containsExactly(
            "id", "name", "type", "event_name", "property_key", "property_value", "created_at");
    assertThat(s.get("type").asText()).isEqualTo("event");
    assertThat(s.get("event_name").asText()).isEqualTo("signup");
    assertThat(s.get("property_key").asText()).isEqualTo("plan");
    assertThat(s.get("property_value").asText()).isEqualTo("pro");

    TestServer.Response purchase =
        create(
            site, "{\"name\":\"Purchase\",\"type\":\"event\",\"event_name\":\"purchase\"}", boot);
    assertThat(purchase.status()).as(purchase.body()).isEqualTo(201);
    assertThat(purchase.json().get("property_key").isNull()).isTrue();
    assertThat(purchase.json().get("property_value").isNull()).isTrue();

    JsonNode list = server.get(goals(site), boot).json();
    assertThat(list.findValuesAsText("name")).containsExactly("Pricing", "Signup", "Purchase");
    assertThat(list.get(0)).isEqualTo(p);
    assertThat(list.get(1)).isEqualTo(s);

    // What the query engine will read through the metadata store.
    Goal stored =
        server
            .server()
            .metadata()
            .goals()
            .find(org, site, s.get("id").asText())
            .orElseThrow(() -> new AssertionError("the created goal is not in the store"));
    assertThat(stored.kind()).isEqualTo(Goal.Kind.EVENT);
    assertThat(stored.propertyValue()).isEqualTo("pro");
    assertThat(stored.createdAt().toString()).isEqualTo(s.get("created_at").asText());

    assertThat(delete(site, p.get("id").asText(), boot).status()).isEqualTo(204);
    assertThat(server.get(goals(site), boot).json().findValuesAsText("name"))
        .containsExactly("Signup", "Purchase");
    TestServer.Response again = delete(site, p.get("id").asText(), boot);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.json().at("/error/message").asText()).contains(p.get("id").asText());
    assertThat(delete(site, "g_unknown", boot).status()).isEqualTo(404);

    TestServer.Response recreated =
        create(site, "{\"name\":\"Pricing\",\"type\":\"pageview\",\"path\":\"/pricing\"}", boot);
    assertThat(recreated.status()).as("a deleted goal's name is free again").isEqualTo(201);
  }

  @Test
  void queriesSeeAGoalAsSoonAsItIsCreatedOrDeleted() {
    String site = site(org, "Fresh goals");
    String breakdown =
        "/api/stats/breakdown?site_id="
            + site
            + "&date_range=30d&dimensions=event:goal&metrics=conversions";
    // The first query reads (and keeps) the site's goals: none yet.
    assertThat(server.get(breakdown, boot).status()).isEqualTo(200);
    String id =
        created(
                create(
                    site,
                    "{\"name\":\"Signup\",\"type\":\"event\",\"event_name\":\"signup\"}",
                    boot))
            .asText();
    String goalFilter =
        "/api/stats/aggregate?site_id="
            + site
            + "&date_range=30d&metrics=conversions&filters="
            + java.net.URLEncoder.encode(
                "[[\"is\",\"event:goal\",[\"Signup\"]]]", java.nio.charset.StandardCharsets.UTF_8);
    TestServer.Response known = server.get(goalFilter, boot);
    assertThat(known.status()).as(known.body()).isEqualTo(200);
    assertThat(delete(site, id, boot).status()).isEqualTo(204);
    TestServer.Response gone = server.get(goalFilter, boot);
    assertThat(gone.status()).as(gone.body()).isEqualTo(400);
    assertThat(gone.body()).contains("Signup");
  }

  @Test
  void refusesADuplicateNameWithinTheSiteWith409() {
    String site = site(org, "Duplicates");
    String other = site(org, "Elsewhere");
    String body = "{\"name\":\"Signup\",\"type\":\"event\",\"event_name\":\"signup\"}";
    assertThat(create(site, body, boot).status()).isEqualTo(201);

    TestServer.Response dup =
        create(site, "{\"name\":\" Signup \",\"type\":\"pageview\",\"path\":\"/signup\"}", boot);
    assertThat(dup.status()).as(dup.body()).isEqualTo(409);
    assertThat(dup.json().at("/error/field").asText()).isEqualTo("name");
    assertThat(dup.json().at("/error/message").asText()).contains("Signup");
    assertThat(create(other, body, boot).status())
        .as("the same name on another site")
        .isEqualTo(201);
    assertThat(server.get(goals(site), boot).json()).hasSize(1);
  }

  @Test
  void refusesInvalidGoalsNamingTheFieldAndTheLimit() {
    String site = site(org, "Invalid");
    String longName = "n".repeat(121);
    String longPath = "/" + "p".repeat(1000);
    String[][] cases = {
      {"{\"type\":\"pageview\",\"path\":\"/a\"}", "name", "120"},
      {"{\"name\":\"   \",\"type\":\"pageview\",\"path\":\"/a\"}", "name", "120"},
      {"{\"name\":\"" + longName + "\",\"type\":\"pageview\",\"path\":\"/a\"}", "name", "120"},
      {"{\"name\":42,\"type\":\"pageview\",\"path\":\"/a\"}", "name", "string"},
      {"{\"name\":\"A\",\"path\":\"/a\"}", "type", "pageview or event"},
      {"{\"name\":\"A\",\"type\":\"click\",\"path\":\"/a\"}", "type", "pageview or event"},
      {"{\"name\":\"A\",\"type\":\"pageview\"}", "path", "required"},
      {"{\"name\":\"A\",\"type\":\"pageview\",\"path\":\"pricing\"}", "path", "start with '/'"},
      {"{\"name\":\"A\",\"type\":\"pageview\",\"path\":\"/a b\"}", "path", "no spaces"},
      {"{\"name\":\"A\",\"type\":\"pageview\",\"path\":\"/a\\u0000\"}", "path", "control"},
      {"{\"name\":\"A\",\"type\":\"pageview\",\"path\":\"" + longPath + "\"}", "path", "1000"},
      {
        "{\"name\":\"A\",\"type\":\"pageview\",\"path\":\"/a\",\"event_name\":\"signup\"}",
        "event_name",
        "pageview goal"
      },
      {"{\"name\":\"A\",\"type\":\"event\"}", "event_name", "required"},
      {
        "{\"name\":\"A\",\"type\":\"event\",\"event_name\":\"" + "e".repeat(121) + "\"}",
        "event_name",
        "120"
      },
      {
        "{\"name\":\"A\",\"type\":\"event\",\"event_name\":\"signup\",\"path\":\"/a\"}",
        "path",
        "event goal"
      },
      {
        "{\"name\":\"A\",\"type\":\"event\",\"event_name\":\"signup\",\"property_key\":\"plan\"}",
        "property_value",
        "required"
      },
      {
        "{\"name\":\"A\",\"type\":\"event\",\"event_name\":\"signup\",\"property_value\":\"pro\"}",
        "property_key",
        "required"
      },
      {
        "{\"name\":\"A\",\"type\":\"event\",\"event_name\":\"signup\","
            + "\"property_key\":\"plan name\",\"property_value\":\"pro\"}",
        "property_key",
        "64"
      },
      {
        "{\"name\":\"A\",\"type\":\"event\",\"event_name\":\"signup\","
            + "\"property_key\":\"plan\",\"property_value\":\""
            + "v".repeat(501)
            + "\"}",
        "property_value",
        "500"
      },
      {"[1]", "body", "JSON object"},
      {"{not json", "body", "JSON"},
    };
    List<String> wrong = new ArrayList<>();
    for (String[] c : cases) {
      TestServer.Response r = create(site, c[0], boot);
      String field = r.status() == 400 ? r.json().at("/error/field").asText() : "";
      String message = r.status() == 400 ? r.json().at("/error/message").asText() : "";
      if (r.status() != 400 || !field.equals(c[1]) || !message.contains(c[2])) {
        wrong.add(abbreviate(c[0]) + " -> " + r.status() + " " + abbreviate(r.body()));
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(server.get(goals(site), boot).json()).isEmpty();
  }

  @Test
  void refusesTheGoalOverTheLimitOfAHundredPerSite() {
    String site = site(org, "Limit");
    for (int i = 0; i < GoalService.MAX_GOALS_PER_SITE; i++) {
      TestServer.Response r =
          create(
              site,
              "{\"name\":\"G" + i + "\",\"type\":\"pageview\",\"path\":\"/" + i + "\"}",
              boot);
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    TestServer.Response over =
        create(site, "{\"name\":\"One more\",\"type\":\"pageview\",\"path\":\"/more\"}", boot);
    assertThat(over.status()).isEqualTo(409);
    assertThat(over.json().at("/error/code").asText()).isEqualTo("limit_reached");
    assertThat(over.json().at("/error/message").asText()).contains("100");
    assertThat(server.get(goals(site), boot).json()).hasSize(100);
  }

  @Test
  void readersListGoalsButOnlyManagersChangeThem() throws Exception {
    String site = site(org, "Roles");
    String goalId =
        created(create(site, "{\"name\":\"Home\",\"type\":\"pageview\",\"path\":\"/\"}", boot))
            .asText();
    String body = "{\"name\":\"Docs\",\"type\":\"pageview\",\"path\":\"/docs/**\"}";

    Map<String, String> readKey = key(org, "read:stats");
    Map<String, String> viewer = member("viewer");
    String link =
        server
            .post("/api/admin/sites/" + site + "/shared-links", "{}", boot)
            .json()
            .get("token")
            .asText();
    Map<String, Map<String, String>> readers =
        Map.of(
            "read key", readKey, "viewer", viewer, "shared link", Map.of("X-Footfall-Link", link));
    for (Map.Entry<String, Map<String, String>> reader : readers.entrySet()) {
      TestServer.Response list = server.get(goals(site), reader.getValue());
      assertThat(list.status()).as(reader.getKey() + " lists").isEqualTo(200);
      assertThat(list.json().findValuesAsText("id")).containsExactly(goalId);
    }
    for (String who : List.of("read key", "viewer")) {
      Map<String, String> as = readers.get(who);
      assertThat(create(site, body, as).status()).as(who + " creates").isEqualTo(403);
      assertThat(delete(site, goalId, as).status()).as(who + " deletes").isEqualTo(403);
    }
    assertThat(create(site, body, readers.get("shared link")).status()).isEqualTo(404);
    assertThat(server.get(goals(site), Map.of()).status()).isEqualTo(401);
    assertThat(server.get(goals(site), boot).json().findValuesAsText("id")).containsExactly(goalId);

    Map<String, String> owner = member("owner");
    assertThat(create(site, body, owner).status()).isEqualTo(201);
    assertThat(
            create(
                    site,
                    "{\"name\":\"X\",\"type\":\"event\",\"event_name\":\"x\"}",
                    key(org, "admin"))
                .status())
        .isEqualTo(201);
  }

  @Test
  void anotherTenantsSiteAndAnotherSitesGoalAnswer404() {
    String own = site(org, "Mine");
    String ownOther = site(org, "Mine too");
    String foreign = site(otherOrg, "Theirs");
    String foreignGoal =
        created(
                create(
                    foreign,
                    "{\"name\":\"Signup\",\"type\":\"event\",\"event_name\":\"signup\"}",
                    boot))
            .asText();
    String ownGoal =
        created(create(own, "{\"name\":\"Home\",\"type\":\"pageview\",\"path\":\"/\"}", boot))
            .asText();
    Map<String, String> admin = key(org, "admin");
    String body = "{\"name\":\"Mine\",\"type\":\"pageview\",\"path\":\"/\"}";

    assertThat(server.get(goals(foreign), admin).status()).isEqualTo(404);
    assertThat(create(foreign, body, admin).status()).isEqualTo(404);
    assertThat(delete(foreign, foreignGoal, admin).status()).isEqualTo(404);
    assertThat(delete(own, foreignGoal, admin).status())
        .as("another tenant's goal through one's own site")
        .isEqualTo(404);
    assertThat(delete(ownOther, ownGoal, admin).status())
        .as("a goal through another site of the same organization")
        .isEqualTo(404);
    assertThat(server.get(goals(foreign), boot).json().findValuesAsText("id"))
        .containsExactly(foreignGoal);
    assertThat(server.get(goals(own), boot).json().findValuesAsText("id")).containsExactly(ownGoal);
  }

  @Test
  void writesEveryChangeToTheAuditLog() {
    String site = site(org, "Audited");
    String goalId =
        created(create(site, "{\"name\":\"Audited\",\"type\":\"pageview\",\"path\":\"/a\"}", boot))
            .asText();
    assertThat(delete(site, goalId, boot).status()).isEqualTo(204);

    JsonNode log = server.get("/api/admin/organizations/" + org + "/audit", boot).json();
    List<String> entries = new ArrayList<>();
    for (JsonNode e : log) {
      if (e.get("target").asText().equals(goalId)) {
        entries.add(
            e.get("action").asText()
                + " "
                + e.at("/details/site").asText()
                + " "
                + e.at("/details/name").asText());
      }
    }
    assertThat(entries)
        .containsExactlyInAnyOrder(
            "goal.delete " + site + " Audited", "goal.create " + site + " Audited");
  }

  /** Adds a member with the role and signs them in: session cookie and CSRF token. */
  static Map<String, String> member(String role) throws Exception {
    String email = role + "-" + java.util.UUID.randomUUID() + "@own.example";
    Map<String, Object> body = new HashMap<>();
    body.put("email", email);
    body.put("role", role);
    body.put("password", PASSWORD);
    TestServer.Response added =
        server.post(
            "/api/admin/organizations/" + org + "/members", JSON.writeValueAsString(body), boot);
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    TestServer.Response login =
        server.post(
            "/api/auth/login",
            JSON.writeValueAsString(Map.of("email", email, "password", PASSWORD)),
            Map.of());
    assertThat(login.status()).as(login.body()).isEqualTo(200);
    String cookie = login.header("Set-Cookie").split(";", 2)[0];
    return Map.of("Cookie", cookie, "X-CSRF-Token", login.json().get("csrf_token").asText());
  }

  private static List<String> fieldNames(JsonNode n) {
    return n.properties().stream().map(Map.Entry::getKey).toList();
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "...";
  }
}
