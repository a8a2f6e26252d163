package io.footfall.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Regression: after {@code ./footfall start --demo} and the first-run setup the new owner saw no
 * data, because the demo site lived in the organization "Default" and setup made another one. The
 * first owner now takes over the only organization, and a demo loaded after an owner exists goes to
 * the owner's organization.
 */
class DemoOwnerIntegrationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PASSWORD = "a long enough passphrase";
  static final int DEMO_EVENTS = 3_000;

  @Test
  void theOwnerCreatedAtSetupAfterADemoSeesTheDemoSiteWithItsData() {
    try (TestServer server = TestServer.start()) {
      assertThat(Footfall.loadDemo(server.server(), server.adminToken(), DEMO_EVENTS)).isTrue();
      String token = server.server().setupToken();
      assertThat(token).as("no owner yet: setup is open").isNotEmpty();
      TestServer.Response setup =
          server.post(
              "/api/auth/setup",
              JSON.createObjectNode()
                  .put("token", token)
                  .put("email", "owner@acme.example")
                  .put("password", PASSWORD)
                  .put("organization", "Acme")
                  .toString(),
              Map.of());
      assertThat(setup.status()).as(setup.body()).isEqualTo(201);

      Map<String, String> owner = signIn(server, "owner@acme.example");
      assertSeesTheDemoWithData(server, owner);
      JsonNode orgs = server.get("/api/admin/organizations", owner).json();
      assertThat(orgs).hasSize(1);
      assertThat(orgs.get(0).get("name").asText()).isEqualTo("Acme");
      assertThat(
              server
                  .get("/api/admin/organizations", bootstrap(server))
                  .json()
                  .findValuesAsText("name"))
          .as("the demo's organization was taken over and renamed, not copied")
          .containsExactly("Acme");
    }
  }

  @Test
  void aDemoLoadedAfterTheOwnerExistsGoesToTheOwnersOrganization() {
    try (TestServer server = TestServer.start()) {
      TestServer.Response setup =
          server.post(
              "/api/auth/setup",
              JSON.createObjectNode()
                  .put("token", server.server().setupToken())
                  .put("email", "first@shop.example")
                  .put("password", PASSWORD)
                  .put("organization", "Shop")
                  .toString(),
              Map.of());
      assertThat(setup.status()).as(setup.body()).isEqualTo(201);
      assertThat(Footfall.loadDemo(server.server(), server.adminToken(), DEMO_EVENTS)).isTrue();
      Map<String, String> owner = signIn(server, "first@shop.example");
      assertSeesTheDemoWithData(server, owner);
    }
  }

  @Test
  void theOwnerCreatedOnTheCommandLineAfterADemoSeesTheDemoSite(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("data");
    FootfallConfig config =
        FootfallConfig.defaults(data).toBuilder()
            .host("127.0.0.1")
            .port(0)
            .adminToken("cli-demo-token-" + System.nanoTime())
            .build();
    try (FootfallServer first = FootfallServer.start(config, Clock.systemUTC())) {
      assertThat(Footfall.loadDemo(first, config.access().adminToken(), DEMO_EVENTS)).isTrue();
    }
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)));
      int exit =
          new CommandLine(new Footfall())
              .execute(
                  "admin",
                  "create-owner",
                  "--email",
                  "cli@acme.example",
                  "--organization",
                  "Acme",
                  "--data-dir",
                  data.toString());
      assertThat(exit).isZero();
    } finally {
      System.setIn(stdin);
    }
    try (TestServer server = TestServer.onDataDir(data)) {
      assertSeesTheDemoWithData(server, signIn(server, "cli@acme.example"));
    }
  }

  /**
   * Regression: the README's site example (installation token, no organization named) put the site
   * into a new organization "Default" that the owner made at setup could not see.
   */
  @Test
  void aSiteMadeWithTheInstallationTokenAfterSetupGoesToTheOnlyOrganization() {
    try (TestServer server = TestServer.start()) {
      TestServer.Response setup =
          server.post(
              "/api/auth/setup",
              JSON.createObjectNode()
                  .put("token", server.server().setupToken())
                  .put("email", "first@shop.example")
                  .put("password", PASSWORD)
                  .put("organization", "Shop")
                  .toString(),
              Map.of());
      assertThat(setup.status()).as(setup.body()).isEqualTo(201);
      TestServer.SiteKeys made = server.createSite("My shop", "shop.example", "Europe/Berlin");

      JsonNode sites = server.get("/api/admin/sites", signIn(server, "first@shop.example")).json();
      List<String> ids = new ArrayList<>();
      sites.forEach(site -> ids.add(site.get("id").asText()));
      assertThat(ids).contains(made.id());
      assertThat(server.get("/api/admin/organizations", bootstrap(server)).json())
          .as("no second organization")
          .hasSize(1);
    }
  }

  /** The person's site list holds the demo site, and its statistics are the installation's. */
  static void assertSeesTheDemoWithData(TestServer server, Map<String, String> person) {
    JsonNode sites = server.get("/api/admin/sites", person).json();
    List<String> names = new ArrayList<>();
    String demoId = "";
    for (JsonNode site : sites) {
      names.add(site.get("name").asText());
      if (site.get("name").asText().equals("Demo")) {
        demoId = site.get("id").asText();
      }
    }
    assertThat(names).contains("Demo");
    String stats =
        "/api/stats/aggregate?site_id=" + demoId + "&metrics=visitors,pageviews&date_range=30d";
    TestServer.Response mine = server.get(stats, person);
    assertThat(mine.status()).as(mine.body()).isEqualTo(200);
    JsonNode metrics = mine.json().at("/results/0/metrics");
    assertThat(metrics.get(1).asLong()).as("pageviews the owner sees").isPositive();
    assertThat(metrics)
        .isEqualTo(server.get(stats, bootstrap(server)).json().at("/results/0/metrics"));
  }

  static Map<String, String> bootstrap(TestServer server) {
    return Map.of("Authorization", "Bearer " + server.adminToken());
  }

  static Map<String, String> signIn(TestServer server, String email) {
    TestServer.Response r =
        server.post(
            "/api/auth/login",
            JSON.createObjectNode().put("email", email).put("password", PASSWORD).toString(),
            Map.of());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return Map.of(
        "Cookie",
        r.header("Set-Cookie").split(";", 2)[0],
        "X-CSRF-Token",
        r.json().get("csrf_token").asText());
  }
}
