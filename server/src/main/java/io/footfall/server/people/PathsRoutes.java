package io.footfall.server.people;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.people.PathsQuery;
import io.footfall.core.people.PathsResult;
import io.footfall.server.access.Principals;
import io.footfall.server.http.JsonBodies;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The paths API: {@code POST /api/paths} answers the top paths of a site's visits from a start step
 * or to an end step (docs/metrics.md, "Paths"). Every answer says what it counts: {@code
 * "unit":"visit"}.
 */
public final class PathsRoutes {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final PathsService paths;

  public PathsRoutes(PathsService paths) {
    this.paths = paths;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/paths", this::answer);
  }

  /**
   * {@code {"site_id","date_range","start"|"end": step,"steps"?,"events"?,"limit"?}}: {@code
   * {"unit":"visit","direction","anchor","visits","distinct_paths","paths":[{"steps","visits"}],
   * "positions":[{"position","visits","drop_off"}],"edges":[{"from_position","from","to_position",
   * "to","visits"}],"meta":{"date_range","time_zone"}}}.
   */
  private void answer(Context ctx) throws IOException {
    PathsService.Answer a = paths.paths(Principals.of(ctx), JsonBodies.read(ctx));
    PathsQuery q = a.query();
    PathsResult r = a.result();
    ObjectNode body = JSON.objectNode();
    body.put("unit", "visit");
    body.put("direction", q.direction() == PathsQuery.Direction.START ? "start" : "end");
    body.put("anchor", q.anchor().label());
    body.put("steps", q.steps());
    body.put("events", q.events() == PathsQuery.StepEvents.ALL ? "all" : "pageviews");
    body.put("visits", r.visits());
    body.put("distinct_paths", r.distinctPaths());
    ArrayNode list = body.putArray("paths");
    for (PathsResult.PathCount p : r.paths()) {
      ObjectNode n = list.addObject();
      ArrayNode names = n.putArray("steps");
      p.steps().forEach(names::add);
      n.put("visits", p.visits());
    }
    ArrayNode positions = body.putArray("positions");
    for (PathsResult.PositionCount p : r.positions()) {
      positions
          .addObject()
          .put("position", p.position())
          .put("visits", p.visits())
          .put("drop_off", p.dropOff());
    }
    ArrayNode edges = body.putArray("edges");
    for (PathsResult.Edge e : r.edges()) {
      edges
          .addObject()
          .put("from_position", e.fromPosition())
          .put("from", e.from())
          .put("to_position", e.toPosition())
          .put("to", e.to())
          .put("visits", e.visits());
    }
    ObjectNode meta = body.putObject("meta");
    ArrayNode range = meta.putArray("date_range");
    range.add(local(a.range().from(), a.range().zone()));
    range.add(local(a.range().to(), a.range().zone()));
    meta.put("time_zone", a.range().zone().getId());
    JsonBodies.send(ctx, 200, body);
  }

  private static String local(Instant t, ZoneId zone) {
    return ZonedDateTime.ofInstant(t.truncatedTo(ChronoUnit.MILLIS), zone)
        .toOffsetDateTime()
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
