package io.footfall.core.query;

import io.footfall.core.Goal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * A query resolved for a store: the date range turned into instants, the goals it names looked up.
 * Every store answers it the same way (the contract suite checks it against an independent
 * computation); docs/metrics.md defines the numbers.
 *
 * @param siteId the site whose events are read; nothing else is
 * @param zone the site's time zone, for time buckets
 * @param from the first instant of the range, inclusive
 * @param to the end of the range, exclusive
 * @param currency the site's currency: revenue in other currencies is not summed
 * @param metrics what to compute, at least one
 * @param dimensions what to group by, possibly none (one total row)
 * @param filters conditions that all hold
 * @param goals the site's goals that the query's goal filters and goal dimension refer to, in the
 *     order rows of the goal dimension are produced
 * @param orderBy sort keys; empty for the default order (time ascending, else the first metric
 *     descending), ties always broken by the dimensions ascending
 * @param limit the most rows returned, 1 to {@value #MAX_LIMIT}
 * @param offset rows skipped before the first returned
 */
public record ReportQuery(
    String siteId,
    ZoneId zone,
    Instant from,
    Instant to,
    String currency,
    List<Metric> metrics,
    List<Dimension> dimensions,
    List<Filter> filters,
    List<Goal> goals,
    List<Order> orderBy,
    int limit,
    int offset) {

  /** The most rows one query returns. */
  public static final int MAX_LIMIT = 10_000;

  public ReportQuery {
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(currency, "currency");
    metrics = List.copyOf(metrics);
    dimensions = List.copyOf(dimensions);
    filters = List.copyOf(filters);
    goals = List.copyOf(goals);
    orderBy = List.copyOf(orderBy);
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("the range must end after it starts: " + from + ".." + to);
    }
    if (metrics.isEmpty()) {
      throw new IllegalArgumentException("a query needs at least one metric");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, was " + offset);
    }
  }

  /** The same query over another range (for comparisons). */
  public ReportQuery withRange(Instant newFrom, Instant newTo) {
    return new ReportQuery(
        siteId,
        zone,
        newFrom,
        newTo,
        currency,
        metrics,
        dimensions,
        filters,
        goals,
        orderBy,
        limit,
        offset);
  }
}
