package io.footfall.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.server.TestServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A shared link reads exactly one site's stats, with its password, until revoked. */
class SharedLinkTest {
  @Test
  void grantsOneSitesStatsWithItsPasswordUntilRevoked() {
    try (TestServer server = TestServer.start()) {
      Map<String, String> boot = Map.of("Authorization", "Bearer " + server.adminToken());
      TestServer.SiteKeys shown = server.createSite("Shop", "shop.example", "UTC");
      TestServer.SiteKeys other = server.createSite("Other", "other.example", "UTC");
      String expires = Instant.now().plus(1, ChronoUnit.DAYS).toString();
      TestServer.Response created =
          server.post(
              "/api/admin/sites/" + shown.id() + "/shared-links",
              "{\"password\":\"open sesame\",\"expires_at\":\"" + expires + "\"}",
              boot);
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String token = created.json().get("token").asText();
      String linkId = created.json().get("id").asText();

      String counts = "/api/admin/sites/" + shown.id() + "/counts";
      assertThat(server.get(counts, Map.of("X-Footfall-Link", token)).status()).isEqualTo(401);
      Map<String, String> withPassword =
          Map.of("X-Footfall-Link", token, "X-Footfall-Link-Password", "open sesame");
      assertThat(server.get(counts, withPassword).status()).isEqualTo(200);
      assertThat(
              server
                  .get(counts + "?link=" + token, Map.of("X-Footfall-Link-Password", "wrong"))
                  .status())
          .isEqualTo(401);
      assertThat(server.get("/api/admin/sites/" + other.id() + "/counts", withPassword).status())
          .isEqualTo(404);
      assertThat(server.get("/api/admin/sites/" + shown.id(), withPassword).status())
          .isEqualTo(404);
      assertThat(
              server
                  .get("/api/admin/sites/" + shown.id() + "/shared-links", boot)
                  .json()
                  .get(0)
                  .has("token"))
          .as("the token is shown only once")
          .isFalse();

      TestServer.Response revoke =
          server.request(
              "DELETE", "/api/admin/sites/" + shown.id() + "/shared-links/" + linkId, boot);
      assertThat(revoke.status()).isEqualTo(204);
      assertThat(server.get(counts, withPassword).status()).isEqualTo(404);
    }
  }

  /**
   * Regression (issue 14, item 9): a shared link's reader read its site's full settings (write key,
   * privacy settings, retention, PII keys) through the sites list.
   */
  @Test
  void aSharedLinkSeesOnlyWhatTheReadOnlyViewNeedsInTheSitesList() {
    try (TestServer server = TestServer.start()) {
      Map<String, String> boot = Map.of("Authorization", "Bearer " + server.adminToken());
      TestServer.SiteKeys site = server.createSite("Shop", "shop.example", "Europe/Berlin");
      String secretKey = "pii-" + java.util.UUID.randomUUID();
      server.patchSite(
          site.id(),
          "{\"consent_mode\":true,\"retention_days\":90,\"pii_keys\":[\"" + secretKey + "\"]}");
      String token =
          server
              .post("/api/admin/sites/" + site.id() + "/shared-links", "{}", boot)
              .json()
              .get("token")
              .asText();

      TestServer.Response list = server.get("/api/admin/sites", Map.of("X-Footfall-Link", token));

      assertThat(list.status()).isEqualTo(200);
      assertThat(list.json()).hasSize(1);
      java.util.List<String> fields = new java.util.ArrayList<>();
      list.json().get(0).fieldNames().forEachRemaining(fields::add);
      assertThat(fields)
          .containsExactlyInAnyOrder(
              "id", "name", "domain", "timezone", "currency", "location_level");
      assertThat(list.json().get(0).get("timezone").asText()).isEqualTo("Europe/Berlin");
      assertThat(list.body()).doesNotContain(site.writeKey()).doesNotContain(secretKey);
      assertThat(server.get("/api/admin/sites", boot).body())
          .as("whoever may view the site still reads its settings")
          .contains(site.writeKey())
          .contains(secretKey);
    }
  }

  @Test
  void refusesAnExpiryInThePast() {
    try (TestServer server = TestServer.start()) {
      TestServer.SiteKeys site = server.createSite("Shop", "shop.example", "UTC");
      TestServer.Response r =
          server.post(
              "/api/admin/sites/" + site.id() + "/shared-links",
              "{\"expires_at\":\"2020-01-01T00:00:00Z\"}",
              Map.of("Authorization", "Bearer " + server.adminToken()));
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().at("/error/field").asText()).isEqualTo("expires_at");
    }
  }
}
