package io.footfall.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.EventStore;
import io.footfall.core.Site;
import io.footfall.core.SiteSettings;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The minimal site admin API under {@code /api/admin}, guarded by the bootstrap admin token ({@code
 * FOOTFALL_ADMIN_TOKEN}). The token acts for the whole installation: it sees every organization's
 * sites, and creates sites in the organization named by {@code organization_id}, or in the default
 * organization when the request names none.
 */
public final class AdminRoutes {
  private final SiteService sites;
  private final EventStore events;
  private final byte[] adminToken;
  private final ObjectMapper json = new ObjectMapper();

  public AdminRoutes(SiteService sites, EventStore events, String adminToken) {
    this.sites = sites;
    this.events = events;
    this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether the Bearer token is the bootstrap admin token (compared in constant time). */
  public boolean isAdminToken(String bearer) {
    return adminToken.length > 0
        && MessageDigest.isEqual(adminToken, bearer.getBytes(StandardCharsets.UTF_8));
  }

  public void register(RoutesConfig routes) {
    routes.before("/api/admin/*", this::authorize);
    routes.post("/api/admin/sites", this::create);
    routes.get(
        "/api/admin/sites",
        ctx -> {
          ArrayNode list = json.createArrayNode();
          for (Site s : sites.allSites()) {
            list.add(siteJson(s));
          }
          send(ctx, 200, list);
        });
    routes.get("/api/admin/sites/{id}", ctx -> send(ctx, 200, siteJson(site(ctx))));
    routes.patch("/api/admin/sites/{id}", this::update);
    routes.get(
        "/api/admin/sites/{id}/counts",
        ctx -> {
          Site site = site(ctx);
          EventStore.SiteCounts c = events.counts(site.id());
          ObjectNode body = json.createObjectNode();
          body.put("events", c.events());
          body.put("visitors", c.visitors());
          body.put("sessions", c.sessions());
          body.put("bots_filtered", c.botsFiltered());
          body.put("rejected", c.rejected());
          body.put("opted_out", c.optedOut());
          send(ctx, 200, body);
        });
  }

  private void authorize(Context ctx) {
    if (ctx.method().name().equals("OPTIONS")) {
      return;
    }
    if (adminToken.length == 0) {
      throw AdminException.unauthorized(
          "the admin API is disabled: start Footfall with FOOTFALL_ADMIN_TOKEN set");
    }
    String auth = ctx.header("Authorization");
    if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw AdminException.unauthorized("send the admin token as 'Authorization: Bearer <token>'");
    }
    if (!isAdminToken(auth.substring(7).strip())) {
      throw AdminException.unauthorized("the Bearer token is not valid");
    }
  }

  private void create(Context ctx) throws IOException {
    JsonNode body = body(ctx);
    String organizationId = text(body, "organization_id");
    if (organizationId.isEmpty()) {
      organizationId = sites.defaultOrganization().id();
    }
    Site site =
        sites.create(
            organizationId,
            text(body, "name"),
            text(body, "domain"),
            text(body, "timezone"),
            text(body, "currency"),
            integer(body, "retention_days", Site.DEFAULT_RETENTION_DAYS));
    send(ctx, 201, siteJson(site));
  }

  private void update(Context ctx) throws IOException {
    Site site = site(ctx);
    JsonNode body = body(ctx);
    SiteSettings s = site.settings();
    SiteSettings settings =
        new SiteSettings(
            bool(body, "consent_mode", s.consentMode()),
            bool(body, "respect_dnt", s.respectDnt()),
            bool(body, "respect_gpc", s.respectGpc()),
            userIds(body, s.userIds()),
            piiKeys(body, s.piiKeys()));
    // Every value is checked (answering 400 with the field) before the Site record is built.
    Site changed =
        new Site(
            site.id(),
            site.organizationId(),
            body.has("name") ? SiteService.validName(text(body, "name")) : site.name(),
            body.has("domain") ? SiteService.validDomain(text(body, "domain")) : site.domain(),
            body.has("timezone") ? SiteService.validZone(text(body, "timezone")) : site.timeZone(),
            body.has("currency")
                ? SiteService.validCurrency(text(body, "currency"))
                : site.currency(),
            SiteService.validRetention(integer(body, "retention_days", site.retentionDays())),
            site.writeKey(),
            settings,
            site.createdAt());
    send(ctx, 200, siteJson(sites.update(changed)));
  }

  private Site site(Context ctx) {
    String id = ctx.pathParam("id");
    return sites.anySite(id).orElseThrow(() -> AdminException.notFound("site '" + id + "'"));
  }

  private JsonNode body(Context ctx) throws IOException {
    byte[] bytes = ctx.req().getInputStream().readNBytes(64 * 1024 + 1);
    if (bytes.length > 64 * 1024) {
      throw new AdminException(
          413, "too_large", "body", "admin request bodies are limited to 64 KiB");
    }
    try {
      JsonNode node = json.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw AdminException.invalid("body", "request body must be a JSON object");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw AdminException.invalid("body", "request body is not valid JSON");
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw AdminException.invalid(field, field + " must be a string");
    }
    return v.textValue();
  }

  private static int integer(JsonNode body, String field, int current) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return current;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw AdminException.invalid(field, field + " must be a whole number");
    }
    return v.intValue();
  }

  private static boolean bool(JsonNode body, String field, boolean current) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return current;
    }
    if (!v.isBoolean()) {
      throw AdminException.invalid(field, field + " must be true or false");
    }
    return v.booleanValue();
  }

  private static SiteSettings.UserIdMode userIds(JsonNode body, SiteSettings.UserIdMode current) {
    String v = text(body, "user_ids");
    if (v.isEmpty()) {
      return current;
    }
    try {
      return SiteSettings.UserIdMode.valueOf(v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw AdminException.invalid("user_ids", "user_ids must be 'store' or 'pseudonymize'");
    }
  }

  private static List<String> piiKeys(JsonNode body, List<String> current) {
    JsonNode v = body.get("pii_keys");
    if (v == null || v.isNull()) {
      return current;
    }
    if (!v.isArray() || v.size() > 100) {
      throw AdminException.invalid("pii_keys", "pii_keys must be an array of at most 100 names");
    }
    List<String> keys = new ArrayList<>();
    for (JsonNode k : v) {
      if (!k.isTextual()
          || k.textValue().isBlank()
          || k.textValue().length() > 64
          || k.textValue().contains(",")) {
        throw AdminException.invalid(
            "pii_keys", "each PII key must be a name of 1 to 64 characters without commas");
      }
      keys.add(k.textValue().strip());
    }
    return keys;
  }

  private ObjectNode siteJson(Site site) {
    ObjectNode n = json.createObjectNode();
    n.put("id", site.id());
    n.put("organization_id", site.organizationId());
    n.put("name", site.name());
    n.put("domain", site.domain());
    n.put("timezone", site.timeZone().getId());
    n.put("currency", site.currency());
    n.put("retention_days", site.retentionDays());
    n.put("write_key", site.writeKey());
    ObjectNode s = n.putObject("settings");
    s.put("consent_mode", site.settings().consentMode());
    s.put("respect_dnt", site.settings().respectDnt());
    s.put("respect_gpc", site.settings().respectGpc());
    s.put("user_ids", site.settings().userIds().name().toLowerCase(Locale.ROOT));
    ArrayNode keys = s.putArray("pii_keys");
    site.settings().piiKeys().forEach(keys::add);
    n.put("created_at", site.createdAt().toString());
    return n;
  }

  private void send(Context ctx, int status, JsonNode body) throws IOException {
    ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
  }
}
