package io.footfall.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.MutableClock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  static final LoginThrottle.Limits LIMITS = LoginThrottle.Limits.DEFAULTS;
  static final Duration WINDOW = LIMITS.window();

  MutableClock clock;
  LoginThrottle throttle;
  String email;
  InetAddress client;

  @BeforeEach
  void setUp() {
    clock = new MutableClock(Instant.parse("2026-02-03T08:00:00Z"));
    throttle = new LoginThrottle(LIMITS, clock);
    email = randomEmail();
    client = randomClient();
  }

  static String randomEmail() {
    return "u" + Secrets.token().substring(0, 8).toLowerCase(Locale.ROOT) + "@example.com";
  }

  static InetAddress randomClient() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return address(
        new byte[] {
          (byte) random.nextInt(1, 224),
          (byte) random.nextInt(256),
          (byte) random.nextInt(256),
          (byte) random.nextInt(1, 255)
        });
  }

  static InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Another host in the same /24. */
  static InetAddress neighbour(InetAddress address) {
    byte[] bytes = address.getAddress();
    bytes[3] = (byte) (bytes[3] == 1 ? 2 : 1);
    return address(bytes);
  }

  void failTimes(int times, String who, InetAddress from, Duration apart) {
    for (int i = 0; i < times; i++) {
      throttle.recordFailure(who, from);
      clock.advance(apart);
    }
  }

  @Test
  void allowsAttemptsUntilTheEmailLimitThenSaysHowLongToWait() {
    Duration apart = Duration.ofMinutes(1);
    failTimes(LIMITS.failuresPerEmail() - 1, email, client, apart);
    assertThat(throttle.waitBefore(email, client)).isZero();

    throttle.recordFailure(email, client);

    // The first failure was (limit - 1) minutes ago; it leaves the window after the rest of it.
    Duration expected = WINDOW.minus(apart.multipliedBy(LIMITS.failuresPerEmail() - 1));
    assertThat(throttle.waitBefore(email, client)).isEqualTo(expected);
  }

  @Test
  void theWindowSlidesOneFailureAtATime() {
    Duration apart = Duration.ofMinutes(2);
    failTimes(LIMITS.failuresPerEmail(), email, client, apart);
    Duration wait = throttle.waitBefore(email, client);
    assertThat(wait).isPositive();

    clock.advance(wait.minusSeconds(1));
    assertThat(throttle.waitBefore(email, client)).isEqualTo(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(throttle.waitBefore(email, client)).isZero();

    // Only the oldest failure left the window: one more failure blocks again, until the next
    // oldest (two minutes younger) leaves.
    throttle.recordFailure(email, client);
    assertThat(throttle.waitBefore(email, client)).isEqualTo(apart);
  }

  @Test
  void countsEmailsWithoutRegardToCaseOrSurroundingSpace() {
    failTimes(LIMITS.failuresPerEmail(), email.toUpperCase(Locale.ROOT), client, Duration.ZERO);

    assertThat(throttle.waitBefore(" " + email + " ", client)).isEqualTo(WINDOW);
  }

  @Test
  void limitsANetworkTryingManyEmails() {
    for (int i = 0; i < LIMITS.failuresPerNetwork(); i++) {
      throttle.recordFailure(randomEmail(), client);
    }

    assertThat(throttle.waitBefore(randomEmail(), client)).isEqualTo(WINDOW);
    assertThat(throttle.waitBefore(randomEmail(), neighbour(client))).isEqualTo(WINDOW);
    assertThat(throttle.waitBefore(randomEmail(), randomClientOutside(client))).isZero();
  }

  @Test
  void limitsAnEmailTriedFromManyNetworks() {
    for (int i = 0; i < LIMITS.failuresPerEmail(); i++) {
      throttle.recordFailure(email, randomClient());
    }

    assertThat(throttle.waitBefore(email, randomClient())).isEqualTo(WINDOW);
  }

  @Test
  void successClearsTheEmailButNotTheNetwork() {
    failTimes(LIMITS.failuresPerEmail(), email, client, Duration.ZERO);
    for (int i = LIMITS.failuresPerEmail(); i < LIMITS.failuresPerNetwork(); i++) {
      throttle.recordFailure(randomEmail(), client);
    }
    assertThat(throttle.waitBefore(email, client)).isEqualTo(WINDOW);

    throttle.recordSuccess(email);

    assertThat(throttle.waitBefore(email, client))
        .as("network still at its limit")
        .isEqualTo(WINDOW);
    assertThat(throttle.waitBefore(email, randomClient())).isZero();
  }

  @Test
  void requireAllowedAnswers429WithRetryAfterRoundedUp() {
    failTimes(LIMITS.failuresPerEmail(), email, client, Duration.ZERO);
    clock.advance(Duration.ofMillis(1500));
    long expectedSeconds = WINDOW.minusMillis(1500).toSeconds() + 1;

    assertThatThrownBy(() -> throttle.requireAllowed(email, client))
        .isInstanceOfSatisfying(
            AuthException.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.code()).isEqualTo("too_many_attempts");
              assertThat(e.headers()).containsEntry("Retry-After", Long.toString(expectedSeconds));
              assertThat(e.getMessage()).contains(expectedSeconds + " s");
            });
    assertThatNoException().isThrownBy(() -> throttle.requireAllowed(randomEmail(), client));
  }

  @Test
  void remembersNoMoreKeysThanItsBound() {
    LoginThrottle small = new LoginThrottle(new LoginThrottle.Limits(5, 20, WINDOW, 50), clock);

    for (int i = 0; i < 1_000; i++) {
      small.recordFailure(randomEmail(), randomClient());
    }

    assertThat(small.trackedKeys()).isLessThanOrEqualTo(100);
  }

  @Test
  void forgetsKeysOneWindowAfterTheirLastFailure() {
    failTimes(3, email, client, Duration.ZERO);
    assertThat(throttle.trackedKeys()).isEqualTo(2);

    clock.advance(WINDOW);

    assertThat(throttle.trackedKeys()).isZero();
  }

  @Test
  void rejectsLimitsThatCouldNeverAllowASignIn() {
    assertThatThrownBy(() -> new LoginThrottle.Limits(0, 20, WINDOW, 10))
        .hasMessageContaining("failuresPerEmail=0");
    assertThatThrownBy(() -> new LoginThrottle.Limits(5, 20, Duration.ZERO, 10))
        .hasMessageContaining("PT0S");
  }

  static InetAddress randomClientOutside(InetAddress address) {
    while (true) {
      InetAddress other = randomClient();
      if (!LoginThrottle.networkKey(other).equals(LoginThrottle.networkKey(address))) {
        return other;
      }
    }
  }

  @Test
  void remembersAnOverlongKeyByItsDigestAndStillLimitsIt() {
    String huge = "x".repeat(60_000) + "@example.com";
    assertThat(LoginThrottle.emailKey(huge)).hasSize("sha256:".length() + 64);
    assertThat(LoginThrottle.emailKey(huge.toUpperCase(Locale.ROOT)))
        .isEqualTo(LoginThrottle.emailKey(huge));
    assertThat(LoginThrottle.emailKey(" Ada@Example.COM ")).isEqualTo("ada@example.com");

    failTimes(LIMITS.failuresPerEmail(), huge, randomClient(), Duration.ZERO);
    assertThat(throttle.waitBefore(huge, randomClient())).isPositive();
  }

  @Test
  void namesWhatItCountsInTheRefusal() {
    LoginThrottle resets = new LoginThrottle(LIMITS, clock, "password-reset requests");
    for (int i = 0; i < LIMITS.failuresPerEmail(); i++) {
      resets.recordFailure(email, randomClient());
    }
    assertThatThrownBy(() -> resets.requireAllowed(email, randomClient()))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.status()).isEqualTo(429))
        .hasMessageStartingWith("too many password-reset requests; try again in");
  }
}
