package io.footfall.core.query;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.stream.Collectors;

/** Printing of queries and reports for failure messages of the report suite. */
final class ReportText {
  private ReportText() {}

  /** The query on one line, in the API's names, with the range also in local time. */
  static String describe(ReportQuery q) {
    return "site="
        + q.siteId()
        + " zone="
        + q.zone()
        + " range=["
        + q.from()
        + " ("
        + LocalDateTime.ofInstant(q.from(), q.zone())
        + "), "
        + q.to()
        + " ("
        + LocalDateTime.ofInstant(q.to(), q.zone())
        + ")) currency="
        + q.currency()
        + " metrics="
        + q.metrics().stream().map(Metric::apiName).toList()
        + " dimensions="
        + q.dimensions().stream().map(Dimension::apiName).toList()
        + " filters="
        + q.filters().stream()
            .map(
                f -> "[" + f.op().apiName() + ", " + f.dimensionApiName() + ", " + f.values() + "]")
            .toList()
        + " order="
        + q.orderBy().stream().map(o -> o.by() + (o.descending() ? " desc" : " asc")).toList()
        + " limit="
        + q.limit()
        + " offset="
        + q.offset();
  }

  /** The report, one row a line. */
  static String render(Report r) {
    StringBuilder b = new StringBuilder("  totalRows=" + r.totalRows() + "\n");
    for (Report.Row row : r.rows()) {
      b.append("  ")
          .append(row.dimensions())
          .append(" -> ")
          .append(row.metrics().stream().map(ReportText::show).collect(Collectors.joining(", ")))
          .append('\n');
    }
    return b.toString();
  }

  /** Where two reports first differ, with the types of differing values. */
  static String firstDifference(Report expected, Report actual) {
    if (expected.totalRows() != actual.totalRows()) {
      return "first difference: totalRows " + expected.totalRows() + " vs " + actual.totalRows();
    }
    int n = Math.min(expected.rows().size(), actual.rows().size());
    for (int i = 0; i < n; i++) {
      Report.Row e = expected.rows().get(i);
      Report.Row a = actual.rows().get(i);
      if (!e.dimensions().equals(a.dimensions())) {
        return "first difference: row "
            + i
            + " dimensions "
            + e.dimensions()
            + " vs "
            + a.dimensions();
      }
      for (int m = 0; m < Math.min(e.metrics().size(), a.metrics().size()); m++) {
        Object x = e.metrics().get(m);
        Object y = a.metrics().get(m);
        if (!java.util.Objects.equals(x, y)) {
          return "first difference: row "
              + i
              + " metric #"
              + m
              + ": expected "
              + typed(x)
              + ", was "
              + typed(y);
        }
      }
      if (e.metrics().size() != a.metrics().size()) {
        return "first difference: row "
            + i
            + " has "
            + a.metrics().size()
            + " metrics, expected "
            + e.metrics().size();
      }
    }
    return "first difference: "
        + actual.rows().size()
        + " rows, expected "
        + expected.rows().size();
  }

  private static String show(Object v) {
    return v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v);
  }

  private static String typed(Object v) {
    return v == null ? "null" : show(v) + " (" + v.getClass().getSimpleName() + ")";
  }
}
