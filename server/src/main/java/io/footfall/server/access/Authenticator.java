package io.footfall.server.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.footfall.core.ApiKey;
import io.footfall.core.Membership;
import io.footfall.core.SharedLink;
import io.footfall.core.SignedIn;
import io.footfall.core.WebSession;
import io.footfall.core.metadata.MetadataStore;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Establishes who sent a request from what it carries. An {@code Authorization} header decides on
 * its own (a wrong one is a 401, never a fall-back to the cookie, so that Bearer requests stay
 * exempt from CSRF checks safely); otherwise the session cookie; otherwise a shared link's token.
 */
public final class Authenticator {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(Authenticator.class);

  /**
   * Records that a key or session was used. Best effort: concurrent requests with the same
   * credential race to write the same row, and the embedded store refuses the loser with a write
   * conflict; the other request's write says the same, so the request goes on (regression: a read
   * key used by a dashboard's parallel requests answered 500 once a minute).
   */
  private static void touch(Runnable write, String what) {
    try {
      write.run();
    } catch (io.footfall.core.StoreException e) {
      log.debug("last-used time of {} not recorded this time: {}", what, e.getMessage());
    }
  }

  /** How long a session lives without use. */
  public static final Duration SESSION_IDLE = Duration.ofDays(14);

  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private final MetadataStore store;
  private final PasswordHasher passwords;
  private final LoginThrottle linkGuesses;
  private final byte[] bootstrapToken;
  private final Clock clock;

  /**
   * Shared-link passwords proved recently, so that a viewer's dashboard (a dozen requests a load,
   * each sending the password) costs one argon2id hash, not one per request. Keyed by the link, its
   * stored hash (a changed password misses) and the SHA-256 of the password sent; only right
   * passwords enter, so a guess never finds one. Memory only, bounded, on the injected clock.
   */
  private final Cache<String, Boolean> provenLinkPasswords;

  /** With the standard limits on wrong shared-link passwords. */
  public Authenticator(
      MetadataStore store, PasswordHasher passwords, String bootstrapToken, Clock clock) {
    this(
        store,
        passwords,
        new LoginThrottle(
            LoginThrottle.Limits.SHARED_LINKS, clock, "wrong passwords for this shared link"),
        bootstrapToken,
        clock);
  }

  /**
   * @param linkGuesses limits wrong shared-link passwords per link (its id) and per client network
   */
  public Authenticator(
      MetadataStore store,
      PasswordHasher passwords,
      LoginThrottle linkGuesses,
      String bootstrapToken,
      Clock clock) {
    this.store = store;
    this.passwords = passwords;
    this.linkGuesses = linkGuesses;
    this.bootstrapToken = bootstrapToken.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
    this.provenLinkPasswords =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(LINK_PASSWORD_REMEMBERED)
            .ticker(() -> clock.millis() * 1_000_000L)
            .build();
  }

  /** How long a right shared-link password is taken without hashing it again. */
  static final Duration LINK_PASSWORD_REMEMBERED = Duration.ofMinutes(10);

  /**
   * What a request presents.
   *
   * @param authorization the {@code Authorization} header, or empty
   * @param sessionCookie the session cookie's value, or empty
   * @param linkToken a shared link's token, or empty
   * @param linkPassword the shared link's password, or empty
   * @param client the client's address, for the per-network limit on shared-link passwords
   */
  public record Credentials(
      String authorization,
      String sessionCookie,
      String linkToken,
      String linkPassword,
      InetAddress client) {}

  /**
   * The principal a Bearer token proves, for callers that take neither a cookie nor a shared link
   * (the collector's server-side check).
   *
   * @throws AccessException 401 when the token proves nothing
   */
  public Principal authenticateBearer(String token) {
    return bearer("Bearer " + token, clock.instant());
  }

  public Principal authenticate(Credentials c) {
    Instant now = clock.instant();
    if (!c.authorization().isEmpty()) {
      return bearer(c.authorization(), now);
    }
    if (!c.sessionCookie().isEmpty()) {
      Optional<Principal> member = session(c.sessionCookie(), now);
      if (member.isPresent()) {
        return member.get();
      }
    }
    if (!c.linkToken().isEmpty()) {
      return link(c.linkToken(), c.linkPassword(), c.client(), now);
    }
    return new Principal.Anonymous();
  }

