package io.footfall.server.web;

import io.footfall.server.access.Authenticator;
import io.footfall.server.access.Principal;
import io.footfall.server.auth.Csrf;
import io.footfall.server.privacy.ClientAddress;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.InetAddress;

/**
 * Authenticates every API request once, before its handler, and enforces CSRF for changes made with
 * a session cookie. Handlers read the result with {@link #of(Context)}.
 */
public final class Principals {
  /** The session cookie's name. */
  public static final String COOKIE = "ff_session";

  private static final String ATTRIBUTE = "footfall.principal";

  private Principals() {}

  /**
   * Registers the authentication step for the given path patterns (e.g. {@code /api/admin/*}).
   *
   * @param clients where a request came from (behind a trusted proxy, whom it forwarded for)
   */
  public static void register(
      RoutesConfig routes, Authenticator authenticator, ClientAddress clients, String... paths) {
    for (String path : paths) {
      routes.before(path, ctx -> authenticate(ctx, authenticator, clients));
    }
  }

  private static void authenticate(
      Context ctx, Authenticator authenticator, ClientAddress clients) {
    String method = ctx.method().name();
    if (method.equals("OPTIONS")) {
      return;
    }
    String authorization = text(ctx.header("Authorization"));
    String link = text(ctx.header("X-Footfall-Link"));
    if (link.isEmpty()) {
      link = text(ctx.queryParam("link"));
    }
    Principal p =
        authenticator.authenticate(
            new Authenticator.Credentials(
                authorization,
                text(ctx.cookie(COOKIE)),
                link,
                text(ctx.header("X-Footfall-Link-Password")),
                clients
                    .resolve(ctx.ip(), text(ctx.header("X-Forwarded-For")))
                    .orElse(InetAddress.getLoopbackAddress())));
    if (p instanceof Principal.Member m) {
      Csrf.check(
          method, Csrf.Credential.SESSION_COOKIE, m.csrfToken(), text(ctx.header(Csrf.HEADER)));
    }
    ctx.attribute(ATTRIBUTE, p);
  }

  /** The principal the authentication step established for this request. */
  public static Principal of(Context ctx) {
    Principal p = ctx.attribute(ATTRIBUTE);
    return p == null ? new Principal.Anonymous() : p;
  }

  private static String text(String s) {
    return s == null ? "" : s.strip();
  }
}
