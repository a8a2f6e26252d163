package io.footfall.server.access;

import io.footfall.server.net.ClientAddress;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Authenticates every API request once, before its handler, and enforces the rules of {@link Csrf}
 * for changes made without a Bearer token: from Footfall's own pages only, as JSON, and with the
 * session's CSRF token when a session cookie authenticates them. Handlers read the result with
 * {@link #of(Context)}. The collector's endpoints are not registered here: other sites post to them
 * by design.
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
   * @param publicUrl the address people use ({@code FOOTFALL_PUBLIC_URL}), or empty: an {@code
   *     Origin} of its host is this server's, whatever {@code Host} a proxy sends
   */
  public static void register(
      RoutesConfig routes,
      Authenticator authenticator,
      ClientAddress clients,
      String publicUrl,
      String... paths) {
    String publicHost = publicHost(publicUrl);
    for (String path : paths) {
      routes.before(path, ctx -> authenticate(ctx, authenticator, clients, publicHost));
    }
  }

  private static void authenticate(
      Context ctx, Authenticator authenticator, ClientAddress clients, String publicHost) {
    String method = ctx.method().name();
    if (method.equals("OPTIONS")) {
      return;
    }
    String authorization = text(ctx.header("Authorization"));
    if (Csrf.isStateChanging(method) && authorization.isEmpty()) {
      Csrf.checkOrigin(
          text(ctx.header("Sec-Fetch-Site")), text(ctx.header("Origin")), hosts(ctx, publicHost));
      Csrf.checkContentType(method, text(ctx.header("Content-Type")));
    }
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

  /** The names this server is reached at: the Host header, a proxy's, the public URL's. */
  private static List<String> hosts(Context ctx, String publicHost) {
    List<String> hosts = new ArrayList<>();
    hosts.add(text(ctx.header("Host")));
    for (String forwarded : text(ctx.header("X-Forwarded-Host")).split(",")) {
      hosts.add(forwarded.strip());
    }
    hosts.add(publicHost);
    hosts.removeIf(String::isEmpty);
    return hosts;
  }

  private static String publicHost(String publicUrl) {
    if (publicUrl.isBlank()) {
      return "";
    }
    URI uri;
    try {
      uri = new URI(publicUrl.strip());
    } catch (URISyntaxException e) {
      return ""; // FootfallConfig checked its form; an Origin then has to match the Host header
    }
    String host = uri.getHost() == null ? "" : uri.getHost();
    return uri.getPort() < 0 || host.isEmpty() ? host : host + ":" + uri.getPort();
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
