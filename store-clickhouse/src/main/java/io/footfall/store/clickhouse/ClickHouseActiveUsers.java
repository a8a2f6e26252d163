package io.footfall.store.clickhouse;

import io.footfall.core.StoreException;
import io.footfall.core.people.ActiveUsers;
import io.footfall.core.people.ActiveUsersLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Active users in ClickHouse, one statement per report, written for 18.16 and current versions
 * (CLICKHOUSE-SQL.md): no {@code WITH} subqueries, so the distinct (person, local day) rows are a
 * subquery repeated in each of four {@code UNION ALL} branches (the buckets' activity and
 * lifecycle, each in-range day's active people, the changes of the 7- and 30-day window counts from
 * bucket to bucket, the new people and their returns); bucket lookups are constant arrays indexed
 * by day number ({@link ActiveUsersLayout}). The windows were counted by expanding each (person,
 * day) row to its 30 window ends and counting distinct people per end (66–78 s at 10M events on two
 * threads); the changes need three rows per (person, day) and no distinct count. On a cluster the
 * innermost {@code GROUP BY person, day} runs on every shard over the {@code Distributed} events
 * and is merged on the first node, so a person whose visitors lie on several shards is one person.
 * Events with a user id are reduced to (user id, day) rows, anonymous ones to (visitor, day) rows,
 * and only the latter are joined ({@code GLOBAL}) to the visitors' first links ({@link
 * ClickHousePeople#firstLinks}): joining every event to the links first took 78 s at 10M events on
 * two threads.
 */
final class ClickHouseActiveUsers implements ActiveUsers {
  private final ClickHouseHttp main;
  private final String where;

  private final ClickHouseDialect dialect;

  ClickHouseActiveUsers(ClickHouseHttp main, String where, ClickHouseDialect dialect) {
    this.dialect = dialect;
    this.main = main;
    this.where = where;
  }

  @Override
  public Report activeUsers(Query q) {
    ActiveUsersLayout layout = ActiveUsersLayout.of(q);
    List<ActiveUsersLayout.Row> rows = new ArrayList<>();
    try {
      main.forEachRow(
          ClickHouseQuery.sql(statement(q, layout, dialect)).withSetting("join_use_nulls", "0"),
          r ->
              rows.add(
                  new ActiveUsersLayout.Row(
                      kind(r.text(0)), (int) r.int64(1), r.int64(2), r.int64(3), r.int64(4))));
    } catch (ClickHouseException e) {
      throw new StoreException(
          "reading the active users of site "
              + q.siteId()
              + " in ClickHouse ("
              + where
              + ") failed: "
              + e.getMessage(),
          e);
    }
    return layout.report(q, rows);
  }

  private static ActiveUsersLayout.RowKind kind(String k) {
    return switch (k) {
      case "L" -> ActiveUsersLayout.RowKind.LIFE;
      case "D" -> ActiveUsersLayout.RowKind.DAY;
      case "C" -> ActiveUsersLayout.RowKind.WINDOW_CHANGE;
      case "N" -> ActiveUsersLayout.RowKind.NEW;
      default -> throw new IllegalStateException("unknown row kind " + k);
    };
  }

  static String statement(Query q, ActiveUsersLayout layout, ClickHouseDialect dialect) {
    int scanStart = layout.scanStart();
    int sentinel = scanStart - 1;
    String codes = array(layout.bucketCodes());
    String firstEnds = array(layout.firstEndCodes());
    int last = layout.last();
    String pd = personDays(q, layout, dialect);
    String code = "toInt64(arrayElement(" + codes + ", toInt64(d - (" + sentinel + ") + 1)))";
    return "SELECT 'L' AS kind, b, toInt64(sum(a)) AS n1, toInt64(sum(a * p)) AS n2,"
        + " toInt64(sum(p * (1 - a))) AS n3 FROM (SELECT k, b, max(a) AS a, max(p) AS p FROM"
        + " (SELECT k, c - 2 + shift AS b, 1 - shift AS a, shift AS p FROM (SELECT k, "
        + code
        + " AS c, arrayJoin([0, 1]) AS shift FROM ("
        + pd
        + ")) WHERE c > 0) GROUP BY k, b) WHERE b >= 0 AND b <= "
        + (layout.buckets() - 1)
        + " GROUP BY b"
        + " UNION ALL SELECT 'D' AS kind, d AS b, toInt64(count()) AS n1, toInt64(0) AS n2,"
        + " toInt64(0) AS n3 FROM ("
        + pd
        + ") WHERE d >= 0 AND d <= "
        + layout.last()
        + " GROUP BY d"
        // The windows without distinct counts: each active day d of a person, up to their next
        // active day n, keeps them in the windows ending on d to min(d + w - 1, n - 1); those
        // segments do not overlap, so the windows' counts are running sums of +1 where a segment
        // starts and -1 after it ends, bucket by bucket (firstEndCodes, WINDOW_CHANGE rows).
        + " UNION ALL SELECT 'C' AS kind, b, toInt64(sum(v7)) AS n1, toInt64(sum(v30)) AS n2,"
        + " toInt64(0) AS n3 FROM (SELECT arrayJoin(["
        + change(firstEnds, scanStart, last, "d", "toInt64(1)", "toInt64(1)")
        + ", "
        + change(
            firstEnds,
            scanStart,
            last,
            "least(d + " + (ActiveUsersLayout.WAU_DAYS - 1) + ", n - 1) + 1",
            "toInt64(-1)",
            "toInt64(0)")
        + ", "
        + change(
            firstEnds,
            scanStart,
            last,
            "least(d + " + (ActiveUsersLayout.MAU_DAYS - 1) + ", n - 1) + 1",
            "toInt64(0)",
            "toInt64(-1)")
        + "]) AS t, tupleElement(t, 1) AS b, tupleElement(t, 2) AS v7, tupleElement(t, 3) AS v30"
        + " FROM (SELECT ds[i] AS d, if(i < length(ds), ds[i + 1], toInt64(2147483647)) AS n"
        + " FROM (SELECT ds, arrayJoin(arrayEnumerate(ds)) AS i FROM (SELECT k,"
        + " arraySort(groupArray(d)) AS ds FROM ("
        + pd
        + ") GROUP BY k)) WHERE d >= "
        + scanStart
        + ")) GROUP BY b"
        + " UNION ALL SELECT 'N' AS kind, toInt64(arrayElement("
        + codes
        + ", toInt64(f - ("
        + sentinel
        + ") + 1))) - 2 AS b, toInt64(count()) AS n1, toInt64(sum(s <= f + "
        + ActiveUsersLayout.RETURN_DAYS
        + ")) AS n2, toInt64(0) AS n3 FROM (SELECT k, min(d) AS f, arraySort(groupArray(d)) AS ds,"
        + " if(length(ds) >= 2, ds[2], toInt64(1000000000)) AS s FROM ("
        + pd
        + ") GROUP BY k) WHERE f >= 0 AND f <= "
        + layout.last()
        + " GROUP BY b";
  }

