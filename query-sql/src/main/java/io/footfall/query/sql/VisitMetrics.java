package io.footfall.query.sql;

import io.footfall.core.Event;

/**
 * The CTEs of the visit metrics when a visit's events are spread over groups (event-level and time
 * dimensions) or only partly match: {@code vs} summarises whole visits first, {@code vm} joins them
 * to their groups.
 */
final class VisitMetrics {
  /** The prefix of vs's columns, which must not clash with ev's when the two are joined. */
  private static final String VS = "vs_";

  private final Plan plan;

  VisitMetrics(Plan plan) {
    this.plan = plan;
  }

  /**
   * The visit parts over rows of visit summaries whose columns are {@code <prefix>n}, {@code
   * <prefix>pv} and {@code <prefix>dur}.
   */
  static String overRows(String prefix) {
    return ("count(*) AS v_visits, sum(CASE WHEN $n = 1 AND $pv = 1 THEN 1 ELSE 0 END) AS v_bounces,"
            + " sum($dur) AS v_dur, sum($pv) AS v_pv")
        .replace("$", prefix);
  }

  /**
   * A visit's events counted, its page views, and its length in microseconds, as {@code <prefix>n},
   * {@code <prefix>pv} and {@code <prefix>dur}.
   */
  static String summary(SqlDialect dialect, String prefix) {
    return "count(*) AS "
        + prefix
        + "n, sum(CASE WHEN name = '"
        + Event.PAGEVIEW
        + "' THEN 1 ELSE 0 END) AS "
        + prefix
        + "pv, "
        + dialect.epochMicros("max(ts)")
        + " - "
        + dialect.epochMicros("min(ts)")
        + " AS "
        + prefix
        + "dur";
  }

  /** {@code vs}: every matching visit's in-range events summarised. */
  Sql visits() {
    Sql s = new Sql().add("SELECT session_id, ").add(summary(plan.dialect, VS));
    if (plan.wholeVisits()) {
      return s.add(" FROM ").ref("m").add(" GROUP BY session_id");
    }
    return s.add(" FROM ")
        .ref("base")
        .add(" WHERE session_id IN (SELECT session_id FROM ")
        .ref("m")
        .add(") GROUP BY session_id");
  }

  /** {@code vm}: the visit parts per group. */
  Sql perGroup() {
    Sql s = new Sql().add("SELECT ").add(plan.dimList("", true)).add(overRows(VS)).add(" FROM ");
    if (plan.perVisitRows) {
      s.ref("ev");
    } else {
      s.add("(SELECT DISTINCT ")
          .add(plan.dimList("", true))
          .add("session_id FROM ")
          .ref("m")
          .add(") AS ev");
    }
    return s.add(" " + plan.dialect.innerJoin() + " ")
        .ref("vs")
        .add(" USING (session_id)")
        .add(plan.groupBy());
  }
}
