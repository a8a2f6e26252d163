package io.footfall.server.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.server.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A site's saved insights through the real HTTP server and the real metadata store. */
class InsightRoutesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PASSWORD = "correct horse battery staple";
  static final String FUNNEL =
      "step=event%3Asignup&step=page%3A%2Fpricing&window=86400&unit=person&order=ordered&range=30d";

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
                    .put("domain", name.toLowerCase(java.util.Locale.ROOT) + ".example")
                    .toString(),
                boot))
        .asText();
  }

  static String insights(String siteId) {
    return "/api/admin/sites/" + siteId + "/insights";
  }

  static TestServer.Response save(String siteId, Object body, Map<String, String> as)
      throws Exception {
    return server.post(insights(siteId), JSON.writeValueAsString(body), as);
  }

  static TestServer.Response patch(String path, String body, Map<String, String> as)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    as.forEach(b::header);
    HttpResponse<String> r =
        HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new TestServer.Response(r.statusCode(), r.body(), r.headers().map());
  }

  static TestServer.Response delete(String path, Map<String, String> as) {
    Map<String, String> headers = new HashMap<>(as);
    headers.put("Content-Type", "application/json");
    return server.request("DELETE", path, headers);
  }

  @Test
  void savesListsRenamesAndDeletesAnInsight() throws Exception {
    String site = site(org, "Saved");
    Map<String, String> analyst = member("analyst");

    TestServer.Response saved =
        save(
            site,
            Map.of("name", " Signup funnel ", "kind", "funnels", "state", "?" + FUNNEL),
            analyst);
    assertThat(saved.status()).as(saved.body()).isEqualTo(201);
    JsonNode i = saved.json();
    assertThat(i.get("id").asText()).startsWith("i_");
    assertThat(i.get("name").asText()).as("stripped").isEqualTo("Signup funnel");
    assertThat(i.get("kind").asText()).isEqualTo("funnels");
    assertThat(i.get("state").asText()).as("without its '?'").isEqualTo(FUNNEL);
    assertThat(i.get("url").asText()).isEqualTo("/sites/" + site + "/funnels?" + FUNNEL);
    assertThat(i.get("people").asBoolean()).as("a funnel of people").isTrue();
    assertThat(i.get("created_by").asText()).startsWith("person:p_");
    assertThat(i.get("updated_at").asText()).isEqualTo(i.get("created_at").asText());

    TestServer.Response overview =
        save(site, Map.of("name", "Everything", "kind", "stats", "state", ""), boot);
    assertThat(overview.status()).as(overview.body()).isEqualTo(201);
    assertThat(overview.json().get("url").asText()).isEqualTo("/sites/" + site);
    assertThat(overview.json().get("people").asBoolean()).isFalse();
    assertThat(overview.json().get("created_by").asText()).isEqualTo("bootstrap");

    JsonNode list = server.get(insights(site), member("viewer")).json();
    assertThat(list.findValuesAsText("id"))
        .as("a viewer lists them, oldest first")
        .containsExactly(i.get("id").asText(), overview.json().get("id").asText());
    assertThat(list.get(0)).isEqualTo(i);

    String one = insights(site) + "/" + i.get("id").asText();
    TestServer.Response renamed = patch(one, "{\"name\":\"Signups to pricing\"}", analyst);
    assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
    assertThat(renamed.json().get("name").asText()).isEqualTo("Signups to pricing");
    assertThat(renamed.json().get("state").asText()).isEqualTo(FUNNEL);
    assertThat(Instant.parse(renamed.json().get("updated_at").asText()))
        .isAfterOrEqualTo(Instant.parse(i.get("created_at").asText()));
    assertThat(server.get(insights(site), boot).json().get(0)).isEqualTo(renamed.json());

    assertThat(delete(one, analyst).status()).isEqualTo(204);
    assertThat(delete(one, analyst).status()).isEqualTo(404);
    assertThat(patch(one, "{\"name\":\"Gone\"}", analyst).status()).isEqualTo(404);
    assertThat(server.get(insights(site), boot).json().findValuesAsText("id"))
        .containsExactly(overview.json().get("id").asText());
  }

  @Test
  void marksTheInsightsThatShowPeople() throws Exception {
    String site = site(org, "Marked");
    Map<String, Boolean> expected = new HashMap<>();
    expected.put("retention|range=30d", true);
    expected.put("active-users|", true);
    expected.put("funnels|step=a&step=b&unit=person", true);
    expected.put("funnels|step=a&step=b&unit=visit", false);
    expected.put("paths|dir=start&page=%2F", false);
    expected.put("stats|f=is%7Cvisit%3Asource%7CGoogle", false);
    expected.put("stats|range=7d&segment=c_1", true);
    expected.put("paths|dir=start&page=%2F&segment=c_1", true);
    expected.put("funnels|step=a&step=b&unit=visit&segment=c_1", true);
    expected.put("funnels|step=a&step=b&unit=visit&segment=", false);
    for (Map.Entry<String, Boolean> e : expected.entrySet()) {
      String[] kindState = e.getKey().split("\\|", 2);
      TestServer.Response r =
          save(site, Map.of("name", e.getKey(), "kind", kindState[0], "state", kindState[1]), boot);
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      assertThat(r.json().get("people").asBoolean()).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(r.json().get("url").asText())
          .as(e.getKey())
          .startsWith("/sites/" + site + (kindState[0].equals("stats") ? "?" : "/" + kindState[0]));
    }
  }

  @Test
  void refusesBadFieldsNamingTheFieldAndItsLimit() throws Exception {
    String site = site(org, "Refused");
    Map<String, List<String>> cases = new java.util.LinkedHashMap<>();
    cases.put(
        JSON.writeValueAsString(Map.of("name", "", "kind", "stats")),
        List.of("name", "1 to 100 characters"));
    cases.put(
        JSON.writeValueAsString(Map.of("name", "x".repeat(101), "kind", "stats")),
        List.of("name", "1 to 100 characters", "was 101"));
    cases.put(
        JSON.writeValueAsString(Map.of("name", "a\u0007b", "kind", "stats")),
        List.of("name", "control characters"));
    cases.put(
        JSON.writeValueAsString(Map.of("name", "x")),
        List.of("kind", "kind is required", "active-users"));
    cases.put(
        JSON.writeValueAsString(Map.of("name", "x", "kind", "people")),
        List.of("kind", "stats, funnels, retention, paths, active-users", "'people'"));
    cases.put(
        JSON.writeValueAsString(
            Map.of("name", "x", "kind", "stats", "state", "f=" + "a".repeat(3999))),
        List.of("state", "at most 4000 characters", "was 4001"));
    cases.put(
        JSON.writeValueAsString(Map.of("name", "x", "kind", "stats", "state", "a=<script>")),
        List.of("state", "query string"));
    cases.put(
        JSON.writeValueAsString(Map.of("name", "x", "kind", "stats", "state", "a=%zz")),
        List.of("state", "query string"));
    cases.put("{\"name\":\"x\",\"kind\":\"stats\",\"state\":7}", List.of("state", "string"));
    for (Map.Entry<String, List<String>> c : cases.entrySet()) {
      TestServer.Response r = server.post(insights(site), c.getKey(), boot);
      assertThat(r.status()).as(c.getKey() + " " + r.body()).isEqualTo(400);
      assertThat(r.json().at("/error/field").asText()).isEqualTo(c.getValue().get(0));
      for (String part : c.getValue().subList(1, c.getValue().size())) {
        assertThat(r.json().at("/error/message").asText()).as(r.body()).contains(part);
      }
    }
    assertThat(server.get(insights(site), boot).json()).isEmpty();

    String id =
        created(save(site, Map.of("name", "Kept", "kind", "paths", "state", ""), boot)).asText();
    String one = insights(site) + "/" + id;
    TestServer.Response blank = patch(one, "{\"name\":\"  \"}", boot);
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.json().at("/error/field").asText()).isEqualTo("name");
    TestServer.Response kind = patch(one, "{\"name\":\"New\",\"kind\":\"stats\"}", boot);
    assertThat(kind.status()).isEqualTo(400);
    assertThat(kind.json().at("/error/field").asText()).isEqualTo("kind");
    assertThat(kind.json().at("/error/message").asText())
        .contains("only name and state can be changed");
    TestServer.Response state = patch(one, "{\"name\":\"New\",\"state\":\"a b\"}", boot);
    assertThat(state.status()).isEqualTo(400);
    assertThat(state.json().at("/error/field").asText()).isEqualTo("state");
    assertThat(patch(one, "{}", boot).status()).isEqualTo(400);
    assertThat(server.get(insights(site), boot).json().get(0).get("name").asText())
        .isEqualTo("Kept");
    assertThat(server.get(insights(site), boot).json().get(0).get("state").asText()).isEmpty();
  }

  @Test
  void updatesTheStateOfAnInsightInPlace() throws Exception {
    String site = site(org, "Updated");
    Map<String, String> analyst = member("analyst");
    JsonNode saved =
        save(
                site,
                Map.of(
                    "name",
                    "Visits funnel",
                    "kind",
                    "funnels",
                    "state",
                    "step=a&step=b&unit=visit"),
                analyst)
            .json();
    assertThat(saved.get("people").asBoolean()).isFalse();
    String one = insights(site) + "/" + saved.get("id").asText();

    String withCohort = "step=a&step=b&unit=visit&segment=c_1";
    TestServer.Response updated = patch(one, "{\"state\":\"?" + withCohort + "\"}", analyst);
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    JsonNode u = updated.json();
    assertThat(u.get("id")).isEqualTo(saved.get("id"));
    assertThat(u.get("name").asText()).isEqualTo("Visits funnel");
    assertThat(u.get("kind").asText()).isEqualTo("funnels");
    assertThat(u.get("state").asText()).as("without its '?'").isEqualTo(withCohort);
    assertThat(u.get("url").asText()).isEqualTo("/sites/" + site + "/funnels?" + withCohort);
    assertThat(u.get("people").asBoolean()).as("a cohort's members are people").isTrue();
    assertThat(u.get("created_at")).isEqualTo(saved.get("created_at"));
    assertThat(Instant.parse(u.get("updated_at").asText()))
        .isAfterOrEqualTo(Instant.parse(saved.get("updated_at").asText()));
    assertThat(server.get(insights(site), boot).json()).containsExactly(u);

    TestServer.Response both =
        patch(one, "{\"name\":\"Cohort funnel\",\"state\":\"range=7d\"}", analyst);
    assertThat(both.status()).as(both.body()).isEqualTo(200);
    assertThat(both.json().get("name").asText()).isEqualTo("Cohort funnel");
    assertThat(both.json().get("state").asText()).isEqualTo("range=7d");
    assertThat(server.get(insights(site), boot).json()).containsExactly(both.json());

    assertThat(patch(one, "{\"state\":\"range=7d\"}", member("viewer")).status()).isEqualTo(403);
    assertThat(delete(one, analyst).status()).isEqualTo(204);
    assertThat(patch(one, "{\"state\":\"range=7d\"}", analyst).status()).isEqualTo(404);
  }

  @Test
  void refusesTheFiveHundredAndFirstInsightOfASite() throws Exception {
    // In the other organization: its 500 audit entries would crowd this one's latest out.
    String site = site(otherOrg, "Full");
    for (int n = 0; n < InsightService.MAX_INSIGHTS_PER_SITE; n++) {
      assertThat(save(site, Map.of("name", "n" + n, "kind", "stats"), boot).status())
          .isEqualTo(201);
    }
    TestServer.Response full = save(site, Map.of("name", "one more", "kind", "stats"), boot);
    assertThat(full.status()).isEqualTo(409);
    assertThat(full.json().at("/error/message").asText())
        .contains(site)
        .contains("has 500 saved insights")
        .contains("the most a site may have is 500");
  }

  @Test
  void viewersListButCannotSaveAndATenantNeverSeesAnother() throws Exception {
    String own = site(org, "Ownsite");
    String ownOther = site(org, "Ownother");
    String foreign = site(otherOrg, "Foreign");
    String foreignId =
        created(save(foreign, Map.of("name", "Theirs", "kind", "stats"), boot)).asText();
    String ownId = created(save(own, Map.of("name", "Ours", "kind", "stats"), boot)).asText();
    Map<String, String> admin = member("admin");
    Map<String, String> viewer = member("viewer");

    assertThat(save(own, Map.of("name", "Mine", "kind", "stats"), viewer).status()).isEqualTo(403);
    assertThat(patch(insights(own) + "/" + ownId, "{\"name\":\"Mine\"}", viewer).status())
        .isEqualTo(403);
    assertThat(delete(insights(own) + "/" + ownId, viewer).status()).isEqualTo(403);

    assertThat(server.get(insights(foreign), admin).status()).isEqualTo(404);
    assertThat(save(foreign, Map.of("name", "Planted", "kind", "stats"), admin).status())
        .isEqualTo(404);
    assertThat(patch(insights(foreign) + "/" + foreignId, "{\"name\":\"Mine\"}", admin).status())
        .isEqualTo(404);
    assertThat(delete(insights(foreign) + "/" + foreignId, admin).status()).isEqualTo(404);
    assertThat(patch(insights(own) + "/" + foreignId, "{\"name\":\"Mine\"}", admin).status())
        .as("another tenant's insight through one's own site")
        .isEqualTo(404);
    assertThat(delete(insights(own) + "/" + foreignId, admin).status()).isEqualTo(404);
    assertThat(delete(insights(ownOther) + "/" + ownId, admin).status())
        .as("an insight through another site of the same organization")
        .isEqualTo(404);

    assertThat(server.get(insights(foreign), boot).json().findValuesAsText("name"))
        .containsExactly("Theirs");
    assertThat(server.get(insights(own), boot).json().findValuesAsText("name"))
        .containsExactly("Ours");
  }

  @Test
  void writesEveryChangeToTheAuditLog() throws Exception {
    String site = site(org, "Audited");
    String id =
        created(save(site, Map.of("name", "First", "kind", "retention", "state", ""), boot))
            .asText();
    assertThat(patch(insights(site) + "/" + id, "{\"name\":\"Second\"}", boot).status())
        .isEqualTo(200);
    assertThat(
            patch(insights(site) + "/" + id, "{\"state\":\"range=7d&segment=c_1\"}", boot).status())
        .isEqualTo(200);
    assertThat(delete(insights(site) + "/" + id, boot).status()).isEqualTo(204);

    JsonNode log = server.get("/api/admin/organizations/" + org + "/audit", boot).json();
    List<String> entries = new ArrayList<>();
    for (JsonNode e : log) {
      if (e.get("target").asText().equals(id)) {
        JsonNode d = e.get("details");
        entries.add(
            e.get("action").asText()
                + " "
                + d.get("site").asText()
                + " "
                + (d.has("name")
                    ? d.get("name").asText()
                    : d.get("from").asText() + ">" + d.get("to").asText())
                + (d.has("kind") ? " " + d.get("kind").asText() : ""));
      }
    }
    assertThat(entries)
        .containsExactlyInAnyOrder(
            "insight.create " + site + " First retention",
            "insight.rename " + site + " First>Second",
            "insight.update " + site + " Second retention",
            "insight.delete " + site + " Second");
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
}
