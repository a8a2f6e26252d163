package io.footfall.query.sql;

import io.footfall.core.Event;

/**
 * The CTEs of the visit metrics when a visit's events are spread over groups (event-level and time
 * dimensions) or only partly match: {@code vs} summarises whole visits first, {@code vm} joins them
 * to their groups.
 */
final class VisitMetrics {
  /** The visit parts over rows of visit summaries ({@code vs.n}, {@code vs.pv}, {@code vs.dur}). */
  static final String OVER_ROWS =
      "count(*) AS v_visits, sum(CASE WHEN vs.n = 1 AND vs.pv = 1 THEN 1 ELSE 0 END) AS v_bounces,"
          + " sum(vs.dur) AS v_dur, sum(vs.pv) AS v_pv";

  private final Plan plan;

  VisitMetrics(Plan plan) {
    this.plan = plan;
  }

  /** A visit's events counted, its page views, and its length in microseconds. */
  static String summary(SqlDialect dialect) {
    return "count(*) AS n, sum(CASE WHEN name = '"
        + Event.PAGEVIEW
        + "' THEN 1 ELSE 0 END) AS pv, "
        + dialect.epochMicros("max(ts)")
        + " - "
        + dialect.epochMicros("min(ts)")
        + " AS dur";
  }

  /** {@code vs}: every matching visit's in-range events summarised. */
  Sql visits() {
    Sql s = new Sql().add("SELECT session_id, ").add(summary(plan.dialect));
    if (plan.wholeVisits()) {
      return s.add(" FROM m GROUP BY session_id");
    }
    return s.add(" FROM base WHERE session_id IN (SELECT session_id FROM m) GROUP BY session_id");
  }

  /** {@code vm}: the visit parts per group. */
  Sql perGroup() {
    return new Sql()
        .add("SELECT ")
        .add(plan.dimList("", true))
        .add(OVER_ROWS)
        .add(
            plan.perVisitRows
                ? " FROM ev JOIN vs USING (session_id)"
                : " FROM (SELECT DISTINCT "
                    + plan.dimList("", true)
                    + "session_id FROM m) ev"
                    + " JOIN vs USING (session_id)")
        .add(plan.groupBy());
  }
}
