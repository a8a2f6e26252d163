package io.footfall.server.access;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Cross-site request forgery protection: where a request came from, what it declares to carry, and
 * a synchronizer token.
 *
 * <p>The rules, for a state-changing request (any method but {@code GET}, {@code HEAD}, {@code
 * OPTIONS} and {@code TRACE}) without an {@code Authorization} header, that is, one that a browser
 * may have sent on its own with the session cookie, or one that creates a session:
 *
 * <ol>
 *   <li>{@link #checkOrigin}: it must not come from another site. {@code Sec-Fetch-Site:
 *       cross-site} or {@code same-site} is refused, and so is an {@code Origin} that matches none
 *       of the server's hosts (403 {@code cross_site_request}). A request without either header is
 *       not a browser's (browsers send {@code Origin} with every POST), so it passes.
 *   <li>{@link #checkContentType}: it must declare {@code Content-Type: application/json} (415
 *       {@code unsupported_media_type}). An HTML form can send only {@code text/plain}, {@code
 *       multipart/form-data} and {@code application/x-www-form-urlencoded}, and a script on another
 *       site cannot send JSON without the CORS preflight that Footfall never grants: so a forged
 *       sign-in, setup, reset or sign-out cannot be posted from another site.
 *   <li>{@link #check}: when authenticated by a session cookie, it must carry the header {@value
 *       #HEADER} equal to the CSRF token stored with that session (403 {@code csrf_token_invalid}).
 *       The dashboard reads the token from the session endpoint and sends it with every change.
 * </ol>
 *
 * <p>Exempt are requests authenticated by {@code Authorization: Bearer}, because a browser never
 * adds that header by itself, so another site cannot make a victim's browser send it. For that
 * exemption to hold, the web layer must authenticate a request that has an {@code Authorization}
 * header by that header alone and never fall back to its cookie. The collector's endpoints ({@code
 * /api/track} and its kin) are not under these rules at all: trackers on other sites post to them
 * by design, often as {@code text/plain} from {@code sendBeacon}.
 *
 * <p>Safe methods must not change state; this class cannot check that, the routes must.
 */
public final class Csrf {
  /** The request header that carries the token. */
  public static final String HEADER = "X-CSRF-Token";

  /** The one media type of changes made without a Bearer token. */
  public static final String JSON = "application/json";

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

  /**
   * Rule 1 of the class comment: refuses a request that a browser sent from another site.
   *
   * @param secFetchSite the {@code Sec-Fetch-Site} header, or "" when absent
   * @param origin the {@code Origin} header, or "" when absent
   * @param hosts the {@code host[:port]} names this server is reached at (the {@code Host} header,
   *     a proxy's {@code X-Forwarded-Host}, the public URL's); a name without a port stands for the
   *     origin's default port
   * @throws AuthException 403 {@code cross_site_request}
   */
  public static void checkOrigin(String secFetchSite, String origin, Collection<String> hosts) {
    Objects.requireNonNull(secFetchSite, "secFetchSite");
    Objects.requireNonNull(origin, "origin");
    String site = secFetchSite.strip().toLowerCase(Locale.ROOT);
    if (site.equals("cross-site") || site.equals("same-site")) {
      throw AuthException.crossSite(
          "changes are accepted only from Footfall's own pages, and this request came from another"
              + " site (Sec-Fetch-Site: "
              + site
              + ")");
    }
    if (!origin.isBlank() && !originMatches(origin.strip(), hosts)) {
      throw AuthException.crossSite(
          "changes are accepted only from Footfall's own pages, and the Origin "
              + shorten(origin.strip())
              + " is not this server ("
              + String.join(", ", hosts)
              + "); behind a proxy, pass the Host header on or set FOOTFALL_PUBLIC_URL");
    }
  }

  /**
   * Rule 2 of the class comment.
   *
   * @param method the request method, for the message
   * @param contentType the {@code Content-Type} header, or "" when absent
   * @throws AuthException 415 {@code unsupported_media_type}, naming the header
   */
  public static void checkContentType(String method, String contentType) {
    Objects.requireNonNull(contentType, "contentType");
    String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!mediaType.equals(JSON)) {
      throw AuthException.unsupportedMediaType(
          method
              + " without a Bearer token needs the header Content-Type: "
              + JSON
              + (mediaType.isEmpty()
                  ? ", and the request has none"
                  : ", not " + shorten(mediaType)));
    }
  }

  /** Whether the origin's host and port are one of the hosts'. "null" matches nothing. */
  static boolean originMatches(String origin, Collection<String> hosts) {
    URI uri;
    try {
      uri = new URI(origin);
    } catch (URISyntaxException e) {
      return false;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
      return false;
    }
    int defaultPort = scheme.equals("https") ? 443 : 80;
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
    for (String candidate : hosts) {
      Optional<Authority> a = Authority.parse(candidate);
      if (a.isPresent()
          && a.get().host().equals(host)
          && (a.get().port() < 0 ? defaultPort : a.get().port()) == port) {
        return true;
      }
    }
    return false;
  }

  /** {@code host[:port]} as a Host header writes it; port -1 when absent. */
  private record Authority(String host, int port) {
    static Optional<Authority> parse(String text) {
      String t = text.strip().toLowerCase(Locale.ROOT);
      if (t.isEmpty()) {
        return Optional.empty();
      }
      int close = t.startsWith("[") ? t.indexOf(']') : -1;
      int colon = t.indexOf(':', Math.max(close, 0));
      if (t.startsWith("[") && close < 0) {
        return Optional.empty();
      }
      String host = colon < 0 ? t : t.substring(0, colon);
      if (colon < 0) {
        return Optional.of(new Authority(host, -1));
      }
      try {
        return Optional.of(new Authority(host, Integer.parseInt(t.substring(colon + 1))));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  private static String shorten(String s) {
    return s.length() <= 100 ? s : s.substring(0, 100) + "...";
  }
}
