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
    String where =
        " WHERE site_id = "
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
    String events = " FROM events" + where;
    String period = periodNumber(q.period(), local);
    String begins = "(" + start + " AND ts < " + to + ")";
    long first = number(q, q.from());
    long span = number(q, q.horizon().minusNanos(1_000)) - first + 1;
    String patterns;
    if (!split && span <= 64) {
      // Up to 64 periods from the range's first to the horizon's last (any weekly or monthly
      // retention of up to a year, daily of up to two months): each user id's and visitor's periods
      // with a start and with a return are bits p - first of two UInt64 masks, OR-ed per person
      // (far cheaper to aggregate than sets), and each pattern's cohort and returns are read back
      // from its bits.
      String bit = "bitShiftLeft(toUInt64(1), toUInt64(" + period + " - (" + first + ")))";
      String masks =
          "groupBitOr(if("
              + begins
              + ", "
              + bit
              + ", toUInt64(0))) AS began, groupBitOr(if("
              + ret
              + ", "
              + bit
              + ", toUInt64(0))) AS seen";
      // Bits are read back without a lambda reading the masks: 18.16 drops a subquery column that
      // only a lambda reads. The lowest set bit of began is log2 of began AND its two's complement.
      String perPerson =
          "SELECT person, toInt64(round(log2(bitAnd(began, bitNot(began) + 1)))) AS cb, seen"
              + (q.breakdown() == Retention.Breakdown.NONE ? ", '' AS g" : "")
              + " FROM (SELECT person, groupBitOr(began) AS began, groupBitOr(seen) AS seen FROM"
              + " (SELECT user_id AS person, "
              + masks
              + events
              + " AND user_id != '' GROUP BY user_id UNION ALL SELECT linked_person AS person,"
              + " began, seen FROM (SELECT visitor_id, "
              + masks
              + events
              + " AND user_id = '' GROUP BY visitor_id) GLOBAL ANY INNER JOIN "
              + ClickHousePeople.firstLinks(site)
              + " AS links USING visitor_id) GROUP BY person) WHERE began != 0";
      if (q.breakdown() == Retention.Breakdown.PROPERTY) {
        perPerson = withProperty(q, site, perPerson, "cb, seen");
      }
      patterns =
          "SELECT g, cb + ("
              + first
              + ") AS c, arrayMap(lp -> toInt64(round(log2(lp))) + ("
              + first
              + "), bitmaskToArray(seen)) AS rets, w FROM (SELECT g, cb, seen, count() AS w FROM ("
              + perPerson
              + ") GROUP BY g, cb, seen)";
    } else {
      // Per user id and per anonymous visitor: the first period with a start, whether there is
      // one, and the periods with a return; only the visitors' rows meet the links. A split by
      // first source needs each start event's own order, so it joins every event.
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
      String perPerson =
          split
              ? "SELECT person, minIf(p, is_s = 1) AS c, arraySort(groupArrayIf(p, is_r = 1)) AS"
                  + " rets, argMinIf(src, p, is_s = 1) AS g FROM ("
                  + perPersonPeriodOfEvents(q, site, where, start, ret, to, local)
                  + ") GROUP BY person HAVING max(is_s) = 1"
              : "SELECT person, minIf(c, has_s = 1) AS c, arraySort(groupUniqArrayArray(rets)) AS"
                  + " rets"
                  + (q.breakdown() == Retention.Breakdown.NONE ? ", '' AS g" : "")
                  + " FROM (SELECT user_id AS person, "
                  + reduced
                  + events
                  + " AND user_id != '' GROUP BY user_id UNION ALL SELECT linked_person AS person,"
                  + " c, has_s, rets FROM (SELECT visitor_id, "
                  + reduced
                  + events
                  + " AND user_id = '' GROUP BY visitor_id) GLOBAL ANY INNER JOIN "
                  + ClickHousePeople.firstLinks(site)
                  + " AS links USING visitor_id) GROUP BY person HAVING max(has_s) = 1";
      if (q.breakdown() == Retention.Breakdown.PROPERTY) {
        perPerson = withProperty(q, site, perPerson, "c, rets");
      }
      // The people counted per pattern (group, cohort, returns): a few thousand rows, not a row
      // per person, are expanded to their periods.
      patterns = "SELECT g, c, rets, count() AS w FROM (" + perPerson + ") GROUP BY g, c, rets";
    }
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
      Retention.Query q,
      String site,
      String where,
      String start,
      String ret,
      String to,
      String local) {
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
        + where
        + " AND "
        + person
        + " != '' GROUP BY person, p";
  }

  /**
   * {@code perPerson}'s rows with {@code g} the person's current value of the breakdown's property
   * (the people fold), '' for none; {@code columns} are the rest of its columns, kept.
   */
  private static String withProperty(
      Retention.Query q, String site, String perPerson, String columns) {
    return "SELECT person, "
        + columns
        + ", pv_text AS g FROM ("
        + perPerson
        + ") AS firsts ANY LEFT JOIN (SELECT user_id AS person, cur_text AS pv_text FROM ("
        + ClickHousePeople.fold(site, "key = " + ClickHouseLiterals.string(q.property()))
        + ")) AS pv USING person";
  }

  /** The local period number of an instant, as {@link #periodNumber} computes it in SQL. */
  static long number(Retention.Query q, Instant t) {
    java.time.LocalDate day = t.atZone(q.zone()).toLocalDate();
    return switch (q.period()) {
      case DAY -> day.toEpochDay();
      case WEEK -> Math.floorDiv(day.toEpochDay() + 3, 7);
      case MONTH -> day.getYear() * 12L + day.getMonthValue() - 1;
    };
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
