package io.footfall.query.sql;

import io.footfall.core.Event;
import io.footfall.core.query.Formulas.Part;
import io.footfall.core.query.Metric;
import java.util.ArrayList;
import java.util.List;

/**
 * The CTEs that sum the matching events per group: {@code ev} (one row per group and visit, when
 * {@link Plan#perVisitRows}), {@code em} (the metric parts per group, from ev or from the events
 * directly) and {@code eq} (property quantiles per group, which do not add up over visits).
 */
final class GroupMetrics {
  private static final String IS_PAGEVIEW =
      "sum(CASE WHEN name = '" + Event.PAGEVIEW + "' THEN 1 ELSE 0 END)";

  private final Plan plan;

  GroupMetrics(Plan plan) {
    this.plan = plan;
  }

  /** {@code ev}: one row per group and visit with what the visit's matching events add. */
  Sql perVisit() {
    Sql s =
        new Sql()
            .add("SELECT ")
            .add(plan.dimList("", true))
            .add("session_id, ")
            .add(plan.dialect.anyValue("visitor_id"))
            .add(" AS visitor_id, ");
    List<String> out = new ArrayList<>();
    out.add(
        plan.visitsInEm
            ? VisitMetrics.summary(plan.dialect, "")
            : "count(*) AS n, " + IS_PAGEVIEW + " AS pv");
    if (plan.wants(Part.CONVERSIONS) && plan.goalDim < 0) {
      out.add("sum(CASE WHEN is_conversion THEN 1 ELSE 0 END) AS conv");
    }
    if (plan.wants(Part.CONVERTED) && plan.goalDim < 0) {
      out.add("max(CASE WHEN is_conversion THEN 1 ELSE 0 END) AS converted");
    }
    s.add(String.join(", ", out));
    moneyAndProperties(s, "rev", "ord");
    return s.add(" FROM ").ref("m").add(" GROUP BY ").add(plan.dimList("", true)).add("session_id");
  }

  /** {@code em}: the metric parts of each group. */
  Sql perGroup() {
    Sql s = new Sql().add("SELECT ").add(plan.dimList("", true));
    if (plan.perVisitRows) {
      s.add(fromVisitRows()).add(" FROM ").ref("ev");
    } else {
      s.add(fromEvents()).add(" FROM ").ref("m");
    }
    return s.add(plan.groupBy());
  }

  /** {@code eq}: the property quantiles of each group. */
  Sql quantiles() {
    List<String> qs = new ArrayList<>();
    for (int i = 0; i < plan.q.metrics().size(); i++) {
      Metric m = plan.q.metrics().get(i);
      if (m.kind() == Metric.Kind.P50 || m.kind() == Metric.Kind.P95) {
        qs.add(
            plan.dialect.quantile("pv" + i, m.kind() == Metric.Kind.P50 ? 0.5 : 0.95)
                + " AS p"
                + i
                + "_q");
      }
    }
    return new Sql()
        .add("SELECT ")
        .add(plan.dimList("", true))
        .add(String.join(", ", qs))
        .add(" FROM ")
        .ref("m")
        .add(plan.groupBy());
  }

  /** The metric parts of a group, aggregated from its matching events directly. */
  private Sql fromEvents() {
    Sql s = new Sql().add("count(*) AS g_events");
    if (plan.wants(Part.VISITORS)) {
      s.add(", count(DISTINCT visitor_id) AS c_visitors");
    }
    if (plan.wants(Part.CONVERTED)) {
      s.add(
          plan.goalDim >= 0
              ? ", count(DISTINCT visitor_id) AS c_converted"
              // coalesce: ClickHouse 18.16 answers NULL, not 0, when every value is NULL.
              : ", coalesce(count(DISTINCT CASE WHEN is_conversion THEN visitor_id END), 0)"
                  + " AS c_converted");
    }
    if (plan.wants(Part.VISITS)) {
      s.add(", count(DISTINCT session_id) AS c_visits");
    }
    if (plan.wants(Part.PAGEVIEWS)) {
      s.add(", " + IS_PAGEVIEW + " AS c_pageviews");
    }
    if (plan.wants(Part.EVENTS)) {
      s.add(", count(*) AS c_events");
    }
    if (plan.wants(Part.CONVERSIONS)) {
      s.add(
          plan.goalDim >= 0
              ? ", count(*) AS c_conversions"
              : ", sum(CASE WHEN is_conversion THEN 1 ELSE 0 END) AS c_conversions");
    }
    return moneyAndProperties(s, "c_revenue", "c_orders");
  }

