package io.footfall.server.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.query.Filter;
import io.footfall.core.query.Order;
import io.footfall.server.access.Principals;
import io.footfall.server.http.JsonBodies;
import io.footfall.server.query.StatsRequest.Shape;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The statistics API: {@code POST /api/query} takes the JSON query model (Plausible's Stats API v2
 * shape); {@code GET /api/stats/{aggregate,timeseries,breakdown,realtime,compare}} take the same
 * model as query parameters and answer in the same shape. Callers authenticate with a read API key,
 * a session cookie or a shared link; {@link QueryService} checks the site.
 */
public final class QueryRoutes {
  private final QueryService queries;
  private final ObjectMapper json = new ObjectMapper();

  public QueryRoutes(QueryService queries) {
    this.queries = queries;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/query", ctx -> answer(ctx, QueryParser.parse(JsonBodies.read(ctx)), false));
    routes.get("/api/stats/aggregate", ctx -> answer(ctx, params(ctx, Shape.AGGREGATE), false));
    routes.get("/api/stats/timeseries", ctx -> answer(ctx, params(ctx, Shape.TIMESERIES), true));
    routes.get("/api/stats/breakdown", ctx -> answer(ctx, params(ctx, Shape.BREAKDOWN), false));
    routes.get("/api/stats/realtime", ctx -> answer(ctx, params(ctx, Shape.REALTIME), false));
    routes.get("/api/stats/compare", ctx -> answer(ctx, params(ctx, Shape.COMPARE), false));
    routes.get("/api/stats/property-keys", this::propertyKeys);
  }

  /** The most property keys listed when the request names no {@code limit}. */
  static final int DEFAULT_PROPERTY_KEYS = 20;

  /**
   * {@code GET /api/stats/property-keys?site_id=…&date_range=…&limit=20}: the custom property keys
   * of the range, those on the most events first: {@code {"results":[{"key","events"}],
   * "meta":{"date_range","time_zone"}}}.
   */
  private void propertyKeys(Context ctx) throws IOException {
    String limitParam = ctx.queryParam("limit");
    int limit = DEFAULT_PROPERTY_KEYS;
    if (limitParam != null && !limitParam.isBlank()) {
      try {
        limit = Integer.parseInt(limitParam.strip());
      } catch (NumberFormatException e) {
        throw new QueryException(
            "limit", "limit must be a whole number 1 to " + QueryService.MAX_PROPERTY_KEYS);
      }
    }
    QueryService.PropertyKeys keys =
        queries.propertyKeys(Principals.of(ctx), params(ctx, Shape.AGGREGATE), limit);
    ObjectNode body = json.createObjectNode();
    ArrayNode results = body.putArray("results");
    for (io.footfall.core.EventStore.PropertyKey k : keys.keys()) {
      results.addObject().put("key", k.key()).put("events", k.events());
    }
    ObjectNode meta = body.putObject("meta");
    ArrayNode range = meta.putArray("date_range");
    range.add(instant(keys.window().from(), keys.window()));
    range.add(instant(keys.window().to(), keys.window()));
    meta.put("time_zone", keys.site().timeZone().getId());
    JsonBodies.send(ctx, 200, body);
  }

  /** The query string as a request, checked by the same parser as the JSON model. */
  private static StatsQuery params(Context ctx, Shape shape) {
    return ParamQueries.parse(request(ctx, shape));
  }

  /**
   * The query string of a request as a {@link StatsRequest} (the first value of each parameter).
   */
  public static StatsRequest request(Context ctx, Shape shape) {
    Map<String, String> params = new HashMap<>();
    ctx.queryParamMap()
        .forEach(
            (name, values) -> {
              if (!values.isEmpty()) {
                params.put(name, values.get(0));
              }
            });
    return new StatsRequest(shape, params);
  }

