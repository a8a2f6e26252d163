package io.footfall.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.server.TestServer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regression (issue 14, item 7): login CSRF. A cross-site {@code text/plain} form posted to {@code
 * /api/auth/login} signed the victim's browser in to the attacker's account. Changes without a
 * Bearer token must now come from Footfall's own pages and be JSON; the collector stays open to
 * every site.
 */
class CrossSiteRequestTest {
  static final String PASSWORD = "a long enough passphrase";
  static final String EVIL = "https://evil.example";

  static TestServer server;
  static Map<String, String> boot;
  static String org;
  static String email;

  @BeforeAll
  static void start() {
    server = TestServer.start(c -> c.publicUrl("https://stats.example.com"));
    boot = Map.of("Authorization", "Bearer " + server.adminToken());
    org =
        server
            .post("/api/admin/organizations", "{\"name\":\"Acme\"}", boot)
            .json()
            .get("id")
            .asText();
    email = "ada@acme.example";
    TestServer.Response r =
        server.post(
            "/api/admin/organizations/" + org + "/members",
            "{\"email\":\"" + email + "\",\"role\":\"admin\",\"password\":\"" + PASSWORD + "\"}",
            boot);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String loginBody() {
    return "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";
  }

  static Map<String, String> headers(String... pairs) {
    Map<String, String> h = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      h.put(pairs[i], pairs[i + 1]);
    }
    return h;
  }

  /** The dashboard's own request, as Chromium sends it. */
  static Map<String, String> ownPage(String... more) {
    Map<String, String> h = headers(more);
    h.put("Origin", server.baseUrl());
    h.put("Sec-Fetch-Site", "same-origin");
    return h;
  }

  @Test
  void aCrossSiteTextPlainFormCannotSignTheVictimIn() {
    // What <form enctype="text/plain" method="post" action=".../api/auth/login"> sends.
    TestServer.Response forged =
        server.post(
            "/api/auth/login",
            loginBody(),
            headers("Content-Type", "text/plain", "Origin", EVIL, "Sec-Fetch-Site", "cross-site"));

    assertThat(forged.status()).as(forged.body()).isEqualTo(403);
    assertThat(forged.json().at("/error/code").asText()).isEqualTo("cross_site_request");
    assertThat(forged.header("Set-Cookie")).isEmpty();
  }

  @Test
  void aFormPostWithoutOriginHeadersIsRefusedForItsContentType() {
    // An old browser that sends neither Origin nor Sec-Fetch-Site.
    for (String type :
        new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data"}) {
      TestServer.Response r =
          server.post("/api/auth/login", loginBody(), headers("Content-Type", type));
      assertThat(r.status()).as(type + ": " + r.body()).isEqualTo(415);
      assertThat(r.json().at("/error/code").asText()).isEqualTo("unsupported_media_type");
      assertThat(r.json().at("/error/field").asText()).isEqualTo("Content-Type");
      assertThat(r.json().at("/error/message").asText()).contains("Content-Type: application/json");
      assertThat(r.header("Set-Cookie")).isEmpty();
    }
  }

  @Test
  void everyAnonymousSessionEndpointNeedsJson() {
    for (String path :
        new String[] {
          "/api/auth/login",
          "/api/auth/logout",
          "/api/auth/setup",
          "/api/auth/password-reset",
          "/api/auth/password-reset/confirm"
        }) {
      TestServer.Response r = server.post(path, "{}", ownPage("Content-Type", "text/plain"));
      assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(415);
    }
  }

  @Test
  void requestsFromAnotherOriginAreRefused() {
    for (Map<String, String> h :
        java.util.List.of(
            headers("Origin", EVIL),
            headers("Origin", "null"),
            headers("Origin", "http://127.0.0.1:1"),
            headers("Sec-Fetch-Site", "cross-site"),
            headers("Sec-Fetch-Site", "same-site", "Origin", "https://blog.stats.example.com"))) {
      TestServer.Response r = server.post("/api/auth/login", loginBody(), h);
      assertThat(r.status()).as(h + ": " + r.body()).isEqualTo(403);
      assertThat(r.header("Set-Cookie")).isEmpty();
    }
  }

