package io.footfall.server.sites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.core.EventStore;
import io.footfall.core.metadata.MetadataStore;
import io.footfall.server.TestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deleting a site over the real HTTP API (issue 14, item 15: sites could not be deleted at all):
 * everything of the site goes, in both stores, the other site keeps all of its own, and the log
 * says who did it.
 */
class SiteDeletionTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String UA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36";
  static TestServer server;
  static MetadataStore metadata;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    metadata = server.server().metadata();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Map<String, String> boot() {
    return Map.of("Authorization", "Bearer " + server.adminToken());
  }

  static JsonNode post(String path, Object body) throws Exception {
    TestServer.Response r = server.post(path, JSON.writeValueAsString(body), boot());
    assertThat(r.status()).as(path + " " + r.body()).isBetween(200, 299);
    return r.json();
  }

  /** A site with generated traffic, a goal, a shared link, an email report and a seller. */
  static Map<String, String> filledSite(String org, String name, Random random) throws Exception {
    JsonNode site =
        post(
            "/api/admin/sites",
            Map.of(
                "organization_id",
                org,
                "name",
                name,
                "domain",
                name + ".example",
                "timezone",
                "UTC"));
    Map<String, String> ids = new HashMap<>();
    ids.put("id", site.get("id").asText());
    ids.put("key", site.get("write_key").asText());
    int events = 5 + random.nextInt(20);
    StringBuilder batch = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < events; i++) {
      batch
          .append(i == 0 ? "" : ",")
          .append("{\"event\":\"")
          .append(random.nextBoolean() ? "pageview" : "signup")
          .append("\",\"context\":{\"url\":\"https://")
          .append(name)
          .append(".example/p")
          .append(random.nextInt(5))
          .append("\"},\"properties\":{\"plan\":\"p")
          .append(random.nextInt(3))
          .append("\"}}");
    }
    batch.append("]}");
    TestServer.Response tracked =
        server.post(
            "/api/track",
            batch.toString(),
            Map.of("User-Agent", UA, "X-Footfall-Site", ids.get("key")));
    assertThat(tracked.status()).as(tracked.body()).isEqualTo(202);
    ids.put("events", String.valueOf(events));
    String base = "/api/admin/sites/" + ids.get("id");
    post(base + "/goals", Map.of("name", "Signup", "type", "event", "event_name", "signup"));
    ids.put("link", post(base + "/shared-links", Map.of()).get("token").asText());
    post(
        base + "/email-reports",
        Map.of("frequency", "weekly", "recipients", List.of("ops@" + name + ".example")));
    post(
        "/api/admin/organizations/" + org + "/members",
        Map.of(
            "email",
            "seller@" + name + ".example",
            "role",
            "viewer",
            "site_ids",
            List.of(ids.get("id"))));
    return ids;
  }

  @Test
  void deletingASiteRemovesAllItsDataAndKeepsTheOtherSitesAndIsAudited() throws Exception {
    Random random = new Random(15);
    String org = post("/api/admin/organizations", Map.of("name", "Deleting")).get("id").asText();
    Map<String, String> gone = filledSite(org, "gone", random);
    Map<String, String> kept = filledSite(org, "kept", random);
    String goneId = gone.get("id");
    EventStore.SiteCounts keptCounts = server.counts(kept.get("id"));
    int keptGoals = metadata.goals().list(org, kept.get("id")).size();
    assertThat(server.counts(goneId).events()).isEqualTo(Long.parseLong(gone.get("events")));

    TestServer.Response deleted = server.request("DELETE", "/api/admin/sites/" + goneId, boot());

    assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
    assertThat(server.get("/api/admin/sites/" + goneId, boot()).status()).isEqualTo(404);
    assertThat(
            server
                .get(
                    "/api/stats/aggregate?site_id=" + goneId + "&metrics=visitors&date_range=7d",
                    boot())
                .status())
        .isEqualTo(404);
    assertThat(server.counts(goneId)).isEqualTo(new EventStore.SiteCounts(0, 0, 0, 0, 0, 0));
    assertThat(metadata.goals().list(org, goneId)).isEmpty();
    assertThat(metadata.reportSchedules().list(org, goneId)).isEmpty();
    assertThat(metadata.sharedLinks().list(org))
        .extracting(l -> l.siteId())
        .containsOnly(kept.get("id"));
    assertThat(metadata.members().list(org))
        .as("the seller of the deleted site alone is no member any more")
        .allSatisfy(m -> assertThat(m.siteIds()).doesNotContain(goneId))
        .hasSize(1);
    // Its write key and its shared link stop working at once.
    TestServer.Response track =
        server.post(
            "/api/track",
            "{\"event\":\"pageview\",\"context\":{\"url\":\"https://gone.example/\"}}",
            Map.of("User-Agent", UA, "X-Footfall-Site", gone.get("key")));
    assertThat(track.status()).isBetween(400, 499);
    assertThat(server.counts(goneId).events()).isZero();
    assertThat(server.get("/api/admin/sites", Map.of("X-Footfall-Link", gone.get("link"))).status())
        .isEqualTo(404);

    assertThat(server.counts(kept.get("id"))).isEqualTo(keptCounts);
    assertThat(metadata.goals().list(org, kept.get("id"))).hasSize(keptGoals);
    assertThat(server.get("/api/admin/sites", Map.of("X-Footfall-Link", kept.get("link"))).status())
        .isEqualTo(200);

    JsonNode audit = server.get("/api/admin/organizations/" + org + "/audit", boot()).json();
    JsonNode entry = audit.get(0);
    assertThat(entry.get("action").asText()).isEqualTo("site.delete");
    assertThat(entry.get("target").asText()).isEqualTo(goneId);
    assertThat(entry.get("details").get("name").asText()).isEqualTo("gone");
    assertThat(entry.get("details").get("domain").asText()).isEqualTo("gone.example");
    assertThat(entry.get("details").get("events").asLong())
        .isEqualTo(Long.parseLong(gone.get("events")));

    assertThat(server.request("DELETE", "/api/admin/sites/" + goneId, boot()).status())
        .as("deleted already")
        .isEqualTo(404);
  }

  @Test
  void deletingAnOrganizationNeedsItsNameAndRemovesAllItsDataAndNoOtherOrganizations()
      throws Exception {
    Random random = new Random(16);
    String gone = post("/api/admin/organizations", Map.of("name", "Leaving")).get("id").asText();
    String kept = post("/api/admin/organizations", Map.of("name", "Staying")).get("id").asText();
    Map<String, String> a = filledSite(gone, "leaving-a", random);
    Map<String, String> b = filledSite(gone, "leaving-b", random);
    Map<String, String> c = filledSite(kept, "staying", random);
    EventStore.SiteCounts keptCounts = server.counts(c.get("id"));
    assertThat(server.counts(a.get("id")).events()).isPositive();

    TestServer.Response unconfirmed =
        server.send(
            "DELETE", "/api/admin/organizations/" + gone, "{\"confirm\":\"leaving\"}", boot());
    assertThat(unconfirmed.status()).isEqualTo(400);
    assertThat(unconfirmed.json().at("/error/field").asText()).isEqualTo("confirm");
    assertThat(unconfirmed.json().at("/error/message").asText()).contains("\"Leaving\"");
    assertThat(server.counts(a.get("id")).events()).as("nothing deleted").isPositive();

    TestServer.Response deleted =
        server.send(
            "DELETE", "/api/admin/organizations/" + gone, "{\"confirm\":\"Leaving\"}", boot());

    assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
    assertThat(server.request("GET", "/api/admin/organizations/" + gone, boot()).status())
        .isEqualTo(404);
    for (Map<String, String> site : List.of(a, b)) {
      assertThat(server.counts(site.get("id")))
          .isEqualTo(new EventStore.SiteCounts(0, 0, 0, 0, 0, 0));
      assertThat(metadata.sites().byId(site.get("id"))).isEmpty();
      TestServer.Response tracked =
          server.post(
              "/api/track",
              "{\"event\":\"pageview\",\"context\":{\"url\":\"https://x.example/\"}}",
              Map.of("User-Agent", UA, "X-Footfall-Site", site.get("key")));
      assertThat(tracked.status()).as("the write key is gone").isNotEqualTo(202);
    }
    assertThat(metadata.auditLog().latest(gone, 10)).isEmpty();
    assertThat(server.counts(c.get("id"))).isEqualTo(keptCounts);
    assertThat(metadata.sites().byId(c.get("id"))).isPresent();
  }
}
