package io.footfall.server.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.server.query.StatsRequest.Shape;
import java.io.IOException;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Turns the query-string form of a request into the JSON query model and parses that, so that one
 * parser checks both forms and names the same fields.
 */
final class ParamQueries {
  private static final ObjectMapper json = new ObjectMapper();

  /**
   * What {@code /api/stats/realtime} uses: anything else (dimensions, interval, limit, page,
   * order_by, relative_date, unknown names) would be ignored, so it is refused instead, naming the
   * parameter. {@code link} is a shared link's token, read by authentication.
   */
  static final SortedSet<String> REALTIME_PARAMETERS =
      new TreeSet<>(
          List.of("site_id", "metrics", "date_range", "period", "filters", "compare", "link"));

  private ParamQueries() {}

  /** The query-string form, turned into the JSON model so that one parser checks both. */
  static StatsQuery parse(StatsRequest ctx) {
    Shape kind = ctx.shape();
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
    if (kind == Shape.REALTIME) {
      for (String name : new TreeSet<>(ctx.params().keySet())) {
        if (!REALTIME_PARAMETERS.contains(name) && !ctx.param(name).isEmpty()) {
          throw new QueryException(
              name,
              "realtime takes no '"
                  + name
                  + "' (it answers totals of the last 5 or 30 minutes); it takes "
                  + String.join(", ", REALTIME_PARAMETERS));
        }
      }
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
    if (kind != Shape.COMPARE && !compare.isEmpty()) {
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

  private static String param(StatsRequest ctx, String name) {
    return ctx.param(name);
  }

  private static int intParam(StatsRequest ctx, String name, int fallback) {
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
}
