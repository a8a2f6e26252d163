package io.footfall.server.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.ApiKey;
import io.footfall.core.AuditEntry;
import io.footfall.core.EventStore;
import io.footfall.core.Invitation;
import io.footfall.core.Organization;
import io.footfall.core.Role;
import io.footfall.core.SharedLink;
import io.footfall.core.Site;
import io.footfall.core.SiteSecret;
import io.footfall.core.SiteSettings;
import io.footfall.server.access.AccessPolicy;
import io.footfall.server.access.Permission;
import io.footfall.server.access.Principal;
import io.footfall.server.access.Principals;
import io.footfall.server.http.JsonBodies;
import io.footfall.server.sites.AdminException;
import io.footfall.server.sites.SiteService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The admin API under {@code /api/admin}: sites, organizations, members, API keys, shared links and
 * the audit log. Handlers only translate HTTP to calls of {@link TenancyService}, which checks
 * every permission; the caller was authenticated before (see {@code web.Principals}).
 */
public final class AdminRoutes {
  private final TenancyService tenancy;
  private final SiteService sites;
  private final SiteSecrets secrets;
  private final EventStore events;
  private final String locationLevel;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param locationLevel how precisely visitors are located ({@code none}, {@code country} or
   *     {@code city}, from the loaded GeoIP database), told with every site so that the dashboard
   *     shows only the location breakdowns that can hold data
   */
  public AdminRoutes(
      TenancyService tenancy,
      SiteService sites,
      SiteSecrets secrets,
      EventStore events,
      String locationLevel) {
    this.tenancy = tenancy;
    this.sites = sites;
    this.secrets = secrets;
    this.events = events;
    this.locationLevel = locationLevel;
  }