  /**
   * Appends the revenue and order sums (as {@code revenue} and {@code orders}) and the property
   * aggregates that add up across rows, from the matching events.
   */
  private Sql moneyAndProperties(Sql s, String revenue, String orders) {
    if (plan.wants(Part.REVENUE)) {
      s.add(", sum(CASE WHEN revenue_currency = ")
          .param(plan.q.currency())
          .add(" THEN revenue_amount END) AS " + revenue);
    }
    if (plan.wants(Part.ORDERS)) {
      s.add(", sum(CASE WHEN revenue_currency = ")
          .param(plan.q.currency())
          .add(" AND revenue_amount IS NOT NULL THEN 1 ELSE 0 END) AS " + orders);
    }
    for (int i = 0; i < plan.q.metrics().size(); i++) {
      String v = "pv" + i;
      switch (plan.q.metrics().get(i).kind()) {
        case SUM -> s.add(", sum(" + v + ") AS p" + i + "_sum");
        case MIN -> s.add(", min(" + v + ") AS p" + i + "_min");
        case MAX -> s.add(", max(" + v + ") AS p" + i + "_max");
        case AVG -> s.add(", sum(" + v + ") AS p" + i + "_sum, count(" + v + ") AS p" + i + "_n");
        default -> {}
      }
    }
    return s;
  }

  /** The metric parts of a group, added up over its ev rows (one per visit). */
  private String fromVisitRows() {
    List<String> out = new ArrayList<>();
    out.add("count(*) AS g_visits");
    if (plan.wants(Part.VISITORS)) {
      out.add("count(DISTINCT visitor_id) AS c_visitors");
    }
    if (plan.wants(Part.CONVERTED)) {
      // The goal dimension's rows hold only events that complete the row's goal.
      out.add(
          plan.goalDim >= 0
              ? "count(DISTINCT visitor_id) AS c_converted"
              : "coalesce(count(DISTINCT CASE WHEN converted = 1 THEN visitor_id END), 0)"
                  + " AS c_converted");
    }
    if (plan.wants(Part.VISITS)) {
      out.add("count(*) AS c_visits");
    }
    if (plan.wants(Part.PAGEVIEWS)) {
      out.add("sum(pv) AS c_pageviews");
    }
    if (plan.wants(Part.EVENTS)) {
      out.add("sum(n) AS c_events");
    }
    if (plan.wants(Part.CONVERSIONS)) {
      out.add(plan.goalDim >= 0 ? "sum(n) AS c_conversions" : "sum(conv) AS c_conversions");
    }
    if (plan.wants(Part.REVENUE)) {
      out.add("sum(rev) AS c_revenue");
    }
    if (plan.wants(Part.ORDERS)) {
      out.add("sum(ord) AS c_orders");
    }
    if (plan.visitsInEm) {
      out.add(VisitMetrics.overRows(""));
    }
    for (int i = 0; i < plan.q.metrics().size(); i++) {
      switch (plan.q.metrics().get(i).kind()) {
        case SUM -> out.add("sum(p" + i + "_sum) AS p" + i + "_sum");
        case MIN -> out.add("min(p" + i + "_min) AS p" + i + "_min");
        case MAX -> out.add("max(p" + i + "_max) AS p" + i + "_max");
        case AVG ->
            out.add("sum(p" + i + "_sum) AS p" + i + "_sum, sum(p" + i + "_n) AS p" + i + "_n");
        default -> {}
      }
    }
    return String.join(", ", out);
  }
}
