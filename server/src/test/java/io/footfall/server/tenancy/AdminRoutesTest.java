package io.footfall.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.core.Organization;
import io.footfall.core.Site;
import io.footfall.core.metadata.MetadataStore;
import io.footfall.server.TestServer;
import io.footfall.server.sites.SiteService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bootstrap admin API over real HTTP, now that every site belongs to an organization. */
class AdminRoutesTest {
  static final ObjectMapper JSON = new ObjectMapper();
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

  Map<String, String> admin() {
    return Map.of("Authorization", "Bearer " + server.adminToken());
  }

  TestServer.Response createSite(String json) {
    return server.post("/api/admin/sites", json, admin());
  }

  TestServer.Response patch(String siteId, String json) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/admin/sites/" + siteId))
            .header("Authorization", "Bearer " + server.adminToken())
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
            .build();
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new TestServer.Response(r.statusCode(), r.body(), r.headers().map());
    }
  }

  @Test
  void putsSitesWithoutOrganizationIntoOneDefaultOrganization() throws IOException {
    TestServer.SiteKeys first = server.createSite("First", "first.example", "UTC");
    TestServer.SiteKeys second = server.createSite("Second", "second.example", "Europe/Berlin");

    assertThat(metadata.organizations().all())
        .filteredOn(o -> o.name().equals(SiteService.DEFAULT_ORGANIZATION_NAME))
        .hasSize(1);
    for (TestServer.SiteKeys keys : new TestServer.SiteKeys[] {first, second}) {
      Site site =
          metadata.sites().find(SiteService.DEFAULT_ORGANIZATION_ID, keys.id()).orElseThrow();
      assertThat(site.currency()).isEqualTo(Site.DEFAULT_CURRENCY);
      assertThat(site.retentionDays()).isEqualTo(Site.DEFAULT_RETENTION_DAYS);
    }
    JsonNode listed = server.get("/api/admin/sites", admin()).json();
    assertThat(listed.findValuesAsText("organization_id"))
        .contains(SiteService.DEFAULT_ORGANIZATION_ID);
  }

  @Test
  void createsASiteInTheNamedOrganizationWithItsCurrencyAndRetention() {
    metadata.organizations().create(new Organization("o_acme", "Acme", Instant.now()));

    TestServer.Response r =
        createSite(
            "{\"name\":\"Acme shop\",\"domain\":\"acme.example\",\"timezone\":\"UTC\","
                + "\"organization_id\":\"o_acme\",\"currency\":\"USD\",\"retention_days\":30}");

    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode body = r.json();
    assertThat(body.get("organization_id").asText()).isEqualTo("o_acme");
    assertThat(body.get("currency").asText()).isEqualTo("USD");
    assertThat(body.get("retention_days").asInt()).isEqualTo(30);
    assertThat(metadata.sites().list("o_acme"))
        .extracting(Site::id)
        .containsExactly(body.get("id").asText());
  }

  @Test
  void refusesAnOrganizationThatDoesNotExistNamingTheField() {
    TestServer.Response r =
        createSite("{\"name\":\"X\",\"domain\":\"x.example\",\"organization_id\":\"o_missing\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/error/field").asText()).isEqualTo("organization_id");
    assertThat(r.json().at("/error/message").asText()).contains("o_missing");
  }

  /** Regression: the installation adding a member to a missing organization answered 500. */
  @Test
  void addingAMemberToAMissingOrganizationIsA404AndCreatesNobody() {
    TestServer.Response r =
        server.post(
            "/api/admin/organizations/o_missing/members",
            "{\"email\":\"nobody.yet@example.org\",\"role\":\"viewer\"}",
            admin());

    assertThat(r.status()).as(r.body()).isEqualTo(404);
    assertThat(metadata.people().byEmail("nobody.yet@example.org")).isEmpty();
  }

  /** Regression (found by NoServerErrorFuzzTest): the same for an API key answered 500. */
  @Test
  void creatingAnApiKeyInAMissingOrganizationIsA404() {
    TestServer.Response r =
        server.post(
            "/api/admin/organizations/o_missing/api-keys",
            "{\"scopes\":[\"read:stats\"]}",
            admin());

    assertThat(r.status()).as(r.body()).isEqualTo(404);
  }

  @Test
  void changesCurrencyAndRetentionAndRefusesBadValuesWithTheirField() throws Exception {
    TestServer.SiteKeys keys = server.createSite("Patched", "patched.example", "UTC");

    TestServer.Response ok = patch(keys.id(), "{\"currency\":\"GBP\",\"retention_days\":90}");
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    Site stored =
        metadata.sites().find(SiteService.DEFAULT_ORGANIZATION_ID, keys.id()).orElseThrow();
    assertThat(stored.currency()).isEqualTo("GBP");
    assertThat(stored.retentionDays()).isEqualTo(90);

    for (String[] bad :
        new String[][] {
          {"{\"currency\":\"gbp\"}", "currency"},
          {"{\"retention_days\":0}", "retention_days"},
          {"{\"retention_days\":\"ten\"}", "retention_days"},
          // An empty name is refused with 400 before the Site record (which refuses it too) is
          // built.
          {"{\"name\":\"\"}", "name"}
        }) {
      TestServer.Response r = patch(keys.id(), bad[0]);
      assertThat(r.status()).as(bad[0] + " -> " + r.body()).isEqualTo(400);
      assertThat(r.json().at("/error/field").asText()).isEqualTo(bad[1]);
    }
    assertThat(metadata.sites().find(SiteService.DEFAULT_ORGANIZATION_ID, keys.id()))
        .contains(stored);
  }
}