  public void register(RoutesConfig routes) {
    routes.get(
        "/api/admin/sites",
        ctx -> send(ctx, 200, sitesJson(principal(ctx), tenancy.visibleSites(principal(ctx)))));
    routes.post("/api/admin/sites", this::create);
    routes.get(
        "/api/admin/sites/{id}",
        ctx ->
            send(
                ctx,
                200,
                siteJson(tenancy.site(principal(ctx), ctx.pathParam("id"), Permission.VIEW_SITE))));
    routes.patch("/api/admin/sites/{id}", this::update);
    routes.get("/api/admin/sites/{id}/secret-key", this::secretKey);
    routes.post("/api/admin/sites/{id}/secret-key", this::rotateSecretKey);
    routes.delete(
        "/api/admin/sites/{id}",
        ctx -> {
          tenancy.deleteSite(origin(ctx), ctx.pathParam("id"));
          ctx.status(204);
        });
    routes.get(
        "/api/admin/sites/{id}/counts",
        ctx -> {
          Site site = tenancy.site(principal(ctx), ctx.pathParam("id"), Permission.READ_STATS);
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
    routes.get(
        "/api/admin/sites/{id}/first-event",
        ctx -> {
          // What the dashboard asks to tell an empty site from a quiet range: cheap, unlike the
          // exact distinct counts above.
          Site site = tenancy.site(principal(ctx), ctx.pathParam("id"), Permission.READ_STATS);
          ObjectNode body = json.createObjectNode();
          events
              .firstEventTime(site.id())
              .ifPresentOrElse(
                  t -> body.put("first_event_at", t.toString()),
                  () -> body.putNull("first_event_at"));
          send(ctx, 200, body);
        });
    routes.get(
        "/api/admin/sites/{id}/shared-links",
        ctx -> {
          ArrayNode list = json.createArrayNode();
          tenancy
              .sharedLinks(principal(ctx), ctx.pathParam("id"))
              .forEach(l -> list.add(linkJson(l)));
          send(ctx, 200, list);
        });
    routes.post("/api/admin/sites/{id}/shared-links", this::createLink);
    routes.delete(
        "/api/admin/sites/{id}/shared-links/{link}",
        ctx -> {
          tenancy.revokeSharedLink(origin(ctx), ctx.pathParam("id"), ctx.pathParam("link"));
          ctx.status(204);
        });

    routes.get(
        "/api/admin/organizations",
        ctx -> {
          ArrayNode list = json.createArrayNode();
          tenancy.organizations(principal(ctx)).forEach(o -> list.add(orgJson(o)));
          send(ctx, 200, list);
        });
    routes.post(
        "/api/admin/organizations",
        ctx ->
            send(
                ctx,
                201,
                orgJson(
                    tenancy.createOrganization(
                        origin(ctx), JsonBodies.required(JsonBodies.read(ctx), "name")))));
    routes.get(
        "/api/admin/organizations/{org}",
        ctx -> send(ctx, 200, orgJson(tenancy.organization(principal(ctx), ctx.pathParam("org")))));
    routes.patch(
        "/api/admin/organizations/{org}",
        ctx ->
            send(
                ctx,
                200,
                orgJson(
                    tenancy.renameOrganization(
                        origin(ctx),
                        ctx.pathParam("org"),
                        JsonBodies.required(JsonBodies.read(ctx), "name")))));
    routes.get(
        "/api/admin/organizations/{org}/members",
        ctx -> {
          ArrayNode list = json.createArrayNode();
          tenancy
              .members(principal(ctx), ctx.pathParam("org"))
              .forEach(m -> list.add(memberJson(m)));
          send(ctx, 200, list);
        });
    routes.post("/api/admin/organizations/{org}/members", this::addMember);
    routes.patch("/api/admin/organizations/{org}/members/{person}", this::updateMember);
    routes.get(
        "/api/admin/organizations/{org}/invitations",
        ctx -> {
          ArrayNode list = json.createArrayNode();
          tenancy
              .invitations(principal(ctx), ctx.pathParam("org"))
              .forEach(i -> list.add(invitationJson(i)));
          send(ctx, 200, list);
        });
    routes.delete(
        "/api/admin/organizations/{org}/invitations/{invitation}",
        ctx -> {
          tenancy.revokeInvitation(origin(ctx), ctx.pathParam("org"), ctx.pathParam("invitation"));
          ctx.status(204);
        });
    // The invited person's side. Under /api/auth because it is about the caller's own account,
    // not an organization they administer; served here because the invitation is tenancy data.
    routes.get(
        "/api/auth/invitations",
        ctx -> {
          ArrayNode list = json.createArrayNode();
          for (TenancyService.Received r : tenancy.receivedInvitations(principal(ctx))) {
            ObjectNode n = list.addObject();
            n.put("id", r.invitation().id());
            n.put("organization_id", r.invitation().organizationId());
            n.put("organization_name", r.organizationName());
            n.put("role", r.invitation().role().name().toLowerCase(Locale.ROOT));
            ArrayNode ids = n.putArray("site_ids");
            r.invitation().siteIds().stream().sorted().forEach(ids::add);
            n.put("expires_at", r.invitation().expiresAt().toString());
          }
          send(ctx, 200, list);
        });
    routes.post(
        "/api/auth/invitations/{invitation}/accept",
        ctx ->
            send(
                ctx,
                200,
                membershipJson(
                    tenancy.acceptInvitation(origin(ctx), ctx.pathParam("invitation")))));
    routes.post("/api/auth/invitations/accept", this::acceptByToken);
    routes.delete(
        "/api/admin/organizations/{org}/members/{person}",
        ctx -> {
          tenancy.removeMember(origin(ctx), ctx.pathParam("org"), ctx.pathParam("person"));
          ctx.status(204);
        });
    routes.get(
        "/api/admin/organizations/{org}/api-keys",
        ctx -> {
          ArrayNode list = json.createArrayNode();
          tenancy.apiKeys(principal(ctx), ctx.pathParam("org")).forEach(k -> list.add(keyJson(k)));
          send(ctx, 200, list);
        });
    routes.post("/api/admin/organizations/{org}/api-keys", this::createKey);
    routes.delete(
        "/api/admin/organizations/{org}/api-keys/{key}",
        ctx -> {
          tenancy.revokeApiKey(origin(ctx), ctx.pathParam("org"), ctx.pathParam("key"));
          ctx.status(204);
        });
    routes.get("/api/admin/organizations/{org}/audit", this::audit);
  }

  private static Principal principal(Context ctx) {
    return Principals.of(ctx);
  }

  private static TenancyService.Origin origin(Context ctx) {
    return new TenancyService.Origin(Principals.of(ctx), ctx.ip());
  }

  private void create(Context ctx) throws IOException {
    JsonNode body = body(ctx);
    Principal p = principal(ctx);
    String organizationId = text(body, "organization_id");
    if (organizationId.isEmpty()) {
      organizationId =
          switch (p) {
            case Principal.Installation i -> sites.defaultOrganization().id();
            case Principal.Key k -> k.key().organizationId();
            case Principal.Member m when m.memberships().size() == 1 ->
                m.memberships().get(0).organizationId();
            default ->
                throw AdminException.invalid("organization_id", "organization_id is required");
          };
    }
    Site site =
        tenancy.createSite(
            origin(ctx),
            organizationId,
            text(body, "name"),
            text(body, "domain"),
            text(body, "timezone"),
            text(body, "currency"),
            integer(body, "retention_days", Site.DEFAULT_RETENTION_DAYS));
    ObjectNode created = siteJson(site);
    // The site's secret key for server-side events, shown this once (stored hashed).
    created.put("secret_key", secrets.issue(site).value());
    send(ctx, 201, created);
  }

  /** {@code {"prefix","created_at"}} of the site's secret key, both null when it has none. */
  private void secretKey(Context ctx) throws IOException {
    Optional<SiteSecret> current = secrets.current(principal(ctx), ctx.pathParam("id"));
    ObjectNode n = json.createObjectNode();
    n.put("prefix", current.map(SiteSecret::prefix).orElse(null));
    n.put("created_at", current.map(s -> s.createdAt().toString()).orElse(null));
    send(ctx, 200, n);
  }

  /** A new secret key, shown this once; the old one stops working. */
  private void rotateSecretKey(Context ctx) throws IOException {
    SiteSecrets.Issued issued = secrets.rotate(origin(ctx), ctx.pathParam("id"));
    ObjectNode n = json.createObjectNode();
    n.put("secret_key", issued.value());
    n.put("prefix", issued.secret().prefix());
    n.put("created_at", issued.secret().createdAt().toString());
    send(ctx, 201, n);
  }

  private void createLink(Context ctx) throws IOException {
    JsonNode body = body(ctx);
    String expires = text(body, "expires_at");
    Optional<Instant> expiresAt;
    try {
      expiresAt = expires.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(expires));
    } catch (java.time.format.DateTimeParseException e) {
      throw AdminException.invalid(
          "expires_at", "expires_at must be an ISO-8601 instant like 2026-12-31T00:00:00Z");
    }
    TenancyService.NewSharedLink created =
        tenancy.createSharedLink(
            origin(ctx), ctx.pathParam("id"), text(body, "password"), expiresAt);
    ObjectNode out = linkJson(created.link());
    out.put("token", created.token());
    send(ctx, 201, out);
  }

  private void acceptByToken(Context ctx) throws IOException {
    JsonNode body = body(ctx);
    TenancyService.Accepted a =
        tenancy.acceptInvitationByToken(
            origin(ctx),
            JsonBodies.required(body, "token"),
            text(body, "name"),
            text(body, "password"));
    ObjectNode out = membershipJson(a.membership());
    out.put("email", a.person().email());
    out.put("account_created", a.accountCreated());
    send(ctx, a.accountCreated() ? 201 : 200, out);
  }

  private ObjectNode membershipJson(io.footfall.core.Membership m) {
    ObjectNode n = json.createObjectNode();
    n.put("organization_id", m.organizationId());
    n.put("role", m.role().name().toLowerCase(Locale.ROOT));
    ArrayNode ids = n.putArray("site_ids");
    m.siteIds().stream().sorted().forEach(ids::add);
    return n;
  }

  private ObjectNode invitationJson(Invitation i) {
    ObjectNode n = json.createObjectNode();
    n.put("id", i.id());
    n.put("email", i.email());
    n.put("role", i.role().name().toLowerCase(Locale.ROOT));
    ArrayNode ids = n.putArray("site_ids");
    i.siteIds().stream().sorted().forEach(ids::add);
    n.put("invited_by", i.invitedBy());
    n.put("created_at", i.createdAt().toString());
    n.put("expires_at", i.expiresAt().toString());
    return n;
  }

  private void addMember(Context ctx) throws IOException {
    JsonNode body = body(ctx);
    TenancyService.Added added =
        tenancy.addMember(
            origin(ctx),
            ctx.pathParam("org"),
            JsonBodies.required(body, "email"),
            text(body, "name"),
            role(body),
            siteIds(body),
            text(body, "password"));
    switch (added) {
      case TenancyService.Member m -> send(ctx, 201, memberJson(m));
      case TenancyService.Invited i -> {
        // The same status and shape whether or not the address has an account.
        ObjectNode out = json.createObjectNode();
        out.set("invitation", invitationJson(i.invitation()));
        out.put("mailed", i.mailed());
        send(ctx, 202, out);
      }
    }
  }

  private void updateMember(Context ctx) throws IOException {
    JsonNode body = body(ctx);
    send(
        ctx,
        200,
        memberJson(
            tenancy.updateMember(
                origin(ctx),
                ctx.pathParam("org"),
                ctx.pathParam("person"),
                role(body),
                siteIds(body))));
  }

  private void createKey(Context ctx) throws IOException {
    JsonNode body = body(ctx);
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
    TenancyService.NewApiKey created =
        tenancy.createApiKey(origin(ctx), ctx.pathParam("org"), text(body, "name"), scopes);
    ObjectNode out = keyJson(created.key());
    out.put("key", created.secret());
    send(ctx, 201, out);
  }

  private void audit(Context ctx) throws IOException {
    int limit = 100;
    String l = ctx.queryParam("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        throw AdminException.invalid("limit", "limit must be a whole number from 1 to 500");
      }
      if (limit < 1 || limit > 500) {
        throw AdminException.invalid("limit", "limit must be a whole number from 1 to 500");
      }
    }
    Optional<AuditEntry.Cursor> before = Optional.empty();
    String at = ctx.queryParam("before_at");
    String id = ctx.queryParam("before_id");
    if (at != null && id != null) {
      try {
        before = Optional.of(new AuditEntry.Cursor(Instant.parse(at), id));
      } catch (RuntimeException e) {
        throw AdminException.invalid("before_at", "before_at must be an ISO-8601 instant");
      }
    }
    ArrayNode list = json.createArrayNode();
    for (AuditEntry e : tenancy.audit(principal(ctx), ctx.pathParam("org"), limit, before)) {
      ObjectNode n = list.addObject();
      n.put("id", e.id());
      n.put("at", e.at().toString());
      n.put("actor", e.actor());
      n.put("action", e.action());
      n.put("target", e.target());
      n.put("network", e.network());
      n.set("details", json.readTree(e.detailsJson()));
    }
    send(ctx, 200, list);
  }

