package io.footfall.server.people;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.Goal;
import io.footfall.core.Site;
import io.footfall.core.people.EventMatch;
import io.footfall.core.people.Funnels;
import io.footfall.core.people.Segment;
import io.footfall.core.query.Dimension;
import io.footfall.server.access.Principals;
import io.footfall.server.http.JsonBodies;
import io.footfall.server.query.QueryException;
import io.footfall.server.query.RequestParts;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The funnels API: {@code POST /api/funnels} with {@code {"site_id", "date_range", "steps":
 * [step…], "window_seconds", "unit": "person"|"visit", "order": "ordered"|"strict"|"any",
 * "exclusions": [step…], "compare": "previous_period", "dropped_after": k, "breakdown": dimension
 * or "property:<name>", "breakdown_limit": n}} (steps as {@link EventMatches} reads them) answers
 * each step's count, conversion from the first and the previous step, how many dropped before it
 * and the median and 90th percentile of the seconds from the previous step, and with a breakdown
 * the same rows per value of the dimension on the counted attempt's step-1 event (or, for a funnel
 * of people split by a person property, per current value of the property); docs/metrics.md
 * ("Funnels") defines them. A funnel of people needs the people permission, one of visits the
 * statistics permission ({@link FunnelService}).
 */
public final class FunnelRoutes {
  /** The window when the request names none: one day. */
  static final long DEFAULT_WINDOW_SECONDS = 86_400;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Set<String> FIELDS =
      Set.of(
          "site_id",
          "date_range",
          "steps",
          "window_seconds",
          "unit",
          "order",
          "exclusions",
          "compare",
          "dropped_after",
          "breakdown",
          "breakdown_limit",
          "segment");

  /** A person property's name in {@code property:<name>}, as retention takes it. */
  private static final java.util.regex.Pattern PROPERTY_KEY =
      java.util.regex.Pattern.compile("[A-Za-z0-9_.$-]{1,64}");

  /** The most people of a step's drop-off the answer lists. */
  static final int DROPPED_LIMIT = 100;

  private final FunnelService funnels;

  public FunnelRoutes(FunnelService funnels) {
    this.funnels = funnels;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/funnels", this::funnel);
  }

