package io.footfall.store.clickhouse;

import io.footfall.core.StoreException;
import io.footfall.core.people.Retention;
import io.footfall.query.sql.EventConditions;
import io.footfall.query.sql.RetentionCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Retention on ClickHouse in one statement (docs/metrics.md, "Retention"), written for 18.16 and
 * current versions alike (CLICKHOUSE-SQL.md: nested subqueries rather than {@code WITH}, no window
 * functions, no lambdas over subquery columns).
 *
 * <p>The innermost queries reduce the site's start and return events from the range's start to the
 * horizon to one row per person ({@link RetentionCounts}): events with a user id per user id,
 * anonymous ones per visitor, each row holding the first local period with a start and the periods
 * with a return; only the visitors' rows are joined ({@code GLOBAL}) to their first links ({@link
 * ClickHousePeople#firstLinks}), and the rows are merged per person on the first node whichever
 * shards a person's events lie on. A split by first source needs each start event's (ts, event id),
 * so it reduces per person and period over every event joined to the links instead ({@link
 * ClickHousePeople#eventsWithPerson}), the slower way. The people are then counted per pattern
 * (group, cohort, returns), and {@code arrayJoin} of each pattern's returns with a sentinel {@code
 * -1} (the cohort's own row) yields its rows per counted period, weighted by its people.
 */
final class ClickHouseRetention {
  /** ClickHouse's error code for a regular expression its engine cannot compile. */
  private static final int CANNOT_COMPILE_REGEXP = 427;

  private final ClickHouseHttp main;
  private final String where;
  private final ClickHouseDialect dialect;

  ClickHouseRetention(ClickHouseHttp main, String where, ClickHouseDialect dialect) {
    this.main = main;
    this.where = where;
    this.dialect = dialect;
  }

  Retention.Result retention(Retention.Query q) {
    List<RetentionCounts.Row> rows = new ArrayList<>();
    try {
      main.forEachRow(
          ClickHouseQuery.sql(sql(q)).withSetting("join_use_nulls", "0"),
          r -> rows.add(new RetentionCounts.Row(r.text(0), r.int64(1), r.int64(2), r.int64(3))));
    } catch (ClickHouseQueryException e) {
      if (e.code() == CANNOT_COMPILE_REGEXP) {
        throw new io.footfall.core.query.QueryFailedException(
            "the retention query was refused: " + e.serverMessage(), e);
      }
      throw failed(q, e);
    } catch (ClickHouseException e) {
      throw failed(q, e);
    }
    return RetentionCounts.assemble(q, rows);
  }

  private StoreException failed(Retention.Query q, ClickHouseException e) {
    return new StoreException(
        "the retention query on site "
            + q.siteId()
            + " in ClickHouse ("
            + where
            + ") failed: "
            + e.getMessage(),
        e);
  }

  /**
   * The statement: rows {@code (group, cohort number, k, people)} as {@link RetentionCounts} reads.
   * With a breakdown by source, a person's group is the source of their first start event in the
   * range: per person and period the earliest start's by (ts, event id), then that of the least
   * period with a start.
   */
  String sql(Retention.Query q) {
    boolean split = q.breakdown() == Retention.Breakdown.SOURCE;
    String site = ClickHouseLiterals.string(q.siteId());
    String start =
        ClickHouseStore.render(
            EventConditions.compile(dialect, q.start().filters(), q.goals(), ""));
    String ret =
        ClickHouseStore.render(
            EventConditions.compile(dialect, q.returning().filters(), q.goals(), ""));
    String to = micros(q.to());
    String local = "(ts + " + offset(q) + " * 1000000)";
    String events =
        " FROM events WHERE site_id = "
            + site
            + " AND ts >= "
            + micros(q.from())
            + " AND ts < "
            + micros(q.horizon())
            + q.segment().map(seg -> " AND " + dialect.inSegment(seg, "").sql()).orElse("")
            + " AND ("
            + start
            + " OR "
            + ret
            + ")";
    String period = periodNumber(q.period(), local);
    String begins = "(" + start + " AND ts < " + to + ")";
    // Per user id and per anonymous visitor: the first period with a start, whether there is one,
    // and the periods with a return; only the visitors' rows meet the links.
    String reduced =
        "minIf("
            + period
            + ", "
            + begins
            + ") AS c, max("
            + begins
            + ") AS has_s, groupUniqArrayIf("
            + period
            + ", "
            + ret
            + ") AS rets";
    // A split by first source needs each start event's own order, so it joins every event.
    String perPerson =
        split
            ? "SELECT person, minIf(p, is_s = 1) AS c, arraySort(groupArrayIf(p, is_r = 1)) AS"
                + " rets, argMinIf(src, p, is_s = 1) AS g FROM ("
                + perPersonPeriodOfEvents(q, site, start, ret, to, local)
                + ") GROUP BY person HAVING max(is_s) = 1"
            : "SELECT person, minIf(c, has_s = 1) AS c, arraySort(groupUniqArrayArray(rets)) AS"
                + " rets"
                + (q.breakdown() == Retention.Breakdown.NONE ? ", '' AS g" : "")
                + " FROM (SELECT user_id AS person, "
                + reduced
                + events
                + " AND user_id != '' GROUP BY user_id UNION ALL SELECT linked_person AS person, c,"
                + " has_s, rets FROM (SELECT visitor_id, "
                + reduced
                + events
                + " AND user_id = '' GROUP BY visitor_id) GLOBAL ANY INNER JOIN "
                + ClickHousePeople.firstLinks(site)
                + " AS links USING visitor_id) GROUP BY person HAVING max(has_s) = 1";
    if (q.breakdown() == Retention.Breakdown.PROPERTY) {
      // The people's current value of the property (the people fold), '' for none.
      perPerson =
          "SELECT person, c, rets, pv_text AS g FROM ("
              + perPerson
              + ") AS firsts ANY LEFT JOIN (SELECT user_id AS person, cur_text AS pv_text FROM ("
              + ClickHousePeople.fold(site, "key = " + ClickHouseLiterals.string(q.property()))
              + ")) AS pv USING person";
    }
    // The people counted per pattern (group, cohort, returns): a few thousand rows, not a row per
    // person, are expanded to their periods.
    String patterns =
        "SELECT g, c, rets, count() AS w FROM (" + perPerson + ") GROUP BY g, c, rets";
    String last = Integer.toString(q.periods());
    String counted =
        "SELECT * FROM (SELECT g, c, rets, w, arrayJoin(arrayPushFront(rets, toInt64(-1))) AS"
            + " ret, if(ret = -1, toInt64(0), ret - c) AS k FROM ("
            + patterns
            + ")) WHERE ret = -1 OR (ret > c AND ret <= c + "
            + last
            + ")";
    if (q.mode() == Retention.Mode.ON) {
      return "SELECT g, c, k, sum(w) AS n FROM (" + counted + ") GROUP BY g, c, k";
    }
    return "SELECT g, c, m, sum(w) AS n FROM (SELECT g, c, rets, any(w) AS w, max(k) AS m FROM ("
        + counted
        + ") GROUP BY g, c, rets) GROUP BY g, c, m";
  }

  /**
   * Per person and period, over every event joined to its visitor's link: whether it holds a start
   * and a return, and the source of its earliest start by (ts, event id).
   */
  private String perPersonPeriodOfEvents(
      Retention.Query q, String site, String start, String ret, String to, String local) {
    String person = ClickHousePeople.PERSON;
    return "SELECT "
        + person
        + " AS person, "
        + periodNumber(q.period(), local)
        + " AS p, max("
        + start
        + " AND ts < "
        + to
        + ") AS is_s, max("
        + ret
        + ") AS is_r, argMinIf(source, (ts, event_id), "
        + start
        + " AND ts < "
        + to
        + ") AS src FROM "
        + ClickHousePeople.eventsWithPerson(site)
        + " WHERE site_id = "
        + site
        + " AND ts >= "
        + micros(q.from())
        + " AND ts < "
        + micros(q.horizon())
        + q.segment().map(seg -> " AND " + dialect.inSegment(seg, "").sql()).orElse("")
        + " AND "
        + person
        + " != '' AND ("
        + start
        + " OR "
        + ret
        + ") GROUP BY person, p";
  }

  private static String micros(Instant t) {
    return ClickHouseLiterals.int64(ClickHouseDialect.micros(t));
  }

  /** The local period number of the local time {@code local} (microseconds). */
  private static String periodNumber(Retention.Period period, String local) {
    String day = "intDiv(" + local + ", 86400000000)";
    return switch (period) {
      case DAY -> "toInt64(" + day + ")";
      case WEEK -> "toInt64(intDiv(" + day + " + 3, 7))";
      case MONTH -> {
        String t = "toDateTime(intDiv(" + local + ", 1000000), 'UTC')";
        yield "toInt64(toYear(" + t + ") * 12 + toMonth(" + t + ") - 1)";
      }
    };
  }

  /** The zone's offset in seconds at {@code ts}: a multiIf over the transitions in the span. */
  private static String offset(Retention.Query q) {
    RetentionCounts.Offsets offsets = RetentionCounts.offsets(q);
    if (offsets.changes().isEmpty()) {
      return "toInt64(" + ClickHouseLiterals.int64(offsets.last()) + ")";
    }
    StringBuilder s = new StringBuilder("multiIf(");
    for (Map.Entry<Instant, Integer> c : offsets.changes()) {
      s.append("ts < ")
          .append(micros(c.getKey()))
          .append(", toInt64(")
          .append(ClickHouseLiterals.int64(c.getValue()))
          .append("), ");
    }
    return s.append("toInt64(")
        .append(ClickHouseLiterals.int64(offsets.last()))
        .append("))")
        .toString();
  }
}
