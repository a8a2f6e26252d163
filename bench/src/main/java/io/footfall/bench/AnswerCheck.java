package io.footfall.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.core.query.Report;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the server's answer to a request holds the same rows as the report queries run directly:
 * the same dimensions and metric values in the same order, the same total row count, and the same
 * compared values. A timeseries answer lists every bucket; the buckets the direct report lacks must
 * then be zero.
 */
final class AnswerCheck {
  private AnswerCheck() {}

  /**
   * The differences, each a sentence naming the row; empty when the answers agree.
   *
   * @param direct the reports of the request's queries, in the server's order (the range, then the
   *     compared range)
   * @param filledBuckets whether the server filled empty time buckets (the timeseries endpoint)
   */
  static List<String> differences(JsonNode answer, List<Report> direct, boolean filledBuckets) {
    List<String> out = new ArrayList<>();
    Report main = direct.get(0);
    List<JsonNode> rows = new ArrayList<>();
    answer.path("results").forEach(rows::add);
    if (filledBuckets) {
      Map<List<String>, Report.Row> byDims = byDimensions(main);
      int matched = 0;
      for (JsonNode row : rows) {
        Report.Row d = byDims.get(dimensions(row.path("dimensions")));
        if (d != null) {
          matched++;
          compareMetrics(out, "row " + dimensions(row.path("dimensions")), row.path("metrics"), d);
        } else {
          requireZero(out, "empty bucket " + dimensions(row.path("dimensions")), row);
        }
      }
      if (matched != main.rows().size()) {
        out.add(
            "the answer has "
                + matched
                + " of the "
                + main.rows().size()
                + " non-empty buckets the direct query returned");
      }
    } else {
      if (rows.size() != main.rows().size()) {
        out.add("the answer has " + rows.size() + " rows, the direct query " + main.rows().size());
      }
      for (int i = 0; i < Math.min(rows.size(), main.rows().size()); i++) {
        Report.Row d = main.rows().get(i);
        List<String> dims = dimensions(rows.get(i).path("dimensions"));
        if (!dims.equals(d.dimensions())) {
          out.add("row " + i + ": the answer has " + dims + ", the direct query " + d.dimensions());
        } else {
          compareMetrics(out, "row " + i + " " + dims, rows.get(i).path("metrics"), d);
        }
      }
    }
    JsonNode total = answer.path("meta").path("total_rows");
    if (!total.isMissingNode() && total.asLong() != main.totalRows()) {
      out.add("total_rows " + total.asLong() + " in the answer, " + main.totalRows() + " direct");
    }
    if (direct.size() > 1) {
      Map<List<String>, Report.Row> previous = byDimensions(direct.get(1));
      for (JsonNode row : rows) {
        JsonNode c = row.path("comparison");
        if (c.isMissingNode()) {
          out.add("row " + dimensions(row.path("dimensions")) + " has no comparison");
          continue;
        }
        List<String> key = dimensions(c.path("dimensions"));
        Report.Row d = previous.get(key);
        if (d != null) {
          compareMetrics(out, "compared row " + key, c.path("metrics"), d);
        } else {
          requireZero(out, "compared row " + key, c);
        }
      }
    }
    return out;
  }

  private static void compareMetrics(
      List<String> out, String where, JsonNode metrics, Report.Row direct) {
    if (metrics.size() != direct.metrics().size()) {
      out.add(where + ": " + metrics.size() + " metrics, direct " + direct.metrics().size());
      return;
    }
    for (int i = 0; i < metrics.size(); i++) {
      if (!same(metrics.get(i), direct.metrics().get(i))) {
        out.add(
            where
                + ": metric "
                + i
                + " is "
                + metrics.get(i)
                + " in the answer, "
                + direct.metrics().get(i)
                + " direct");
      }
    }
  }

  private static void requireZero(List<String> out, String where, JsonNode row) {
    for (JsonNode m : row.path("metrics")) {
      if (!m.isNull() && m.decimalValue().signum() != 0) {
        out.add(
            where + ": the direct query has no such row, the answer has " + row.path("metrics"));
        return;
      }
    }
  }

  static boolean same(JsonNode answered, Object direct) {
    if (answered.isNull() || direct == null) {
      return answered.isNull() && direct == null;
    }
    if (!answered.isNumber()) {
      return answered.asText().equals(direct.toString());
    }
    return answered.decimalValue().compareTo(new BigDecimal(direct.toString())) == 0;
  }

  private static Map<List<String>, Report.Row> byDimensions(Report report) {
    Map<List<String>, Report.Row> map = new HashMap<>();
    for (Report.Row r : report.rows()) {
      map.put(r.dimensions(), r);
    }
    return map;
  }

  private static List<String> dimensions(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
