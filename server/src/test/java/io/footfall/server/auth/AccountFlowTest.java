package io.footfall.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.footfall.server.TestServer;
import io.footfall.server.access.Authenticator;
import io.footfall.server.mail.SmtpSettings;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sign-in, sessions, CSRF, throttling and password reset over real HTTP and real SMTP. */
class AccountFlowTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PASSWORD = "a long enough passphrase";

  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", "mailer-secret"));

  TestServer server;
  String org;
  String email;

  @BeforeEach
  void setUp() {
    server =
        TestServer.start(
            c ->
                c.publicUrl("https://stats.example.com")
                    .smtp(
                        Optional.of(
                            new SmtpSettings(
                                "127.0.0.1",
                                SMTP.getSmtp().getPort(),
                                "mailer",
                                "mailer-secret",
                                "footfall@stats.example.com",
                                false,
                                Duration.ofSeconds(10)))));
    Map<String, String> boot = Map.of("Authorization", "Bearer " + server.adminToken());
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

  @AfterEach
  void tearDown() {
    server.close();
  }

  TestServer.Response login(String password) {
    return server.post(
        "/api/auth/login",
        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
        Map.of("X-Forwarded-For", "203.0.113.9"));
  }

  static String cookie(TestServer.Response r) {
    return r.header("Set-Cookie").split(";", 2)[0];
  }

  @Test
  void signsInWithAnHttpOnlySameSiteCookieAndSignsOut() {
    TestServer.Response r = login(PASSWORD);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Set-Cookie")).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
    String cookie = cookie(r);
    String csrf = r.json().get("csrf_token").asText();
    JsonNode me = server.get("/api/auth/me", Map.of("Cookie", cookie)).json();
    assertThat(me.at("/person/email").asText()).isEqualTo(email);
    assertThat(me.at("/memberships/0/role").asText()).isEqualTo("admin");

    TestServer.Response out =
        server.post("/api/auth/logout", "", Map.of("Cookie", cookie, "X-CSRF-Token", csrf));
    assertThat(out.status()).isEqualTo(204);
    assertThat(server.get("/api/auth/me", Map.of("Cookie", cookie)).status()).isEqualTo(401);
  }

  /** Regression: the cookie's Max-Age was counted from the system clock, not the server's. */
  @Test
  void theCookieLivesAsLongAsTheSessionOnTheServersClock() {
    io.footfall.core.MutableClock clock =
        new io.footfall.core.MutableClock(Instant.parse("2026-04-01T10:00:00Z"));
    try (TestServer past = TestServer.start(clock, c -> c)) {
      Map<String, String> boot = Map.of("Authorization", "Bearer " + past.adminToken());
      String acme =
          past.post("/api/admin/organizations", "{\"name\":\"Acme\"}", boot)
              .json()
              .get("id")
              .asText();
      past.post(
          "/api/admin/organizations/" + acme + "/members",
          "{\"email\":\"" + email + "\",\"role\":\"admin\",\"password\":\"" + PASSWORD + "\"}",
          boot);
      TestServer.Response r =
          past.post(
              "/api/auth/login",
              "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}",
              Map.of());
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.header("Set-Cookie"))
          .contains("Max-Age=" + Authenticator.SESSION_IDLE.toSeconds());
    }
  }

  @Test
  void refusesChangesWithACookieButWithoutTheCsrfToken() {
    TestServer.Response r = login(PASSWORD);
    String cookie = cookie(r);

    TestServer.Response noToken =
        server.post(
            "/api/admin/organizations/" + org + "/api-keys",
            "{\"scopes\":[\"read:stats\"]}",
            Map.of("Cookie", cookie));
    assertThat(noToken.status()).isEqualTo(403);
    assertThat(noToken.json().at("/error/code").asText()).isEqualTo("csrf_token_invalid");

    TestServer.Response withToken =
        server.post(
            "/api/admin/organizations/" + org + "/api-keys",
            "{\"scopes\":[\"read:stats\"]}",
            Map.of("Cookie", cookie, "X-CSRF-Token", r.json().get("csrf_token").asText()));
    assertThat(withToken.status()).isEqualTo(201);
    assertThat(withToken.json().get("key").asText()).startsWith("ff_");
  }

  @Test
  void answersTheSameForUnknownEmailsAndThrottlesRepeatedFailures() {
    TestServer.Response wrong = login("not the password at all");
    TestServer.Response unknown =
        server.post(
            "/api/auth/login", "{\"email\":\"nobody@acme.example\",\"password\":\"x\"}", Map.of());
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.json().at("/error/message").asText())
        .isEqualTo(wrong.json().at("/error/message").asText());

    for (int i = 0; i < 4; i++) {
      login("still wrong " + i);
    }
    TestServer.Response throttled = login(PASSWORD);
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("Retry-After")).isNotEmpty();
  }

  @Test
  void resetsThePasswordWithAMailedSingleUseLink() throws Exception {
    TestServer.Response request =
        server.post("/api/auth/password-reset", "{\"email\":\"" + email + "\"}", Map.of());
    assertThat(request.status()).isEqualTo(202);
    assertThat(
            server
                .post("/api/auth/password-reset", "{\"email\":\"nobody@x.example\"}", Map.of())
                .status())
        .isEqualTo(202);

    assertThat(SMTP.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage[] mails = SMTP.getReceivedMessages();
    assertThat(mails).hasSize(1);
    assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo(email);
    String text = mails[0].getContent().toString();
    Matcher m =
        Pattern.compile("https://stats\\.example\\.com/reset-password\\?token=(\\S+)")
            .matcher(text);
    assertThat(m.find()).as(text).isTrue();
    String token = m.group(1);

    String body = "{\"token\":\"" + token + "\",\"password\":\"a brand new passphrase\"}";
    assertThat(server.post("/api/auth/password-reset/confirm", body, Map.of()).status())
        .isEqualTo(204);
    assertThat(server.post("/api/auth/password-reset/confirm", body, Map.of()).status())
        .isEqualTo(400);
    assertThat(login(PASSWORD).status()).isEqualTo(401);
    assertThat(login("a brand new passphrase").status()).isEqualTo(200);
  }
}
