package io.footfall.server.auth;

import io.footfall.core.Membership;
import io.footfall.core.Organization;
import io.footfall.core.Person;
import io.footfall.core.Role;
import io.footfall.core.WebSession;
import io.footfall.core.metadata.MetadataStore;
import io.footfall.server.access.AuthException;
import io.footfall.server.access.Authenticator;
import io.footfall.server.access.Csrf;
import io.footfall.server.access.LoginThrottle;
import io.footfall.server.access.PasswordHasher;
import io.footfall.server.access.PasswordPolicy;
import io.footfall.server.access.Principal;
import io.footfall.server.access.Secrets;
import io.footfall.server.mail.Mail;
import io.footfall.server.mail.MailSender;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in, sign-out, password reset and the first-run setup. Answers never reveal whether an email
 * has an account: unknown emails cost the same password check and get the same answers.
 *
 * <p>A password-reset request does the same work on the request thread for every address: it checks
 * the address's form and the limits, queues the rest and answers. Looking the person up, signing
 * the link and talking to the mail server happen on a worker, so neither the answer nor its time
 * depends on whether the address has an account.
 */
public final class AccountService {
  private static final Logger log = LoggerFactory.getLogger(AccountService.class);
  static final String RESET = "password-reset";
  static final Duration RESET_TTL = Duration.ofHours(1);

  /** How many reset mails may wait for the mail worker; beyond it requests are dropped (logged). */
  static final int RESET_QUEUE = 100;

  private final MetadataStore store;
  private final PasswordHasher passwords;
  private final LoginThrottle throttle;
  private final LoginThrottle resetLimits;
  private final SignedTokens tokens;
  private final Optional<MailSender> mail;
  private final Executor resetWork;
  private final String publicUrl;
  private final Clock clock;
  private volatile String setupToken = "";

  /** With the standard limits on failed sign-ins and on password-reset requests. */
  public AccountService(
      MetadataStore store,
      PasswordHasher passwords,
      SignedTokens tokens,
      Optional<MailSender> mail,
      String publicUrl,
      Clock clock) {
    this(
        store,
        passwords,
        new LoginThrottle(LoginThrottle.Limits.DEFAULTS, clock),
        new LoginThrottle(LoginThrottle.Limits.PASSWORD_RESETS, clock, "password-reset requests"),
        tokens,
        mail,
        publicUrl,
        clock);
  }

  /**
   * @param throttle failed sign-ins per email and network
   * @param resetLimits password-reset requests per address and network (every request counts)
   */
  public AccountService(
      MetadataStore store,
      PasswordHasher passwords,
      LoginThrottle throttle,
      LoginThrottle resetLimits,
      SignedTokens tokens,
      Optional<MailSender> mail,
      String publicUrl,
      Clock clock) {
    this(store, passwords, throttle, resetLimits, tokens, mail, resetMailer(), publicUrl, clock);
  }

  /** With the worker that looks up and mails reset requests, for tests. */
  AccountService(
      MetadataStore store,
      PasswordHasher passwords,
      LoginThrottle throttle,
      LoginThrottle resetLimits,
      SignedTokens tokens,
      Optional<MailSender> mail,
      Executor resetWork,
      String publicUrl,
      Clock clock) {
    this.store = store;
    this.passwords = passwords;
    this.throttle = throttle;
    this.resetLimits = resetLimits;
    this.tokens = tokens;
    this.mail = mail;
    this.resetWork = resetWork;
    this.publicUrl =
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    this.clock = clock;
  }

  /**
   * One thread, started when there is work and ended after 30 idle seconds, with a queue of {@value
   * #RESET_QUEUE}: a slow mail server makes reset mails late, never the server's memory or threads
   * grow. A request beyond the queue is dropped with a warning; its answer is the same.
   */
  private static Executor resetMailer() {
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            1,
            1,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(RESET_QUEUE),
            r -> Thread.ofPlatform().name("footfall-reset-mail").daemon(true).unstarted(r),
            (r, e) ->
                log.warn(
                    "a password-reset mail was dropped: {} are waiting for the mail server already",
                    RESET_QUEUE));
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /** A new session: the cookie value (shown to the browser only) and its CSRF token. */
  public record SignedIn(Person person, String cookie, String csrfToken, Instant expiresAt) {}

