package io.footfall.server.auth;

import java.util.Objects;
import java.util.Set;

/**
 * Cross-site request forgery protection with a synchronizer token.
 *
 * <p>The rule: a state-changing request (any method but {@code GET}, {@code HEAD}, {@code OPTIONS}
 * and {@code TRACE}) that is authenticated by a session cookie must carry the header {@value
 * #HEADER} equal to the CSRF token stored with that session; otherwise it is refused with 403. The
 * dashboard reads the token from the session endpoint and sends it with every change.
 *
 * <p>Exempt are requests authenticated by {@code Authorization: Bearer}, because a browser never
 * adds that header by itself, so another site cannot make a victim's browser send it; and anonymous
 * requests, which carry no authority to abuse. For that exemption to hold, the web layer must
 * authenticate a request that has an {@code Authorization} header by that header alone and never
 * fall back to its cookie. Sign-in itself is anonymous: SameSite session cookies keep a forged
 * sign-in from being useful.
 *
 * <p>Safe methods must not change state; this class cannot check that, the routes must.
 */
public final class Csrf {
  /** The request header that carries the token. */
  public static final String HEADER = "X-CSRF-Token";

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  /** How a request proved who sent it. */
  public enum Credential {
    /** The session cookie: sent by the browser on its own, so it needs the CSRF token. */
    SESSION_COOKIE,
    /** {@code Authorization: Bearer}: set only by code that holds the token. */
    BEARER,
    /** Nothing: an anonymous request. */
    NONE
  }

  private Csrf() {}

  /** A new token to store with a new session: a {@link Secrets#token()}. */
  public static String newToken() {
    return Secrets.token();
  }

  /**
   * Whether a request with this method must pass the CSRF check when cookie-authenticated: every
   * method except {@code GET}, {@code HEAD}, {@code OPTIONS} and {@code TRACE}, including methods
   * this class does not know. Methods are case-sensitive (RFC 9110 9.1).
   */
  public static boolean isStateChanging(String method) {
    Objects.requireNonNull(method, "method");
    return !SAFE_METHODS.contains(method);
  }

  /**
   * Applies the rule in the class comment.
   *
   * @param method the request method
   * @param credential how the request was authenticated
   * @param sessionToken the CSRF token stored with the session, or "" when there is no session
   * @param presented the value of the {@value #HEADER} header, or "" when it is absent
   * @return true when the request may go ahead; the token comparison is constant-time
   */
  public static boolean permits(
      String method, Credential credential, String sessionToken, String presented) {
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(sessionToken, "sessionToken");
    Objects.requireNonNull(presented, "presented");
    if (!isStateChanging(method) || credential != Credential.SESSION_COOKIE) {
      return true;
    }
    return !sessionToken.isEmpty()
        && !presented.isEmpty()
        && Secrets.constantTimeEquals(sessionToken, presented);
  }

  /**
   * Like {@link #permits}, but throws.
   *
   * @throws AuthException 403 {@code csrf_token_invalid} when the request is not permitted
   */
  public static void check(
      String method, Credential credential, String sessionToken, String presented) {
    if (!permits(method, credential, sessionToken, presented)) {
      throw AuthException.csrf(
          presented.isEmpty()
              ? method + " with a session cookie needs the " + HEADER + " header"
              : "the " + HEADER + " header does not match this session's token");
    }
  }
}
