package io.footfall.server.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.ApiKey;
import io.footfall.core.SharedLink;
import io.footfall.core.SiteSecret;
import io.footfall.server.access.Principals;
import io.footfall.server.http.JsonBodies;
import io.footfall.server.sites.AdminException;
import io.footfall.server.tenancy.TenancyService.Origin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The keys of the admin API: a site's secret key ({@code /api/admin/sites/{id}/secret-key}), its
 * shared links ({@code .../shared-links}) and an organization's API keys ({@code
 * /api/admin/organizations/{org}/api-keys}). Handlers translate HTTP to calls of {@link KeyService}
 * and {@link SiteSecrets}, which check every permission.
 */
public final class KeyRoutes {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final KeyService keys;
  private final SiteSecrets secrets;

  public KeyRoutes(KeyService keys, SiteSecrets secrets) {
    this.keys = keys;
    this.secrets = secrets;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/admin/sites/{id}/secret-key", this::secretKey);
    routes.post("/api/admin/sites/{id}/secret-key", this::rotateSecretKey);
    routes.get(
        "/api/admin/sites/{id}/shared-links",
        ctx ->
            JsonBodies.sendArray(
                ctx,
                keys.sharedLinks(Principals.of(ctx), ctx.pathParam("id")),
                KeyRoutes::linkJson));
    routes.post("/api/admin/sites/{id}/shared-links", this::createLink);
    routes.delete(
        "/api/admin/sites/{id}/shared-links/{link}",
        ctx -> {
          keys.revokeSharedLink(Origin.of(ctx), ctx.pathParam("id"), ctx.pathParam("link"));
          ctx.status(204);
        });

    routes.get(
        "/api/admin/organizations/{org}/api-keys",
        ctx ->
            JsonBodies.sendArray(
                ctx, keys.apiKeys(Principals.of(ctx), ctx.pathParam("org")), KeyRoutes::keyJson));
    routes.post("/api/admin/organizations/{org}/api-keys", this::createKey);
    routes.delete(
        "/api/admin/organizations/{org}/api-keys/{key}",
        ctx -> {
          keys.revokeApiKey(Origin.of(ctx), ctx.pathParam("org"), ctx.pathParam("key"));
          ctx.status(204);
        });
  }

  /** {@code {"prefix","created_at"}} of the site's secret key, both null when it has none. */
  private void secretKey(Context ctx) throws IOException {
    Optional<SiteSecret> current = secrets.current(Principals.of(ctx), ctx.pathParam("id"));
    ObjectNode n = JSON.objectNode();
    n.put("prefix", current.map(SiteSecret::prefix).orElse(null));
    n.put("created_at", current.map(s -> s.createdAt().toString()).orElse(null));
    JsonBodies.send(ctx, 200, n);
  }

  /** A new secret key, shown this once; the old one stops working. */
  private void rotateSecretKey(Context ctx) throws IOException {
    SiteSecrets.Issued issued = secrets.rotate(Origin.of(ctx), ctx.pathParam("id"));
    ObjectNode n = JSON.objectNode();
    n.put("secret_key", issued.value());
    n.put("prefix", issued.secret().prefix());
    n.put("created_at", issued.secret().createdAt().toString());
    JsonBodies.send(ctx, 201, n);
  }

  private void createLink(Context ctx) throws IOException {
    JsonNode body = JsonBodies.read(ctx);
    String expires = JsonBodies.text(body, "expires_at");
    Optional<Instant> expiresAt;
    try {
      expiresAt = expires.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(expires));
    } catch (java.time.format.DateTimeParseException e) {
      throw AdminException.invalid(
          "expires_at", "expires_at must be an ISO-8601 instant like 2026-12-31T00:00:00Z");
    }
    KeyService.NewSharedLink created =
        keys.createSharedLink(
            Origin.of(ctx), ctx.pathParam("id"), JsonBodies.text(body, "password"), expiresAt);
    ObjectNode out = linkJson(created.link());
    out.put("token", created.token());
    JsonBodies.send(ctx, 201, out);
  }

  private void createKey(Context ctx) throws IOException {
    JsonNode body = JsonBodies.read(ctx);
    Set<ApiKey.Scope> scopes = EnumSet.noneOf(ApiKey.Scope.class);
    JsonNode list = body.get("scopes");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw AdminException.invalid("scopes", "scopes must be an array like [\"read:stats\"]");
      }
      for (JsonNode s : list) {
        scopes.add(
            ApiKey.Scope.ofCode(s.asText())
                .orElseThrow(
                    () ->
                        AdminException.invalid(
                            "scopes",
                            "unknown scope '" + s.asText() + "': use read:stats or admin")));
      }
    }
    KeyService.NewApiKey created =
        keys.createApiKey(
            Origin.of(ctx), ctx.pathParam("org"), JsonBodies.text(body, "name"), scopes);
    ObjectNode out = keyJson(created.key());
    out.put("key", created.secret());
    JsonBodies.send(ctx, 201, out);
  }

  private static ObjectNode keyJson(ApiKey k) {
    ObjectNode n = JSON.objectNode();
    n.put("id", k.id());
    n.put("name", k.name());
    n.put("prefix", k.prefix());
    ArrayNode scopes = n.putArray("scopes");
    k.scopes().stream().map(ApiKey.Scope::code).sorted().forEach(scopes::add);
    n.put("created_at", k.createdAt().toString());
    n.put("created_by", k.createdBy().isEmpty() ? null : k.createdBy());
    n.put("last_used_at", k.lastUsedAt().map(Instant::toString).orElse(null));
    n.put("revoked_at", k.revokedAt().map(Instant::toString).orElse(null));
    return n;
  }

  private static ObjectNode linkJson(SharedLink l) {
    ObjectNode n = JSON.objectNode();
    n.put("id", l.id());
    n.put("site_id", l.siteId());
    n.put("password_protected", !l.passwordHash().isEmpty());
    n.put("created_at", l.createdAt().toString());
    n.put("expires_at", l.expiresAt().map(Instant::toString).orElse(null));
    n.put("revoked_at", l.revokedAt().map(Instant::toString).orElse(null));
    return n;
  }
}
