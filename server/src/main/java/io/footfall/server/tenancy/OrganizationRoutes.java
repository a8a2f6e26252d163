package io.footfall.server.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.AuditEntry;
import io.footfall.core.Invitation;
import io.footfall.core.Membership;
import io.footfall.core.Organization;
import io.footfall.core.Role;
import io.footfall.server.access.Principals;
import io.footfall.server.http.JsonBodies;
import io.footfall.server.sites.AdminException;
import io.footfall.server.tenancy.TenancyService.Origin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Organizations in the admin API, {@code /api/admin/organizations}: the organizations, their
 * members and invitations and their audit log, and the invited person's side under {@code
 * /api/auth/invitations}. Handlers translate HTTP to calls of {@link TenancyService}, which checks
 * every permission.
 */
public final class OrganizationRoutes {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final TenancyService tenancy;

  public OrganizationRoutes(TenancyService tenancy) {
    this.tenancy = tenancy;
  }

  public void register(RoutesConfig routes) {
    routes.get(
        "/api/admin/organizations",
        ctx ->
            JsonBodies.sendArray(
                ctx, tenancy.organizations(Principals.of(ctx)), OrganizationRoutes::orgJson));
    routes.post(
        "/api/admin/organizations",
        ctx ->
            JsonBodies.send(
                ctx,
                201,
                orgJson(
                    tenancy.createOrganization(
                        Origin.of(ctx), JsonBodies.required(JsonBodies.read(ctx), "name")))));
    routes.get(
        "/api/admin/organizations/{org}",
        ctx ->
            JsonBodies.send(
                ctx, 200, orgJson(tenancy.organization(Principals.of(ctx), ctx.pathParam("org")))));
    routes.delete(
        "/api/admin/organizations/{org}",
        ctx -> {
          Origin o = Origin.of(ctx);
          // Access first: a caller who may not delete learns nothing from the body's checks.
          tenancy.organization(o.principal(), ctx.pathParam("org"));
          JsonNode body = JsonBodies.read(ctx);
          tenancy.deleteOrganization(
              o,
              ctx.pathParam("org"),
              body.has("confirm") && body.get("confirm").isTextual()
                  ? body.get("confirm").asText()
                  : "");
          ctx.status(204);
        });
    routes.patch(
        "/api/admin/organizations/{org}",
        ctx ->
            JsonBodies.send(
                ctx,
                200,
                orgJson(
                    tenancy.renameOrganization(
                        Origin.of(ctx),
                        ctx.pathParam("org"),
                        JsonBodies.required(JsonBodies.read(ctx), "name")))));
    routes.get(
        "/api/admin/organizations/{org}/members",
        ctx ->
            JsonBodies.sendArray(
                ctx,
                tenancy.members(Principals.of(ctx), ctx.pathParam("org")),
                OrganizationRoutes::memberJson));
    routes.post("/api/admin/organizations/{org}/members", this::addMember);
    routes.patch("/api/admin/organizations/{org}/members/{person}", this::updateMember);
    routes.get(
        "/api/admin/organizations/{org}/invitations",
        ctx ->
            JsonBodies.sendArray(
                ctx,
                tenancy.invitations(Principals.of(ctx), ctx.pathParam("org")),
                OrganizationRoutes::invitationJson));
    routes.delete(
        "/api/admin/organizations/{org}/invitations/{invitation}",
        ctx -> {
          tenancy.revokeInvitation(
              Origin.of(ctx), ctx.pathParam("org"), ctx.pathParam("invitation"));
          ctx.status(204);
        });
    // The invited person's side. Under /api/auth because it is about the caller's own account,
    // not an organization they administer; served here because the invitation is tenancy data.
    routes.get(
        "/api/auth/invitations",
        ctx -> {
          ArrayNode list = JSON.arrayNode();
          for (TenancyService.Received r : tenancy.receivedInvitations(Principals.of(ctx))) {
            ObjectNode n = list.addObject();
            n.put("id", r.invitation().id());
            n.put("organization_id", r.invitation().organizationId());
            n.put("organization_name", r.organizationName());
            n.put("role", r.invitation().role().name().toLowerCase(Locale.ROOT));
            ArrayNode ids = n.putArray("site_ids");
            r.invitation().siteIds().stream().sorted().forEach(ids::add);
            n.put("expires_at", r.invitation().expiresAt().toString());
          }
          JsonBodies.send(ctx, 200, list);
        });
    routes.post(
        "/api/auth/invitations/{invitation}/accept",
        ctx ->
            JsonBodies.send(
                ctx,
                200,
                membershipJson(
                    tenancy.acceptInvitation(Origin.of(ctx), ctx.pathParam("invitation")))));
    routes.post("/api/auth/invitations/accept", this::acceptByToken);
    routes.delete(
        "/api/admin/organizations/{org}/members/{person}",
        ctx -> {
          tenancy.removeMember(Origin.of(ctx), ctx.pathParam("org"), ctx.pathParam("person"));
          ctx.status(204);
        });
    routes.get("/api/admin/organizations/{org}/audit", this::audit);
  }