  @Test
  void theDashboardsOwnRequestsAndThePublicUrlAreAccepted() {
    assertThat(server.post("/api/auth/login", loginBody(), ownPage()).status()).isEqualTo(200);
    // Behind a proxy that sends its own Host: the Origin is the public URL's, or the proxy says.
    assertThat(
            server
                .post(
                    "/api/auth/login",
                    loginBody(),
                    headers("Origin", "https://stats.example.com", "Sec-Fetch-Site", "same-origin"))
                .status())
        .isEqualTo(200);
    assertThat(
            server
                .post(
                    "/api/auth/login",
                    loginBody(),
                    headers("Origin", "https://dash.example", "X-Forwarded-Host", "dash.example"))
                .status())
        .isEqualTo(200);
    // A client that is not a browser sends neither header.
    assertThat(server.post("/api/auth/login", loginBody(), Map.of()).status()).isEqualTo(200);
  }

  @Test
  void cookieChangesNeedJsonEvenWithTheCsrfToken() {
    TestServer.Response login = server.post("/api/auth/login", loginBody(), ownPage());
    String cookie = login.header("Set-Cookie").split(";", 2)[0];
    String csrf = login.json().get("csrf_token").asText();
    String keys = "/api/admin/organizations/" + org + "/api-keys";
    String body = "{\"scopes\":[\"read:stats\"]}";

    TestServer.Response plain =
        server.post(
            keys,
            body,
            ownPage("Cookie", cookie, "X-CSRF-Token", csrf, "Content-Type", "text/plain"));
    assertThat(plain.status()).as(plain.body()).isEqualTo(415);

    TestServer.Response fromElsewhere =
        server.post(keys, body, headers("Cookie", cookie, "X-CSRF-Token", csrf, "Origin", EVIL));
    assertThat(fromElsewhere.status()).as(fromElsewhere.body()).isEqualTo(403);

    TestServer.Response created =
        server.post(keys, body, ownPage("Cookie", cookie, "X-CSRF-Token", csrf));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String key = keys + "/" + created.json().get("id").asText();

    Map<String, String> noType = ownPage("Cookie", cookie, "X-CSRF-Token", csrf);
    assertThat(server.request("DELETE", key, noType).status()).isEqualTo(415);
    Map<String, String> json = ownPage("Cookie", cookie, "X-CSRF-Token", csrf);
    json.put("Content-Type", "application/json; charset=utf-8");
    assertThat(server.request("DELETE", key, json).status()).isEqualTo(204);

    assertThat(
            server
                .post(
                    "/api/auth/logout",
                    "",
                    ownPage("Cookie", cookie, "X-CSRF-Token", csrf, "Content-Type", "text/plain"))
                .status())
        .as("a forged sign-out is refused too")
        .isEqualTo(415);
    assertThat(server.get("/api/auth/me", Map.of("Cookie", cookie)).status()).isEqualTo(200);
  }

  @Test
  void bearerCallsNeedNeitherOriginNorJson() {
    TestServer.Response r =
        server.post(
            "/api/admin/organizations/" + org + "/api-keys",
            "{\"scopes\":[\"read:stats\"]}",
            headers(
                "Authorization",
                "Bearer " + server.adminToken(),
                "Content-Type",
                "application/x-www-form-urlencoded",
                "Origin",
                EVIL,
                "Sec-Fetch-Site",
                "cross-site"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  @Test
  void theCollectorStaysOpenToOtherSites() {
    String site = server.createSite("Shop " + UUID.randomUUID(), "shop.example", "UTC").writeKey();
    String event =
        "{\"site\":\""
            + site
            + "\",\"event\":\"pageview\",\"id\":\""
            + UUID.randomUUID()
            + "\",\"context\":{\"url\":\"https://shop.example/\"}}";
    TestServer.Response r =
        server.post(
            "/api/track",
            event,
            headers(
                "Content-Type",
                "text/plain;charset=UTF-8",
                "Origin",
                "https://shop.example",
                "Sec-Fetch-Site",
                "cross-site",
                "User-Agent",
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                    + " Chrome/131.0.0.0 Safari/537.36"));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().get("accepted").asInt()).isEqualTo(1);
  }
}
