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
 * (CLICKHOUSE-SQL.md: no {@code WITH} subqueries).
 *
 * <p>The distinct (person, local day) rows are read once: events with a user id are reduced to
 * (user id, day) rows, anonymous ones to (visitor, day) rows, and only the latter are joined
 * ({@code GLOBAL}) to the visitors' first links ({@link ClickHousePeople#firstLinks}). Each
 * person's sorted days form a pattern, and the people are counted per distinct pattern (a few
 * thousand for a million people). From each pattern, with its people as weight, come the rows
 * {@link ActiveUsersLayout#report} sums, as one array of tuples: the lifecycle of each bucket the
 * person is active in or just after ({@code L}), each in-range day ({@code D}), the changes of the
 * 7- and 30-day window counts ({@code C}: each active day d, up to the next active day n, keeps the
 * person in the windows ending on d to min(d + w - 1, n - 1), segments that do not overlap, so the
 * counts are running sums of +1 where one starts and -1 after it ends) and the new people with
 * their returns ({@code N}). Bucket lookups are constant arrays indexed by day number.
 *
 * <p>On a cluster the innermost {@code GROUP BY} runs on every shard over the {@code Distributed}
 * events and is merged on the first node, so a person whose visitors lie on several shards is one
 * person. History: the first version repeated the person-day subquery in four {@code UNION ALL}
 * branches, joined every event to the links and counted the windows by expanding each person-day to
 * its 30 window ends with a distinct count per end: 66–78 s at 10M events on two threads.
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
    String code = "toInt64(arrayElement(" + codes + ", toUInt64(%s - (" + sentinel + ") + 1)))";
    String at =
        "toInt64(arrayElement("
            + firstEnds
            + ", toUInt64(least(%s, "
            + (last + ActiveUsersLayout.MAU_DAYS + 1)
            + ") - ("
            + scanStart
            + ") + 1)))";
    String next = "if(li < length(ds), ds[li + 1], toInt64(2147483647))";
    // Each pattern's rows (kind, b, n1, n2, n3) for one person of the pattern; see the class note.
    String days =
        "arrayMap(ld -> ('D', ld, toInt64(1), toInt64(0), toInt64(0)), arrayFilter(ld -> ld >= 0 AND ld"
            + " <= "
            + last
            + ", ds))";
    String windows =
        "arrayConcat(arrayMap(li -> ('C', "
            + at.formatted("ds[li]")
            + ", toInt64(1), toInt64(1), toInt64(0)), ix), arrayMap(li -> ('C', "
            + at.formatted(
                "least(ds[li] + " + (ActiveUsersLayout.WAU_DAYS - 1) + ", " + next + " - 1) + 1")
            + ", toInt64(-1), toInt64(0), toInt64(0)), ix), arrayMap(li -> ('C', "
            + at.formatted(
                "least(ds[li] + " + (ActiveUsersLayout.MAU_DAYS - 1) + ", " + next + " - 1) + 1")
            + ", toInt64(0), toInt64(-1), toInt64(0)), ix))";
    String fresh =
        "arrayFilter(lx -> ds[1] >= 0 AND ds[1] <= "
            + last
            + ", [('N', "
            + code.formatted("ds[1]")
            + " - 2, toInt64(1), toInt64(length(ds) >= 2 AND ds[2] <= ds[1] + "
            + ActiveUsersLayout.RETURN_DAYS
            + "), toInt64(0))])";
    String life =
        "arrayMap(lb -> ('L', lb, toInt64(has(cs, lb + 2)), toInt64(has(cs, lb + 2) AND has(cs, lb +"
            + " 1)), toInt64(has(cs, lb + 1) AND NOT has(cs, lb + 2))), arrayFilter(lb -> lb >= 0 AND lb"
            + " <= "
            + (layout.buckets() - 1)
            + ", arrayDistinct(arrayConcat(arrayMap(lc -> lc - 2, cs), arrayMap(lc -> lc - 1, cs)))))";
    return "SELECT kind, b, sum(w * tupleElement(t, 3)) AS n1, sum(w * tupleElement(t, 4)) AS n2,"
        + " sum(w * tupleElement(t, 5)) AS n3 FROM (SELECT w, arrayJoin(arrayConcat("
        + days
        + ", "
        + windows
        + ", "
        + fresh
        + ", "
        + life
        + ")) AS t, tupleElement(t, 1) AS kind, tupleElement(t, 2) AS b FROM (SELECT ds, w,"
        + " arrayFilter(li -> ds[li] >= "
        + scanStart
        + ", arrayEnumerate(ds)) AS ix, arrayDistinct(arrayFilter(lc -> lc > 0, arrayMap(ld -> "
        + code.formatted("ld")
        + ", ds))) AS cs FROM ("
        + patterns(q, layout, dialect)
        + "))) GROUP BY kind, b";
  }

  /**
   * Each person's (or visitor's) pattern, {@code ds}: the sorted distinct local day numbers with an
   * event of the site before the end of the days read (events before the first day read get its
   * number less one), and {@code w}, the people with that pattern. Persons are user ids: the events
   * with one are reduced per user id, anonymous ones per visitor, and only the visitors' rows meet
   * the links (not every event).
   */
  private static String patterns(Query q, ActiveUsersLayout layout, ClickHouseDialect dialect) {
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
    int sentinel = layout.scanStart() - 1;
    int span = layout.scanEnd() - sentinel;
    if (span <= 128) {
      // Up to 128 days read (a report of up to about two months: the days read are the range, the
      // 30 days before it and after it, and one for "before"): each unit's days are bits
      // j = d - sentinel of two UInt64 halves, OR-ed (far cheaper to aggregate than sets of days),
      // and each distinct pair's days are read back from its bits.
      String j = "(" + day + " - (" + sentinel + "))";
      String halves =
          "groupBitOr(if("
              + j
              + " < 64, bitShiftLeft(toUInt64(1), toUInt64("
              + j
              + ")), toUInt64(0))) AS lo, groupBitOr(if("
              + j
              + " >= 64, bitShiftLeft(toUInt64(1), toUInt64("
              + j
              + " - 64)), toUInt64(0))) AS hi";
      String perUnit =
          q.unit() == Unit.PERSON
              ? "SELECT k, groupBitOr(lo) AS lo, groupBitOr(hi) AS hi FROM (SELECT user_id AS k, "
                  + halves
                  + events
                  + " AND user_id != '' GROUP BY user_id UNION ALL SELECT linked_person AS k, lo,"
                  + " hi FROM (SELECT visitor_id, "
                  + halves
                  + events
                  + " AND user_id = '' GROUP BY visitor_id) GLOBAL ANY INNER JOIN "
                  + ClickHousePeople.firstLinks(site)
                  + " AS links USING visitor_id) WHERE k != '' GROUP BY k"
              : "SELECT visitor_id AS k, " + halves + events + " GROUP BY visitor_id";
      // The bits back to day numbers without a lambda reading lo or hi: 18.16 drops a subquery
      // column that only a lambda reads (bitmaskToArray gives the powers of two, ascending).
      return "SELECT lo, hi, w, arrayConcat(arrayMap(lp -> toInt64(round(log2(lp))) + ("
          + sentinel
          + "), bitmaskToArray(lo)), arrayMap(lp -> toInt64(round(log2(lp))) + ("
          + (sentinel + 64)
          + "), bitmaskToArray(hi))) AS ds FROM (SELECT lo, hi, toInt64(count()) AS w FROM ("
          + perUnit
          + ") GROUP BY lo, hi)";
    }
    String perUnit =
        q.unit() == Unit.PERSON
            ? "SELECT k, arraySort(groupUniqArrayArray(ds)) AS ds FROM (SELECT user_id AS k,"
                + " groupUniqArray("
                + day
                + ") AS ds"
                + events
                + " AND user_id != '' GROUP BY user_id UNION ALL SELECT linked_person AS k, ds FROM"
                + " (SELECT visitor_id, groupUniqArray("
                + day
                + ") AS ds"
                + events
                + " AND user_id = '' GROUP BY visitor_id) GLOBAL ANY INNER JOIN "
                + ClickHousePeople.firstLinks(site)
                + " AS links USING visitor_id) WHERE k != '' GROUP BY k"
            : "SELECT visitor_id AS k, arraySort(groupUniqArray("
                + day
                + ")) AS ds"
                + events
                + " GROUP BY visitor_id";
    return "SELECT ds, toInt64(count()) AS w FROM (" + perUnit + ") GROUP BY ds";
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
