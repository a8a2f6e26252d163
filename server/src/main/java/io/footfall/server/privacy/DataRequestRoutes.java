package io.footfall.server.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.DataRequest;
import io.footfall.server.access.Principals;
import io.footfall.server.http.JsonBodies;
import io.footfall.server.sites.AdminException;
import io.footfall.server.tenancy.TenancyService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;

/**
 * Data subjects' requests over the API, for owners, admins and admin keys of the site: {@code POST
 * /api/admin/sites/{id}/data-requests/export} and {@code …/erasure} with {@code
 * {"user_id"?,"anonymous_id"?}}, and {@code GET /api/admin/sites/{id}/data-requests}, the log.
 */
public final class DataRequestRoutes {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final DataRequestService requests;

  public DataRequestRoutes(DataRequestService requests) {
    this.requests = requests;
  }

  public void register(RoutesConfig routes) {
    routes.get(
        "/api/admin/sites/{id}/data-requests",
        ctx -> {
          ObjectNode body = JSON.objectNode();
          ArrayNode results = body.putArray("results");
          for (DataRequest r : requests.list(Principals.of(ctx), ctx.pathParam("id"))) {
            results.add(json(r));
          }
          JsonBodies.send(ctx, 200, body);
        });
    routes.post(
        "/api/admin/sites/{id}/data-requests/export",
        ctx -> {
          TenancyService.Origin o = TenancyService.Origin.of(ctx);
          io.footfall.core.Site site = requests.site(o.principal(), ctx.pathParam("id"));
          DataRequestService.Export export = requests.export(o, site, named(ctx));
          ctx.header(
              "Content-Disposition",
              "attachment; filename=\"footfall-export-" + export.request().id() + ".zip\"");
          ctx.header("X-Footfall-Request", export.request().id());
          ctx.header("Cache-Control", "no-store");
          ctx.contentType("application/zip").result(export.zip());
        });
    routes.post(
        "/api/admin/sites/{id}/data-requests/erasure",
        ctx -> {
          TenancyService.Origin o = TenancyService.Origin.of(ctx);
          io.footfall.core.Site site = requests.site(o.principal(), ctx.pathParam("id"));
          DataRequest done = requests.erase(o, site, named(ctx));
          JsonBodies.send(ctx, 200, json(done));
        });
  }

  private static DataRequestService.Named named(Context ctx) throws IOException {
    JsonNode body = JsonBodies.read(ctx);
    return new DataRequestService.Named(text(body, "user_id"), text(body, "anonymous_id"));
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw AdminException.invalid(field, field + " must be a string");
    }
    return v.asText();
  }

  static ObjectNode json(DataRequest r) {
    ObjectNode n = JSON.objectNode();
    n.put("id", r.id());
    n.put("site_id", r.siteId());
    n.put("kind", r.kind().name().toLowerCase(Locale.ROOT));
    n.put("subject", r.subject());
    n.put("requested_by", r.requestedBy());
    n.put("requested_at", r.requestedAt().toString());
    n.put("status", r.status().name().toLowerCase(Locale.ROOT));
    if (r.completedAt().isPresent()) {
      n.put("completed_at", r.completedAt().get().toString());
    } else {
      n.putNull("completed_at");
    }
    n.put("events", r.events());
    n.put("properties", r.properties());
    n.put("links", r.links());
    n.put("detail", r.detail());
    return n;
  }
}
