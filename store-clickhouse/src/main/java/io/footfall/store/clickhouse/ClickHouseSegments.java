package io.footfall.store.clickhouse;

import io.footfall.core.people.Segment;
import io.footfall.query.sql.EventConditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The members of a cohort at an instant (docs/metrics.md, "Cohorts") as one query of a single
 * column {@code person}, for ClickHouse 18.16 and current versions (no {@code WITH} subqueries, no
 * window functions), to be embedded after {@code GLOBAL IN}.
 *
 * <p>Two aggregations are put under each other with {@code UNION ALL}: the site's events before the
 * instant per person ({@link ClickHousePeople#PERSON} over {@link
 * ClickHousePeople#eventsWithPerson}, whose {@code GLOBAL} join gives every shard all the links):
 * their first event's time and source and, per behavioural condition, how many events in its window
 * match it; and the first time of each user's updates. Both are merged on the first node whichever
 * shards hold the rows, then grouped per person, so a person is a candidate when either exists.
 * Property conditions test the fold of the changes before the instant ({@link
 * ClickHousePeople#fold}).
 */
final class ClickHouseSegments {
  /** Above this many characters a statement gets a larger {@code max_query_size} (256 KiB). */
  static final int DEFAULT_MAX_QUERY_SIZE = 262_144;

  private ClickHouseSegments() {}

  /** The members query, {@code SELECT person FROM ...}, without parentheses. */
  static String members(Segment s, ClickHouseDialect dialect) {
    String site = ClickHouseLiterals.string(s.siteId());
    String at = time(s.at());
    List<Segment.Condition> conditions = s.conditions();
    StringBuilder counts = new StringBuilder();
    StringBuilder zeros = new StringBuilder();
    StringBuilder sums = new StringBuilder();
    for (int i = 0; i < conditions.size(); i++) {
      String window =
          switch (conditions.get(i)) {
            case Segment.Performed p ->
                render(s, dialect, p.match()) + " AND ts >= " + time(s.windowStart(p.days()));
            case Segment.NotPerformed n ->
                render(s, dialect, n.match()) + " AND ts >= " + time(s.windowStart(n.days()));
            default -> null;
          };
      if (window != null) {
        counts.append(", countIf(").append(window).append(") AS k").append(i);
        zeros.append(", toUInt64(0) AS k").append(i);
        sums.append(", sum(k").append(i).append(") AS n").append(i);
      }
    }
    StringBuilder sql =
        new StringBuilder("SELECT person FROM (SELECT person, min(e_first) AS first_t,")
            .append(" argMin(e_src, e_src_t) AS first_src")
            .append(sums)
            // Null-safe: a report runs with join_use_nulls=1, where an unlinked visitor joins NULL.
            .append(" FROM (SELECT if(user_id != '', user_id, ifNull(linked_person, ''))")
            .append(" AS person, min(ts) AS e_first, min(ts) AS e_src_t,")
            .append(" argMin(source, (ts, event_id)) AS e_src")
            .append(counts)
            .append(" FROM ")
            .append(dialect.eventsTable())
            .append(
                " GLOBAL ANY LEFT JOIN (SELECT visitor_id, argMin(user_id, (linked_at, event_id))")
            .append(" AS linked_person FROM ")
            .append(dialect.table("person_links"))
            .append(" WHERE site_id = ")
            .append(site)
            .append(" GROUP BY visitor_id) AS links USING visitor_id")
            .append(" WHERE site_id = ")
            .append(site)
            .append(" AND ts < ")
            .append(at)
            .append(" AND person != '' GROUP BY person UNION ALL SELECT user_id AS person,")
            .append(" min(t) AS e_first, toInt64(9223372036854775807) AS e_src_t, '' AS e_src")
            .append(zeros)
            .append(" FROM (SELECT user_id, at AS t FROM ")
            .append(dialect.table("person_properties"))
            .append(" WHERE site_id = ")
            .append(site)
            .append(" AND at < ")
            .append(at)
            .append(" UNION ALL SELECT user_id, linked_at AS t FROM ")
            .append(dialect.table("person_links"))
            .append(" WHERE site_id = ")
            .append(site)
            .append(" AND linked_at < ")
            .append(at)
            .append(") GROUP BY user_id) GROUP BY person) WHERE 1");
    for (int i = 0; i < conditions.size(); i++) {
      sql.append(" AND ");
      switch (conditions.get(i)) {
        case Segment.Performed p -> sql.append("n").append(i).append(" >= ").append(p.times());
        case Segment.NotPerformed n -> sql.append("n").append(i).append(" = 0");
        case Segment.FirstSeen f ->
            sql.append("first_t >= ")
                .append(time(s.startOf(f.from())))
                .append(" AND first_t < ")
                .append(time(s.startOf(f.to().plusDays(1))));
        case Segment.FirstSource f ->
            sql.append("if(first_src = '', '(none)', first_src) IN ").append(list(f.values()));
        case Segment.UserIds u ->
            sql.append("person IN (SELECT arrayJoin(splitByChar('\\n', ")
                .append(ClickHouseLiterals.string(String.join("\n", u.userIds())))
                .append(")))");
        case Segment.PersonProperty p -> {
          List<String> tests = new ArrayList<>();
          for (String v : p.values()) {
            String value = ClickHouseLiterals.string(PersonRows.sendable(v));
            tests.add(
                switch (p.op()) {
                  case IS, IS_NOT -> "cur_text = " + value;
                  case CONTAINS, DOES_NOT_CONTAIN -> "position(cur_text, " + value + ") > 0";
                });
          }
          String key = ClickHouseLiterals.string(p.key());
          sql.append(p.op().negated() ? "person NOT IN" : "person IN")
              .append(" (SELECT user_id FROM (")
              .append(
                  ClickHousePeople.fold(
                      site, "key = " + key + " AND at < " + at, dialect.table("person_properties")))
              .append(") WHERE ")
              .append(String.join(" OR ", tests))
              .append(")");
        }
      }
    }
    return sql.toString();
  }

  /** The query with a {@code max_query_size} that admits it (a static list may be long). */
  static ClickHouseQuery sized(ClickHouseQuery q, String sql) {
    int bytes = sql.length() * 3 + 1024; // UTF-8 takes at most 3 bytes per UTF-16 unit
    return bytes > DEFAULT_MAX_QUERY_SIZE
        ? q.withSetting("max_query_size", Integer.toString(bytes))
        : q;
  }

  private static String render(
      Segment s, ClickHouseDialect dialect, io.footfall.core.people.EventMatch match) {
    return ClickHouseStore.render(EventConditions.compile(dialect, match.filters(), s.goals(), ""));
  }

  private static String time(Instant instant) {
    return ClickHouseLiterals.int64(ClickHouseDialect.micros(instant));
  }

  private static String list(List<String> values) {
    StringBuilder out = new StringBuilder("(");
    for (String v : values) {
      out.append(out.length() > 1 ? ", " : "").append(ClickHouseLiterals.string(v));
    }
    return out.append(')').toString();
  }
}