  /**
   * A window change row: the bucket of {@code firstEnds} at day {@code day} (days past the array's
   * last, {@code last + MAU_DAYS + 1}, taken as it: they end no bucket), and the two changes.
   */
  private static String change(
      String firstEnds, int scanStart, int last, String day, String v7, String v30) {
    return "(toInt64(arrayElement("
        + firstEnds
        + ", toInt64(least("
        + day
        + ", "
        + (last + ActiveUsersLayout.MAU_DAYS + 1)
        + ") - ("
        + scanStart
        + ") + 1))), "
        + v7
        + ", "
        + v30
        + ")";
  }

  /**
   * The distinct (k, d) rows: each person (or visitor) and local day number with an event of the
   * site before the end of the days read; events before the first day read get its number less one.
   * Persons are text ('' for none, left out), visitors their number.
   */
  private static String personDays(Query q, ActiveUsersLayout layout, ClickHouseDialect dialect) {
    String site = ClickHouseLiterals.string(q.siteId());
    String member = q.segment().map(seg -> " AND " + dialect.inSegment(seg, "").sql()).orElse("");
    long scanFrom = ActiveUsersLayout.micros(layout.instant(layout.scanStart(), q.zone()));
    long scanTo = ActiveUsersLayout.micros(layout.instant(layout.scanEnd(), q.zone()));
    String day =
        "if(ts < "
            + scanFrom
            + ", toInt64("
            + (layout.scanStart() - 1)
            + "), toInt64(intDiv(ts + "
            + offset(layout.offsets(q.zone()))
            + ", 86400000000)) - "
            + layout.epochDay()
            + ")";
    String events = " FROM events WHERE site_id = " + site + " AND ts < " + scanTo + member;
    if (q.unit() == Unit.PERSON) {
      // Not every event joined to its visitor's link: the anonymous events are first reduced to
      // their visitors' days, and only those rows meet the links.
      return "SELECT k, d FROM (SELECT user_id AS k, "
          + day
          + " AS d"
          + events
          + " AND user_id != '' GROUP BY k, d UNION ALL SELECT linked_person AS k, d FROM (SELECT"
          + " visitor_id, "
          + day
          + " AS d"
          + events
          + " AND user_id = '' GROUP BY visitor_id, d) GLOBAL ANY INNER JOIN "
          + ClickHousePeople.firstLinks(site)
          + " AS links USING visitor_id) WHERE k != '' GROUP BY k, d";
    }
    return "SELECT visitor_id AS k, " + day + " AS d" + events + " GROUP BY k, d";
  }

  /** The zone's offset in microseconds at {@code ts}. */
  private static String offset(List<long[]> offsets) {
    if (offsets.size() == 1) {
      return lit(offsets.getFirst()[1] * 1_000_000L);
    }
    StringBuilder s = new StringBuilder("multiIf(");
    for (int i = 0; i < offsets.size() - 1; i++) {
      s.append("ts < ")
          .append(offsets.get(i)[0])
          .append(", ")
          .append(lit(offsets.get(i)[1] * 1_000_000L))
          .append(", ");
    }
    return s.append(lit(offsets.getLast()[1] * 1_000_000L)).append(")").toString();
  }

  /** A signed 64-bit literal, negative ones in parentheses. */
  private static String lit(long v) {
    return "toInt64(" + (v < 0 ? "(" + v + ")" : Long.toString(v)) + ")";
  }

  private static String array(int[] values) {
    return Arrays.stream(values)
        .mapToObj(Integer::toString)
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
