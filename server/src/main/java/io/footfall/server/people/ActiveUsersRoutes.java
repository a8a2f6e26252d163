package io.footfall.server.people;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.EventStore;
import io.footfall.core.Site;
import io.footfall.core.people.ActiveUsers;
import io.footfall.core.people.ActiveUsersLayout;
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
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The active-users report: {@code POST /api/active-users {"site_id", "date_range", "interval":
 * "day|week|month", "unit": "person|visitor"}} answers, per bucket of the range's local days (up to
 * today in the site's time zone), the active people, average daily, 7-day and 30-day actives,
 * stickiness, new and returning people, the lifecycle and the return of new people within 30 days
 * (docs/metrics.md, "Active users"). The answer says whose identity it counts in {@code "unit"}.
 * Readers need {@link io.footfall.server.access.Permission#READ_PEOPLE}, as for the people list.
 */
public final class ActiveUsersRoutes {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final List<String> FIELDS =
      List.of("site_id", "date_range", "interval", "unit", "segment");

  private final BiFunction<Principal, String, Site> readablePeople;
  private final EventStore store;
  private final CohortService cohorts;
  private final Clock clock;

  /**
   * @param readablePeople the site, when the principal may read its people; throws otherwise
   * @param cohorts the site's cohorts, for a report of one cohort's members ({@code segment})
   */
  public ActiveUsersRoutes(
      BiFunction<Principal, String, Site> readablePeople,
      EventStore store,
      CohortService cohorts,
      Clock clock) {
    this.readablePeople = readablePeople;
    this.store = store;
    this.cohorts = cohorts;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/active-users", this::answer);
  }

  /** A checked request: the site, its local days (clipped to today) and the buckets and unit. */
  record Request(
      Site site,
      LocalDate first,
      LocalDate last,
      LocalDate today,
      ActiveUsers.Period period,
      ActiveUsers.Unit unit,
      Optional<io.footfall.core.people.Segment> segment) {}

  private void answer(Context ctx) throws IOException {
    Request r = parse(JsonBodies.read(ctx), Principals.of(ctx));
    if (!r.last().isBefore(r.first())) {
      // The windows of the first days reach back 30 days before the range.
      ActiveUsers.Query asked =
          new ActiveUsers.Query(
              r.site().id(), r.first(), r.last(), r.site().timeZone(), r.period(), r.unit());
      io.footfall.core.people.ActiveUsersLayout layout =
          io.footfall.core.people.ActiveUsersLayout.of(asked);
      io.footfall.server.query.RawHorizon.require(
          store,
          r.site().id(),
          layout.instant(layout.scanStart(), r.site().timeZone()),
          r.site().timeZone());
    }
    ActiveUsers.Report report =
        r.last().isBefore(r.first())
            ? new ActiveUsers.Report(r.unit(), r.period(), List.of())
            : store
                .activeUsers()
                .activeUsers(
                    new ActiveUsers.Query(
                        r.site().id(),
                        r.first(),
                        r.last(),
                        r.site().timeZone(),
                        r.period(),
                        r.unit(),
                        r.segment()));
    JsonBodies.send(ctx, 200, json(r, report));
  }

  Request parse(JsonNode body, Principal principal) {
    var names = body.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!FIELDS.contains(n)) {
        throw new QueryException(
            n,
            "unknown field '" + n + "'; an active-users report has " + String.join(", ", FIELDS));
      }
    }
    String siteId = JsonBodies.required(body, "site_id").strip();
    ActiveUsers.Period period =
        choice(body, "interval", "day", List.of("day", "week", "month"))
            .map(v -> ActiveUsers.Period.valueOf(v.toUpperCase(Locale.ROOT)))
            .orElseThrow();
    ActiveUsers.Unit unit =
        choice(body, "unit", "person", List.of("person", "visitor"))
            .map(v -> ActiveUsers.Unit.valueOf(v.toUpperCase(Locale.ROOT)))
            .orElseThrow();
    Site site = readablePeople.apply(principal, siteId);
    RequestParts.Range range = RequestParts.range(body.get("date_range"), site, clock, store);
    LocalDate first = LocalDate.ofInstant(range.from(), range.zone());
    LocalDate last = LocalDate.ofInstant(range.to().minusNanos(1), range.zone());
    long days = ChronoUnit.DAYS.between(first, last) + 1;
    if (days > ActiveUsers.MAX_DAYS) {
      throw new QueryException(
          "date_range",
          "an active-users report spans at most "
              + ActiveUsers.MAX_DAYS
              + " days; this range has "
              + days);
    }
    LocalDate today = LocalDate.now(clock.withZone(range.zone()));
    if (last.isAfter(today)) {
      last = today; // days that have not begun have no activity to count
    }
    if (!last.isBefore(first)) {
      int buckets = ActiveUsersLayout.of(first, last, period).buckets();
      if (buckets > ActiveUsers.MAX_BUCKETS) {
        throw new QueryException(
            "interval",
            "an active-users report has at most "
                + ActiveUsers.MAX_BUCKETS
                + " buckets; this range has "
                + buckets
                + " by "
                + period.name().toLowerCase(Locale.ROOT)
                + ": choose week or month, or a shorter range");
      }
    }
    Optional<io.footfall.core.people.Segment> segment =
        cohorts.requested(principal, site, body.get("segment"), "segment", range.to());
    return new Request(site, first, last, today, period, unit, segment);
  }

  private static Optional<String> choice(
      JsonNode body, String field, String fallback, List<String> allowed) {
    String v = JsonBodies.text(body, field).strip();
    if (v.isEmpty()) {
      return Optional.of(fallback);
    }
    if (!allowed.contains(v)) {
      throw new QueryException(
          field, field + " must be one of " + String.join(", ", allowed) + ", not '" + v + "'");
    }
    return Optional.of(v);
  }

  static ObjectNode json(Request r, ActiveUsers.Report report) {
    ObjectNode body = JSON.objectNode();
    body.put("site_id", r.site().id());
    body.put("unit", report.unit().name().toLowerCase(Locale.ROOT));
    body.put("interval", report.period().name().toLowerCase(Locale.ROOT));
    ArrayNode range = body.putArray("date_range");
    range.add(r.first().toString());
    range.add(r.last().toString());
    body.put("time_zone", r.site().timeZone().getId());
    ArrayNode results = body.putArray("results");
    for (ActiveUsers.Bucket b : report.buckets()) {
      ObjectNode n = results.addObject();
      n.put("date", b.start().toString());
      n.put("from", b.from().toString());
      n.put("to", b.to().toString());
      n.put("days", b.days());
      n.put("active", b.active());
      BigDecimal dau = BigDecimal.valueOf(b.activeDays());
      n.put("dau", number(dau.divide(BigDecimal.valueOf(b.days()), 2, RoundingMode.HALF_UP)));
      n.put("wau", b.wau());
      n.put("mau", b.mau());
      putRatio(n, "stickiness", dau, BigDecimal.valueOf(b.days() * b.mau()));
      n.put("new", b.newPeople());
      n.put("returning", b.returning());
      ObjectNode life = n.putObject("lifecycle");
      life.put("new", b.newPeople());
      life.put("returning", b.retained());
      life.put("resurrecting", b.resurrecting());
      life.put("dormant", b.dormant());
      n.put("returned_within_30d", b.returnedWithin30());
      putRatio(
          n,
          "return_rate",
          BigDecimal.valueOf(b.returnedWithin30()),
          BigDecimal.valueOf(b.newPeople()));
      n.put("return_complete", r.today().isAfter(b.to().plusDays(ActiveUsersLayout.RETURN_DAYS)));
    }
    return body;
  }

  /** numerator ÷ denominator to 4 decimals, half up; null when the denominator is 0. */
  private static void putRatio(ObjectNode n, String field, BigDecimal num, BigDecimal den) {
    if (den.signum() == 0) {
      n.putNull(field);
    } else {
      n.put(field, number(num.divide(den, 4, RoundingMode.HALF_UP)));
    }
  }

  /** Without trailing zeros, never in exponent notation. */
  private static BigDecimal number(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }
}
