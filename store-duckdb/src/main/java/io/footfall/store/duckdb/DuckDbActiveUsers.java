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
 * its person (or visitor) and local day number ({@link ActiveUsersLayout}), become one sorted list
 * of distinct days per person once (a materialized CTE); four aggregations over the lists' elements
 * (each with the person's day before and after it) answer the buckets' activity and lifecycle, each
 * in-range day's active people, the 7- and 30-day windows and the new people with their returns.
 * Bucket lookups are constant lists indexed by day number, so no join with a calendar is needed.
 */
final class DuckDbActiveUsers implements ActiveUsers {
  /** The most days a person's days may span to be kept as the bits of one HUGEINT. */
  static final int MASK_BITS = 126;

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
    LocalDateTime end =
        LocalDateTime.ofInstant(layout.instant(layout.scanEnd(), q.zone()), ZoneOffset.UTC);
    DuckDbPeople.Sql sql = new DuckDbPeople.Sql();
    sql.append("WITH ");
    if (q.unit() == Unit.PERSON) {
      // The events with a user id are that user's; only the anonymous ones are joined to their
      // visitor's link (joining every event to the links costs more than the rest together).
      DuckDbPeople.links(sql, q.siteId(), Optional.empty());
      sql.append(
          ", ev AS (SELECT e.user_id AS k, epoch_us(e.ts) AS us FROM events e"
              + " WHERE e.site_id = ? AND e.user_id <> ''",
          q.siteId());
      scanned(sql, q, end);
      sql.append(
          " UNION ALL SELECT l.user_id, epoch_us(e.ts) FROM events e"
              + " JOIN links l ON l.visitor_id = e.visitor_id"
              + " WHERE e.site_id = ? AND coalesce(e.user_id, '') = ''",
          q.siteId());
      scanned(sql, q, end);
    } else {
      sql.append(
          "ev AS (SELECT e.visitor_id AS k, epoch_us(e.ts) AS us FROM events e WHERE e.site_id = ?",
          q.siteId());
      scanned(sql, q, end);
    }
    sql.append(")");
    long scanFrom = ActiveUsersLayout.micros(layout.instant(scanStart, q.zone()));
    String day =
        "CASE WHEN us < "
            + scanFrom
            + " THEN "
            + sentinel
            + " ELSE CAST((us + "
            + offset(layout.offsets(q.zone()))
            + ") // 86400000000 AS BIGINT) - "
            + layout.epochDay()
            + " END";
    int width = layout.scanEnd() - sentinel;
    if (width <= MASK_BITS) {
      // Each person's days as the bits of one HUGEINT (bit i: day sentinel + i), the people
      // counted per distinct set of days (w), and each set's sorted list of days: far fewer rows
      // than people, and bit_or groups faster than list.
      sql.append(
          ", pk AS MATERIALIZED (SELECT list_transform(list_filter(range(0, "
              + width
              + "), lambda i: ((m >> i) & 1) = 1), lambda i: i + ("
              + sentinel
              + ")) AS ds, w FROM (SELECT m, count(*) AS w FROM (SELECT bit_or(1::HUGEINT << ("
              + day
              + " - ("
              + sentinel
              + "))) AS m FROM ev WHERE k IS NOT NULL GROUP BY k) GROUP BY m))");
    } else {
      // One row per person: the sorted list of their distinct day numbers (the days before the
      // scan start as one, the sentinel), of weight 1.
      sql.append(
          ", pk AS MATERIALIZED (SELECT list_sort(list_distinct(list("
              + day
              + "))) AS ds, 1::BIGINT AS w FROM ev WHERE k IS NOT NULL GROUP BY k)");
    }
    // Grouping by person happened once: everything below reads the lists (each counting w people)
    // or their elements, with no further grouping or window by person.
    // Each active day of a person with the day before it and after it in the person's list (pv,
    // n), and the three days' bucket codes.
    String code = codes + "[%s - (" + sentinel + ") + 1]";
    sql.append(
        ", days AS (SELECT d, n, w, "
            + code.formatted("d")
            + " AS c, "
            + code.formatted("pv")
            + " AS pc, "
            + code.formatted("n")
            + " AS nc FROM (SELECT unnest(ds) AS d, unnest([NULL] || ds[1:len(ds) - 1]) AS pv,"
            + " unnest(ds[2:]) AS n, w FROM pk))"
            // Days after the range open no window of a bucket; without them, a last day's segment
            // ends at most 29 days on, which the first-end codes still cover (a next day after
            // the range gives the same end as none).
            + ", seg AS (SELECT d, n, w FROM days WHERE d BETWEEN "
            + scanStart
            + " AND "
            + layout.last()
            + ")");
    // The lifecycle reads the days with a bucket code (not 0) in order: along them the codes
    // never decrease, so a day whose previous one has another code is the first of its bucket, and
    // the person is active in the bucket (c - 2), retained when that previous code is the bucket
    // before; a day whose next one has another code is the last of its bucket, and the person is
    // dormant in the next bucket (c - 1) unless the next day is in it. The days without a code lie
    // before and after the coded ones, unless the range starts inside its first bucket: then the
    // days between the bucket before and the range have none, and are left out of the lists first.
    String coded = codedDays(layout.bucketCodes(), sentinel);
    String life = "days";
    if (!coded.isEmpty()) {
      life = "life";
      sql.append(
          ", life AS (SELECT "
              + code.formatted("d")
              + " AS c, "
              + code.formatted("pv")
              + " AS pc, "
              + code.formatted("n")
              + " AS nc, w FROM (SELECT unnest(z) AS d, unnest([NULL] || z[1:len(z) - 1]) AS pv,"
              + " unnest(z[2:]) AS n, w FROM (SELECT list_filter(ds, lambda x: "
              + coded
              + ") AS z, w FROM pk)))");
    }
    sql.append(
        " SELECT 'L' AS kind, b, CAST(sum(a) AS BIGINT) AS n1, CAST(sum(r) AS BIGINT) AS n2,"
            + " CAST(sum(z) AS BIGINT) AS n3 FROM (SELECT c - 2 AS b, w AS a,"
            + " CASE WHEN pc = c - 1 THEN w ELSE 0 END AS r, 0 AS z FROM "
            + life
            + " WHERE c >= 2 AND pc IS DISTINCT FROM c"
            + " UNION ALL SELECT c - 1, 0, 0, w FROM "
            + life
            + " WHERE c > 0 AND nc IS DISTINCT FROM c AND nc IS DISTINCT FROM c + 1)"
            + " WHERE b BETWEEN 0 AND "
            + (layout.buckets() - 1)
            + " GROUP BY b");
    sql.append(
        " UNION ALL SELECT 'D', d, CAST(sum(w) AS BIGINT), 0, 0 FROM days WHERE d BETWEEN 0 AND "
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
            + " AS b, w AS v7, w AS v30 FROM seg UNION ALL SELECT "
            + at.formatted(segmentEnd.formatted(ActiveUsersLayout.WAU_DAYS - 1))
            + ", -w, 0 FROM seg UNION ALL SELECT "
            + at.formatted(segmentEnd.formatted(ActiveUsersLayout.MAU_DAYS - 1))
            + ", 0, -w FROM seg) GROUP BY b");
    // New people: the first day in the range; returned: the second day within 30 days of it.
    sql.append(
        " UNION ALL SELECT 'N', "
            + code.formatted("ds[1]")
            + " - 2 AS b, CAST(sum(w) AS BIGINT), CAST(coalesce(sum(w) FILTER (WHERE ds[2] <= ds[1] + "
            + ActiveUsersLayout.RETURN_DAYS
            + "), 0) AS BIGINT), 0 FROM pk WHERE ds[1] BETWEEN 0 AND "
            + layout.last()
            + " GROUP BY 2");
    return sql;
  }

  /**
   * When days without a bucket code lie between days with one, the condition on a day number {@code
   * x} that it has a code; else empty. {@code codes[i]} is the code of day {@code base + i}.
   */
  static String codedDays(int[] codes, int base) {
    List<String> ranges = new ArrayList<>();
    int i = 0;
    while (i < codes.length) {
      if (codes[i] == 0) {
        i++;
        continue;
      }
      int from = i;
      while (i < codes.length && codes[i] != 0) {
        i++;
      }
      ranges.add("x BETWEEN " + (base + from) + " AND " + (base + i - 1));
    }
    return ranges.size() < 2 ? "" : "(" + String.join(" OR ", ranges) + ")";
  }

  /** The scan's end and the segment, of one part of the CTE {@code ev}. */
  private static void scanned(DuckDbPeople.Sql sql, Query q, LocalDateTime end) {
    sql.append(" AND e.ts < ?", end);
    q.segment()
        .ifPresent(seg -> sql.append(" AND ").append(new DuckDbDialect().inSegment(seg, "e.")));
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
