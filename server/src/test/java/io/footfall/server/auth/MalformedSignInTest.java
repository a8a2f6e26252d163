package io.footfall.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.server.LogCapture;
import io.footfall.server.TestServer;
import io.footfall.server.access.LoginThrottle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regression (issue 14, item 4): sign-in with a malformed email answered 500, was never throttled,
 * and a newline in it forged a log line.
 */
class MalformedSignInTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Text that, if written to the log unescaped, would stand on a line of its own. */
  static final String FORGED = "FORGED ERROR admin";

  TestServer server;

  @BeforeEach
  void setUp() {
    server = TestServer.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  TestServer.Response login(String email) {
    try {
      return server.post(
          "/api/auth/login",
          JSON.writeValueAsString(Map.of("email", email, "password", "some password")),
          Map.of());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> malformedEmails() {
    return List.of(
        "a@b.example\n" + FORGED,
        "a@b.example\r\n" + FORGED,
        "x".repeat(250) + "@acme.example",
        "no-at-sign.example",
        "nul\u0000@acme.example",
        "bell\u0007@acme.example",
        "two@@acme.example",
        "ada@",
        "@acme.example",
        "ada@acme..example",
        "ada lovelace@acme.example");
  }

  @Test
  void malformedEmailsAnswer400NamingTheFieldInsteadOf500() {
    for (String email : malformedEmails()) {
      TestServer.Response r = login(email);
      assertThat(r.status()).as("%s -> %s", JSON.valueToTree(email), r.body()).isEqualTo(400);
      assertThat(r.json().at("/error/code").asText()).isEqualTo("invalid_field");
      assertThat(r.json().at("/error/field").asText()).isEqualTo("email");
      assertThat(r.json().at("/error/message").asText()).contains("name@example.com", "254");
    }
  }

  @Test
  void repeatedMalformedSignInsAreThrottledLikeFailedOnes() {
    String email = "no-at-sign-" + System.nanoTime();
    for (int i = 0; i < LoginThrottle.Limits.DEFAULTS.failuresPerEmail(); i++) {
      assertThat(login(email).status()).isEqualTo(400);
    }
    TestServer.Response throttled = login(email);
    assertThat(throttled.status()).as(throttled.body()).isEqualTo(429);
    assertThat(throttled.json().at("/error/code").asText()).isEqualTo("too_many_attempts");
    assertThat(Long.parseLong(throttled.header("Retry-After"))).isPositive();
  }

  @Test
  void aNewlineInTheEmailDoesNotForgeALogLine() {
    try (LogCapture log = LogCapture.start()) {
      login("a@b.example\n" + FORGED);
      login("a@b.example\r" + FORGED);
      login("a@b.example\u2028" + FORGED);

      assertThat(log.lines())
          .noneMatch(
              line -> line.toUpperCase(Locale.ROOT).startsWith(FORGED.toUpperCase(Locale.ROOT)));
    }
  }
}
