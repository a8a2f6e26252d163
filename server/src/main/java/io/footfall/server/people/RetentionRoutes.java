package io.footfall.server.people;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.EventStore;
import io.footfall.core.Goal;
import io.footfall.core.Site;
import io.footfall.core.people.EventMatch;
import io.footfall.core.people.Retention;
import io.footfall.core.query.QueryFailedException;
import io.footfall.server.access.Principal;
import io.footfall.server.access.Principals;
import io.footfall.server.http.JsonBodies;
import io.footfall.server.query.QueryException;
import io.footfall.server.query.RequestParts;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The retention API: {@code POST /api/retention} with {@code {"site_id", "date_range", "start":
 * step, "return": step, "period": "day"|"week"|"month", "periods": N, "mode": "on"|"on_or_after"}}
 * answers one row per cohort (docs/metrics.md, "Retention"). Steps are read by {@link
 * EventMatches}; {@code return} defaults to the start step, {@code period} to {@code week}, {@code
 * periods} to 8, {@code mode} to {@code on}; {@code "breakdown": "source"} splits each cohort by
 * the source of its people's first start event. Reading it needs {@link
 * io.footfall.server.access.Permission#READ_PEOPLE}, as the people it counts are.
 */
public final class RetentionRoutes {
  static final int DEFAULT_PERIODS = 8;
  private static final Set<String> FIELDS =
      Set.of(
          "site_id",
          "date_range",
          "start",
          "return",
          "period",
          "periods",
          "mode",
          "breakdown",
          "segment");
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final java.util.regex.Pattern PROPERTY_KEY =
      java.util.regex.Pattern.compile("[A-Za-z0-9_.$-]{1,64}");

  private final BiFunction<Principal, String, Site> readablePeople;
  private final Function<Site, List<Goal>> goals;
  private final EventStore store;
  private final CohortService cohorts;
  private final Clock clock;

  /**
   * @param readablePeople the site, when the principal may read its people; throws the access
   *     layer's 401/403/404 otherwise
   * @param goals the goals of a site
   * @param cohorts the site's cohorts, for a retention of one cohort's members ({@code segment})
   */
  public RetentionRoutes(
      BiFunction<Principal, String, Site> readablePeople,
      Function<Site, List<Goal>> goals,
      EventStore store,
      CohortService cohorts,
      Clock clock) {
    this.readablePeople = readablePeople;
    this.goals = goals;
    this.store = store;
    this.cohorts = cohorts;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/retention", this::retention);
  }

  private void retention(Context ctx) throws IOException {
    JsonNode body = JsonBodies.read(ctx);
    if (body == null || !body.isObject()) {
      throw new QueryException("body", "the request must be a JSON object");
    }
    JsonNode siteNode = body.get("site_id");
    if (siteNode == null || !siteNode.isTextual() || siteNode.textValue().isBlank()) {
      throw new QueryException("site_id", "site_id is required");
    }
    Site site = readablePeople.apply(Principals.of(ctx), siteNode.textValue().strip());
    Retention.Query everyone = query(body, site, goals.apply(site), store, clock);
    Retention.Query q =
        cohorts
            .requested(Principals.of(ctx), site, body.get("segment"), "segment", everyone.to())
            .map(everyone::withSegment)
            .orElse(everyone);
    Retention.Result result;
    io.footfall.server.query.RawHorizon.require(store, site.id(), q.from(), site.timeZone());
    try {
      result = store.retention(q);
    } catch (QueryFailedException e) {
      throw new QueryException(
          "start", "the event store cannot run the steps' filters; check their patterns");
    }
    JsonBodies.send(ctx, 200, answer(q, result));
  }