  /**
   * Signs a person in. Every refused attempt, a malformed email included, counts against the email
   * and the client's network.
   *
   * @throws AuthException 400 for an email that is not an address (field {@code email}), 401 for a
   *     wrong email or password, 429 after too many failures
   */
  public SignedIn login(String email, String password, InetAddress client) {
    throttle.requireAllowed(email, client);
    Optional<String> normalized = address(email);
    if (normalized.isEmpty()) {
      throttle.recordFailure(email, client);
      throw invalidEmail();
    }
    Optional<Person> person = store.people().byEmail(normalized.get());
    boolean ok =
        person.isPresent() && !person.get().passwordHash().isEmpty()
            ? passwords.verify(password, person.get().passwordHash())
            : passwords.dummyVerify(password);
    if (!ok) {
      throttle.recordFailure(email, client);
      throw new AuthException(401, "invalid_credentials", "", "the email or the password is wrong");
    }
    throttle.recordSuccess(email);
    Person p = person.get();
    if (passwords.needsRehash(p.passwordHash())) {
      p = new Person(p.id(), p.email(), p.name(), passwords.hash(password), p.createdAt());
      store.people().update(p);
    }
    return newSession(p);
  }

  /** The email as stored and looked up ({@link Person#normalizeEmail}), or empty if malformed. */
  private static Optional<String> address(String email) {
    try {
      return Optional.of(Person.normalizeEmail(email == null ? "" : email));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Names the rule, not the input: the input may be anything, and is the client's own. */
  private static AuthException invalidEmail() {
    return AuthException.invalid(
        "email",
        "email must be an address like name@example.com of at most "
            + Person.MAX_EMAIL
            + " characters, without spaces or control characters");
  }

  private SignedIn newSession(Person p) {
    Instant now = clock.instant();
    String cookie = Secrets.token();
    String csrf = Csrf.newToken();
    Instant expires = now.plus(Authenticator.SESSION_IDLE);
    store
        .sessions()
        .create(new WebSession(Secrets.sha256Hex(cookie), p.id(), csrf, now, now, expires));
    return new SignedIn(p, cookie, csrf, expires);
  }

  /** Ends the member's session. */
  public void logout(Principal.Member member) {
    store.sessions().delete(member.sessionIdHash());
  }

  /**
   * Mails a password-reset link valid for an hour, if the email has an account. Answers the same,
   * after the same work, either way: the look-up and the mail happen later on a worker (see the
   * class comment). Every request counts against the address and the client's network.
   *
   * @throws AuthException 503 when no mail server is configured, 400 for an email that is not an
   *     address (field {@code email}), 429 past the limits
   */
  public void requestReset(String email, InetAddress client) {
    MailSender sender =
        mail.orElseThrow(
            () ->
                new AuthException(
                    503,
                    "mail_unavailable",
                    "",
                    "password reset needs a mail server: set FOOTFALL_SMTP_HOST and FOOTFALL_SMTP_FROM"));
    String normalized = address(email).orElseThrow(AccountService::invalidEmail);
    resetLimits.requireAllowed(normalized, client);
    resetLimits.recordFailure(normalized, client);
    resetWork.execute(() -> mailReset(sender, normalized));
  }

  private void mailReset(MailSender sender, String email) {
    try {
      Optional<Person> person = store.people().byEmail(email);
      if (person.isEmpty()) {
        return;
      }
      String token = tokens.issue(RESET, person.get().id(), person.get().passwordHash(), RESET_TTL);
      sender.send(
          new Mail(
              person.get().email(),
              "Reset your Footfall password",
              "Someone asked to reset the password of your Footfall account.\n\n"
                  + "Open this link within an hour to choose a new password:\n"
                  + publicUrl
                  + "/reset-password?token="
                  + token
                  + "\n\nIf it was not you, ignore this mail; your password stays as it is.\n"));
    } catch (RuntimeException e) {
      // Nobody waits for this answer any more: the log is the only place to tell.
      log.warn("a password-reset mail could not be sent: {}", e.toString());
    }
  }

  /**
   * Sets a new password with a reset token. The token stops working once used (the password hash it
   * is bound to changes) and every session of the person ends.
   */
  public void confirmReset(String token, String newPassword) {
    SignedTokens.Verified v =
        tokens
            .verify(
                RESET,
                token == null ? "" : token,
                id -> store.people().byId(id).map(Person::passwordHash).orElse(""))
            .orElseThrow(
                () ->
                    AuthException.invalid(
                        "token", "the reset link is invalid, was used already, or expired"));
    Person p =
        store
            .people()
            .byId(v.subject())
            .orElseThrow(() -> AuthException.invalid("token", "the account no longer exists"));
    PasswordPolicy.require(newPassword, p.email());
    store
        .people()
        .update(
            new Person(p.id(), p.email(), p.name(), passwords.hash(newPassword), p.createdAt()));
    store.sessions().deleteOf(p.id());
  }

  /** Whether any organization has an owner yet. */
  public boolean hasOwner() {
    for (Organization org : store.organizations().all()) {
      for (Membership m : store.members().list(org.id())) {
        if (m.role() == Role.OWNER) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Before the first owner exists, makes a one-time setup token and logs it, so that whoever can
   * read the server's log can create the owner; returns it (empty once an owner exists).
   */
  public String openSetup() {
    if (hasOwner()) {
      setupToken = "";
      return "";
    }
    setupToken = Secrets.token();
    log.info(
        "no owner yet: create one with POST /api/auth/setup and the setup token {} (or ./footfall admin create-owner)",
        setupToken);
    return setupToken;
  }

  /**
   * Whether the first-run setup is waiting for its owner: a setup token was logged and no owner
   * exists yet. Tells the dashboard whether to offer the setup form; it reveals nothing else.
   */
  public boolean setupOpen() {
    return !setupToken.isEmpty() && !hasOwner();
  }

  /** Creates the first owner with the token {@link #openSetup()} logged. */
  public synchronized SignedIn setup(
      String token, String email, String name, String password, String organizationName) {
    if (setupToken.isEmpty() || hasOwner()) {
      throw new AuthException(409, "already_set_up", "", "this installation already has an owner");
    }
    if (!Secrets.constantTimeEquals(setupToken, token == null ? "" : token)) {
      throw new AuthException(
          401, "invalid_setup_token", "token", "the setup token is wrong; see the server's log");
    }
    Person owner = createOwner(email, name, password, organizationName);
    setupToken = "";
    return newSession(owner);
  }

  /**
   * Creates the first owner (the CLI's create-owner uses this too). When the installation has
   * exactly one organization and nobody owns anything yet, as after {@code ./footfall start --demo}
   * put the demo site in "Default", the person owns that organization (with its sites and data),
   * renamed to {@code organizationName} when one is given; otherwise the person owns a new
   * organization. With several organizations and no owner, which one to take is not clear, so a new
   * one is made and the installation token can move sites or add the owner later.
   */
  public Person createOwner(String email, String name, String password, String organizationName) {
    if (store
        .people()
        .byEmail(address(email).orElseThrow(AccountService::invalidEmail))
        .isPresent()) {
      throw AuthException.invalid("email", "a person with this email exists already");
    }
    PasswordPolicy.require(password, email);
    Instant now = clock.instant();
    boolean named = organizationName != null && !organizationName.isBlank();
    Person person;
    Organization org;
    java.util.List<Organization> existing = store.organizations().all();
    boolean adopt = existing.size() == 1 && !hasOwner();
    try {
      person =
          new Person(
              "p_" + Secrets.token().substring(0, 12),
              email,
              name == null ? "" : name,
              passwords.hash(password),
              now);
      if (adopt) {
        Organization only = existing.get(0);
        org =
            new Organization(
                only.id(), named ? organizationName.strip() : only.name(), only.createdAt());
      } else {
        org =
            new Organization(
                "o_" + Secrets.token().substring(0, 12),
                named ? organizationName.strip() : "My organization",
                now);
      }
    } catch (IllegalArgumentException e) {
      throw AuthException.invalid("email", e.getMessage());
    }
    store.people().create(person);
    if (adopt) {
      store.organizations().update(org);
      log.info(
          "the first owner {} takes over the installation's only organization {}, now named '{}'",
          person.id(),
          org.id(),
          org.name());
    } else {
      store.organizations().create(org);
    }
    store.members().grant(new Membership(org.id(), person.id(), Role.OWNER, Set.of()));
    return person;
  }
}
