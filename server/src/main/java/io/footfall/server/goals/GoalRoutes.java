package io.footfall.server.goals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.Goal;
import io.footfall.server.access.Principals;
import io.footfall.server.http.JsonBodies;
import io.footfall.server.tenancy.TenancyService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * A site's goals under {@code /api/admin/sites/{id}/goals}. Handlers only translate HTTP to calls
 * of {@link GoalService}, which checks every permission.
 *
 * <p>A goal reads as {@code {"id","name","type","path","created_at"}} for page view goals and
 * {@code {"id","name","type","event_name","property_key","property_value","created_at"}} for event
 * goals, the property fields {@code null} when the goal has none.
 */
public final class GoalRoutes {
  private final GoalService goals;
  private final ObjectMapper json = new ObjectMapper();

  public GoalRoutes(GoalService goals) {
    this.goals = goals;
  }

  public void register(RoutesConfig routes) {
    routes.get(
        "/api/admin/sites/{id}/goals",
        ctx ->
            JsonBodies.sendArray(
                ctx, goals.goals(Principals.of(ctx), ctx.pathParam("id")), this::goalJson));
    routes.post("/api/admin/sites/{id}/goals", this::create);
    routes.delete(
        "/api/admin/sites/{id}/goals/{goal}",
        ctx -> {
          goals.delete(TenancyService.Origin.of(ctx), ctx.pathParam("id"), ctx.pathParam("goal"));
          ctx.status(204);
        });
  }

  private void create(Context ctx) throws IOException {
    JsonNode body = JsonBodies.read(ctx);
    GoalService.Request request =
        new GoalService.Request(
            JsonBodies.text(body, "name"),
            JsonBodies.text(body, "type"),
            JsonBodies.text(body, "path"),
            JsonBodies.text(body, "event_name"),
            JsonBodies.text(body, "property_key"),
            JsonBodies.text(body, "property_value"));
    JsonBodies.send(
        ctx,
        201,
        goalJson(goals.create(TenancyService.Origin.of(ctx), ctx.pathParam("id"), request)));
  }

  private ObjectNode goalJson(Goal g) {
    ObjectNode n = json.createObjectNode();
    n.put("id", g.id());
    n.put("name", g.name());
    n.put("type", GoalService.type(g.kind()));
    switch (g.kind()) {
      case PAGEVIEW -> n.put("path", g.pathPattern());
      case EVENT -> {
        n.put("event_name", g.eventName());
        n.put("property_key", g.propertyKey().isEmpty() ? null : g.propertyKey());
        n.put("property_value", g.propertyKey().isEmpty() ? null : g.propertyValue());
      }
    }
    n.put("created_at", g.createdAt().toString());
    return n;
  }
}