  private void answer(Context ctx, StatsQuery q, boolean fillTime) throws IOException {
    long start = System.nanoTime();
    QueryService.Answer a = queries.run(Principals.of(ctx), q);
    ctx.header("Server-Timing", serverTiming(System.nanoTime() - start));
    ObjectNode body = json.createObjectNode();
    ArrayNode results = body.putArray("results");
    for (StatsTable.Row row : QueryService.rows(a, fillTime)) {
      ObjectNode r = results.addObject();
      addMetrics(r.putArray("metrics"), row.metrics());
      ArrayNode dims = r.putArray("dimensions");
      row.dimensions().forEach(dims::add);
      if (row.comparison().isPresent()) {
        StatsTable.Comparison before = row.comparison().get();
        ObjectNode c = r.putObject("comparison");
        ArrayNode cd = c.putArray("dimensions");
        before.dimensions().forEach(cd::add);
        addMetrics(c.putArray("metrics"), before.metrics());
        ArrayNode change = c.putArray("change");
        before.change().forEach(v -> addValue(change, v));
      }
    }
    ObjectNode meta = body.putObject("meta");
    if (q.timeLabels() || fillTime) {
      ArrayNode labels = meta.putArray("time_labels");
      a.timeLabels().forEach(labels::add);
    }
    if (q.totalRows()) {
      meta.put("total_rows", a.report().totalRows());
    }
    meta.put("currency", a.site().currency());
    meta.put("time_zone", a.site().timeZone().getId());
    a.comparisonWindow()
        .ifPresent(
            w -> {
              ObjectNode c = meta.putObject("comparison");
              c.put("mode", q.comparison().get().apiName);
              ArrayNode range = c.putArray("date_range");
              range.add(instant(w.from(), w));
              range.add(instant(w.to(), w));
            });
    body.set("query", echo(a));
    JsonBodies.send(ctx, 200, body);
  }

  /**
   * The {@code Server-Timing} header of an answer: the time from the checked request to the
   * assembled report (access check, queries, waiting for a query thread), which browsers show next
   * to the request's network time.
   */
  static String serverTiming(long nanos) {
    return String.format(java.util.Locale.ROOT, "query;dur=%.1f", nanos / 1e6);
  }

  private static void addMetrics(ArrayNode out, List<Object> values) {
    values.forEach(v -> addValue(out, v));
  }

  private static void addValue(ArrayNode out, Object v) {
    switch (v) {
      case null -> out.addNull();
      case Long l -> out.add(l);
      case BigDecimal d -> out.add(d);
      default -> out.add(v.toString());
    }
  }

  /** An instant of a range on the site's clock, with its offset: 2026-03-29T00:00:00+01:00. */
  private static String instant(java.time.Instant t, DateRanges.Window w) {
    return ZonedDateTime.ofInstant(t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS), w.zone())
        .toOffsetDateTime()
        .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  /** The query as it was understood, in canonical names, with the resolved range. */
  private ObjectNode echo(QueryService.Answer a) {
    StatsQuery q = a.query();
    ObjectNode o = json.createObjectNode();
    o.put("site_id", q.siteId());
    ArrayNode metrics = o.putArray("metrics");
    q.metrics().forEach(m -> metrics.add(m.apiName()));
    ArrayNode range = o.putArray("date_range");
    range.add(instant(a.window().from(), a.window()));
    range.add(instant(a.window().to(), a.window()));
    ArrayNode dims = o.putArray("dimensions");
    q.dimensions().forEach(d -> dims.add(d.apiName()));
    ArrayNode filters = o.putArray("filters");
    for (Filter f : q.filters()) {
      ArrayNode fa = filters.addArray();
      fa.add(f.op().apiName());
      fa.add(f.dimensionApiName());
      ArrayNode vs = fa.addArray();
      f.values().forEach(vs::add);
    }
    q.segment().ifPresent(id -> filters.addArray().add("is").add("segment").addArray().add(id));
    ArrayNode order = o.putArray("order_by");
    for (Order ob : q.orderBy()) {
      order.addArray().add(ob.by()).add(ob.descending() ? "desc" : "asc");
    }
    ObjectNode include = o.putObject("include");
    include.put("time_labels", q.timeLabels());
    include.put("total_rows", q.totalRows());
    if (q.comparison().isPresent()) {
      include.putObject("comparisons").put("mode", q.comparison().get().apiName);
    } else {
      include.putNull("comparisons");
    }
    ObjectNode page = o.putObject("pagination");
    page.put("limit", q.limit());
    page.put("offset", q.offset());
    q.relativeDate().ifPresent(d -> o.put("relative_date", d.toString()));
    return o;
  }
}
