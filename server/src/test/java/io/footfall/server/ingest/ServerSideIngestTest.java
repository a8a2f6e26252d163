package io.footfall.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.server.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regressions of issue 14, item 16: a server-side call with curl's user agent was filtered as a bot
 * and the answer did not say why; an organization's admin API key was refused for backfill.
 */
class ServerSideIngestTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CURL = "curl/8.5.0";
  static final String GOOGLEBOT =
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

  static TestServer server;
  static Map<String, String> boot;
  String siteId;
  String writeKey;
  String secretKey;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    boot = Map.of("Authorization", "Bearer " + server.adminToken());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void newSite() {
    JsonNode site =
        server
            .post(
                "/api/admin/sites",
                "{\"name\":\"Shop\",\"domain\":\"shop.example\",\"timezone\":\"UTC\"}",
                boot)
            .json();
    siteId = site.get("id").asText();
    writeKey = site.get("write_key").asText();
    secretKey = site.get("secret_key").asText();
  }

  ObjectNode purchase(Instant at) {
    ObjectNode e = JSON.createObjectNode();
    e.put("site", writeKey);
    e.put("event", "purchase");
    e.put("id", UUID.randomUUID().toString());
    e.put("timestamp", at.truncatedTo(ChronoUnit.SECONDS).toString());
    e.putObject("context").put("url", "https://shop.example/checkout/done");
    return e;
  }

  TestServer.Response track(ObjectNode body, String bearer) {
    Map<String, String> h = new HashMap<>();
    h.put("User-Agent", CURL);
    if (!bearer.isEmpty()) {
      h.put("Authorization", "Bearer " + bearer);
    }
    return server.post("/api/track", body.toString(), h);
  }

  static void assertAnswer(TestServer.Response r, int accepted, int bots) {
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().get("accepted").asInt()).as(r.body()).isEqualTo(accepted);
    assertThat(r.json().at("/filtered/bot").asInt()).as(r.body()).isEqualTo(bots);
    assertThat(r.json().at("/filtered/opted_out").asInt()).as(r.body()).isZero();
  }

  @Test
  void aBotFilteredEventIsReportedInTheAnswer() {
    TestServer.Response r = track(purchase(Instant.now()), "");

    assertAnswer(r, 0, 1);
    assertThat(server.events(siteId)).isEmpty();
    assertThat(server.counts(siteId).botsFiltered()).isEqualTo(1);
  }

  @Test
  void theSiteSecretKeySkipsTheBotCheckOfTheRequestsUserAgentAndMayBackfill() {
    assertThat(secretKey).startsWith("sk_");
    Instant monthAgo = Instant.now().minus(Duration.ofDays(30));

    assertAnswer(track(purchase(monthAgo), secretKey), 1, 0);

    assertThat(server.events(siteId)).hasSize(1);
    assertThat(server.events(siteId).get(0).timestamp())
        .isEqualTo(monthAgo.truncatedTo(ChronoUnit.SECONDS));
  }

  @Test
  void anExplicitBotUserAgentIsFilteredEvenFromTheBackend() {
    ObjectNode e = purchase(Instant.now());
    ((ObjectNode) e.get("context")).put("user_agent", GOOGLEBOT).put("ip", "203.0.113.9");

    assertAnswer(track(e, secretKey), 0, 1);
    assertThat(server.events(siteId)).isEmpty();
  }

  @Test
  void anAdminApiKeyOfTheSitesOrganizationMayBackfillAndOtherTokensAreRefused() {
    String org =
        server.get("/api/admin/sites/" + siteId, boot).json().get("organization_id").asText();
    String admin = apiKey(org, "admin");
    String read = apiKey(org, "read:stats");
    String otherOrg =
        server
            .post("/api/admin/organizations", "{\"name\":\"Other\"}", boot)
            .json()
            .get("id")
            .asText();
    String foreignAdmin = apiKey(otherOrg, "admin");
    JsonNode otherSite =
        server
            .post(
                "/api/admin/sites",
                "{\"name\":\"Other\",\"domain\":\"other.example\",\"organization_id\":\""
                    + otherOrg
                    + "\"}",
                boot)
            .json();
    Instant weeksAgo = Instant.now().minus(Duration.ofDays(20));

    assertAnswer(track(purchase(weeksAgo), admin), 1, 0);
    assertAnswer(track(purchase(weeksAgo), server.adminToken()), 1, 0);
    for (String wrong :
        new String[] {
          read, foreignAdmin, otherSite.get("secret_key").asText(), "sk_nothing", "garbage"
        }) {
      TestServer.Response r = track(purchase(weeksAgo), wrong);
      assertThat(r.status()).as(wrong + ": " + r.body()).isEqualTo(401);
      assertThat(r.json().at("/error/field").asText()).isEqualTo("Authorization");
      assertThat(r.json().at("/error/message").asText()).contains(siteId);
    }
    assertThat(server.events(siteId)).hasSize(2);
  }

  @Test
  void aNewSecretKeyRetiresTheOldOneAtOnce() {
    TestServer.Response made =
        server.post("/api/admin/sites/" + siteId + "/secret-key", "{}", boot);
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    String fresh = made.json().get("secret_key").asText();
    assertThat(fresh).startsWith(made.json().get("prefix").asText() + "_").isNotEqualTo(secretKey);

    JsonNode shown = server.get("/api/admin/sites/" + siteId + "/secret-key", boot).json();
    assertThat(shown.get("prefix").asText()).isEqualTo(made.json().get("prefix").asText());
    assertThat(shown.toString()).doesNotContain(fresh);

    assertThat(track(purchase(Instant.now()), secretKey).status()).isEqualTo(401);
    assertAnswer(track(purchase(Instant.now()), fresh), 1, 0);
  }

  private String apiKey(String org, String scope) {
    TestServer.Response r =
        server.post(
            "/api/admin/organizations/" + org + "/api-keys",
            "{\"name\":\"k\",\"scopes\":[\"" + scope + "\"]}",
            boot);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("key").asText();
  }
}
