package io.footfall.server.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.EventStore;
import io.footfall.core.Site;
import io.footfall.core.SiteSettings;
import io.footfall.server.access.AccessPolicy;
import io.footfall.server.access.Permission;
import io.footfall.server.access.Principal;
import io.footfall.server.access.Principals;
import io.footfall.server.http.JsonBodies;
import io.footfall.server.sites.AdminException;
import io.footfall.server.sites.SiteService;
import io.footfall.server.tenancy.TenancyService.Origin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Sites in the admin API, {@code /api/admin/sites}: list, create, read, change, delete, and the
 * counts the dashboard's installation check reads. Handlers translate HTTP to calls of {@link
 * TenancyService}, which checks every permission; the caller was authenticated before (see {@link
 * Principals}).
 */
public final class SiteRoutes {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final TenancyService tenancy;
  private final SiteService sites;
  private final EventStore events;
  private final Function<Site, String> firstSecretKey;
  private final String locationLevel;

  /**
   * @param firstSecretKey issues a new site's secret key for server-side events and gives its
   *     value, which the creation's answer shows this once
   * @param locationLevel how precisely visitors are located ({@code none}, {@code country} or
   *     {@code city}, from the loaded GeoIP database), told with every site so that the dashboard
   *     shows only the location breakdowns that can hold data
   */
  public SiteRoutes(
      TenancyService tenancy,
      SiteService sites,
      EventStore events,
      Function<Site, String> firstSecretKey,
      String locationLevel) {
    this.tenancy = tenancy;
    this.sites = sites;
    this.events = events;
    this.firstSecretKey = firstSecretKey;
    this.locationLevel = locationLevel;
  }

  public void register(RoutesConfig routes) {
    routes.get(
        "/api/admin/sites",
        ctx ->
            JsonBodies.send(
                ctx, 200, sitesJson(Principals.of(ctx), tenancy.visibleSites(Principals.of(ctx)))));
    routes.post("/api/admin/sites", this::create);
    routes.get(
        "/api/admin/sites/{id}",
        ctx ->
            JsonBodies.send(
                ctx,
                200,
                siteJson(
                    tenancy.site(Principals.of(ctx), ctx.pathParam("id"), Permission.VIEW_SITE))));
    routes.patch("/api/admin/sites/{id}", this::update);
    routes.delete(
        "/api/admin/sites/{id}",
        ctx -> {
          tenancy.deleteSite(Origin.of(ctx), ctx.pathParam("id"));
          ctx.status(204);
        });
    routes.get(
        "/api/admin/sites/{id}/counts",
        ctx -> {
          Site site = tenancy.site(Principals.of(ctx), ctx.pathParam("id"), Permission.READ_STATS);
          EventStore.SiteCounts c = events.counts(site.id());
          ObjectNode body = JSON.objectNode();
          body.put("events", c.events());
          body.put("visitors", c.visitors());
          body.put("sessions", c.sessions());
          body.put("bots_filtered", c.botsFiltered());
          body.put("rejected", c.rejected());
          body.put("opted_out", c.optedOut());
          JsonBodies.send(ctx, 200, body);
        });
    routes.get(
        "/api/admin/sites/{id}/retention",
        ctx -> {
          // What the settings show next to the retention: the oldest raw day still stored, and
          // the horizon before which raw retention deleted the raw events (aggregates remain).
          Site site = tenancy.site(Principals.of(ctx), ctx.pathParam("id"), Permission.READ_STATS);
          ObjectNode body = JSON.objectNode();
          body.put("retention_days", site.retentionDays());
          body.put("aggregate_retention_days", site.aggregateRetentionDays());
          body.put(
              "keeps_totals_from",
              site.aggregateRetentionStart(java.time.Instant.now())
                  .atZone(site.timeZone())
                  .toLocalDate()
                  .toString());
          body.put(
              "keeps_raw_from",
              site.rawRetentionStart(java.time.Instant.now())
                  .atZone(site.timeZone())
                  .toLocalDate()
                  .toString());
          java.util.Optional<java.time.Instant> first = events.firstEventTime(site.id());
          if (first.isPresent()) {
            body.put(
                "oldest_raw_day", first.get().atZone(site.timeZone()).toLocalDate().toString());
          } else {
            body.putNull("oldest_raw_day");
          }
          java.util.Optional<java.time.Instant> horizon = events.rawHorizon(site.id());
          if (horizon.isPresent()) {
            body.put("raw_horizon", horizon.get().toString());
          } else {
            body.putNull("raw_horizon");
          }
          JsonBodies.send(ctx, 200, body);
        });
    routes.get(
        "/api/admin/sites/{id}/first-event",
        ctx -> {
          // What the dashboard asks to tell an empty site from a quiet range: cheap, unlike the
          // exact distinct counts above.
          Site site = tenancy.site(Principals.of(ctx), ctx.pathParam("id"), Permission.READ_STATS);
          ObjectNode body = JSON.objectNode();
          events
              .firstEventTime(site.id())
              .ifPresentOrElse(
                  t -> body.put("first_event_at", t.toString()),
                  () -> body.putNull("first_event_at"));
          JsonBodies.send(ctx, 200, body);
        });
  }

