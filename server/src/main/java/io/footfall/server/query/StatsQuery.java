package io.footfall.server.query;

import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import io.footfall.core.query.Metric;
import io.footfall.core.query.Order;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A query as the API received it, validated: what {@code POST /api/query} and the {@code
 * /api/stats/*} conveniences ask.
 *
 * @param siteId the site
 * @param metrics what to compute
 * @param dateRange the range, not yet resolved
 * @param dimensions what to group by
 * @param filters conditions that all hold
 * @param orderBy sort keys, empty for the default
 * @param comparison the period to compare with, if any
 * @param timeLabels whether to list every time bucket of the range
 * @param totalRows whether to tell the number of rows over all pages
 * @param limit rows per page
 * @param offset rows skipped
 * @param relativeDate the day ranges are relative to, instead of today
 */
record StatsQuery(
    String siteId,
    List<Metric> metrics,
    DateSpec dateRange,
    List<Dimension> dimensions,
    List<Filter> filters,
    List<Order> orderBy,
    Optional<Comparison> comparison,
    boolean timeLabels,
    boolean totalRows,
    int limit,
    int offset,
    Optional<LocalDate> relativeDate,
    Optional<String> segment) {

  /** What a comparison compares with. */
  enum Comparison {
    PREVIOUS_PERIOD("previous_period"),
    YEAR_OVER_YEAR("year_over_year");

    final String apiName;

    Comparison(String apiName) {
      this.apiName = apiName;
    }
  }

  StatsQuery {
    metrics = List.copyOf(metrics);
    dimensions = List.copyOf(dimensions);
    filters = List.copyOf(filters);
    orderBy = List.copyOf(orderBy);
    java.util.Objects.requireNonNull(segment, "segment");
  }

  /** The time dimension asked for, if any. */
  Optional<Dimension> timeDimension() {
    return dimensions.stream().filter(Dimension::isTime).findFirst();
  }
}
