package io.footfall.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.core.EventStore;
import io.footfall.core.Site;
import io.footfall.core.query.Filter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What the other reports' requests (people, funnels, retention, active users) share with the query
 * API's: a {@code date_range} resolved in the site's time zone, and filters, read and refused the
 * same way (a 400 naming the field).
 */
public final class RequestParts {
  private RequestParts() {}

  /**
   * A resolved date range and the period of the same length just before it.
   *
   * @param from the first instant, inclusive
   * @param to the end, exclusive
   * @param zone the site's time zone
   * @param previousFrom the previous period's first instant
   * @param previousTo the previous period's end (= {@code from})
   */
  public record Range(
      Instant from, Instant to, ZoneId zone, Instant previousFrom, Instant previousTo) {}

  /**
   * The request's {@code date_range} ({@code "7d"}, {@code "month"}, {@code ["2026-01-01",
   * "2026-01-31"]}, ...; see docs/metrics.md) in the site's time zone, today being today there.
   *
   * @throws QueryException naming {@code date_range} when it is missing or malformed
   */
  public static Range range(JsonNode dateRange, Site site, Clock clock, EventStore store) {
    DateSpec spec = QueryParser.dateRange(dateRange);
    ZoneId zone = site.timeZone();
    Optional<Instant> first =
        spec instanceof DateSpec.Named n && n.name().equals("all")
            ? store.firstEventTime(site.id())
            : Optional.empty();
    DateRanges.Window w =
        DateRanges.resolve(spec, zone, clock.instant(), LocalDate.now(clock.withZone(zone)), first);
    DateRanges.Window p = w.previous();
    return new Range(w.from(), w.to(), zone, p.from(), p.to());
  }

  /**
   * One filter, {@code [operator, dimension, [values]]}.
   *
   * @param field the request's name for it in error messages, e.g. {@code steps[1].filters[0]}
   */
  public static Filter filter(JsonNode node, String field) {
    return QueryParser.filter(node, field);
  }
}
