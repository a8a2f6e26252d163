package io.footfall.server.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.query.Filter;
import io.footfall.core.query.Metric;
import io.footfall.core.query.Order;
import io.footfall.core.query.Report;
import io.footfall.server.web.JsonBodies;
import io.footfall.server.web.Principals;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZonedDateTime;
import java.util.ArrayList;
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
    routes.get("/api/stats/aggregate", ctx -> answer(ctx, fromParams(ctx, Kind.AGGREGATE), false));
    routes.get("/api/stats/timeseries", ctx -> answer(ctx, fromParams(ctx, Kind.TIMESERIES), true));
    routes.get("/api/stats/breakdown", ctx -> answer(ctx, fromParams(ctx, Kind.BREAKDOWN), false));
    routes.get("/api/stats/realtime", ctx -> answer(ctx, fromParams(ctx, Kind.REALTIME), false));
    routes.get("/api/stats/compare", ctx -> answer(ctx, fromParams(ctx, Kind.COMPARE), false));
  }

  private enum Kind {
    AGGREGATE,
    TIMESERIES,
    BREAKDOWN,
    REALTIME,
    COMPARE
  }

  /** The query-string form, turned into the JSON model so that one parser checks both. */
  private StatsQuery fromParams(Context ctx, Kind kind) {
    ObjectNode q = json.createObjectNode();
    q.put("site_id", param(ctx, "site_id"));
    ArrayNode metrics = q.putArray("metrics");
    String m = param(ctx, "metrics");
    for (String name : (m.isEmpty() ? "visitors" : m).split(",")) {
      metrics.add(name.strip());
    }
    String range = param(ctx, "date_range");
    if (range.isEmpty()) {
      range = param(ctx, "period");
    }
    if (kind == Kind.REALTIME) {
      range = range.isEmpty() ? "realtime" : range;
      if (!range.equals("realtime") && !range.equals("30m")) {
        throw new QueryException("date_range", "realtime answers realtime (5 minutes) or 30m");
      }
    }
    if (range.isEmpty()) {
      range = "30d";
    }
    if (range.contains(",")) {
      ArrayNode pair = q.putArray("date_range");
      for (String part : range.split(",", 2)) {
        pair.add(part.strip());
      }
    } else {
      q.put("date_range", range);
    }
    String filters = param(ctx, "filters");
    if (!filters.isEmpty()) {
      try {
        q.set("filters", json.readTree(filters));
      } catch (IOException e) {
        throw new QueryException(
            "filters", "filters must be a JSON list like [[\"is\",\"visit:source\",[\"Google\"]]]");
      }
    }
    ArrayNode dims = q.putArray("dimensions");
    ObjectNode include = q.putObject("include");
    switch (kind) {
      case TIMESERIES -> {
        String interval = param(ctx, "interval");
        if (interval.isEmpty()) {
          interval =
              range.equals("realtime") || range.equals("30m")
                  ? "minute"
                  : range.equals("today") || range.equals("day") || range.equals("yesterday")
                      ? "hour"
                      : "day";
        }
        dims.add(interval.startsWith("time:") ? interval : "time:" + interval);
        include.put("time_labels", true);
      }
      case BREAKDOWN -> {
        String d = param(ctx, "dimensions");
        if (d.isEmpty()) {
          d = param(ctx, "property");
        }
        if (d.isEmpty()) {
          throw new QueryException(
              "dimensions", "a breakdown needs dimensions=<dimension>, e.g. visit:source");
        }
        for (String name : d.split(",")) {
          dims.add(name.strip());
        }
        int limit = intParam(ctx, "limit", 100);
        int page = intParam(ctx, "page", 1);
        if (page < 1) {
          throw new QueryException("page", "page starts at 1, was " + page);
        }
        ObjectNode pagination = q.putObject("pagination");
        pagination.put("limit", limit);
        pagination.put("offset", (long) (page - 1) * limit);
        include.put("total_rows", true);
      }
      case COMPARE -> {
        String mode = param(ctx, "compare");
        include.putObject("comparisons").put("mode", mode.isEmpty() ? "previous_period" : mode);
      }
      default -> {}
    }
    String compare = param(ctx, "compare");
    if (kind != Kind.COMPARE && !compare.isEmpty()) {
      include.putObject("comparisons").put("mode", compare);
    }
    String order = param(ctx, "order_by");
    if (!order.isEmpty()) {
      ArrayNode orders = q.putArray("order_by");
      for (String o : order.split(",")) {
        int colon = o.lastIndexOf(':');
        String dir = colon > 0 ? o.substring(colon + 1) : "";
        if (dir.equals("asc") || dir.equals("desc")) {
          orders.addArray().add(o.substring(0, colon)).add(dir);
        } else {
          orders.addArray().add(o).add("desc");
        }
      }
    }
    String relative = param(ctx, "relative_date");
    if (!relative.isEmpty()) {
      q.put("relative_date", relative);
    }
    return QueryParser.parse(q);
  }

  private static String param(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null ? "" : v.strip();
  }

  private static int intParam(Context ctx, String name, int fallback) {
    String v = param(ctx, name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new QueryException(name, name + " must be a whole number, was '" + v + "'");
    }
  }

  private void answer(Context ctx, StatsQuery q, boolean fillTime) throws IOException {
    QueryService.Answer a = queries.run(Principals.of(ctx), q);
    ObjectNode body = json.createObjectNode();
    ArrayNode results = body.putArray("results");
    List<Report.Row> rows = fillTime ? filled(a) : a.report().rows();
    Map<List<String>, Report.Row> previous = new HashMap<>();
    a.comparison().ifPresent(r -> r.rows().forEach(row -> previous.put(row.dimensions(), row)));
    int time = timeIndex(q);
    for (Report.Row row : rows) {
      ObjectNode r = results.addObject();
      addMetrics(r.putArray("metrics"), row.metrics());
      ArrayNode dims = r.putArray("dimensions");
      row.dimensions().forEach(dims::add);
      if (a.comparison().isPresent()) {
        List<String> key = new ArrayList<>(row.dimensions());
        if (time >= 0) {
          int i = a.timeLabels().indexOf(key.get(time));
          key.set(
              time, i >= 0 && i < a.comparisonLabels().size() ? a.comparisonLabels().get(i) : "");
        }
        Report.Row before = previous.get(key);
        List<Object> prevMetrics = before != null ? before.metrics() : zeros(q.metrics());
        ObjectNode c = r.putObject("comparison");
        ArrayNode cd = c.putArray("dimensions");
        key.forEach(cd::add);
        addMetrics(c.putArray("metrics"), prevMetrics);
        ArrayNode change = c.putArray("change");
        for (int i = 0; i < q.metrics().size(); i++) {
          addValue(change, change(q.metrics().get(i), row.metrics().get(i), prevMetrics.get(i)));
        }
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

  /** A timeseries lists every bucket of the range, with zeros where nothing happened. */
  private static List<Report.Row> filled(QueryService.Answer a) {
    Map<String, Report.Row> byLabel = new HashMap<>();
    for (Report.Row r : a.report().rows()) {
      byLabel.put(r.dimensions().get(0), r);
    }
    List<Report.Row> out = new ArrayList<>();
    for (String label : a.timeLabels()) {
      Report.Row r = byLabel.get(label);
      out.add(r != null ? r : new Report.Row(List.of(label), zeros(a.query().metrics())));
    }
    return out;
  }

  /** What a metric is when nothing matched: 0 for counts and money, null where undefined. */
  static List<Object> zeros(List<Metric> metrics) {
    List<Object> out = new ArrayList<>();
    for (Metric m : metrics) {
      out.add(
          switch (m.kind()) {
            case VISITORS, VISITS, PAGEVIEWS, EVENTS, CONVERSIONS, ORDERS -> 0L;
            case REVENUE -> BigDecimal.ZERO.setScale(2);
            default -> null;
          });
    }
    return out;
  }

  /**
   * The change against the compared period: percentage points for rates, else the relative change
   * in percent (1 decimal); null when it is undefined (nothing before).
   */
  static BigDecimal change(Metric m, Object now, Object before) {
    if (now == null || before == null) {
      return null;
    }
    BigDecimal a = new BigDecimal(now.toString());
    BigDecimal b = new BigDecimal(before.toString());
    if (m.kind() == Metric.Kind.BOUNCE_RATE || m.kind() == Metric.Kind.CONVERSION_RATE) {
      return a.subtract(b).setScale(1, RoundingMode.HALF_UP);
    }
    if (b.signum() == 0) {
      return a.signum() == 0 ? BigDecimal.ZERO.setScale(1) : null;
    }
    return a.subtract(b).multiply(BigDecimal.valueOf(100)).divide(b.abs(), 1, RoundingMode.HALF_UP);
  }

  private static int timeIndex(StatsQuery q) {
    for (int i = 0; i < q.dimensions().size(); i++) {
      if (q.dimensions().get(i).isTime()) {
        return i;
      }
    }
    return -1;
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
