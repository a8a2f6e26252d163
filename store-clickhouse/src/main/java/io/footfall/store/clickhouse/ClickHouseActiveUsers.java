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
 * lifecycle, each in-range day's active people, the 7- and 30-day windows, the new people and their
 * returns); bucket lookups are constant arrays indexed by day number ({@link ActiveUsersLayout}).
 * On a cluster the innermost {@code GROUP BY person, day} runs on every shard over the {@code
 * Distributed} events and is merged on the first node, so a person whose visitors lie on several
 * shards is one person; the links come with the {@code GLOBAL} join of {@link
 * ClickHousePeople#eventsWithPerson}.
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
      case "W" -> ActiveUsersLayout.RowKind.WINDOW;
      case "N" -> ActiveUsersLayout.RowKind.NEW;
      default -> throw new IllegalStateException("unknown row kind " + k);
    };
  }

  static String statement(Query q, ActiveUsersLayout layout, ClickHouseDialect dialect) {
    int scanStart = layout.scanStart();
    int sentinel = scanStart - 1;
    String codes = array(layout.bucketCodes());
    String ends = array(layout.endCodes());
    String pd = personDays(q, layout, dialect);
    String code = "toInt64(arrayElement(" + codes + ", toUInt64(d - (" + sentinel + ") + 1)))";
    return "SELECT 'L' AS kind, b, toUInt64(sum(a)) AS n1, toUInt64(sum(a * p)) AS n2,"
        + " toUInt64(sum(p * (1 - a))) AS n3 FROM (SELECT k, b, max(a) AS a, max(p) AS p FROM"
        + " (SELECT k, c - 2 + shift AS b, 1 - shift AS a, shift AS p FROM (SELECT k, "
        + code
        + " AS c, arrayJoin([0, 1]) AS shift FROM ("
        + pd
        + ")) WHERE c > 0) GROUP BY k, b) WHERE b >= 0 AND b <= "
        + (layout.buckets() - 1)
        + " GROUP BY b"
        + " UNION ALL SELECT 'D' AS kind, d AS b, toUInt64(count()) AS n1, toUInt64(0) AS n2,"
        + " toUInt64(0) AS n3 FROM ("
        + pd
        + ") WHERE d >= 0 AND d <= "
        + layout.last()
        + " GROUP BY d"
        + " UNION ALL SELECT 'W' AS kind, b, toUInt64(uniqExactIf(k, i < "
        + ActiveUsersLayout.WAU_DAYS
        + ")) AS n1, toUInt64(uniqExact(k)) AS n2, toUInt64(0) AS n3 FROM (SELECT k, i,"
        + " toInt64(arrayElement("
        + ends
        + ", toUInt64(d + i - ("
        + scanStart
        + ") + 1))) - 1 AS b FROM (SELECT k, d, arrayJoin(range("
        + ActiveUsersLayout.MAU_DAYS
        + ")) AS i FROM ("
        + pd
        + ") WHERE d >= "
        + scanStart
        + ")) WHERE b >= 0 GROUP BY b"
        + " UNION ALL SELECT 'N' AS kind, toInt64(arrayElement("
        + codes
        + ", toUInt64(f - ("
        + sentinel
        + ") + 1))) - 2 AS b, toUInt64(count()) AS n1, toUInt64(sum(s <= f + "
        + ActiveUsersLayout.RETURN_DAYS
        + ")) AS n2, toUInt64(0) AS n3 FROM (SELECT k, min(d) AS f, arraySort(groupArray(d)) AS ds,"
        + " if(length(ds) >= 2, ds[2], toInt64(1000000000)) AS s FROM ("
        + pd
        + ") GROUP BY k) WHERE f >= 0 AND f <= "
        + layout.last()
        + " GROUP BY b";
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
    if (q.unit() == Unit.PERSON) {
      return "SELECT k, d FROM (SELECT "
          + ClickHousePeople.PERSON
          + " AS k, "
          + day
          + " AS d FROM "
          + ClickHousePeople.eventsWithPerson(site)
          + " WHERE site_id = "
          + site
          + " AND ts < "
          + scanTo
          + member
          + " GROUP BY k, d) WHERE k != ''";
    }
    return "SELECT visitor_id AS k, "
        + day
        + " AS d FROM events WHERE site_id = "
        + site
        + " AND ts < "
        + scanTo
        + member
        + " GROUP BY k, d";
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
