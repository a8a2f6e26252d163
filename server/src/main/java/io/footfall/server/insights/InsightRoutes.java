package io.footfall.server.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.Insight;
import io.footfall.server.access.Principals;
import io.footfall.server.http.JsonBodies;
import io.footfall.server.tenancy.TenancyService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

/**
 * A site's saved insights under {@code /api/admin/sites/{id}/insights}. Handlers only translate
 * HTTP to calls of {@link InsightService}, which checks every permission.
 *
 * <p>An insight reads as {@code {"id","name","kind","state","url","people","created_by",
 * "created_at","updated_at"}}: {@code url} is its dashboard address, {@code people} whether opening
 * it shows people (and so needs their read access).
 */
public final class InsightRoutes {
  private final InsightService insights;
  private final ObjectMapper json = new ObjectMapper();

  public InsightRoutes(InsightService insights) {
    this.insights = insights;
  }

  public void register(RoutesConfig routes) {
    routes.get(
        "/api/admin/sites/{id}/insights",
        ctx ->
            JsonBodies.sendArray(
                ctx, insights.list(Principals.of(ctx), ctx.pathParam("id")), this::insightJson));
    routes.post("/api/admin/sites/{id}/insights", this::create);
    routes.patch("/api/admin/sites/{id}/insights/{insight}", this::change);
    routes.delete(
        "/api/admin/sites/{id}/insights/{insight}",
        ctx -> {
          insights.delete(
              TenancyService.Origin.of(ctx), ctx.pathParam("id"), ctx.pathParam("insight"));
          ctx.status(204);
        });
  }

  private void create(Context ctx) throws IOException {
    JsonNode body = JsonBodies.read(ctx);
    InsightService.Request request =
        new InsightService.Request(
            JsonBodies.text(body, "name"),
            JsonBodies.text(body, "kind"),
            JsonBodies.text(body, "state"));
    JsonBodies.send(
        ctx,
        201,
        insightJson(insights.create(TenancyService.Origin.of(ctx), ctx.pathParam("id"), request)));
  }

  /** PATCH: a new name ({@code {"name"}}), or a new state with or without one. */
  private void change(Context ctx) throws IOException {
    JsonNode body = JsonBodies.read(ctx);
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!field.equals("name") && !field.equals("state")) {
        throw InsightException.invalid(
            field, "only name and state can be changed; " + field + " belongs to a new insight");
      }
    }
    if (!body.has("name") && !body.has("state")) {
      throw InsightException.invalid("name", "name or state is required");
    }
    TenancyService.Origin origin = TenancyService.Origin.of(ctx);
    String siteId = ctx.pathParam("id");
    String insightId = ctx.pathParam("insight");
    Insight changed =
        body.has("state")
            ? insights.update(
                origin,
                siteId,
                insightId,
                body.has("name") ? Optional.of(JsonBodies.text(body, "name")) : Optional.empty(),
                JsonBodies.text(body, "state"))
            : insights.rename(origin, siteId, insightId, JsonBodies.text(body, "name"));
    JsonBodies.send(ctx, 200, insightJson(changed));
  }

  private ObjectNode insightJson(Insight i) {
    ObjectNode n = json.createObjectNode();
    n.put("id", i.id());
    n.put("name", i.name());
    n.put("kind", i.kind().apiName());
    n.put("state", i.state());
    n.put("url", InsightService.url(i));
    n.put("people", InsightService.showsPeople(i));
    n.put("created_by", i.createdBy());
    n.put("created_at", i.createdAt().toString());
    n.put("updated_at", i.updatedAt().toString());
    return n;
  }
}