  private void create(Context ctx) throws IOException {
    JsonNode body = JsonBodies.read(ctx);
    Principal p = Principals.of(ctx);
    String organizationId = JsonBodies.text(body, "organization_id");
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
            Origin.of(ctx),
            organizationId,
            JsonBodies.text(body, "name"),
            JsonBodies.text(body, "domain"),
            JsonBodies.text(body, "timezone"),
            JsonBodies.text(body, "currency"),
            integer(body, "retention_days", Site.DEFAULT_RETENTION_DAYS));
    ObjectNode created = siteJson(site);
    // The site's secret key for server-side events, shown this once (stored hashed).
    created.put("secret_key", firstSecretKey.apply(site));
    JsonBodies.send(ctx, 201, created);
  }

  private void update(Context ctx) throws IOException {
    Site site = tenancy.site(Principals.of(ctx), ctx.pathParam("id"), Permission.MANAGE_SITE);
    JsonNode body = JsonBodies.read(ctx);
    SiteSettings s = site.settings();
    SiteSettings settings =
        new SiteSettings(
            consent(body, s.consent()),
            bool(body, "respect_dnt", s.respectDnt()),
            bool(body, "respect_gpc", s.respectGpc()),
            userIds(body, s.userIds()),
            piiKeys(body, s.piiKeys()),
            validation(body, s.validation()));
    // Every value is checked (answering 400 with the field) before the Site record is built.
    int retention =
        SiteService.validRetention(integer(body, "retention_days", site.retentionDays()));
    // A longer raw retention carries the aggregates' along unless they are given.
    int aggregates =
        SiteService.validAggregateRetention(
            integer(
                body,
                "aggregate_retention_days",
                Math.max(site.aggregateRetentionDays(), retention)),
            retention);
    Site changed =
        new Site(
            site.id(),
            site.organizationId(),
            body.has("name") ? SiteService.validName(JsonBodies.text(body, "name")) : site.name(),
            body.has("domain")
                ? SiteService.validDomain(JsonBodies.text(body, "domain"))
                : site.domain(),
            body.has("timezone")
                ? SiteService.validZone(JsonBodies.text(body, "timezone"))
                : site.timeZone(),
            body.has("currency")
                ? SiteService.validCurrency(JsonBodies.text(body, "currency"))
                : site.currency(),
            retention,
            site.writeKey(),
            settings,
            site.createdAt(),
            aggregates);
    JsonBodies.send(ctx, 200, siteJson(tenancy.updateSite(Origin.of(ctx), changed)));
  }

  /**
   * The sites, each as much as the caller may read: the whole settings where it may view the site,
   * otherwise (a shared link's reader, who may only read its statistics) just what a read-only
   * dashboard shows (regression, issue 14: a shared link read its site's write key, privacy
   * settings, retention and PII keys here).
   */
  private ArrayNode sitesJson(Principal p, List<Site> list) {
    ArrayNode out = JSON.arrayNode();
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
    ObjectNode n = JSON.objectNode();
    n.put("id", site.id());
    n.put("name", site.name());
    n.put("domain", site.domain());
    n.put("timezone", site.timeZone().getId());
    n.put("currency", site.currency());
    // The installation's, not the site's: which location tabs the read-only view can fill.
    n.put("location_level", locationLevel);
    return n;
  }

  private ObjectNode siteJson(Site site) {
    ObjectNode n = JSON.objectNode();
    n.put("id", site.id());
    n.put("organization_id", site.organizationId());
    n.put("name", site.name());
    n.put("domain", site.domain());
    n.put("timezone", site.timeZone().getId());
    n.put("currency", site.currency());
    n.put("retention_days", site.retentionDays());
    n.put("aggregate_retention_days", site.aggregateRetentionDays());
    n.put("write_key", site.writeKey());
    ObjectNode s = n.putObject("settings");
    s.put("consent", site.settings().consent().wire());
    s.put("validation", site.settings().validation().wire());
    // The yes/no setting that "consent" replaced, kept for the clients written against it.
    s.put("consent_mode", site.settings().persistentIds());
    s.put("respect_dnt", site.settings().respectDnt());
    s.put("respect_gpc", site.settings().respectGpc());
    s.put("user_ids", site.settings().userIds().name().toLowerCase(Locale.ROOT));
    ArrayNode keys = s.putArray("pii_keys");
    site.settings().piiKeys().forEach(keys::add);
    n.put("created_at", site.createdAt().toString());
    n.put("location_level", locationLevel);
    return n;
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

  /**
   * The consent level from {@code consent} ("none", "anonymous", "full") or, for the clients
   * written before levels existed, from {@code consent_mode} (true: full, false: anonymous).
   */
  private static SiteSettings.ConsentLevel consent(
      JsonNode body, SiteSettings.ConsentLevel current) {
    String v = JsonBodies.text(body, "consent");
    if (v.isEmpty()) {
      if (!body.has("consent_mode") || body.get("consent_mode").isNull()) {
        return current;
      }
      // The settings read back unchanged keep the level (none reads as consent_mode true).
      boolean persistent = bool(body, "consent_mode", current.persistentIds());
      if (persistent == current.persistentIds()) {
        return current;
      }
      return persistent ? SiteSettings.ConsentLevel.FULL : SiteSettings.ConsentLevel.ANONYMOUS;
    }
    for (SiteSettings.ConsentLevel level : SiteSettings.ConsentLevel.values()) {
      if (level.wire().equals(v)) {
        return level;
      }
    }
    throw AdminException.invalid(
        "consent", "consent must be 'none', 'anonymous' or 'full', was '" + v + "'");
  }

  private static SiteSettings.ValidationMode validation(
      JsonNode body, SiteSettings.ValidationMode current) {
    String v = JsonBodies.text(body, "validation");
    if (v.isEmpty()) {
      return current;
    }
    for (SiteSettings.ValidationMode mode : SiteSettings.ValidationMode.values()) {
      if (mode.wire().equals(v)) {
        return mode;
      }
    }
    throw AdminException.invalid(
        "validation", "validation must be 'off' or 'warn', was '" + v + "'");
  }

  private static SiteSettings.UserIdMode userIds(JsonNode body, SiteSettings.UserIdMode current) {
    String v = JsonBodies.text(body, "user_ids");
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
}
