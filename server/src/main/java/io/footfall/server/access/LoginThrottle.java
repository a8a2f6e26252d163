package io.footfall.server.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.footfall.core.Person;
import io.footfall.server.net.IpNetworks;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Limits failed sign-ins per email address and per client network, so passwords cannot be guessed
 * quickly against one account or from one place.
 *
 * <p>Design note. Each key keeps the times of its last {@code limit} failures in a small ring; a
 * new attempt is allowed while fewer than {@code limit} of them fall inside the sliding window, and
 * otherwise must wait until the oldest of them leaves it. Keys are email addresses (trimmed, lower
 * case) and client networks as {@link IpNetworks#truncate} writes them ({@code /24} for IPv4,
 * {@code /48} for IPv6), so an attacker cannot escape the network limit by hopping addresses in one
 * allocation. Memory is bounded: at most {@link Limits#maxTrackedKeys()} emails and as many
 * networks are tracked, each for one window after its last failure; beyond that the least recently
 * used are forgotten.
 *
 * <p>How to use it in a sign-in handler:
 *
 * <ol>
 *   <li>{@link #requireAllowed} before checking the password (a blocked attempt is not checked and
 *       not counted);
 *   <li>{@link #recordFailure} after a wrong password <em>and</em> after an unknown email, so the
 *       answer never tells which emails have accounts;
 *   <li>{@link #recordSuccess} after a correct one: it clears the email's failures but not the
 *       network's, so one valid account cannot be used to reset the network limit.
 * </ol>
 *
 * <p>The email limit lets anyone lock an account out of password sign-in for one window by failing
 * on purpose; that is the price of stopping guessing, and a password reset still works.
 *
 * <p>The same mechanism limits other guessable or costly requests: the "email" is then whatever is
 * guessed at or paid for (a shared link's id, the address a password reset is mailed to), and
 * {@code attempts} names them in the 429 message. A key longer than {@link Person#MAX_EMAIL}
 * characters (malformed input) is remembered by its SHA-256, so one key costs little memory.
 *
 * <p>Thread-safe.
 */
public final class LoginThrottle {

  /**
   * How many failures are allowed.
   *
   * @param failuresPerEmail failures per email address within the window, at least 1
   * @param failuresPerNetwork failures per client network within the window, at least 1
   * @param window the sliding window, more than zero
   * @param maxTrackedKeys how many emails, and how many networks, are remembered at most
   */
  public record Limits(
      int failuresPerEmail, int failuresPerNetwork, Duration window, int maxTrackedKeys) {
    /** 5 per email and 20 per network in 15 minutes; 100,000 keys of each kind (a few MB). */
    public static final Limits DEFAULTS = new Limits(5, 20, Duration.ofMinutes(15), 100_000);

    /**
     * Wrong shared-link passwords: 10 per link and 20 per network in 15 minutes. A link is often
     * shared with several people, so it gets more room than one person's email.
     */
    public static final Limits SHARED_LINKS = new Limits(10, 20, Duration.ofMinutes(15), 100_000);

    /**
     * Password-reset requests, each counted: 3 per address and 10 per network in an hour, so that
     * nobody can flood an inbox or the mail server through Footfall.
     */
    public static final Limits PASSWORD_RESETS = new Limits(3, 10, Duration.ofHours(1), 100_000);

    public Limits {
      Objects.requireNonNull(window, "window");
      if (failuresPerEmail < 1 || failuresPerNetwork < 1 || maxTrackedKeys < 1) {
        throw new IllegalArgumentException(
            "login limits must be at least 1, got failuresPerEmail="
                + failuresPerEmail
                + ", failuresPerNetwork="
                + failuresPerNetwork
                + ", maxTrackedKeys="
                + maxTrackedKeys);
      }
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("login window must be more than 0, got " + window);
      }
    }
  }

  private final Limits limits;
  private final Clock clock;
  private final String attempts;
  private final Cache<String, Failures> byEmail;
  private final Cache<String, Failures> byNetwork;

  /** A throttle of failed sign-ins. */
  public LoginThrottle(Limits limits, Clock clock) {
    this(limits, clock, "failed sign-in attempts");
  }

  /**
   * A throttle of other attempts.
   *
   * @param attempts what is counted, in the plural, for the 429 message (e.g. {@code "wrong
   *     passwords for this shared link"})
   */
  public LoginThrottle(Limits limits, Clock clock, String attempts) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.attempts = Objects.requireNonNull(attempts, "attempts");
    this.byEmail = newCache();
    this.byNetwork = newCache();
  }

  /**
   * How long the next sign-in attempt for this email from this client must wait.
   *
   * @return {@link Duration#ZERO} when it may go ahead now, otherwise the time until the oldest
   *     counted failure leaves the window (the larger of the email's and the network's)
   */
  public Duration waitBefore(String email, InetAddress client) {
    Instant now = clock.instant();
    Duration forEmail = waitFor(byEmail, emailKey(email), now);
    Duration forNetwork = waitFor(byNetwork, networkKey(client), now);
    return forEmail.compareTo(forNetwork) >= 0 ? forEmail : forNetwork;
  }

  /**
   * Throws when {@link #waitBefore} is not zero.
   *
   * @throws AuthException 429 {@code too_many_attempts} with {@code Retry-After} in whole seconds,
   *     rounded up
   */
  public void requireAllowed(String email, InetAddress client) {
    Duration wait = waitBefore(email, client);
    if (!wait.isZero()) {
      throw AuthException.tooManyAttempts(
          "too many " + attempts + "; try again in " + AuthException.ceilSeconds(wait) + " s",
          wait);
    }
  }

  /** Counts a failed attempt against the email and the client's network. */
  public void recordFailure(String email, InetAddress client) {
    Instant now = clock.instant();
    record(byEmail, emailKey(email), limits.failuresPerEmail(), now);
    record(byNetwork, networkKey(client), limits.failuresPerNetwork(), now);
  }

  /** Forgets the email's failures after a correct password; the network's stay counted. */
  public void recordSuccess(String email) {
    byEmail.invalidate(emailKey(email));
  }

  /** Emails plus networks currently remembered, after pending evictions; for tests. */
  long trackedKeys() {
    byEmail.cleanUp();
    byNetwork.cleanUp();
    return byEmail.estimatedSize() + byNetwork.estimatedSize();
  }

  private Cache<String, Failures> newCache() {
    return Caffeine.newBuilder()
        .maximumSize(limits.maxTrackedKeys())
        .expireAfterWrite(limits.window())
        .ticker(this::clockNanos)
        // Maintenance is a few map operations: run it on the caller's thread, deterministically.
        .executor(Runnable::run)
        .build();
  }

  private long clockNanos() {
    Instant now = clock.instant();
    return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
  }

  private Duration waitFor(Cache<String, Failures> cache, String key, Instant now) {
    Failures failures = cache.getIfPresent(key);
    return failures == null ? Duration.ZERO : failures.waitAt(now, limits.window());
  }

  private static void record(Cache<String, Failures> cache, String key, int limit, Instant now) {
    cache
        .asMap()
        .compute(
            key,
            (k, failures) -> {
              Failures current = failures == null ? new Failures(limit) : failures;
              current.add(now);
              return current;
            });
  }

  static String emailKey(String email) {
    Objects.requireNonNull(email, "email");
    String key = email.strip().toLowerCase(Locale.ROOT);
    return key.length() <= Person.MAX_EMAIL ? key : "sha256:" + Secrets.sha256Hex(key);
  }

  static String networkKey(InetAddress client) {
    return IpNetworks.truncate(client);
  }

  /** The times of the last {@code limit} failures of one key, oldest first from {@code next}. */
  private static final class Failures {
    private final Instant[] times;
    private int next;
    private int count;

    Failures(int limit) {
      this.times = new Instant[limit];
    }

    synchronized void add(Instant time) {
      times[next] = time;
      next = (next + 1) % times.length;
      count = Math.min(count + 1, times.length);
    }

    synchronized Duration waitAt(Instant now, Duration window) {
      if (count < times.length) {
        return Duration.ZERO;
      }
      Instant oldest = times[next];
      Instant free = oldest.plus(window);
      return now.isBefore(free) ? Duration.between(now, free) : Duration.ZERO;
    }
  }
}
