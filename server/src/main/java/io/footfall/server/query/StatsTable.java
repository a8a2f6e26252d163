package io.footfall.server.query;

import io.footfall.core.Site;
import io.footfall.core.query.Filter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A statistics answer as a table, for exports: every row of the answer (a breakdown's every page, a
 * timeseries' every bucket), each with its comparison when one was asked for. Values are as in
 * {@link io.footfall.core.query.Report}: text dimensions, {@code Long} counts, {@code BigDecimal}
 * rates and money, {@code null} where a metric is undefined.
 *
 * @param site the site read
 * @param dimensions the dimensions' API names, in column order
 * @param metrics the metrics' API names, in column order
 * @param filters the filters applied
 * @param period the range, resolved in the site's time zone
 * @param comparisonMode {@code previous_period} or {@code year_over_year} when comparing
 * @param comparison the range compared with, when comparing
 * @param rows the rows in the answer's order
 * @param totalRows how many rows the answer has over all pages
 */
public record StatsTable(
    Site site,
    List<String> dimensions,
    List<String> metrics,
    List<Filter> filters,
    Period period,
    Optional<String> comparisonMode,
    Optional<Period> comparison,
    List<Row> rows,
    long totalRows) {

  public StatsTable {
    dimensions = List.copyOf(dimensions);
    metrics = List.copyOf(metrics);
    filters = List.copyOf(filters);
    rows = List.copyOf(rows);
  }

  /**
   * A resolved range.
   *
   * @param from first instant, inclusive
   * @param to last instant, exclusive
   * @param localFrom {@code from} on the site's clock
   * @param localTo {@code to} on the site's clock
   * @param zone the site's time zone
   */
  public record Period(
      Instant from, Instant to, LocalDateTime localFrom, LocalDateTime localTo, ZoneId zone) {

    static Period of(DateRanges.Window w) {
      return new Period(w.from(), w.to(), w.localFrom(), w.localTo(), w.zone());
    }
  }

  /**
   * One row.
   *
   * @param dimensions one value per dimension
   * @param metrics one value per metric
   * @param comparison the compared period's row, when comparing
   */
  public record Row(
      List<String> dimensions, List<Object> metrics, Optional<Comparison> comparison) {
    public Row {
      dimensions = List.copyOf(dimensions);
      metrics = Collections.unmodifiableList(new ArrayList<>(metrics));
    }
  }

  /**
   * A row's counterpart in the compared period.
   *
   * @param dimensions its dimension values (for a timeseries, the compared bucket)
   * @param metrics its metric values, zero where the compared period has no such row
   * @param change per metric: the relative change in percent, or the change in percentage points
   *     for rates; {@code null} where undefined
   */
  public record Comparison(List<String> dimensions, List<Object> metrics, List<BigDecimal> change) {
    public Comparison {
      dimensions = List.copyOf(dimensions);
      metrics = Collections.unmodifiableList(new ArrayList<>(metrics));
      change = Collections.unmodifiableList(new ArrayList<>(change));
    }
  }
}
