package io.footfall.store.duckdb;

import io.footfall.core.people.Segment;
import io.footfall.query.sql.CompiledQuery;
import io.footfall.query.sql.EventConditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The members of a cohort at an instant (docs/metrics.md, "Cohorts") as one SQL query of a single
 * column {@code person}, self-contained (its CTEs are its own), so that any statement can embed it
 * after {@code IN}.
 *
 * <p>One pass over the site's events before the instant gives each person (user id, else the
 * visitor's first link: {@link DuckDbPeople#links}) their first event's time and source and, per
 * behavioural condition, how many of their events in its window match it; the person tables give
 * the first time of their updates. A person is a candidate when either exists; the conditions are
 * then column tests, and property conditions test the fold of the changes before the instant.
 */
final class DuckDbSegments {
  private static final DuckDbDialect DIALECT = new DuckDbDialect();

  private DuckDbSegments() {}

  /** Appends the members query, {@code SELECT person FROM ...}, without parentheses. */
  static void members(DuckDbPeople.Sql sql, Segment s) {
    Object at = DuckDbStore.utc(s.at());
    List<Segment.Condition> conditions = s.conditions();
    sql.append("WITH ");
    // The links CTE is named 'links' by DuckDbPeople; here it is nested, so the name is private.
    DuckDbPeople.links(sql, s.siteId(), Optional.empty());
    sql.append(", sev AS (SELECT coalesce(nullif(e.user_id, ''), l.user_id) AS person, e.ts,")
        .append(" e.event_id, coalesce(e.source, '') AS src");
    for (int i = 0; i < conditions.size(); i++) {
      CompiledQuery match =
          switch (conditions.get(i)) {
            case Segment.Performed p ->
                EventConditions.compile(DIALECT, p.match().filters(), s.goals(), "e.");
            case Segment.NotPerformed n ->
                EventConditions.compile(DIALECT, n.match().filters(), s.goals(), "e.");
            default -> null;
          };
      if (match != null) {
        sql.append(", (");
        sql.append(match);
        sql.append(" AND e.ts >= ?) AS m" + i, DuckDbStore.utc(windowStart(s, conditions.get(i))));
      }
    }
    sql.append(" FROM events e LEFT JOIN links l ON l.visitor_id = e.visitor_id")
        .append(" WHERE e.site_id = ?", s.siteId())
        .append(" AND e.ts < ?)", at);
    sql.append(
        ", sp AS (SELECT person, min(ts) AS first_ts, arg_min(src, (ts, event_id)) AS first_src");
    for (int i = 0; i < conditions.size(); i++) {
      if (isBehavioural(conditions.get(i))) {
        sql.append(", count(*) FILTER (WHERE m" + i + ") AS n" + i);
      }
    }
    sql.append(" FROM sev WHERE person IS NOT NULL GROUP BY person)");
    sql.append(", su AS (SELECT user_id AS person, min(ts) AS first_ts FROM")
        .append(" (SELECT user_id, ts FROM person_properties WHERE site_id = ?", s.siteId())
        .append(" AND ts < ?", at)
        .append(
            " UNION ALL SELECT user_id, linked_at FROM person_links WHERE site_id = ?", s.siteId())
        .append(" AND linked_at < ?", at)
        .append(") GROUP BY user_id)");
    sql.append(
        ", sc AS (SELECT coalesce(p.person, u.person) AS person,"
            + " least(p.first_ts, u.first_ts) AS first_ts,"
            + " coalesce(nullif(p.first_src, ''), '(none)') AS first_src");
    for (int i = 0; i < conditions.size(); i++) {
      if (isBehavioural(conditions.get(i))) {
        sql.append(", coalesce(p.n" + i + ", 0) AS n" + i);
      }
    }
    sql.append(" FROM sp p FULL OUTER JOIN su u ON u.person = p.person)");
    List<String> keys = new ArrayList<>();
    for (Segment.Condition c : conditions) {
      if (c instanceof Segment.PersonProperty p && !keys.contains(p.key())) {
        keys.add(p.key());
      }
    }
    if (!keys.isEmpty()) {
      sql.append(", sv AS (");
      DuckDbPeople.foldBefore(sql, s.siteId(), keys, at);
      sql.append(")");
    }
    sql.append(" SELECT person FROM sc WHERE true");
    for (int i = 0; i < conditions.size(); i++) {
      sql.append(" AND ");
      switch (conditions.get(i)) {
        case Segment.Performed p -> sql.append("n" + i + " >= ?", (long) p.times());
        case Segment.NotPerformed n -> sql.append("n" + i + " = 0");
        case Segment.FirstSeen f ->
            sql.append("first_ts >= ?", DuckDbStore.utc(s.startOf(f.from())))
                .append(" AND first_ts < ?", DuckDbStore.utc(s.startOf(f.to().plusDays(1))));
        case Segment.FirstSource f -> {
          sql.append("first_src IN (");
          values(sql, f.values());
          sql.append(")");
        }
        case Segment.UserIds u ->
            sql.append("person IN (SELECT unnest(string_split(?, ", String.join("\n", u.userIds()))
                .append("chr(10))))");
        case Segment.PersonProperty p -> {
          sql.append(p.op().negated() ? "person NOT IN" : "person IN");
          sql.append(" (SELECT person FROM sv WHERE key = ?", p.key()).append(" AND (");
          for (int v = 0; v < p.values().size(); v++) {
            sql.append(v == 0 ? "" : " OR ");
            switch (p.op()) {
              case IS, IS_NOT -> sql.append("value_text = ?", p.values().get(v));
              case CONTAINS, DOES_NOT_CONTAIN ->
                  sql.append("contains(value_text, ?)", p.values().get(v));
            }
          }
          sql.append("))");
        }
      }
    }
  }

  private static boolean isBehavioural(Segment.Condition c) {
    return c instanceof Segment.Performed || c instanceof Segment.NotPerformed;
  }

  private static java.time.Instant windowStart(Segment s, Segment.Condition c) {
    return switch (c) {
      case Segment.Performed p -> s.windowStart(p.days());
      case Segment.NotPerformed n -> s.windowStart(n.days());
      default -> throw new IllegalArgumentException("not behavioural: " + c);
    };
  }

  private static void values(DuckDbPeople.Sql sql, List<String> values) {
    for (int v = 0; v < values.size(); v++) {
      sql.append(v == 0 ? "?" : ", ?", values.get(v));
    }
  }
}
