package io.footfall.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.server.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regression (issue 14, item 1): an admin made an {@code admin}-scoped API key and with it promoted
 * itself to owner and removed the original owner. A key never holds more power than the person who
 * made it, owner changes need an owner signed in, and a key stops working when its maker loses the
 * right to make it.
 */
class AdminKeyEscalationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PASSWORD = "correct horse battery staple";
  final HttpClient http = HttpClient.newHttpClient();

  TestServer server;
  Map<String, String> boot;
  String org;
  String site;
  Map<String, String> ids = new HashMap<>();

  @BeforeEach
  void organizationWithAnOwnerAndAnAdmin() {
    server = TestServer.start();
    boot = Map.of("Authorization", "Bearer " + server.adminToken());
    org = call("POST", "/api/admin/organizations", boot, Map.of("name", "Acme")).get("id").asText();
    site =
        call(
                "POST",
                "/api/admin/sites",
                boot,
                Map.of("organization_id", org, "name", "Shop", "domain", "shop.example"))
            .get("id")
            .asText();
    for (String role : List.of("owner", "admin")) {
      ids.put(
          role,
          call(
                  "POST",
                  members(""),
                  boot,
                  Map.of("email", role + "@acme.example", "role", role, "password", PASSWORD))
              .get("person_id")
              .asText());
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anAdminsAdminKeyCannotMakeItsMakerOwnerNorRemoveTheOwner() {
    Map<String, String> admin = login("admin@acme.example");
    Map<String, String> key = bearer(newKey(admin, "admin"));

    assertThat(status("PATCH", members("/" + ids.get("admin")), key, Map.of("role", "owner")))
        .as("promote its maker to owner")
        .isEqualTo(403);
    assertThat(status("PATCH", members("/" + ids.get("owner")), key, Map.of("role", "viewer")))
        .as("downgrade the owner")
        .isEqualTo(403);
    assertThat(status("DELETE", members("/" + ids.get("owner")), key, Map.of()))
        .as("remove the owner")
        .isEqualTo(403);
    assertThat(
            status(
                "POST",
                members(""),
                key,
                Map.of("email", "accomplice@elsewhere.example", "role", "owner")))
        .as("invite a new owner")
        .isEqualTo(403);
    assertThat(roles())
        .containsEntry(ids.get("owner"), "owner")
        .containsEntry(ids.get("admin"), "admin");

    // What the admin may do, the key may do: it is bounded, not broken.
    assertThat(status("PATCH", members("/" + ids.get("admin")), key, Map.of("role", "admin")))
        .isEqualTo(200);
    assertThat(status("GET", "/api/admin/organizations/" + org + "/api-keys", key, Map.of()))
        .isEqualTo(200);
  }

  @Test
  void evenAnOwnersKeyCannotChangeOwnersButTheOwnerSignedInCan() {
    Map<String, String> owner = login("owner@acme.example");
    Map<String, String> key = bearer(newKey(owner, "admin"));

    assertThat(status("PATCH", members("/" + ids.get("admin")), key, Map.of("role", "owner")))
        .isEqualTo(403);
    assertThat(status("PATCH", members("/" + ids.get("admin")), owner, Map.of("role", "owner")))
        .isEqualTo(200);
    assertThat(status("DELETE", members("/" + ids.get("owner")), key, Map.of())).isEqualTo(403);
    assertThat(status("DELETE", members("/" + ids.get("owner")), owner, Map.of())).isEqualTo(204);
  }

  @Test
  void aKeyStopsWhenItsMakerIsDowngradedRestrictedOrRemovedAndTheInstallationsKeysDoNot() {
    Map<String, String> owner = login("owner@acme.example");
    Map<String, String> admin = login("admin@acme.example");
    Map<String, String> adminKey = bearer(newKey(admin, "admin"));
    Map<String, String> readKey = bearer(newKey(admin, "read:stats"));
    Map<String, String> installationKey = bearer(newKey(boot, "admin"));
    String counts = "/api/admin/sites/" + site + "/counts";
    assertThat(status("GET", counts, readKey, Map.of())).isEqualTo(200);

    call("PATCH", members("/" + ids.get("admin")), owner, Map.of("role", "analyst"));
    assertThat(status("GET", counts, adminKey, Map.of())).isEqualTo(401);
    assertThat(status("GET", counts, readKey, Map.of())).isEqualTo(401);
    assertThat(status("GET", counts, installationKey, Map.of())).isEqualTo(200);

    call("PATCH", members("/" + ids.get("admin")), owner, Map.of("role", "admin"));
    assertThat(status("GET", counts, adminKey, Map.of()))
        .as("the bound is the maker's current role")
        .isEqualTo(200);

    call(
        "PATCH",
        members("/" + ids.get("admin")),
        owner,
        Map.of("role", "admin", "site_ids", List.of(site)));
    assertThat(status("GET", counts, adminKey, Map.of()))
        .as("an admin restricted to some sites may not make keys")
        .isEqualTo(401);

    call("PATCH", members("/" + ids.get("admin")), owner, Map.of("role", "admin"));
    call("DELETE", members("/" + ids.get("admin")), owner, Map.of());
    assertThat(status("GET", counts, adminKey, Map.of())).isEqualTo(401);
    assertThat(status("GET", counts, readKey, Map.of())).isEqualTo(401);
    assertThat(status("GET", counts, installationKey, Map.of())).isEqualTo(200);
  }

  @Test
  void aKeyMadeWithAKeyActsForTheSamePerson() {
    Map<String, String> owner = login("owner@acme.example");
    Map<String, String> admin = login("admin@acme.example");
    Map<String, String> parent = bearer(newKey(admin, "admin"));
    JsonNode child =
        call(
            "POST",
            "/api/admin/organizations/" + org + "/api-keys",
            parent,
            Map.of("name", "child", "scopes", List.of("admin")));
    assertThat(child.get("created_by").asText()).isEqualTo(ids.get("admin"));
    Map<String, String> childKey = bearer(child.get("key").asText());

    call("DELETE", members("/" + ids.get("admin")), owner, Map.of());
    assertThat(status("GET", "/api/admin/sites", childKey, Map.of())).isEqualTo(401);
  }

  private String members(String rest) {
    return "/api/admin/organizations/" + org + "/members" + rest;
  }

  private Map<String, String> roles() {
    Map<String, String> out = new HashMap<>();
    call("GET", members(""), boot, Map.of())
        .forEach(m -> out.put(m.get("person_id").asText(), m.get("role").asText()));
    return out;
  }

  private String newKey(Map<String, String> as, String scope) {
    return call(
            "POST",
            "/api/admin/organizations/" + org + "/api-keys",
            as,
            Map.of("name", scope + "-" + UUID.randomUUID(), "scopes", List.of(scope)))
        .get("key")
        .asText();
  }

  private static Map<String, String> bearer(String key) {
    return Map.of("Authorization", "Bearer " + key);
  }

  private Map<String, String> login(String email) {
    HttpResponse<String> r =
        send("POST", "/api/auth/login", Map.of(), Map.of("email", email, "password", PASSWORD));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    return Map.of("Cookie", cookie, "X-CSRF-Token", json(r).get("csrf_token").asText());
  }

  private JsonNode call(String method, String path, Map<String, String> as, Map<String, ?> body) {
    HttpResponse<String> r = send(method, path, as, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    return json(r);
  }

  private int status(String method, String path, Map<String, String> as, Map<String, ?> body) {
    return send(method, path, as, body).statusCode();
  }

  private static JsonNode json(HttpResponse<String> r) {
    try {
      return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<String> send(
      String method, String path, Map<String, String> as, Map<String, ?> body) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
              .method(
                  method,
                  body.isEmpty() && !method.equals("POST") && !method.equals("PATCH")
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .header("Content-Type", "application/json");
      as.forEach(b::header);
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