  private static Role role(JsonNode body) {
    String r = JsonBodies.required(body, "role");
    try {
      return Role.valueOf(r.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw AdminException.invalid("role", "role must be owner, admin, analyst or viewer");
    }
  }

  private static Set<String> siteIds(JsonNode body) {
    JsonNode v = body.get("site_ids");
    if (v == null || v.isNull()) {
      return Set.of();
    }
    if (!v.isArray()) {
      throw AdminException.invalid(
          "site_ids", "site_ids must be an array of site ids (empty: all sites)");
    }
    Set<String> ids = new java.util.TreeSet<>();
    for (JsonNode s : v) {
      ids.add(s.asText());
    }
    return ids;
  }

  /**
   * The sites, each as much as the caller may read: the whole settings where it may view the site,
   * otherwise (a shared link's reader, who may only read its statistics) just what a read-only
   * dashboard shows (regression, issue 14: a shared link read its site's write key, privacy
   * settings, retention and PII keys here).
   */
  private ArrayNode sitesJson(Principal p, List<Site> list) {
    ArrayNode out = json.createArrayNode();
    for (Site s : list) {
      out.add(
          AccessPolicy.decide(p, Permission.VIEW_SITE, s.organizationId(), s.id())
                  == AccessPolicy.Decision.ALLOWED
              ? siteJson(s)
              : publicSiteJson(s));
    }
    return out;
  }

  /** What a reader of a site's statistics sees of it: nothing that configures it. */
  private ObjectNode publicSiteJson(Site site) {
    ObjectNode n = json.createObjectNode();
    n.put("id", site.id());
    n.put("name", site.name());
    n.put("domain", site.domain());
    n.put("timezone", site.timeZone().getId());
    n.put("currency", site.currency());
    // The installation's, not the site's: which location tabs the read-only view can fill.
    n.put("location_level", locationLevel);
    return n;
  }

  private ObjectNode orgJson(Organization o) {
    return json.createObjectNode()
        .put("id", o.id())
        .put("name", o.name())
        .put("created_at", o.createdAt().toString());
  }

  private ObjectNode memberJson(TenancyService.Member m) {
    ObjectNode n = json.createObjectNode();
    n.put("person_id", m.person().id());
    n.put("email", m.person().email());
    n.put("name", m.person().name());
    n.put("role", m.membership().role().name().toLowerCase(Locale.ROOT));
    ArrayNode ids = n.putArray("site_ids");
    m.membership().siteIds().stream().sorted().forEach(ids::add);
    return n;
  }

  private ObjectNode keyJson(ApiKey k) {
    ObjectNode n = json.createObjectNode();
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

  private ObjectNode linkJson(SharedLink l) {
    ObjectNode n = json.createObjectNode();
    n.put("id", l.id());
    n.put("site_id", l.siteId());
    n.put("password_protected", !l.passwordHash().isEmpty());
    n.put("created_at", l.createdAt().toString());
    n.put("expires_at", l.expiresAt().map(Instant::toString).orElse(null));
    n.put("revoked_at", l.revokedAt().map(Instant::toString).orElse(null));
    return n;
  }

  private void update(Context ctx) throws IOException {
    Site site = tenancy.site(principal(ctx), ctx.pathParam("id"), Permission.MANAGE_SITE);
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
    send(ctx, 200, siteJson(tenancy.updateSite(origin(ctx), changed)));
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
    n.put("location_level", locationLevel);
    return n;
  }

  private void send(Context ctx, int status, JsonNode body) throws IOException {
    ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
  }
}