  /** Whether the token is the bootstrap token (compared in constant time). */
  public boolean isBootstrapToken(String token) {
    return bootstrapToken.length > 0
        && MessageDigest.isEqual(bootstrapToken, token.getBytes(StandardCharsets.UTF_8));
  }

  private Principal bearer(String header, Instant now) {
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw AccessException.unauthenticated("the Authorization header must be 'Bearer <token>'");
    }
    String token = header.substring(7).strip();
    if (isBootstrapToken(token)) {
      return new Principal.Installation();
    }
    Optional<PrefixedSecret> presented = Secrets.parsePrefixed("ff", token);
    if (presented.isPresent()) {
      Optional<ApiKey> key = store.apiKeys().byPrefix(presented.get().publicPart());
      if (key.isPresent()
          && key.get().active()
          && Secrets.constantTimeEquals(key.get().secretHash(), presented.get().hash())) {
        ApiKey k = key.get();
        Optional<Membership> creator = Optional.empty();
        if (!k.createdBy().isEmpty()) {
          // A key acts for the person who made it and works only while they may still make keys:
          // removed from the organization, downgraded below admin or restricted to some sites,
          // their keys stop (regression: an admin's admin key made its maker owner).
          creator = store.members().find(k.organizationId(), k.createdBy());
          if (creator.isEmpty() || !AccessPolicy.mayCreateApiKeys(creator.get())) {
            throw AccessException.unauthenticated(
                "API key "
                    + k.prefix()
                    + " no longer works: the person who made it may no longer create API keys"
                    + " in its organization");
          }
        }
        if (k.lastUsedAt().map(t -> t.isBefore(now.minus(TOUCH_EVERY))).orElse(true)) {
          touch(
              () -> store.apiKeys().touch(k.organizationId(), k.id(), now),
              "API key " + k.prefix());
        }
        return new Principal.Key(k, creator);
      }
      throw AccessException.unauthenticated("the API key is not valid or was revoked");
    }
    throw AccessException.unauthenticated("the Bearer token is not valid");
  }

  private Optional<Principal> session(String cookie, Instant now) {
    Optional<SignedIn> found = store.sessions().signedIn(Secrets.sha256Hex(cookie));
    if (found.isEmpty() || found.get().session().expiredAt(now)) {
      return Optional.empty();
    }
    WebSession s = found.get().session();
    if (s.lastSeenAt().isBefore(now.minus(TOUCH_EVERY))) {
      touch(() -> store.sessions().touch(s.idHash(), now, now.plus(SESSION_IDLE)), "a session");
    }
    return Optional.of(
        new Principal.Member(
            found.get().person(), s.idHash(), s.csrfToken(), found.get().memberships()));
  }

  /**
   * A shared link's principal. A password-protected link's password is checked only while the link
   * and the client's network are under their limits of wrong guesses: a refused guess costs a map
   * look-up instead of an argon2id hash (19 MiB and tens of milliseconds of a core), so guessing
   * can neither go on without limit nor slow down everyone else's requests.
   *
   * @throws io.footfall.server.access.AuthException 429 with {@code Retry-After} past the limits
   */
  private Principal link(String token, String password, InetAddress client, Instant now) {
    Optional<SharedLink> found = store.sharedLinks().byTokenHash(Secrets.sha256Hex(token));
    if (found.isEmpty() || !found.get().usableAt(now)) {
      throw AccessException.notFound("shared link");
    }
    SharedLink link = found.get();
    if (!link.passwordHash().isEmpty()) {
      if (password.isEmpty()) {
        throw AccessException.unauthenticated(
            "this shared link needs a password: send it as X-Footfall-Link-Password");
      }
      linkGuesses.requireAllowed(link.id(), client);
      String proof = link.id() + ":" + link.passwordHash() + ":" + Secrets.sha256Hex(password);
      if (provenLinkPasswords.getIfPresent(proof) == null) {
        if (!passwords.verify(password, link.passwordHash())) {
          linkGuesses.recordFailure(link.id(), client);
          throw AccessException.unauthenticated("the shared link's password is wrong");
        }
        provenLinkPasswords.put(proof, Boolean.TRUE);
      }
      linkGuesses.recordSuccess(link.id());
    }
    return new Principal.Link(link);
  }
}
