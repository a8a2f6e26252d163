package io.footfall.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.Membership;
import io.footfall.core.Role;
import io.footfall.server.access.AccessException;
import io.footfall.server.access.Principal;
import io.footfall.server.access.Principals;
import io.footfall.server.http.JsonBodies;
import io.footfall.server.net.ClientAddress;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;

/** Sign-in, sign-out, who-am-I, password reset and first-run setup under {@code /api/auth}. */
public final class AccountRoutes {
  private final AccountService accounts;
  private final boolean secureCookies;
  private final ClientAddress clients;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param secureCookies whether cookies carry the Secure flag (the public URL is https)
   * @param clients where a request came from, for the per-network limits
   * @param clock the clock the sessions' expiry is on, for the cookie's Max-Age
   */
  public AccountRoutes(
      AccountService accounts, boolean secureCookies, ClientAddress clients, Clock clock) {
    this.accounts = accounts;
    this.secureCookies = secureCookies;
    this.clients = clients;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/auth/login", this::login);
    routes.post("/api/auth/logout", this::logout);
    routes.get("/api/auth/me", this::me);
    routes.post("/api/auth/password-reset", this::requestReset);
    routes.post("/api/auth/password-reset/confirm", this::confirmReset);
    routes.post("/api/auth/setup", this::setup);
    routes.get(
        "/api/auth/setup",
        ctx ->
            JsonBodies.send(ctx, 200, json.createObjectNode().put("open", accounts.setupOpen())));
  }

  private void login(Context ctx) throws IOException {
    JsonNode body = JsonBodies.read(ctx);
    AccountService.SignedIn s =
        accounts.login(
            JsonBodies.required(body, "email"), JsonBodies.text(body, "password"), client(ctx));
    signedIn(ctx, s, 200);
  }

  private void setup(Context ctx) throws IOException {
    JsonNode body = JsonBodies.read(ctx);
    signedIn(
        ctx,
        accounts.setup(
            JsonBodies.text(body, "token"),
            JsonBodies.required(body, "email"),
            JsonBodies.text(body, "name"),
            JsonBodies.text(body, "password"),
            JsonBodies.text(body, "organization")),
        201);
  }

  private void signedIn(Context ctx, AccountService.SignedIn s, int status) throws IOException {
    Cookie cookie = new Cookie(Principals.COOKIE, s.cookie());
    cookie.setHttpOnly(true);
    cookie.setSecure(secureCookies);
    cookie.setSameSite(SameSite.LAX);
    cookie.setPath("/");
    cookie.setMaxAge((int) Duration.between(clock.instant(), s.expiresAt()).toSeconds());
    ctx.cookie(cookie);
    ObjectNode out = json.createObjectNode();
    out.set("person", person(s.person().id(), s.person().email(), s.person().name()));
    out.put("csrf_token", s.csrfToken());
    out.put("expires_at", s.expiresAt().toString());
    JsonBodies.send(ctx, status, out);
  }

  private void logout(Context ctx) throws IOException {
    if (Principals.of(ctx) instanceof Principal.Member m) {
      accounts.logout(m);
    }
    ctx.removeCookie(Principals.COOKIE, "/");
    ctx.status(204);
  }

  private void me(Context ctx) throws IOException {
    if (!(Principals.of(ctx) instanceof Principal.Member m)) {
      throw AccessException.unauthenticated("not signed in");
    }
    ObjectNode out = json.createObjectNode();
    out.set("person", person(m.person().id(), m.person().email(), m.person().name()));
    out.put("csrf_token", m.csrfToken());
    ArrayNode list = out.putArray("memberships");
    for (Membership ms : m.memberships()) {
      ObjectNode n = list.addObject();
      n.put("organization_id", ms.organizationId());
      n.put("role", ms.role().name().toLowerCase(java.util.Locale.ROOT));
      n.put("reads_people", ms.role() != Role.VIEWER || ms.readsPeople());
      ArrayNode sites = n.putArray("site_ids");
      ms.siteIds().stream().sorted().forEach(sites::add);
    }
    JsonBodies.send(ctx, 200, out);
  }

  private void requestReset(Context ctx) throws IOException {
    JsonNode body = JsonBodies.read(ctx);
    accounts.requestReset(JsonBodies.required(body, "email"), client(ctx));
    JsonBodies.send(
        ctx,
        202,
        json.createObjectNode()
            .put("message", "if the email has an account, a reset link is on its way"));
  }

  private void confirmReset(Context ctx) throws IOException {
    JsonNode body = JsonBodies.read(ctx);
    accounts.confirmReset(JsonBodies.required(body, "token"), JsonBodies.text(body, "password"));
    ctx.status(204);
  }

  /** The client's address, behind a trusted proxy the one it forwarded for. */
  private InetAddress client(Context ctx) {
    String forwarded = ctx.header("X-Forwarded-For");
    return clients
        .resolve(ctx.ip(), forwarded == null ? "" : forwarded)
        .orElse(InetAddress.getLoopbackAddress());
  }

  private ObjectNode person(String id, String email, String name) {
    return json.createObjectNode().put("id", id).put("email", email).put("name", name);
  }
}
