package io.footfall.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.footfall.core.MutableClock;
import io.footfall.core.metadata.MetadataStore;
import io.footfall.server.TestServer;
import io.footfall.server.access.LoginThrottle;
import io.footfall.server.access.PasswordHasher;
import io.footfall.server.access.Secrets;
import io.footfall.server.mail.Mail;
import io.footfall.server.mail.SmtpSettings;
import io.footfall.server.net.Cidr;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression (issue 14, item 5): password reset told which addresses have accounts by its time (56
 * ms against 7 ms: the look-up, the signed link and the SMTP conversation ran before the answer)
 * and mailed without limit.
 */
class PasswordResetTest {
  static final String PASSWORD = "a long enough passphrase";
  static final LoginThrottle.Limits LIMITS = LoginThrottle.Limits.PASSWORD_RESETS;

  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", "mailer-secret"));

  MutableClock clock;
  TestServer server;
  final String email = "ada@acme.example";

  @BeforeEach
  void setUp() {
    clock = new MutableClock(Instant.parse("2026-05-04T09:00:00Z"));
    server =
        TestServer.start(
            clock,
            c ->
                c.publicUrl("https://stats.example.com")
                    // The test's requests come from loopback; X-Forwarded-For names the network.
                    .trustedProxies(List.of(Cidr.parse("127.0.0.0/8")))
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
    String org =
        server
            .post("/api/admin/organizations", "{\"name\":\"Acme\"}", boot)
            .json()
            .get("id")
            .asText();
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

  TestServer.Response reset(String address, String client) {
    return server.post(
        "/api/auth/password-reset",
        "{\"email\":\"" + address + "\"}",
        Map.of("X-Forwarded-For", client));
  }

  @Test
  void knownAndUnknownAddressesGetTheSameAnswer() throws Exception {
    TestServer.Response unknown = reset("nobody@acme.example", "198.51.100.1");
    TestServer.Response known = reset(email, "198.51.101.1");

    assertThat(known.status()).isEqualTo(202);
    assertThat(unknown.status()).isEqualTo(known.status());
    assertThat(unknown.body()).isEqualTo(known.body());
    assertThat(unknown.header("Content-Type")).isEqualTo(known.header("Content-Type"));
    assertThat(withoutDate(unknown.headers().keySet()))
        .isEqualTo(withoutDate(known.headers().keySet()));

    // One worker takes the requests in order: once the known address's mail is there, the unknown
    // one was handled too, and sent nothing.
    assertThat(SMTP.waitForIncomingEmail(10_000, 1)).isTrue();
    assertThat(SMTP.getReceivedMessages()).hasSize(1);
    assertThat(SMTP.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo(email);
  }

  /**
   * {@code real} behind a proxy that records each call that reaches the database, as {@code
   * aggregate.method}: the aggregates the store hands out are recorded in turn.
   */
  static Object recording(Class<?> type, Object real, String prefix, List<String> calls) {
    return Proxy.newProxyInstance(
        type.getClassLoader(),
        new Class<?>[] {type},
        (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          Class<?> returned = method.getReturnType();
          if (returned.isInterface()
              && returned.getPackage().equals(MetadataStore.class.getPackage())) {
            return recording(returned, result, method.getName() + ".", calls);
          }
          calls.add(prefix + method.getName());
          return result;
        });
  }

  static List<String> withoutDate(java.util.Set<String> names) {
    return names.stream().filter(n -> !n.equalsIgnoreCase("date")).sorted().toList();
  }

  @Test
  void theRequestDoesTheSameWorkForKnownAndUnknownAddressesAndMailsLater() throws Exception {
    List<String> storeCalls = new CopyOnWriteArrayList<>();
    MetadataStore recording =
        (MetadataStore) recording(MetadataStore.class, server.server().metadata(), "", storeCalls);
    List<Mail> sent = new CopyOnWriteArrayList<>();
    List<Runnable> queued = new ArrayList<>();
    AccountService accounts =
        new AccountService(
            recording,
            new PasswordHasher(),
            new LoginThrottle(LoginThrottle.Limits.DEFAULTS, clock),
            new LoginThrottle(LIMITS, clock, "password-reset requests"),
            new SignedTokens(Secrets.randomBytes(32), clock),
            Optional.of(sent::add),
            queued::add,
            "https://stats.example.com",
            clock);
    InetAddress client = InetAddress.getByName("203.0.113.7");

    accounts.requestReset(email, client);
    List<String> knownWork = List.copyOf(storeCalls);
    accounts.requestReset("nobody@acme.example", client);
    List<String> unknownWork = storeCalls.subList(knownWork.size(), storeCalls.size());

    assertThat(knownWork).as("store calls before answering").isEmpty();
    assertThat(unknownWork).isEqualTo(knownWork);
    assertThat(sent).as("no mail is sent before the answer").isEmpty();
    assertThat(queued).hasSize(2);

    queued.forEach(Runnable::run);
    assertThat(storeCalls).containsExactly("people.byEmail", "people.byEmail");
    assertThat(sent).singleElement().satisfies(m -> assertThat(m.to()).isEqualTo(email));
  }

  @Test
  void resetRequestsAreLimitedPerAddress() {
    for (String address : List.of(email, "nobody@acme.example")) {
      for (int i = 0; i < LIMITS.failuresPerEmail(); i++) {
        // Each from another network: only the address's own limit can stop them.
        assertThat(reset(address, "198.51." + i + ".1").status()).isEqualTo(202);
      }
      TestServer.Response limited = reset(address, "203.0.113.1");
      assertThat(limited.status()).as(limited.body()).isEqualTo(429);
      assertThat(limited.json().at("/error/message").asText()).contains("password-reset");
      long retryAfter = Long.parseLong(limited.header("Retry-After"));
      assertThat(retryAfter).isPositive().isLessThanOrEqualTo(LIMITS.window().toSeconds());
    }
    assertThat(reset(email.toUpperCase(java.util.Locale.ROOT), "203.0.113.2").status())
        .as("the same address in other letters")
        .isEqualTo(429);

    clock.advance(LIMITS.window());
    assertThat(reset(email, "203.0.113.1").status()).isEqualTo(202);
  }

  @Test
  void resetRequestsAreLimitedPerNetwork() {
    for (int i = 0; i < LIMITS.failuresPerNetwork(); i++) {
      assertThat(reset("person" + i + "@acme.example", "198.51.100." + (i + 1)).status())
          .isEqualTo(202);
    }
    TestServer.Response limited = reset("someone@acme.example", "198.51.100.200");
    assertThat(limited.status()).as(limited.body()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).isNotEmpty();
    assertThat(reset("someone@acme.example", "203.0.113.1").status())
        .as("another network is not affected")
        .isEqualTo(202);

    clock.advance(LIMITS.window());
    assertThat(reset("person0@acme.example", "198.51.100.200").status()).isEqualTo(202);
  }

  @Test
  void aMalformedAddressAnswers400NamingTheField() {
    TestServer.Response r = reset("not-an-address\\nFORGED", "198.51.100.1");
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().at("/error/field").asText()).isEqualTo("email");
  }
}
