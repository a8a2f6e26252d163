package io.footfall.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.footfall.core.MutableClock;
import io.footfall.server.TestServer;
import io.footfall.server.mail.SmtpSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Adding a member is an invitation the invited person accepts (issue 14, item 6: an admin added
 * another tenant's person by email and learned their name and id).
 */
class InvitationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PASSWORD = "correct horse battery staple";

  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", "mailer-secret"));

  final HttpClient http = HttpClient.newHttpClient();
  MutableClock clock;
  TestServer server;
  Map<String, String> boot;
  String orgA;
  String siteA;
  String orgB;
  Map<String, String> admin;
  String bobId;
  final String bob = "bob-" + UUID.randomUUID() + "@b.example";
  final String bobName = "Bob " + UUID.randomUUID();

  @BeforeEach
  void twoTenants() {
    clock = new MutableClock(Instant.now());
    server =
        TestServer.start(
            clock,
            c ->
                c.smtp(
                    Optional.of(
                        new SmtpSettings(
                            "127.0.0.1",
                            SMTP.getSmtp().getPort(),
                            "mailer",
                            "mailer-secret",
                            "footfall@stats.example",
                            false,
                            Duration.ofSeconds(10)))));
    boot = Map.of("Authorization", "Bearer " + server.adminToken());
    orgA =
        call("POST", "/api/admin/organizations", boot, Map.of("name", "Acme")).get("id").asText();
    siteA =
        call(
                "POST",
                "/api/admin/sites",
                boot,
                Map.of("organization_id", orgA, "name", "Shop", "domain", "shop.example"))
            .get("id")
            .asText();
    orgB =
        call("POST", "/api/admin/organizations", boot, Map.of("name", "Beta")).get("id").asText();
    call(
        "POST",
        members(orgA),
        boot,
        Map.of("email", "admin@a.example", "role", "admin", "password", PASSWORD));
    bobId =
        call(
                "POST",
                members(orgB),
                boot,
                Map.of("email", bob, "name", bobName, "role", "owner", "password", PASSWORD))
            .get("person_id")
            .asText();
    admin = login("admin@a.example");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Regression: the answer named another tenant's person and their id, and added them at once. */
  @Test
  void addingAnotherTenantsPersonRevealsNothingAndAddsNobody() throws Exception {
    String stranger = "new-" + UUID.randomUUID() + "@x.example";

    HttpResponse<String> existing =
        send("POST", members(orgA), admin, Map.of("email", bob, "role", "viewer"));
    HttpResponse<String> unknown =
        send("POST", members(orgA), admin, Map.of("email", stranger, "role", "viewer"));

    assertThat(existing.statusCode()).as(existing.body()).isEqualTo(202);
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(202);
    assertThat(shape(json(existing))).isEqualTo(shape(json(unknown)));
    assertThat(existing.body()).doesNotContain(bobId).doesNotContain(bobName);
    assertThat(json(existing).at("/invitation/email").asText()).isEqualTo(bob);
    assertThat(json(existing).get("mailed").asBoolean()).isTrue();
    assertThat(json(unknown).get("mailed").asBoolean()).isTrue();
    List<String> memberEmails = new ArrayList<>();
    call("GET", members(orgA), admin, Map.of())
        .forEach(m -> memberEmails.add(m.get("email").asText()));
    assertThat(memberEmails).containsExactly("admin@a.example");
    assertThat(call("GET", invitations(orgA), admin, Map.of()))
        .extracting(n -> n.get("email").asText())
        .containsExactlyInAnyOrder(bob, stranger);
  }

  @Test
  void theInvitedPersonSeesAndAcceptsItWhenSignedInAndOthersCannot() {
    String id =
        call(
                "POST",
                members(orgA),
                admin,
                Map.of("email", bob, "role", "analyst", "site_ids", List.of(siteA)))
            .at("/invitation/id")
            .asText();
    call(
        "POST",
        members(orgA),
        boot,
        Map.of("email", "carol@a.example", "role", "viewer", "password", PASSWORD));
    Map<String, String> carol = login("carol@a.example");
    assertThat(call("GET", "/api/auth/invitations", carol, Map.of())).isEmpty();
    assertThat(status("POST", "/api/auth/invitations/" + id + "/accept", carol)).isEqualTo(404);

    Map<String, String> bobSession = login(bob);
    JsonNode received = call("GET", "/api/auth/invitations", bobSession, Map.of());
    assertThat(received).hasSize(1);
    assertThat(received.get(0).get("organization_name").asText()).isEqualTo("Acme");
    JsonNode joined = call("POST", "/api/auth/invitations/" + id + "/accept", bobSession, Map.of());

    assertThat(joined.get("organization_id").asText()).isEqualTo(orgA);
    JsonNode bobInA = member(orgA, bobId);
    assertThat(bobInA.get("role").asText()).isEqualTo("analyst");
    assertThat(bobInA.get("site_ids")).extracting(JsonNode::asText).containsExactly(siteA);
    assertThat(call("GET", invitations(orgA), admin, Map.of())).isEmpty();
    assertThat(status("POST", "/api/auth/invitations/" + id + "/accept", bobSession))
        .as("once")
        .isEqualTo(404);
    List<String> actions = new ArrayList<>();
    call("GET", "/api/admin/organizations/" + orgA + "/audit", boot, Map.of())
        .forEach(e -> actions.add(e.get("action").asText() + " " + e.get("actor").asText()));
    assertThat(actions).contains("member.join person:" + bobId);
    assertThat(actions).anyMatch(a -> a.startsWith("member.invite person:"));
  }

  @Test
  void aViewerIsGrantedPeopleOnceJoinedAndTheGrantStaysUntilChanged() {
    HttpResponse<String> early =
        send(
            "POST",
            members(orgA),
            admin,
            Map.of("email", bob, "role", "viewer", "reads_people", true));
    assertThat(early.statusCode()).as(early.body()).isEqualTo(400);
    assertThat(early.body())
        .contains("reads_people")
        .contains("once the invited person has joined");
    String id =
        call("POST", members(orgA), admin, Map.of("email", bob, "role", "viewer"))
            .at("/invitation/id")
            .asText();
    Map<String, String> bobSession = login(bob);
    call("POST", "/api/auth/invitations/" + id + "/accept", bobSession, Map.of());
    assertThat(member(orgA, bobId).get("reads_people").asBoolean()).isFalse();

    String bobUrl = members(orgA) + "/" + bobId;
    HttpResponse<String> bad =
        send("PATCH", bobUrl, admin, Map.of("role", "viewer", "reads_people", "yes"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("reads_people must be true or false");
    assertThat(
            call("PATCH", bobUrl, admin, Map.of("role", "viewer", "reads_people", true))
                .get("reads_people")
                .asBoolean())
        .isTrue();
    // Left out, the grant stays; the member's own view of themselves says so too.
    call("PATCH", bobUrl, admin, Map.of("role", "viewer", "site_ids", List.of(siteA)));
    assertThat(member(orgA, bobId).get("reads_people").asBoolean()).isTrue();
    JsonNode me = call("GET", "/api/auth/me", login(bob), Map.of());
    List<Boolean> grants = new ArrayList<>();
    me.get("memberships")
        .forEach(
            m -> {
              if (m.get("organization_id").asText().equals(orgA)) {
                grants.add(m.get("reads_people").asBoolean());
              }
            });
    assertThat(grants).containsExactly(true);
    call("PATCH", bobUrl, admin, Map.of("role", "viewer", "reads_people", false));
    assertThat(member(orgA, bobId).get("reads_people").asBoolean()).isFalse();
  }

  @Test
  void anInvitationExpiresAfterSevenDaysAndCanBeRevoked() {
    String first =
        call("POST", members(orgA), admin, Map.of("email", bob, "role", "viewer"))
            .at("/invitation/id")
            .asText();
    clock.advance(TenancyService.INVITATION_TTL.plusMinutes(1));
    Map<String, String> bobSession = login(bob);
    assertThat(call("GET", "/api/auth/invitations", bobSession, Map.of())).isEmpty();
    assertThat(status("POST", "/api/auth/invitations/" + first + "/accept", bobSession))
        .isEqualTo(404);

    Map<String, String> adminNow = login("admin@a.example");
    String second =
        call("POST", members(orgA), adminNow, Map.of("email", bob, "role", "viewer"))
            .at("/invitation/id")
            .asText();
    assertThat(status("DELETE", invitations(orgA) + "/" + second, adminNow)).isEqualTo(204);
    assertThat(status("POST", "/api/auth/invitations/" + second + "/accept", bobSession))
        .isEqualTo(404);
    assertThat(status("DELETE", invitations(orgA) + "/" + second, adminNow)).isEqualTo(404);
  }

  @Test
  void theMailedLinkMakesTheAccountOfANewAddressAndSignsInAnExistingOne() throws Exception {
    String newcomer = "newcomer-" + UUID.randomUUID() + "@x.example";
    call("POST", members(orgA), admin, Map.of("email", newcomer, "role", "viewer"));
    call("POST", members(orgA), admin, Map.of("email", bob, "role", "analyst"));
    String newcomerToken = tokenMailedTo(newcomer);
    String bobToken = tokenMailedTo(bob);

    HttpResponse<String> made =
        send(
            "POST",
            "/api/auth/invitations/accept",
            Map.of(),
            Map.of("token", newcomerToken, "name", "New Comer", "password", PASSWORD));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    assertThat(json(made).get("account_created").asBoolean()).isTrue();
    assertThat(login(newcomer)).isNotEmpty();
    assertThat(
            send(
                    "POST",
                    "/api/auth/invitations/accept",
                    Map.of(),
                    Map.of("token", newcomerToken, "password", PASSWORD))
                .statusCode())
        .as("a used link")
        .isEqualTo(400);

    Map<String, Object> byLink = Map.of("token", bobToken, "password", "another long passphrase");
    assertThat(send("POST", "/api/auth/invitations/accept", Map.of(), byLink).statusCode())
        .as("an address with an account signs in first; its password is not replaced")
        .isEqualTo(401);
    assertThat(
            send("POST", "/api/auth/invitations/accept", login(newcomer), Map.of("token", bobToken))
                .statusCode())
        .as("another signed-in person")
        .isEqualTo(403);
    HttpResponse<String> joined =
        send("POST", "/api/auth/invitations/accept", login(bob), Map.of("token", bobToken));
    assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
    assertThat(member(orgA, bobId).get("role").asText()).isEqualTo("analyst");
  }

  @Test
  void onlyTheInstallationSetsAPasswordAndOnlyAnOwnerSignedInInvitesOwners() {
    HttpResponse<String> withPassword =
        send(
            "POST",
            members(orgA),
            admin,
            Map.of("email", "x@x.example", "role", "viewer", "password", PASSWORD));
    assertThat(withPassword.statusCode()).isEqualTo(400);
    assertThat(json(withPassword).at("/error/field").asText()).isEqualTo("password");
    assertThat(
            send("POST", members(orgA), admin, Map.of("email", "y@x.example", "role", "owner"))
                .statusCode())
        .isEqualTo(403);
    assertThat(
            send("POST", members(orgA), admin, Map.of("email", "admin@a.example", "role", "viewer"))
                .statusCode())
        .as("already a member of this organization")
        .isEqualTo(409);
  }

  private String tokenMailedTo(String address) throws Exception {
    for (jakarta.mail.internet.MimeMessage m : SMTP.getReceivedMessages()) {
      if (m.getAllRecipients()[0].toString().equals(address)) {
        Matcher t = Pattern.compile("/invite\\?token=(\\S+)").matcher(m.getContent().toString());
        assertThat(t.find()).isTrue();
        return t.group(1);
      }
    }
    throw new AssertionError("no invitation was mailed to " + address);
  }

  /** The body's field names, recursively, with the values left out. */
  private static JsonNode shape(JsonNode n) {
    if (!n.isObject()) {
      return JSON.getNodeFactory().textNode(n.getNodeType().name());
    }
    ObjectNode out = JSON.createObjectNode();
    n.properties().forEach(e -> out.set(e.getKey(), shape(e.getValue())));
    return out;
  }

  private JsonNode member(String org, String personId) {
    for (JsonNode m : call("GET", members(org), boot, Map.of())) {
      if (m.get("person_id").asText().equals(personId)) {
        return m;
      }
    }
    throw new AssertionError(personId + " is not a member of " + org);
  }

  private static String members(String org) {
    return "/api/admin/organizations/" + org + "/members";
  }

  private static String invitations(String org) {
    return "/api/admin/organizations/" + org + "/invitations";
  }

  private Map<String, String> login(String email) {
    HttpResponse<String> r =
        send("POST", "/api/auth/login", Map.of(), Map.of("email", email, "password", PASSWORD));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Map<String, String> session = new HashMap<>();
    session.put("Cookie", r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0]);
    session.put("X-CSRF-Token", json(r).get("csrf_token").asText());
    return session;
  }

  private JsonNode call(String method, String path, Map<String, String> as, Map<String, ?> body) {
    HttpResponse<String> r = send(method, path, as, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    return json(r);
  }

  private int status(String method, String path, Map<String, String> as) {
    return send(method, path, as, Map.of()).statusCode();
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
                  method.equals("GET") || method.equals("DELETE")
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
