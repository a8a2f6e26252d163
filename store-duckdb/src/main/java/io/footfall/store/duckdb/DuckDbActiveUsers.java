package io.footfall.store.duckdb;

import io.footfall.core.StoreException;
import io.footfall.core.people.ActiveUsers;
import io.footfall.core.people.ActiveUsersLayout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Active users in the embedded store, one SQL statement per report. The site's events, each with
 * its person (or visitor) and local day number ({@link ActiveUsersLayout}), become distinct
 * (person, day) rows once (a materialized CTE); four aggregations over them answer the buckets'
 * activity and lifecycle, each in-range day's active people, the 7- and 30-day windows and the new
 * people with their returns. Bucket lookups are constant lists indexed by day number, so no join
 * with a calendar is needed.
 */
final class DuckDbActiveUsers implements ActiveUsers {
  private final Supplier<Connection> connections;

  DuckDbActiveUsers(Supplier<Connection> connections) {
    this.connections = connections;
  }

  @Override
  public Report activeUsers(Query q) {
    ActiveUsersLayout layout = ActiveUsersLayout.of(q);
    DuckDbPeople.Sql sql = statement(q, layout);
    List<ActiveUsersLayout.Row> rows = new ArrayList<>();
    try (Connection c = connections.get();
        PreparedStatement ps = sql.prepare(c);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new ActiveUsersLayout.Row(
                kind(rs.getString(1)), rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
      }
    } catch (SQLException e) {
      throw new StoreException(
          "reading the active users of site " + q.siteId() + " failed: " + e.getMessage(), e);
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

  static DuckDbPeople.Sql statement(Query q, ActiveUsersLayout layout) {
    int scanStart = layout.scanStart();
    int sentinel = scanStart - 1;
    String codes = list(layout.bucketCodes());
    String firstEnds = list(layout.firstEndCodes());
    DuckDbPeople.Sql sql = new DuckDbPeople.Sql();
    sql.append("WITH ");
    if (q.unit() == Unit.PERSON) {
      DuckDbPeople.links(sql, q.siteId(), Optional.empty());
      sql.append(
          ", ev AS (SELECT coalesce(nullif(e.user_id, ''), l.user_id) AS k, epoch_us(e.ts) AS us"
              + " FROM events e LEFT JOIN links l ON l.visitor_id = e.visitor_id"
              + " WHERE e.site_id = ?",
          q.siteId());
    } else {
      sql.append(
          "ev AS (SELECT e.visitor_id AS k, epoch_us(e.ts) AS us FROM events e WHERE e.site_id = ?",
          q.siteId());
    }
    sql.append(
        " AND e.ts < ?",
        LocalDateTime.ofInstant(layout.instant(layout.scanEnd(), q.zone()), ZoneOffset.UTC));
    q.segment()
        .ifPresent(seg -> sql.append(" AND ").append(new DuckDbDialect().inSegment(seg, "e.")));
    sql.append(")");
    long scanFrom = ActiveUsersLayout.micros(layout.instant(scanStart, q.zone()));
    sql.append(
        ", pd AS MATERIALIZED (SELECT DISTINCT k, CASE WHEN us < "
            + scanFrom
            + " THEN "
            + sentinel
            + " ELSE CAST((us + "
            + offset(layout.offsets(q.zone()))
            + ") // 86400000000 AS BIGINT) - "
            + layout.epochDay()
            + " END AS d FROM ev WHERE k IS NOT NULL)");
    sql.append(
        ", bk AS (SELECT k, d, "
            + codes
            + "[d - ("
            + sentinel
            + ") + 1] AS c FROM pd)"
            + ", life AS (SELECT k, b, max(a) AS a, max(p) AS p FROM"
            + " (SELECT k, c - 2 AS b, 1 AS a, 0 AS p FROM bk WHERE c > 0"
            + " UNION ALL SELECT k, c - 1 AS b, 0 AS a, 1 AS p FROM bk WHERE c > 0)"
            + " GROUP BY k, b)"
            // Days after the range open no window of a bucket; without them, a last day's segment
            // ends at most 29 days on, which the first-end codes still cover.
            + ", seg AS (SELECT d, lead(d) OVER (PARTITION BY k ORDER BY d) AS n FROM pd WHERE d BETWEEN "
            + scanStart
            + " AND "
            + layout.last()
            + ")");
    sql.append(
        " SELECT 'L' AS kind, b, CAST(sum(a) AS BIGINT) AS n1, CAST(sum(a * p) AS BIGINT) AS n2,"
            + " CAST(sum(p * (1 - a)) AS BIGINT) AS n3 FROM life WHERE b BETWEEN 0 AND "
            + (layout.buckets() - 1)
            + " GROUP BY b");
    sql.append(
        " UNION ALL SELECT 'D', d, count(*), 0, 0 FROM pd WHERE d BETWEEN 0 AND "
            + layout.last()
            + " GROUP BY d");
    // The windows without count(DISTINCT): each active day d of a person, up to the person's next
    // active day n, keeps them in the windows ending on d to min(d + w - 1, n - 1); those segments
    // do not overlap, so the windows' counts are running sums of +1 where a segment starts and -1
    // after it ends, bucket by bucket (firstEndCodes).
    String at = firstEnds + "[%s - (" + scanStart + ") + 1]";
    String segmentEnd = "least(d + %d, coalesce(n, 2147483647) - 1) + 1";
    sql.append(
        " UNION ALL SELECT 'C', b, CAST(sum(v7) AS BIGINT), CAST(sum(v30) AS BIGINT), 0 FROM"
            + " (SELECT "
            + at.formatted("d")
            + " AS b, 1 AS v7, 1 AS v30 FROM seg UNION ALL SELECT "
            + at.formatted(segmentEnd.formatted(ActiveUsersLayout.WAU_DAYS - 1))
            + ", -1, 0 FROM seg UNION ALL SELECT "
            + at.formatted(segmentEnd.formatted(ActiveUsersLayout.MAU_DAYS - 1))
            + ", 0, -1 FROM seg) GROUP BY b");
    sql.append(
        " UNION ALL SELECT 'N', "
            + codes
            + "[f - ("
            + sentinel
            + ") + 1] - 2 AS b, count(*), count(*) FILTER (WHERE s <= f + "
            + ActiveUsersLayout.RETURN_DAYS
            + "), 0 FROM (SELECT k, min(d) AS f, list_sort(list(d))[2] AS s FROM pd GROUP BY k)"
            + " WHERE f BETWEEN 0 AND "
            + layout.last()
            + " GROUP BY 2");
    return sql;
  }

  /** The zone's offset in microseconds at {@code us}, a CASE over the transitions read. */
  private static String offset(List<long[]> offsets) {
    if (offsets.size() == 1) {
      return Long.toString(offsets.getFirst()[1] * 1_000_000L);
    }
    StringBuilder s = new StringBuilder("CASE");
    for (int i = 0; i < offsets.size() - 1; i++) {
      s.append(" WHEN us < ")
          .append(offsets.get(i)[0])
          .append(" THEN ")
          .append(offsets.get(i)[1] * 1_000_000L);
    }
    return s.append(" ELSE ").append(offsets.getLast()[1] * 1_000_000L).append(" END").toString();
  }

  private static String list(int[] values) {
    return Arrays.stream(values)
        .mapToObj(Integer::toString)
        .collect(Collectors.joining(", ", "([", "])"));
  }
}