  private void acceptByToken(Context ctx) throws IOException {
    JsonNode body = JsonBodies.read(ctx);
    TenancyService.Accepted a =
        tenancy.acceptInvitationByToken(
            Origin.of(ctx),
            JsonBodies.required(body, "token"),
            JsonBodies.text(body, "name"),
            JsonBodies.text(body, "password"));
    ObjectNode out = membershipJson(a.membership());
    out.put("email", a.person().email());
    out.put("account_created", a.accountCreated());
    JsonBodies.send(ctx, a.accountCreated() ? 201 : 200, out);
  }

  private void addMember(Context ctx) throws IOException {
    JsonNode body = JsonBodies.read(ctx);
    TenancyService.Added added =
        tenancy.addMember(
            Origin.of(ctx),
            ctx.pathParam("org"),
            JsonBodies.required(body, "email"),
            JsonBodies.text(body, "name"),
            role(body),
            siteIds(body),
            JsonBodies.text(body, "password"),
            readsPeople(body).orElse(false));
    switch (added) {
      case TenancyService.Member m -> JsonBodies.send(ctx, 201, memberJson(m));
      case TenancyService.Invited i -> {
        // The same status and shape whether or not the address has an account.
        ObjectNode out = JSON.objectNode();
        out.set("invitation", invitationJson(i.invitation()));
        out.put("mailed", i.mailed());
        JsonBodies.send(ctx, 202, out);
      }
    }
  }

  private void updateMember(Context ctx) throws IOException {
    JsonNode body = JsonBodies.read(ctx);
    JsonBodies.send(
        ctx,
        200,
        memberJson(
            tenancy.updateMember(
                Origin.of(ctx),
                ctx.pathParam("org"),
                ctx.pathParam("person"),
                role(body),
                siteIds(body),
                readsPeople(body))));
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
    ArrayNode list = JSON.arrayNode();
    for (AuditEntry e : tenancy.audit(Principals.of(ctx), ctx.pathParam("org"), limit, before)) {
      ObjectNode n = list.addObject();
      n.put("id", e.id());
      n.put("at", e.at().toString());
      n.put("actor", e.actor());
      n.put("action", e.action());
      n.put("target", e.target());
      n.put("network", e.network());
      n.set("details", MAPPER.readTree(e.detailsJson()));
    }
    JsonBodies.send(ctx, 200, list);
  }

  private static ObjectNode membershipJson(Membership m) {
    ObjectNode n = JSON.objectNode();
    n.put("organization_id", m.organizationId());
    n.put("role", m.role().name().toLowerCase(Locale.ROOT));
    n.put("reads_people", readsPeople(m));
    ArrayNode ids = n.putArray("site_ids");
    m.siteIds().stream().sorted().forEach(ids::add);
    return n;
  }

  private static ObjectNode invitationJson(Invitation i) {
    ObjectNode n = JSON.objectNode();
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

  private static ObjectNode orgJson(Organization o) {
    return JSON.objectNode()
        .put("id", o.id())
        .put("name", o.name())
        .put("created_at", o.createdAt().toString());
  }

  private static ObjectNode memberJson(TenancyService.Member m) {
    ObjectNode n = JSON.objectNode();
    n.put("person_id", m.person().id());
    n.put("email", m.person().email());
    n.put("name", m.person().name());
    n.put("role", m.membership().role().name().toLowerCase(Locale.ROOT));
    n.put("reads_people", readsPeople(m.membership()));
    ArrayNode ids = n.putArray("site_ids");
    m.membership().siteIds().stream().sorted().forEach(ids::add);
    return n;
  }

  private static Role role(JsonNode body) {
    String r = JsonBodies.required(body, "role");
    try {
      return Role.valueOf(r.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw AdminException.invalid("role", "role must be owner, admin, analyst or viewer");
    }
  }

  /** Whether the member reads people: by role, or a viewer by grant. */
  private static boolean readsPeople(Membership m) {
    return m.role() != Role.VIEWER || m.readsPeople();
  }

  private static Optional<Boolean> readsPeople(JsonNode body) {
    JsonNode v = body.get("reads_people");
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isBoolean()) {
      throw AdminException.invalid("reads_people", "reads_people must be true or false");
    }
    return Optional.of(v.booleanValue());
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
    Set<String> ids = new TreeSet<>();
    for (JsonNode s : v) {
      ids.add(s.asText());
    }
    return ids;
  }
}