  private void funnel(Context ctx) throws IOException {
    JsonNode body = JsonBodies.read(ctx);
    var names = body.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!FIELDS.contains(n)) {
        throw new QueryException(
            n,
            "unknown field "
                + n
                + "; a funnel has "
                + String.join(", ", FIELDS.stream().sorted().toList()));
      }
    }
    String siteId = JsonBodies.required(body, "site_id");
    Funnels.Unit unit =
        choice(body, "unit", "person", List.of("person", "visit")).equals("person")
            ? Funnels.Unit.PERSON
            : Funnels.Unit.VISIT;
    Funnels.Order order =
        Funnels.Order.valueOf(
            choice(body, "order", "ordered", List.of("ordered", "strict", "any"))
                .toUpperCase(Locale.ROOT));
    Duration window = Duration.ofSeconds(windowSeconds(body));
    boolean compare =
        !choice(body, "compare", "none", List.of("none", "previous_period")).equals("none");
    List<Funnels.Breakdown> breakdown =
        breakdown(body.get("breakdown"), body.get("breakdown_limit"), unit);
    // Access first: a caller who may not read the site learns nothing about its goals.
    Site site = funnels.site(Principals.of(ctx), siteId, unit);
    List<Goal> goals = funnels.goals(site);
    List<EventMatch> steps =
        matches(body.get("steps"), "steps", Funnels.MIN_STEPS, Funnels.MAX_STEPS, goals);
    List<EventMatch> exclusions =
        matches(body.get("exclusions"), "exclusions", 0, Funnels.MAX_EXCLUSIONS, goals);
    RequestParts.Range range = funnels.range(body.get("date_range"), site);
    int droppedAfter = droppedAfter(body.get("dropped_after"), unit, steps.size());
    // A cohort names people: a segment needs the people permission, whatever the unit.
    Optional<Segment> segment =
        funnels.segment(Principals.of(ctx), site, body.get("segment"), range.to());
    Funnels.Query query =
        new Funnels.Query(
            site.id(),
            range.from(),
            range.to(),
            steps,
            goals,
            window,
            unit,
            order,
            exclusions,
            breakdown);
    if (segment.isPresent()) {
      query = query.withSegment(segment.get());
    }
    Funnels.Result result = funnels.run(query);
    ObjectNode out = JSON.objectNode();
    out.put("unit", unit == Funnels.Unit.PERSON ? "person" : "visit");
    out.put("order", order.name().toLowerCase(Locale.ROOT));
    out.put("window_seconds", window.toSeconds());
    out.set("steps", stepsJson(result));
    out.set("breakdown", breakdownJson(breakdown, result));
    ObjectNode meta = out.putObject("meta");
    meta.putArray("date_range").add(range.from().toString()).add(range.to().toString());
    meta.put("time_zone", range.zone().getId());
    if (droppedAfter > 0) {
      ObjectNode d = out.putObject("dropped_people");
      d.put("after_step", droppedAfter);
      ArrayNode ids = d.putArray("user_ids");
      funnels.dropped(query, droppedAfter, DROPPED_LIMIT).forEach(ids::add);
    }
    if (compare) {
      Funnels.Query earlier =
          new Funnels.Query(
              site.id(),
              range.previousFrom(),
              range.previousTo(),
              steps,
              goals,
              window,
              unit,
              order,
              exclusions,
              breakdown);
      // The same members as the range's own funnel.
      Funnels.Result before = funnels.run(segment.map(earlier::withSegment).orElse(earlier));
      ObjectNode c = out.putObject("comparison");
      c.putArray("date_range")
          .add(range.previousFrom().toString())
          .add(range.previousTo().toString());
      c.set("steps", stepsJson(before));
      c.set("breakdown", breakdownJson(breakdown, before));
    } else {
      out.putNull("comparison");
    }
    JsonBodies.send(ctx, 200, out);
  }

  /** The breakdown's dimension and groups, or null without a breakdown. */
  private static JsonNode breakdownJson(List<Funnels.Breakdown> breakdown, Funnels.Result r) {
    if (breakdown.isEmpty()) {
      return JSON.nullNode();
    }
    ObjectNode b = JSON.objectNode();
    b.put("dimension", breakdown.getFirst().apiName());
    b.put("limit", breakdown.getFirst().limit());
    ArrayNode groups = b.putArray("groups");
    for (Funnels.Group g : r.groups()) {
      ObjectNode n = groups.addObject();
      n.put("value", g.value());
      n.set("steps", stepsJson(new Funnels.Result(r.unit(), g.steps())));
    }
    return b;
  }

  /**
   * The request's breakdown: a dimension with one value per event, by its stats API name, or (for a
   * funnel of people) {@code property:<name>}, a person property as retention names it; and how
   * many groups (1 to {@link Funnels#MAX_GROUPS}, default {@link Funnels#DEFAULT_GROUPS}).
   */
  private static List<Funnels.Breakdown> breakdown(
      JsonNode name, JsonNode limit, Funnels.Unit unit) {
    if (name == null || name.isNull()) {
      if (limit != null && !limit.isNull()) {
        throw new QueryException(
            "breakdown_limit", "breakdown_limit needs a breakdown: name a dimension in breakdown");
      }
      return List.of();
    }
    List<String> allowed = new ArrayList<>();
    for (Dimension.Kind k : Dimension.Kind.values()) {
      if (k == Dimension.Kind.PROPERTY) {
        allowed.add("event:props:<key>");
      } else if (Funnels.Breakdown.supports(Dimension.of(k))) {
        allowed.add(k.apiName());
      }
    }
    allowed.add(Funnels.PERSON_PROPERTY + "<name> (a person property, funnels of people only)");
    String text = name.isTextual() ? name.textValue() : "";
    String property =
        text.startsWith(Funnels.PERSON_PROPERTY)
            ? text.substring(Funnels.PERSON_PROPERTY.length())
            : null;
    Dimension dimension =
        property == null
            ? Dimension.byApiName(text).filter(Funnels.Breakdown::supports).orElse(null)
            : null;
    if (dimension == null && (property == null || !PROPERTY_KEY.matcher(property).matches())) {
      throw new QueryException(
          "breakdown",
          "breakdown must be a dimension with one value per event or a person property: one of "
              + String.join(", ", allowed)
              + " (a property name of 1 to 64 letters, digits, '_', '.', '$' or '-'); was "
              + name);
    }
    if (property != null && unit != Funnels.Unit.PERSON) {
      throw new QueryException(
          "breakdown",
          "breakdown "
              + text
              + " splits people by their property: it needs \"unit\":\"person\" (a visit has no"
              + " person)");
    }
    int groups = Funnels.DEFAULT_GROUPS;
    if (limit != null && !limit.isNull()) {
      if (!limit.isIntegralNumber()
          || limit.longValue() < 1
          || limit.longValue() > Funnels.MAX_GROUPS) {
        throw new QueryException(
            "breakdown_limit",
            "breakdown_limit must be a whole number from 1 to "
                + Funnels.MAX_GROUPS
                + ", was "
                + limit);
      }
      groups = limit.intValue();
    }
    return List.of(
        property == null
            ? new Funnels.Breakdown(dimension, groups)
            : Funnels.Breakdown.byPersonProperty(property, groups));
  }

  private static ArrayNode stepsJson(Funnels.Result r) {
    ArrayNode steps = JSON.arrayNode();
    for (int i = 0; i < r.steps().size(); i++) {
      Funnels.Step s = r.steps().get(i);
      ObjectNode n = steps.addObject();
      n.put("label", s.label());
      n.put("count", s.count());
      n.put("conversion_from_first", round(r.conversionFromFirst(i)));
      n.put("conversion_from_previous", round(r.conversionFromPrevious(i)));
      n.put("dropped", i == 0 ? 0 : r.droppedAfter(i - 1));
      if (s.fromPrevious().isPresent()) {
        n.put("median_seconds", seconds(s.fromPrevious().get().median()));
        n.put("p90_seconds", seconds(s.fromPrevious().get().p90()));
      } else {
        n.putNull("median_seconds");
        n.putNull("p90_seconds");
      }
    }
    return steps;
  }

  private static double round(double share) {
    return Math.round(share * 10_000) / 10_000.0;
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  private static String choice(JsonNode body, String field, String fallback, List<String> allowed) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isTextual() || !allowed.contains(v.textValue())) {
      throw new QueryException(
          field, field + " must be one of " + String.join(", ", allowed) + ", was " + v);
    }
    return v.textValue();
  }

  /** The step after which to list who dropped; 0 for none. */
  private static int droppedAfter(JsonNode v, Funnels.Unit unit, int steps) {
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isIntegralNumber() || v.longValue() < 1 || v.longValue() >= steps) {
      throw new QueryException(
          "dropped_after",
          "dropped_after must be a step number from 1 to " + (steps - 1) + ", was " + v);
    }
    if (unit != Funnels.Unit.PERSON) {
      throw new QueryException(
          "dropped_after", "dropped_after lists people: it needs \"unit\":\"person\"");
    }
    return v.intValue();
  }

  private static long windowSeconds(JsonNode body) {
    JsonNode v = body.get("window_seconds");
    if (v == null || v.isNull()) {
      return DEFAULT_WINDOW_SECONDS;
    }
    long max = Funnels.MAX_WINDOW.toSeconds();
    if (!v.canConvertToLong()
        || !v.isIntegralNumber()
        || v.longValue() < 1
        || v.longValue() > max) {
      throw new QueryException(
          "window_seconds",
          "window_seconds must be a whole number of seconds from 1 to "
              + max
              + " (90 days), was "
              + v);
    }
    return v.longValue();
  }

  private static List<EventMatch> matches(
      JsonNode node, String field, int min, int max, List<Goal> goals) {
    if ((node == null || node.isNull()) && min == 0) {
      return List.of();
    }
    if (node == null || !node.isArray()) {
      throw new QueryException(
          field, field + " must be a list of " + min + " to " + max + " steps");
    }
    if (node.size() < min || node.size() > max) {
      throw new QueryException(
          field, field + " must have " + min + " to " + max + " entries, had " + node.size());
    }
    List<EventMatch> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      out.add(EventMatches.parse(node.get(i), field + "[" + i + "]", goals));
    }
    return out;
  }
}