  /** The request as a query of the site, or a 400 naming the field at fault. */
  static Retention.Query query(
      JsonNode body, Site site, List<Goal> siteGoals, EventStore store, Clock clock) {
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!FIELDS.contains(name)) {
        throw new QueryException(
            name, "unknown field '" + name + "'; a retention request has " + new TreeSet<>(FIELDS));
      }
    }
    RequestParts.Range range = RequestParts.range(body.get("date_range"), site, clock, store);
    EventMatch start = EventMatches.parse(body.get("start"), "start", siteGoals);
    JsonNode ret = body.get("return");
    EventMatch returning =
        ret == null || ret.isNull() ? start : EventMatches.parse(ret, "return", siteGoals);
    Retention.Period period =
        choice(body.get("period"), "period", Retention.Period.WEEK, Retention.Period.values());
    Retention.Mode mode =
        choice(body.get("mode"), "mode", Retention.Mode.ON, Retention.Mode.values());
    int periods = periods(body.get("periods"));
    JsonNode by = body.get("breakdown");
    Retention.Breakdown breakdown = Retention.Breakdown.NONE;
    String property = "";
    if (by != null && !by.isNull()) {
      String text = by.isTextual() ? by.textValue() : "";
      String key = text.startsWith("property:") ? text.substring("property:".length()) : "";
      if (text.equals("source")) {
        breakdown = Retention.Breakdown.SOURCE;
      } else if (PROPERTY_KEY.matcher(key).matches()) {
        breakdown = Retention.Breakdown.PROPERTY;
        property = key;
      } else if (!text.equals("none")) {
        throw new QueryException(
            "breakdown",
            "breakdown must be none, source or property:<name> (a name of 1 to 64 letters, digits,"
                + " '_', '.', '$' or '-'), was "
                + by);
      }
    }
    long cohorts = Retention.cohortPeriods(range.from(), range.to(), range.zone(), period);
    if (cohorts > Retention.MAX_COHORTS) {
      throw new QueryException(
          "date_range",
          "the date range holds "
              + cohorts
              + " "
              + period.apiName()
              + "s; a retention has at most "
              + Retention.MAX_COHORTS
              + " cohorts: shorten the range or use a longer period");
    }
    return new Retention.Query(
        site.id(),
        range.from(),
        range.to(),
        range.zone(),
        start,
        returning,
        period,
        periods,
        mode,
        siteGoals,
        clock.instant(),
        breakdown,
        property);
  }

  private static int periods(JsonNode node) {
    if (node == null || node.isNull()) {
      return DEFAULT_PERIODS;
    }
    if (node.isIntegralNumber()
        && node.canConvertToInt()
        && node.intValue() >= 1
        && node.intValue() <= Retention.MAX_PERIODS) {
      return node.intValue();
    }
    throw new QueryException(
        "periods",
        "periods must be a whole number from 1 to " + Retention.MAX_PERIODS + ", was " + node);
  }

  private static <E extends Enum<E>> E choice(JsonNode node, String field, E fallback, E[] all) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (node.isTextual()) {
      for (E e : all) {
        if (e.name().toLowerCase(Locale.ROOT).equals(node.textValue())) {
          return e;
        }
      }
    }
    StringBuilder names = new StringBuilder();
    for (E e : all) {
      names.append(names.isEmpty() ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
    }
    throw new QueryException(field, field + " must be one of " + names + ", was " + node);
  }

  /** The answer's JSON: the request as understood and one row per cohort. */
  static ObjectNode answer(Retention.Query q, Retention.Result r) {
    ObjectNode body = JSON.objectNode();
    body.put("unit", r.unit());
    body.put("period", q.period().apiName());
    body.put("periods", q.periods());
    body.put("mode", q.mode().apiName());
    body.put(
        "breakdown",
        q.breakdown() == Retention.Breakdown.PROPERTY
            ? "property:" + q.property()
            : q.breakdown().apiName());
    body.put("start", q.start().label());
    body.put("return", q.returning().label());
    ObjectNode meta = body.putObject("meta");
    var range = meta.putArray("date_range");
    range.add(instant(q.from(), q));
    range.add(instant(q.to(), q));
    meta.put("time_zone", q.zone().getId());
    meta.put("now", instant(q.now(), q));
    var cohorts = body.putArray("cohorts");
    for (Retention.Cohort c : r.cohorts()) {
      ObjectNode row = cohorts.addObject();
      row.put("cohort", c.start().toString());
      if (q.breakdown() != Retention.Breakdown.NONE) {
        row.put("group", c.group());
      }
      row.put("size", c.size());
      var values = row.putArray("values");
      for (int k = 0; k < c.values().size(); k++) {
        Retention.Value v = c.values().get(k);
        values
            .addObject()
            .put("period", k)
            .put("start", q.period().plus(c.start(), k).toString())
            .put("people", v.people())
            .put(
                "rate",
                c.size() == 0
                    ? BigDecimal.ZERO
                    : BigDecimal.valueOf(v.people())
                        .divide(BigDecimal.valueOf(c.size()), 4, RoundingMode.HALF_EVEN))
            .put("complete", v.complete());
      }
    }
    return body;
  }

  private static String instant(Instant t, Retention.Query q) {
    return ZonedDateTime.ofInstant(t.truncatedTo(ChronoUnit.MILLIS), q.zone())
        .toOffsetDateTime()
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
