package io.footfall.bench;

import static io.footfall.bench.StatsRequest.array;
import static io.footfall.bench.StatsRequest.get;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.Goal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The queries of the benchmark: each endpoint of the statistics API, and the dashboard's overview
 * (the queries its first screen loads at once). Every range is fixed by {@code relative_date}, so
 * runs on the same data ask the same questions; only {@code realtime} follows the clock.
 */
final class QuerySet {
  private QuerySet() {}

  /** The day ranges are relative to: the last day of the generated month. */
  static LocalDate relativeDate(java.time.YearMonth month) {
    return month.atEndOfMonth();
  }

  /** One request per endpoint; breakdowns for a few dimensions; two filtered queries. */
  static List<StatsRequest> endpoints(String siteId, LocalDate day) {
    String rel = day.toString();
    ObjectMapper json = new ObjectMapper();
    ObjectNode filtered = json.createObjectNode();
    filtered.set("metrics", array("visitors", "visits", "pageviews", "bounce_rate"));
    filtered.put("date_range", "month");
    filtered.set("dimensions", array("visit:source"));
    filtered
        .putArray("filters")
        .add(json.createArrayNode().add("is").add("visit:country").add(array("DE", "AT", "CH")))
        .add(json.createArrayNode().add("contains").add("event:page").add(array("/blog/")));
    ObjectNode visitLevel = json.createObjectNode();
    visitLevel.set("metrics", array("visitors", "pageviews", "views_per_visit"));
    visitLevel.put("date_range", "month");
    visitLevel.set("dimensions", array("event:page"));
    visitLevel
        .putArray("filters")
        .add(json.createArrayNode().add("is").add("visit:page").add(array("/pricing")));
    visitLevel.putObject("pagination").put("limit", 10);
    String visits = "visitors,visits,pageviews,views_per_visit,bounce_rate,visit_duration,events";
    return List.of(
        get(
            "aggregate",
            "/api/stats/aggregate",
            siteId,
            "date_range",
            "month",
            "relative_date",
            rel,
            "metrics",
            visits),
        get(
            "timeseries (day)",
            "/api/stats/timeseries",
            siteId,
            "date_range",
            "month",
            "relative_date",
            rel,
            "metrics",
            "visitors,pageviews",
            "interval",
            "day"),
        breakdown("breakdown event:page", siteId, rel, "event:page", "visitors,pageviews", 100),
        breakdown(
            "breakdown visit:source",
            siteId,
            rel,
            "visit:source",
            "visitors,bounce_rate,visit_duration",
            100),
        breakdown("breakdown visit:country", siteId, rel, "visit:country", "visitors", 100),
        breakdown(
            "breakdown visit:entry_page",
            siteId,
            rel,
            "visit:entry_page",
            "visitors,visits,bounce_rate",
            100),
        get("realtime", "/api/stats/realtime", siteId, "metrics", "visitors,pageviews"),
        get(
            "compare (30d, previous period)",
            "/api/stats/compare",
            siteId,
            "date_range",
            "30d",
            "relative_date",
            rel,
            "metrics",
            "visitors,pageviews,bounce_rate"),
        StatsRequest.post("query: event and visit filters", siteId, day, filtered),
        StatsRequest.post("query: visit:page filter", siteId, day, visitLevel));
  }

  /**
   * The dashboard's first screen, requested together: the top graph's numbers against the previous
   * period, visitors per day, and the top 10 of sources, pages, entry pages, countries, devices,
   * browsers and goals.
   */
  static List<StatsRequest> overview(String siteId, LocalDate day) {
    String rel = day.toString();
    return List.of(
        get(
            "overview: aggregate + previous period",
            "/api/stats/aggregate",
            siteId,
            "date_range",
            "month",
            "relative_date",
            rel,
            "metrics",
            "visitors,visits,pageviews,views_per_visit,bounce_rate,visit_duration",
            "compare",
            "previous_period"),
        get(
            "overview: visitors per day",
            "/api/stats/timeseries",
            siteId,
            "date_range",
            "month",
            "relative_date",
            rel,
            "metrics",
            "visitors",
            "interval",
            "day"),
        breakdown("overview: top sources", siteId, rel, "visit:source", "visitors", 10),
        breakdown("overview: top pages", siteId, rel, "event:page", "visitors,pageviews", 10),
        breakdown("overview: entry pages", siteId, rel, "visit:entry_page", "visitors", 10),
        breakdown("overview: countries", siteId, rel, "visit:country", "visitors", 10),
        breakdown("overview: devices", siteId, rel, "visit:device", "visitors", 10),
        breakdown("overview: browsers", siteId, rel, "visit:browser", "visitors", 10),
        breakdown(
            "overview: goals",
            siteId,
            rel,
            "event:goal",
            "visitors,conversions,conversion_rate,revenue",
            10));
  }

  private static StatsRequest breakdown(
      String name, String siteId, String rel, String dimension, String metrics, int limit) {
    return get(
        name,
        "/api/stats/breakdown",
        siteId,
        "date_range",
        "month",
        "relative_date",
        rel,
        "dimensions",
        dimension,
        "metrics",
        metrics,
        "limit",
        Integer.toString(limit));
  }

  /**
   * The site's goals: sign-ups, pro sign-ups (a property value), purchases, and views of the
   * pricing page. The benchmark creates them through {@code POST /api/admin/sites/{id}/goals} (ids
   * and times are the server's; these carry only the definitions).
   */
  static List<Goal> goals(String siteId, Instant createdAt) {
    return List.of(
        new Goal("g-signup", siteId, "Signup", Goal.Kind.EVENT, "", "signup", "", "", createdAt),
        new Goal(
            "g-pro-signup",
            siteId,
            "Pro signup",
            Goal.Kind.EVENT,
            "",
            "signup",
            "plan",
            "pro",
            createdAt),
        new Goal(
            "g-purchase", siteId, "Purchase", Goal.Kind.EVENT, "", "purchase", "", "", createdAt),
        new Goal(
            "g-pricing",
            siteId,
            "Visited pricing",
            Goal.Kind.PAGEVIEW,
            "/pricing",
            "",
            "",
            "",
            createdAt));
  }
}
