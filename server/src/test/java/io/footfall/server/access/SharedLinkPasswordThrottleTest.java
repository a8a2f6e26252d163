package io.footfall.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.MutableClock;
import io.footfall.server.TestServer;
import io.footfall.server.net.Cidr;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regression (issue 14, item 2): a shared link's password could be guessed without limit (553
 * guesses), each guess costing an argon2id hash that slowed other tenants. Guesses are limited per
 * link and per client network, and a refused guess is refused before the password is checked.
 */
class SharedLinkPasswordThrottleTest {
  static final LoginThrottle.Limits LIMITS = LoginThrottle.Limits.SHARED_LINKS;
  static final String PASSWORD = "open sesame";

  MutableClock clock;
  TestServer server;
  Map<String, String> boot;
  String site;

  @BeforeEach
  void setUp() {
    clock = new MutableClock(Instant.parse("2026-04-01T10:00:00Z"));
    // The test's requests come from loopback; trusting it lets X-Forwarded-For name the network.
    server = TestServer.start(clock, c -> c.trustedProxies(List.of(Cidr.parse("127.0.0.0/8"))));
    boot = Map.of("Authorization", "Bearer " + server.adminToken());
    site = server.createSite("Shop", "shop.example", "UTC").id();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  String newLink() {
    TestServer.Response r =
        server.post(
            "/api/admin/sites/" + site + "/shared-links",
            "{\"password\":\"" + PASSWORD + "\"}",
            boot);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("token").asText();
  }

  TestServer.Response read(String token, String password, String client) {
    return server.get(
        "/api/admin/sites/" + site + "/counts",
        Map.of(
            "X-Footfall-Link", token,
            "X-Footfall-Link-Password", password,
            "X-Forwarded-For", client));
  }

  @Test
  void wrongPasswordsForOneLinkAreLimitedAcrossNetworks() {
    String link = newLink();
    for (int i = 0; i < LIMITS.failuresPerEmail(); i++) {
      // Every guess from another /24, so that only the link's own limit can stop them.
      assertThat(read(link, "guess " + i, "198.51." + i + ".7").status()).isEqualTo(401);
    }

    TestServer.Response throttled = read(link, "one more guess", "203.0.113.50");
    assertThat(throttled.status()).as(throttled.body()).isEqualTo(429);
    assertThat(throttled.json().at("/error/code").asText()).isEqualTo("too_many_attempts");
    assertThat(throttled.json().at("/error/message").asText()).contains("shared link");
    long retryAfter = Long.parseLong(throttled.header("Retry-After"));
    assertThat(retryAfter).isPositive().isLessThanOrEqualTo(LIMITS.window().toSeconds());

    // Refused before the password is checked: even the right one waits, so a throttled guess
    // never costs a password hash.
    assertThat(read(link, PASSWORD, "203.0.113.50").status()).isEqualTo(429);

    clock.advance(Duration.ofSeconds(retryAfter));
    assertThat(read(link, PASSWORD, "203.0.113.50").status()).isEqualTo(200);
  }

  @Test
  void wrongPasswordsFromOneNetworkAreLimitedAcrossLinks() {
    String attacker = "198.51.100.";
    String link = "";
    for (int guess = 0; guess < LIMITS.failuresPerNetwork(); guess++) {
      if (guess % (LIMITS.failuresPerEmail() - 1) == 0) {
        link = newLink(); // a new link before this one's own limit is reached
      }
      // Hopping addresses inside the /24 does not help.
      assertThat(read(link, "guess " + guess, attacker + (guess + 1)).status()).isEqualTo(401);
    }
    String fresh = newLink();

    assertThat(read(fresh, "another guess", attacker + "200").status()).isEqualTo(429);
    assertThat(read(fresh, "someone else's typo", "203.0.113.9").status())
        .as("another network is not affected")
        .isEqualTo(401);
    assertThat(read(fresh, PASSWORD, "203.0.113.9").status()).isEqualTo(200);

    clock.advance(LIMITS.window());
    assertThat(read(fresh, PASSWORD, attacker + "200").status()).isEqualTo(200);
  }

  @Test
  void theRightPasswordClearsTheLinksFailures() {
    String link = newLink();
    for (int i = 0; i < LIMITS.failuresPerEmail() - 1; i++) {
      assertThat(read(link, "typo " + i, "198.51." + i + ".7").status()).isEqualTo(401);
    }
    assertThat(read(link, PASSWORD, "203.0.113.9").status()).isEqualTo(200);

    // Without the reset, the second of these would be over the link's limit.
    assertThat(read(link, "typo again", "203.0.113.10").status()).isEqualTo(401);
    assertThat(read(link, "and again", "203.0.114.10").status()).isEqualTo(401);
  }

  /**
   * A viewer's dashboard sends the password with each of its dozen requests: the right password
   * costs one hash while it is remembered, a wrong one is hashed every time, and after the memory
   * ends the right one is hashed again.
   */
  @Test
  void aRightPasswordIsHashedOnceWhileRememberedAndAWrongOneEveryTime() {
    String link = newLink();
    long before = hashes();
    for (int i = 0; i < 6; i++) {
      assertThat(read(link, PASSWORD, "198.51.100.7").status()).isEqualTo(200);
    }
    assertThat(hashes() - before).as("six reads, one hash").isEqualTo(1);

    assertThat(read(link, PASSWORD + "!", "198.51.100.7").status()).isEqualTo(401);
    assertThat(hashes() - before).isEqualTo(2);

    clock.advance(Authenticator.LINK_PASSWORD_REMEMBERED.plusSeconds(1));
    assertThat(read(link, PASSWORD, "198.51.100.7").status()).isEqualTo(200);
    assertThat(hashes() - before).isEqualTo(3);
  }

  long hashes() {
    TestServer.Response r = server.get("/metrics", boot);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.body()
        .lines()
        .filter(l -> l.startsWith("footfall_password_hashes_total"))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }
}
