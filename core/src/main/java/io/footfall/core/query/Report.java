package io.footfall.core.query;

import java.util.List;

/**
 * The answer to a {@link ReportQuery}.
 *
 * <p>Dimension values are text: {@link Filter#NONE} for an absent value, ISO local date-times
 * ({@code 2026-03-29T00:00:00}) in the site's time zone for time buckets. Metric values are {@code
 * Long} for counts, {@code BigDecimal} for rates, averages, money and property aggregates, and
 * {@code null} where a metric is undefined (a bounce rate without visits).
 *
 * @param rows the rows of the requested page, in order
 * @param totalRows how many rows there are over all pages
 */
public record Report(List<Row> rows, long totalRows) {
  public Report {
    rows = List.copyOf(rows);
  }

  /** A time bucket's label: its local start as {@code yyyy-MM-ddTHH:mm:ss}. */
  public static String timeLabel(java.time.LocalDateTime t) {
    return String.format(
        java.util.Locale.ROOT,
        "%04d-%02d-%02dT%02d:%02d:%02d",
        t.getYear(),
        t.getMonthValue(),
        t.getDayOfMonth(),
        t.getHour(),
        t.getMinute(),
        t.getSecond());
  }

  /**
   * One result row.
   *
   * @param dimensions one value per requested dimension, in the query's order
   * @param metrics one value per requested metric, in the query's order
   */
  public record Row(List<String> dimensions, List<Object> metrics) {
    public Row {
      dimensions = List.copyOf(dimensions);
      metrics = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(metrics));
    }
  }
}
