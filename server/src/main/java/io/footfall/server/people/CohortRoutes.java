package io.footfall.server.people;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.Cohort;
import io.footfall.core.EventStore;
import io.footfall.core.Site;
import io.footfall.server.access.Principal;
import io.footfall.server.access.Principals;
import io.footfall.server.http.JsonBodies;
import io.footfall.server.query.QueryException;
import io.footfall.server.query.RequestParts;
import io.footfall.server.tenancy.TenancyService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The cohorts API under {@code /api/admin/sites/{id}/cohorts} (docs/metrics.md, "Cohorts"): list,
 * create ({@code {"name","conditions":[…]}}), read one with its size now, change ({@code PATCH}
 * name and/or conditions), delete, and {@code GET …/{cohort}/sizes?date_range&interval} for its
 * size at the end of each day or week. Bodies may be up to {@value #MAX_BODY_BYTES} bytes, for a
 * static list of up to 100,000 user ids.
 */
public final class CohortRoutes {
  /** The largest body a cohort request may have: a static list of 100,000 ids fits. */
  static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Set<String> FIELDS = Set.of("name", "conditions");

  private final CohortService cohorts;
  private final BiFunction<Principal, String, Site> readablePeople;
  private final EventStore store;
  private final Clock clock;

  /**
   * @param readablePeople the site, when the principal may read its people
   * @param store the event store, for the date range {@code all}
   */
  public CohortRoutes(
      CohortService cohorts,
      BiFunction<Principal, String, Site> readablePeople,
      EventStore store,
      Clock clock) {
    this.cohorts = cohorts;
    this.readablePeople = readablePeople;
    this.store = store;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    String base = "/api/admin/sites/{id}/cohorts";
    routes.get(
        base,
        ctx ->
            JsonBodies.sendArray(
                ctx,
                cohorts.list(Principals.of(ctx), ctx.pathParam("id")),
                CohortRoutes::cohortJson));
    routes.post(base, this::create);
    routes.get(
        base + "/{cohort}",
        ctx -> {
          CohortService.Sized s =
              cohorts.find(Principals.of(ctx), ctx.pathParam("id"), ctx.pathParam("cohort"));
          ObjectNode body = cohortJson(s.cohort());
          body.put("unit", "person");
          body.put("size", s.size());
          JsonBodies.send(ctx, 200, body);
        });
    routes.patch(base + "/{cohort}", this::update);
    routes.delete(
        base + "/{cohort}",
        ctx -> {
          cohorts.delete(
              TenancyService.Origin.of(ctx), ctx.pathParam("id"), ctx.pathParam("cohort"));
          ctx.status(204);
        });
    routes.get(base + "/{cohort}/sizes", this::sizes);
  }

  private void create(Context ctx) throws IOException {
    JsonNode body = body(ctx);
    Cohort c =
        cohorts.create(
            TenancyService.Origin.of(ctx),
            ctx.pathParam("id"),
            JsonBodies.text(body, "name"),
            body.get("conditions"));
    JsonBodies.send(ctx, 201, cohortJson(c));
  }

  private void update(Context ctx) throws IOException {
    JsonNode body = body(ctx);
    Optional<String> name =
        body.has("name") ? Optional.of(JsonBodies.text(body, "name")) : Optional.empty();
    Optional<JsonNode> conditions = Optional.ofNullable(body.get("conditions"));
    Cohort c =
        cohorts.update(
            TenancyService.Origin.of(ctx),
            ctx.pathParam("id"),
            ctx.pathParam("cohort"),
            name,
            conditions);
    JsonBodies.send(ctx, 200, cohortJson(c));
  }

  /**
   * {@code ?date_range=30d&interval=day|week}: {@code {"unit":"person","interval","results":
   * [{"date","at","size"}]}}, one point per local day (week) of the range that has begun.
   */
  private void sizes(Context ctx) throws IOException {
    Principal p = Principals.of(ctx);
    Site site = readablePeople.apply(p, ctx.pathParam("id"));
    String range = Optional.ofNullable(ctx.queryParam("date_range")).orElse("30d").strip();
    JsonNode rangeNode;
    if (range.contains(",")) {
      String[] two = range.split(",", 2);
      rangeNode = JSON.arrayNode().add(two[0].strip()).add(two[1].strip());
    } else {
      rangeNode = JSON.textNode(range);
    }
    RequestParts.Range r = RequestParts.range(rangeNode, site, clock, store);
    String interval = Optional.ofNullable(ctx.queryParam("interval")).orElse("day").strip();
    if (!interval.equals("day") && !interval.equals("week")) {
      throw new QueryException("interval", "interval must be day or week, was '" + interval + "'");
    }
    LocalDate first = LocalDate.ofInstant(r.from(), r.zone());
    LocalDate last = LocalDate.ofInstant(r.to().minusNanos(1), r.zone());
    var points =
        cohorts.sizes(p, site.id(), ctx.pathParam("cohort"), first, last, interval.equals("week"));
    ObjectNode body = JSON.objectNode();
    body.put("unit", "person");
    body.put("interval", interval);
    body.put("time_zone", r.zone().getId());
    var results = body.putArray("results");
    for (CohortService.Point point : points) {
      results
          .addObject()
          .put("date", point.date().toString())
          .put("at", point.at().toString())
          .put("size", point.size());
    }
    JsonBodies.send(ctx, 200, body);
  }

  private static JsonNode body(Context ctx) throws IOException {
    JsonNode body = JsonBodies.read(ctx, MAX_BODY_BYTES);
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!FIELDS.contains(name)) {
        throw new QueryException(
            name, "unknown field '" + name + "'; a cohort has name and conditions");
      }
    }
    return body;
  }

  static ObjectNode cohortJson(Cohort c) {
    ObjectNode n = JSON.objectNode();
    n.put("id", c.id());
    n.put("name", c.name());
    n.set("conditions", CohortDefinitions.shown(c.definition()));
    n.put("created_at", c.createdAt().toString());
    n.put("updated_at", c.updatedAt().toString());
    return n;
  }
}
